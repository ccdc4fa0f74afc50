import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { organisations, type AwardRule } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { scopeCoversRegion, type Scope } from "../../auth/permissions.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Field, FormProblems, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { occupationLevels, occupationNames, levelShortLabel, occupations, type SkillLevel } from "../../occupations/occupations.ts";
import { scopeCondition } from "../../auth/scope-condition.ts";
import { regionContains } from "../../regions/region-code.ts";
import { getRegion } from "../../regions/regions.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { z } from "../../utils/zod.ts";
import { competitionLabel, competitionsInScope, createCompetition } from "../competitions.server.ts";
import { awardNames, checkAwards, checkCalendar, checkWeights, statusNames } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "技能竞赛 · carecert" }];

const AWARDS = Object.keys(awardNames) as Array<AwardRule["award"]>;
const competingOccupations = occupations.filter((o) => occupationLevels[o].length > 0);

async function hostBases(scope: Scope) {
  return await db
    .select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode })
    .from(organisations)
    .where(and(eq(organisations.type, "training_base"), scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode })));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:competition:region");
  return {
    competitions: await Promise.all((await competitionsInScope(db, scope)).map(async (c) => ({ id: c.id, title: c.title, label: competitionLabel(c), region: (await getRegion(c.regionCode))?.name ?? c.regionCode, status: statusNames[c.status], entriesCloseOn: c.entriesCloseOn, finalOn: c.finalOn }))),
    regions: await Promise.all(scope.regionCodes.map(async (code) => ({ value: code, label: (await getRegion(code))?.name ?? code }))),
    bases: (await hostBases(scope)).map((b) => ({ value: String(b.id), label: b.name })),
    today: chinaDate(new Date()),
  };
}

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "请选择日期");
const weight = z.string().trim().regex(/^\d{1,3}$/, "请填写 0–100 的整数").transform(Number);
const schema = z
  .object({
    title: z.string().trim().min(4, "请填写竞赛名称（至少 4 个字）").max(60, "最多 60 个字"),
    occupation: z.enum(competingOccupations as [string, ...string[]], { message: "请选择职业" }),
    regionCode: z.string().min(1, "请选择举办地区"),
    hostOrganisationId: z.string().regex(/^\d+$/, "请选择承办的培训基地").transform(Number),
    entriesCloseOn: DATE,
    preliminaryOn: DATE,
    finalOn: DATE,
    advanceCount: z.string().trim().regex(/^\d{1,3}$/, "请填写晋级人数").transform(Number).refine((n) => n >= 1, "至少 1 人晋级"),
    preliminaryTheory: weight,
    finalTheory: weight,
    ...Object.fromEntries(AWARDS.map((a) => [`places_${a}`, z.string().trim().regex(/^(\d{1,3}%?)?$/, "请填写名额（如 3）或比例（如 20%）").default("")])),
    ...Object.fromEntries(AWARDS.map((a) => [`amount_${a}`, z.string().trim().regex(/^\d{0,6}$/, "请填写整数金额（元）").default("")])),
  })
  .catchall(z.string());

function awardsOf(v: Record<string, string>): AwardRule[] {
  return AWARDS.filter((a) => v[`places_${a}`]).map((a) => {
    const places = v[`places_${a}`]!;
    const amount = Number(v[`amount_${a}`] || 0);
    const promotion = v[`promotion_${a}`] === "on";
    return places.endsWith("%") ? { award: a, share: Number(places.slice(0, -1)), promotion, amount } : { award: a, count: Number(places), promotion, amount };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "manage:competition:region");
  const parsed = parseForm(await request.formData(), schema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const v = parsed.data;
  const raw = parsed.values;
  const occupation = v.occupation as (typeof occupations)[number];
  const levels = occupationLevels[occupation].filter((l) => raw[`level_${l}`] === "on");
  const errors: Record<string, string> = { ...checkCalendar(v, chinaDate(new Date())) };
  if (levels.length === 0) errors.levels = "请至少选择一个等级组别";
  if (!await getRegion(v.regionCode) || !scopeCoversRegion(scope, v.regionCode)) errors.regionCode = "只能在本人辖区内举办竞赛";
  const host = (await hostBases(scope)).find((b) => b.id === v.hostOrganisationId);
  if (!host || !regionContains(v.regionCode, host.regionCode)) errors.hostOrganisationId = "承办单位须是举办地区内的培训基地";
  const preliminaryWeights = { theory: v.preliminaryTheory, practical: 100 - v.preliminaryTheory };
  const finalWeights = { theory: v.finalTheory, practical: 100 - v.finalTheory };
  const weightProblems = [...checkWeights(preliminaryWeights, "preliminary"), ...checkWeights(finalWeights, "final")];
  if (weightProblems.length > 0) errors.finalTheory = weightProblems.join("；");
  // Each stage seats its competitors through a theory paper; a stage without one has no seat to score against.
  else if (v.preliminaryTheory === 0 || v.finalTheory === 0) errors.finalTheory = "初赛和决赛都须有理论考试（理论权重大于 0）";
  const awards = awardsOf(raw);
  const awardProblems = awards.length === 0 ? ["请至少设置一个奖项"] : checkAwards(awards);
  if (awardProblems.length > 0) errors.awards = awardProblems.join("；");
  if (Object.keys(errors).length > 0) return data({ errors, values: raw }, { status: 400 });
  const created = await createCompetition(
    db,
    { title: v.title, occupation, levels, regionCode: v.regionCode, hostOrganisationId: v.hostOrganisationId, entriesCloseOn: v.entriesCloseOn, preliminaryOn: v.preliminaryOn, finalOn: v.finalOn, advanceCount: v.advanceCount, preliminaryWeights, finalWeights, awards },
    actor(request, user),
  );
  return redirectWithNotice(request, `/region/competitions/${created.id}`, `已创建竞赛“${created.title}”：报名截止 ${created.entriesCloseOn}，初赛 ${created.preliminaryOn}，决赛 ${created.finalOn}`);
}

export default function RegionCompetitionsPage() {
  const { competitions, regions, bases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const occupation = (values.occupation ?? "elderly_caregiver") as (typeof occupations)[number];
  return (
    <main className="container stack">
      <h1>技能竞赛</h1>
      <p className="hint">本辖区举办的养老护理、保育等职业技能竞赛：报名审核、初赛、决赛、评比表彰和结果公示。</p>
      <DataTable
        caption="本辖区的技能竞赛"
        rows={competitions}
        rowKey={(c) => c.id}
        empty="还没有技能竞赛。"
        columns={[
          { header: "竞赛", cell: (c) => <Link to={`/region/competitions/${c.id}`}>{c.title}</Link>, wrap: true },
          { header: "职业与等级", cell: (c) => c.label },
          { header: "地区", cell: (c) => c.region },
          { header: "报名截止", cell: (c) => c.entriesCloseOn },
          { header: "决赛", cell: (c) => c.finalOn },
          { header: "状态", cell: (c) => <span className="tag">{c.status}</span> },
        ]}
      />
      <section className="card stack" aria-labelledby="new-competition">
        <h2 id="new-competition">举办新竞赛</h2>
        <Form method="post" className="stack">
          <FormProblems problems={Object.keys(errors).length > 0 ? ["请按提示修改后再提交"] : []} />
          <Field label="竞赛名称" name="title" defaultValue={values.title} error={errors.title} required />
          <SelectField label="职业" name="occupation" defaultValue={occupation} error={errors.occupation} options={competingOccupations.map((o) => ({ value: o, label: occupationNames[o] }))} hint="等级组别按所选职业的标准等级列出；改职业后请重新勾选。" />
          <fieldset className={errors.levels ? "field has-error" : "field"} aria-describedby={errors.levels ? "levels-error" : undefined}>
            <legend>等级组别</legend>
            {occupationLevels.elderly_caregiver.map((l) => (
              <label key={l} className="inline">
                <input type="checkbox" name={`level_${l}`} defaultChecked={values[`level_${l}`] === "on"} /> {levelShortLabel(l as SkillLevel)}
              </label>
            ))}
            {errors.levels ? <p className="field-error" id="levels-error" role="alert">{errors.levels}</p> : null}
          </fieldset>
          <SelectField label="举办地区" name="regionCode" defaultValue={values.regionCode} error={errors.regionCode} options={regions} />
          <SelectField label="承办单位（理论考试考场）" name="hostOrganisationId" defaultValue={values.hostOrganisationId} error={errors.hostOrganisationId} options={[{ value: "", label: "请选择" }, ...bases]} />
          <Field label="报名截止日期" name="entriesCloseOn" type="date" defaultValue={values.entriesCloseOn} error={errors.entriesCloseOn} required />
          <Field label="初赛日期" name="preliminaryOn" type="date" defaultValue={values.preliminaryOn} error={errors.preliminaryOn} required />
          <Field label="决赛日期" name="finalOn" type="date" defaultValue={values.finalOn} error={errors.finalOn} required />
          <Field label="每个等级组别晋级决赛的人数" name="advanceCount" inputMode="numeric" defaultValue={values.advanceCount ?? "10"} error={errors.advanceCount} hint="按初赛排名；末位同分同时晋级。" />
          <Field label="初赛理论权重（%）" name="preliminaryTheory" inputMode="numeric" defaultValue={values.preliminaryTheory ?? "100"} error={errors.preliminaryTheory} hint="其余为实操权重；100 表示初赛只考理论。" />
          <Field label="决赛理论权重（%）" name="finalTheory" inputMode="numeric" defaultValue={values.finalTheory ?? "30"} error={errors.finalTheory} hint="其余为实操权重，实操由评委组评分。" />
          <fieldset className={errors.awards ? "field has-error" : "field"} aria-describedby={errors.awards ? "awards-error" : undefined}>
            <legend>奖项（按决赛排名依次设奖；名额填人数或比例，如 3 或 20%；留空不设）</legend>
            {AWARDS.map((a) => (
              <div key={a} className="row">
                <Field label={`${awardNames[a]}名额`} name={`places_${a}`} defaultValue={values[`places_${a}`] ?? { first: "1", second: "20%", third: "30%", merit: "" }[a]} error={errors[`places_${a}`]} />
                <Field label={`${awardNames[a]}奖金（元）`} name={`amount_${a}`} inputMode="numeric" defaultValue={values[`amount_${a}`]} error={errors[`amount_${a}`]} />
                <label className="inline">
                  <input type="checkbox" name={`promotion_${a}`} defaultChecked={values[`promotion_${a}`] === "on"} /> 可晋升一个等级（作为申报依据）
                </label>
              </div>
            ))}
            {errors.awards ? <p className="field-error" id="awards-error" role="alert">{errors.awards}</p> : null}
          </fieldset>
          <button type="submit">创建竞赛</button>
        </Form>
      </section>
    </main>
  );
}
