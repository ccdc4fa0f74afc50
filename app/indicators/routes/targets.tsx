import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { getRegion } from "../../regions/regions.server.ts";
import { parseForm } from "../../utils/form.ts";
import { indicatorCatalogue, indicatorKeys } from "../catalogue.ts";
import { planTargets } from "../target-defaults.ts";
import { applyPlanTargets, listTargets, removeTarget, setTarget } from "../targets.server.ts";
import { DataTable } from "../../components/data-table.tsx";

export const meta: MetaFunction = () => [{ title: "规划目标 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:indicator-target:any");
  return {
    planDefaults: planTargets.map((t) => `${indicatorCatalogue[t.indicator].name} ${t.year} 年 ${indicatorCatalogue[t.indicator].target(t.value)}（${t.basis}）`),
    targets: (await listTargets(db)).map((t) => ({
      regionCode: t.regionCode,
      regionName: t.regionName,
      indicator: t.indicator,
      indicatorName: indicatorCatalogue[t.indicator].name,
      year: t.year,
      target: indicatorCatalogue[t.indicator].target(t.value),
      basis: t.basis,
    })),
  };
}

const targetSchema = z.object({
  regionCode: z.string().trim().regex(/^\d{6}(\d{3})?$/, "请填写 6 位或 9 位行政区划代码"),
  indicator: z.enum(indicatorKeys, { message: "请选择指标" }),
  year: z.string().trim().regex(/^\d{4}$/, "年份应为 4 位数字").transform(Number).refine((y) => y >= 2000 && y <= 2100, "年份应在 2000 至 2100 之间"),
  value: z.string().trim().regex(/^\d{1,6}$/, "目标值应为不小于 0 的整数").transform(Number),
  basis: z.string().trim().max(60, "最多 60 个字").transform((v) => v || null),
});
const keySchema = targetSchema.pick({ regionCode: true, indicator: true, year: true });
const planDefaultsSchema = z.object({ planRegionCode: targetSchema.shape.regionCode });

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "manage:indicator-target:any");
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    const parsed = parseForm(form, keySchema);
    if (parsed.ok) await removeTarget(db, parsed.data, actor(request, user));
    return redirect("/indicators/targets");
  }
  if (form.get("intent") === "plan-defaults") {
    const parsed = parseForm(form, planDefaultsSchema);
    if (!parsed.ok) return data({ intent: "plan-defaults", errors: parsed.errors, values: parsed.values, message: null }, { status: 400 });
    const region = await getRegion(parsed.data.planRegionCode);
    if (!region) return data({ intent: "plan-defaults", errors: { planRegionCode: `没有行政区划代码 ${parsed.data.planRegionCode}` }, values: parsed.values, message: null }, { status: 400 });
    const added = await applyPlanTargets(db, region.code, actor(request, user));
    return data({ intent: "plan-defaults", errors: {}, values: {}, message: `已为${region.name}新增 ${added} 条规划目标（已有的未改动）` });
  }
  const parsed = parseForm(form, targetSchema);
  if (!parsed.ok) return data({ intent: "set", errors: parsed.errors, values: parsed.values, message: null }, { status: 400 });
  if (!await getRegion(parsed.data.regionCode)) return data({ intent: "set", errors: { regionCode: `没有行政区划代码 ${parsed.data.regionCode}` }, values: parsed.values, message: null }, { status: 400 });
  const { indicator, value } = parsed.data;
  if (indicatorCatalogue[indicator].percent && value > 100) return data({ intent: "set", errors: { value: "百分比目标不能超过 100" }, values: parsed.values, message: null }, { status: 400 });
  if (indicator === "bedsPerSocialWorker" && value === 0) return data({ intent: "set", errors: { value: "每名社工的床位数应大于 0" }, values: parsed.values, message: null }, { status: 400 });
  await setTarget(db, parsed.data, actor(request, user));
  return redirect("/indicators/targets");
}

export default function TargetsPage() {
  const { targets, planDefaults } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const errorsFor = (intent: string): Record<string, string> => (outcome?.intent === intent ? outcome.errors : {});
  const valuesFor = (intent: string): Record<string, string> => (outcome?.intent === intent ? outcome.values : {});
  const errors = errorsFor("set");
  const values = valuesFor("set");
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/admin">系统管理</Link>
      </p>
      <h1>规划目标</h1>
      <p className="muted">
        每个目标在其年份年底前应达到。地区没有某项指标的目标时沿用上级地区的；统计日所在年份之后最近的节点为当年目标，全部节点已过时沿用最后一个。
      </p>
      {outcome?.message ? (
        <p className="notice" role="status">
          {outcome.message}
        </p>
      ) : null}
      <section className="card">
        <h2>按规划默认值设置</h2>
        <p className="hint">
          为一个地区填入各规划的目标，已有的目标不改动：{planDefaults.join("；")}。
        </p>
        <Form method="post" className="filters" noValidate>
          <Field label="行政区划代码" name="planRegionCode" defaultValue={valuesFor("plan-defaults").planRegionCode} error={errorsFor("plan-defaults").planRegionCode} inputMode="numeric" maxLength={9} />
          <button name="intent" value="plan-defaults">
            填入规划目标
          </button>
        </Form>
      </section>
      <section className="card">
        <h2>设置目标</h2>
        <Form method="post" className="filters" noValidate>
          <Field label="行政区划代码" name="regionCode" defaultValue={values.regionCode} error={errors.regionCode} inputMode="numeric" maxLength={9} />
          <SelectField label="指标" name="indicator" defaultValue={values.indicator} error={errors.indicator} options={indicatorKeys.map((k) => ({ value: k, label: indicatorCatalogue[k].name }))} />
          <Field label="年份" name="year" defaultValue={values.year} error={errors.year} inputMode="numeric" maxLength={4} />
          <Field label="目标值（整数；百分比填 18 表示 18%）" name="value" defaultValue={values.value} error={errors.value} inputMode="numeric" />
          <Field label="依据（可不填）" name="basis" defaultValue={values.basis} error={errors.basis} />
          <button type="submit">保存</button>
        </Form>
      </section>
      <DataTable<(typeof targets)[number]>
        caption="规划目标"
        rows={targets}
        rowKey={(t) => `${t.regionCode}-${t.indicator}-${t.year}`}
        empty="还没有设置规划目标。"
        columns={[
          { header: "地区", cell: (t) => `${t.regionName}（${t.regionCode}）` },
          { header: "指标", cell: (t) => t.indicatorName, wrap: true },
          { header: "年份", numeric: true, cell: (t) => t.year },
          { header: "目标", cell: (t) => t.target },
          { header: "依据", cell: (t) => t.basis ?? "—" },
          {
            header: "操作",
            hideHeader: true,
            cell: (t) => (
              <Form method="post">
                <input type="hidden" name="regionCode" value={t.regionCode} />
                <input type="hidden" name="indicator" value={t.indicator} />
                <input type="hidden" name="year" value={t.year} />
                <button name="intent" value="remove" className="link-button">
                  删除
                </button>
              </Form>
            ),
          },
        ]}
      />
    </main>
  );
}
