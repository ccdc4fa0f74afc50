import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { asc, eq, or } from "drizzle-orm";
import { regions } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { scopeCoversRegion } from "../../auth/permissions.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, occupationLevels, occupationNames, occupations, type SkillLevel } from "../../occupations/occupations.ts";
import { regionDisplayName } from "../../regions/region-name.ts";
import { getRegion } from "../../regions/regions.server.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { chinaDate } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { z } from "../../utils/zod.ts";
import { fenText, yuanTextToFen } from "../wage-money.ts";
import { listGuidance, removeGuidance, saveGuidance } from "../wages.server.ts";

export const meta: MetaFunction = () => [{ title: "工资价位 · carecert" }];

const levelName = (level: number) => (level === 0 ? "无证 / 不分等级" : levelShortLabel(level as SkillLevel));
const amount = (what: string) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      const fen = yuanTextToFen(v.replace(/,/g, ""));
      if (fen === null || fen === 0 || fen > 100_000_00) {
        ctx.addIssue({ code: "custom", message: `${what}应为 0 至 100,000 元之间的金额，最多两位小数` });
        return z.NEVER;
      }
      return fen;
    });

const guidanceSchema = z
  .object({
    regionCode: z.string().trim().regex(/^\d{6}$/, "请选择地区"),
    year: z.string().trim().regex(/^\d{4}$/, "年份应为 4 位数字").transform(Number).refine((y) => y >= 2015 && y <= 2100, "年份应在 2015 至 2100 之间"),
    occupation: z.enum(occupations, { message: "请选择职业" }),
    level: z.string().trim().regex(/^[0-5]$/, "请选择等级").transform(Number),
    low: amount("低位数"),
    median: amount("中位数"),
    high: amount("高位数"),
    source: z.string().trim().max(80, "最多 80 个字").transform((v) => v || null),
  })
  .superRefine((g, ctx) => {
    // Zod runs this even when a field failed: compare only what parsed.
    const level = [1, 2, 3, 4, 5].find((l) => l === g.level) as SkillLevel | undefined;
    if (level && occupations.includes(g.occupation) && !occupationLevels[g.occupation].includes(level)) ctx.addIssue({ code: "custom", path: ["level"], message: `${occupationNames[g.occupation]}没有${levelShortLabel(level)}` });
    const [low, median, high] = [g.low, g.median, g.high].map((v) => (typeof v === "number" ? v : null));
    if (low != null && median != null && low > median) ctx.addIssue({ code: "custom", path: ["low"], message: "低位数不能高于中位数" });
    if (median != null && high != null && median > high) ctx.addIssue({ code: "custom", path: ["high"], message: "高位数不能低于中位数" });
  });
const keySchema = z.object({ regionCode: z.string(), year: z.string().transform(Number), occupation: z.enum(occupations), level: z.string().transform(Number) });

/** The regions an officer may enter guidance for: their own and the ones directly below; the admin any city. */
async function editableRegions(scope: { any: boolean; regionCodes: string[] }) {
  const rows = scope.any
    ? await db.select().from(regions).where(eq(regions.level, "city")).orderBy(asc(regions.code))
    : await db
        .select()
        .from(regions)
        .where(or(...scope.regionCodes.flatMap((c) => [eq(regions.code, c), eq(regions.parentCode, c)])))
        .orderBy(asc(regions.code));
  return rows.filter((r) => !r.retired).map((r) => ({ value: r.code, label: regionDisplayName(r) }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:wage-guidance");
  return {
    year: Number(chinaDate(new Date()).slice(0, 4)),
    regions: await editableRegions(scope),
    rows: (await listGuidance(db, scope)).map(({ guidance: g, regionName }) => ({
      key: `${g.regionCode}/${g.year}/${g.occupation}/${g.level}`,
      regionCode: g.regionCode,
      regionName,
      year: g.year,
      occupation: g.occupation,
      occupationName: occupationNames[g.occupation],
      level: g.level,
      figures: `${fenText(g.lowFen)} / ${fenText(g.medianFen)} / ${fenText(g.highFen)}`,
      source: g.source,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "manage:wage-guidance");
  const form = await request.formData();
  const by = actor(request, user);
  if (form.get("intent") === "remove") {
    if (!isConfirmed(form)) return data({ errors: { _form: "请在确认框中确认后再删除" } as Record<string, string>, values: {} as Record<string, string> }, { status: 400 });
    const key = keySchema.parse(Object.fromEntries(form));
    if (!scopeCoversRegion(scope, key.regionCode)) throw new Response("该地区不在您的管辖范围内", { status: 404 });
    await removeGuidance(db, key, by);
    return redirectWithNotice(request, "/wages/guidance", `已删除 ${(await getRegion(key.regionCode))?.name ?? key.regionCode} ${key.year} 年${occupationNames[key.occupation]}${levelName(key.level)}的工资价位`);
  }
  const parsed = parseForm(form, guidanceSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const g = parsed.data;
  const region = await getRegion(g.regionCode);
  if (!region || !scopeCoversRegion(scope, g.regionCode)) return data({ errors: { regionCode: "该地区不在您的管辖范围内" } as Record<string, string>, values: parsed.values }, { status: 400 });
  const done = await saveGuidance(db, { regionCode: g.regionCode, year: g.year, occupation: g.occupation, level: g.level, lowFen: g.low, medianFen: g.median, highFen: g.high, source: g.source }, by);
  const what = `${region.name} ${g.year} 年${occupationNames[g.occupation]}${levelName(g.level)}：${fenText(g.low)} / ${fenText(g.median)} / ${fenText(g.high)}`;
  return redirectWithNotice(request, "/wages/guidance", done === "unchanged" ? `工资价位没有变化（${what}）` : `已${done === "added" ? "录入" : "更新"}工资价位 ${what}`);
}

export default function GuidancePage() {
  const { year, regions: regionOptions, rows } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errors: Record<string, string> = outcome?.errors ?? {};
  const values: Record<string, string> = outcome?.values ?? { year: String(year) };
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/wages">工资价位监测</Link>
      </p>
      <h1>工资价位</h1>
      <p className="hint">按人力资源社会保障部门公布的企业工资价位录入（每月应发工资，元）：每个地区、年份、职业和等级一组低位数、中位数、高位数。下辖区县没有自己的价位时沿用市级价位。</p>
      <FormError error={errors._form} />
      <section className="card narrow">
        <h2>录入或更正一组价位</h2>
        <Form method="post" className="stack" noValidate>
          <SelectField label="地区" name="regionCode" options={regionOptions} defaultValue={values.regionCode} error={errors.regionCode} />
          <Field label="年份" name="year" inputMode="numeric" maxLength={4} defaultValue={values.year} error={errors.year} />
          <SelectField label="职业" name="occupation" options={occupations.map((o) => ({ value: o, label: occupationNames[o] }))} defaultValue={values.occupation} error={errors.occupation} />
          <SelectField label="等级" name="level" options={[5, 4, 3, 2, 1, 0].map((l) => ({ value: String(l), label: levelName(l) }))} defaultValue={values.level} error={errors.level} />
          <Field label="低位数（元/月）" name="low" defaultValue={values.low} error={errors.low} />
          <Field label="中位数（元/月）" name="median" defaultValue={values.median} error={errors.median} />
          <Field label="高位数（元/月）" name="high" defaultValue={values.high} error={errors.high} />
          <Field label="来源（可不填，如“湖州市人力社保局 2026 年工资价位”）" name="source" defaultValue={values.source} error={errors.source} />
          <button type="submit">保存</button>
        </Form>
      </section>
      <DataTable
        caption="已录入的工资价位"
        rows={rows}
        rowKey={(r) => r.key}
        empty="还没有录入工资价位。"
        columns={[
          { header: "地区", cell: (r) => r.regionName },
          { header: "年份", numeric: true, cell: (r) => r.year },
          { header: "职业", cell: (r) => r.occupationName },
          { header: "等级", cell: (r) => levelName(r.level) },
          { header: "低 / 中 / 高（元/月）", cell: (r) => r.figures },
          { header: "来源", wrap: true, cell: (r) => r.source ?? "—" },
          {
            header: "操作",
            hideHeader: true,
            cell: (r) => (
              <ConfirmAction
                label={`删除 ${r.regionName} ${r.year} 年${r.occupationName}${levelName(r.level)}`}
                intent="remove"
                danger
                fields={{ regionCode: r.regionCode, year: String(r.year), occupation: r.occupation, level: String(r.level) }}
                consequences={[`删除这组价位（${r.figures}）：/wages 上对应分组改为“未录入”，下辖区县不再沿用它`]}
                warning="删除后不能恢复；数字有误时直接重新录入同一组即可更正。"
              />
            ),
          },
        ]}
      />
    </main>
  );
}
