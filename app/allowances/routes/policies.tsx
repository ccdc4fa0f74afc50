import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, occupationNames, occupations, type SkillLevel } from "../../occupations/occupations.ts";
import { organisationTypeNames, organisationTypes, type OrganisationType } from "../../organisations/organisation-types.ts";
import { parseForm } from "../../utils/form.ts";
import { listPolicies, savePolicyVersion } from "../policies.server.ts";
import { allowanceKindNames, allowanceKinds, conditionNames, describeCondition, schoolingNames, schoolings, type Condition } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "补贴政策 · carecert" }];

// Level amounts read 五级 first, as the policies print them; integer-like object keys would sort 一级 first.
const AMOUNT_KEYS = ["5", "4", "3", "2", "1", ...schoolings];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:allowance-policy:any");
  return {
    policies: (await listPolicies(db)).map((p) => ({
      id: p.id,
      name: p.name,
      region: `${p.regionName}（${p.regionCode}）`,
      kind: allowanceKindNames[p.kind],
      occupation: occupationNames[p.occupation],
      versions: p.versions.map((v) => ({
        id: v.id,
        version: v.version,
        period: `${v.effectiveFrom} 至 ${v.effectiveTo ?? "长期"}`,
        amounts: AMOUNT_KEYS.filter((k) => v.amounts[k] !== undefined)
          .map((k) => [k, v.amounts[k]!] as const)
          .map(([k, amount]) => `${k in schoolingNames ? schoolingNames[k as keyof typeof schoolingNames] : levelShortLabel(Number(k) as SkillLevel)} ${amount} 元`)
          .join("，"),
        instalments: v.instalments?.map((i) => `满 ${i.afterYears} 年 ${i.percent}%`).join("，") ?? null,
        conditions: v.conditions.map(describeCondition),
        noticeDays: v.noticeDays,
      })),
    })),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const yuan = z.string().trim().regex(/^(\d{1,6})?$/, "请填写整数金额（元）");
const count = (what: string) => z.string().trim().regex(/^(\d{1,4}(\.\d)?)?$/, `请填写${what}`);

const versionSchema = z
  .object({
    policyId: z.string(),
    name: z.string().trim().max(60, "最多 60 个字").default(""),
    regionCode: z.string().trim().default(""),
    kind: z.enum(allowanceKinds, { message: "请选择补贴类型" }),
    occupation: z.enum(occupations, { message: "请选择职业" }),
    effectiveFrom: z.string().regex(DATE, "请选择生效日期"),
    effectiveTo: z.union([z.literal(""), z.string().regex(DATE, "请选择截止日期")]).default(""),
    ...Object.fromEntries(["5", "4", "3", "2", "1", ...schoolings].map((k) => [`amount_${k}`, yuan.default("")])),
    instalments: z.string().trim().default(""),
    minServiceMonths: count("月数").default(""),
    minAttendanceDays: count("天数").default(""),
    educationHours: count("学时").default(""),
    noticeDays: z.string().trim().regex(/^\d{1,2}$/, "请填写 1–30 天").transform(Number).refine((d) => d >= 1 && d <= 30, "请填写 1–30 天"),
  })
  .catchall(z.string())
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.policyId === "" && v.name.length < 2) issue("name", "请填写政策名称");
    if (v.policyId === "" && !/^\d{6}$/.test(v.regionCode)) issue("regionCode", "请填写 6 位行政区划代码");
    if (v.effectiveTo && v.effectiveTo < v.effectiveFrom) issue("effectiveTo", "截止日期不能早于生效日期");
    const keys = v.kind === "entry_award" ? schoolings : ["5", "4", "3", "2", "1"];
    if (!keys.some((k) => v[`amount_${k}`])) issue(`amount_${keys[0]}`, "请至少填写一档金额");
    if (v.kind === "entry_award" && !/^\d{1,2}:\d{1,3}(\s*[,，]\s*\d{1,2}:\d{1,3})*$/.test(v.instalments)) issue("instalments", "请按“年数:百分比”填写，如 3:30, 4:30, 5:40");
    if (v.kind === "entry_award" && /^[\d:,，\s]+$/.test(v.instalments) && parseInstalments(v.instalments).reduce((n, i) => n + i.percent, 0) !== 100) issue("instalments", "各期百分比之和应为 100");
    if (v.kind !== "entry_award" && v.cond_valid_certificate !== "on") issue("cond_valid_certificate", "按等级发放的补贴须以持有效证书为条件");
  });

function parseInstalments(text: string) {
  return text.split(/[,，]/).map((part) => {
    const [years, percent] = part.trim().split(":").map(Number);
    return { afterYears: years!, percent: percent! };
  });
}

function conditionsOf(v: Record<string, string>): Condition[] {
  const on = (type: string) => v[`cond_${type}`] === "on";
  const conditions: Condition[] = [];
  if (on("valid_certificate")) conditions.push({ type: "valid_certificate" });
  if (on("contract_covers_month")) conditions.push({ type: "contract_covers_month" });
  if (on("min_service_months")) conditions.push({ type: "min_service_months", months: Number(v.minServiceMonths || 0) });
  if (on("min_attendance_days")) conditions.push({ type: "min_attendance_days", days: Number(v.minAttendanceDays || 0) });
  if (on("social_insurance_paid")) conditions.push({ type: "social_insurance_paid" });
  if (on("continuing_education_hours")) conditions.push({ type: "continuing_education_hours", hours: Number(v.educationHours || 0) });
  if (on("no_liability_incident")) conditions.push({ type: "no_liability_incident" });
  if (on("employer_not_black_listed")) conditions.push({ type: "employer_not_black_listed" });
  if (on("employer_type")) conditions.push({ type: "employer_type", types: organisationTypes.filter((t) => v[`employerType_${t}`] === "on") as OrganisationType[] });
  return conditions;
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "manage:allowance-policy:any");
  const parsed = parseForm(await request.formData(), versionSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const v = parsed.data as z.output<typeof versionSchema> & Record<string, string>;
  const existing = v.policyId ? (await listPolicies(db)).find((p) => String(p.id) === v.policyId) : undefined;
  if (existing && (existing.kind !== v.kind || existing.occupation !== v.occupation)) {
    return data({ errors: { kind: "新增版本时，补贴类型和职业须与所选政策一致" } as Record<string, string>, values: parsed.values }, { status: 400 });
  }
  const keys = v.kind === "entry_award" ? schoolings : ["5", "4", "3", "2", "1"];
  const amounts = Object.fromEntries(keys.filter((k) => v[`amount_${k}`]).map((k) => [k, Number(v[`amount_${k}`])]));
  const saved = await savePolicyVersion(
    db,
    v.policyId ? { policyId: Number(v.policyId) } : { regionCode: v.regionCode, name: v.name, kind: v.kind, occupation: v.occupation },
    { effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo || null, amounts, instalments: v.kind === "entry_award" ? parseInstalments(v.instalments) : null, conditions: conditionsOf(v), noticeDays: v.noticeDays },
    actor(request, user),
  );
  if (!saved.ok) return data({ errors: { [saved.field]: saved.message } as Record<string, string>, values: parsed.values }, { status: 400 });
  return redirect("/admin/allowance-policies");
}

export default function PoliciesPage() {
  const { policies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const checked = (name: string, fallback = false) => (result ? values[name] === "on" : fallback);
  return (
    <main className="container">
      <h1>补贴政策</h1>
      <p className="lead">政策按地区设置，每个版本有生效期、各档金额和条件；每月按当月 1 日生效的版本计算。</p>
      {policies.map((p) => (
        <section key={p.id} className="card">
          <h2>{p.name}</h2>
          <p className="muted">
            {p.region} · {p.kind} · {p.occupation}
          </p>
          {p.versions.map((v) => (
            <div key={v.id}>
              <h3>
                第 {v.version} 版 · {v.period}
              </h3>
              <p>{v.amounts}</p>
              {v.instalments ? <p>分期：{v.instalments}</p> : null}
              <p className="hint">
                条件：{v.conditions.join("；")} · 公示 {v.noticeDays} 天
              </p>
            </div>
          ))}
        </section>
      ))}

      <section className="card">
        <h2>新增政策或版本</h2>
        <Form method="post" className="stack" noValidate>
          <FormError error={errors._form ?? errors.policyId} />
          <SelectField label="政策" name="policyId" defaultValue={values.policyId} options={[{ value: "", label: "（新建政策）" }, ...policies.map((p) => ({ value: String(p.id), label: `${p.name}：新增版本` }))]} />
          <Field label="政策名称（新建时填写）" name="name" defaultValue={values.name} error={errors.name} />
          <Field label="地区行政区划代码（新建时填写）" name="regionCode" defaultValue={values.regionCode} error={errors.regionCode} inputMode="numeric" maxLength={6} />
          <SelectField label="补贴类型" name="kind" defaultValue={values.kind} error={errors.kind} options={allowanceKinds.map((k) => ({ value: k, label: allowanceKindNames[k] }))} />
          <SelectField label="职业" name="occupation" defaultValue={values.occupation} error={errors.occupation} options={occupations.map((o) => ({ value: o, label: occupationNames[o] }))} />
          <Field label="生效日期" name="effectiveFrom" type="date" defaultValue={values.effectiveFrom} error={errors.effectiveFrom} />
          <Field label="截止日期（可不填）" name="effectiveTo" type="date" defaultValue={values.effectiveTo} error={errors.effectiveTo} />
          <fieldset className="stack">
            <legend>按等级金额（元，按月补贴和等级奖励）</legend>
            {(["5", "4", "3", "2", "1"] as const).map((k) => (
              <Field key={k} label={levelShortLabel(Number(k) as SkillLevel)} name={`amount_${k}`} inputMode="numeric" defaultValue={values[`amount_${k}`]} error={errors[`amount_${k}`]} />
            ))}
          </fieldset>
          <fieldset className="stack">
            <legend>按学历金额（元，入职奖补）</legend>
            {schoolings.map((k) => (
              <Field key={k} label={schoolingNames[k]} name={`amount_${k}`} inputMode="numeric" defaultValue={values[`amount_${k}`]} error={errors[`amount_${k}`]} />
            ))}
            <Field label="分期（年数:百分比）" name="instalments" defaultValue={values.instalments} error={errors.instalments} hint="如 3:30, 4:30, 5:40" />
          </fieldset>
          <fieldset className="stack">
            <legend>条件</legend>
            {(Object.keys(conditionNames) as Array<keyof typeof conditionNames>).map((type) => (
              <label key={type} className="option">
                <input type="checkbox" name={`cond_${type}`} defaultChecked={checked(`cond_${type}`)} />
                {conditionNames[type]}
              </label>
            ))}
            {errors.cond_valid_certificate ? <p className="field-error">{errors.cond_valid_certificate}</p> : null}
            <Field label="服务满几个整月" name="minServiceMonths" inputMode="numeric" defaultValue={values.minServiceMonths} error={errors.minServiceMonths} />
            <Field label="出勤不少于几天" name="minAttendanceDays" inputMode="numeric" defaultValue={values.minAttendanceDays} error={errors.minAttendanceDays} />
            <Field label="近 12 个月继续教育不少于几学时" name="educationHours" inputMode="numeric" defaultValue={values.educationHours} error={errors.educationHours} />
            <p className="hint">指定的用人单位类型：</p>
            {organisationTypes.map((t) => (
              <label key={t} className="option">
                <input type="checkbox" name={`employerType_${t}`} defaultChecked={checked(`employerType_${t}`)} />
                {organisationTypeNames[t]}
              </label>
            ))}
          </fieldset>
          <Field label="公示天数" name="noticeDays" inputMode="numeric" defaultValue={values.noticeDays ?? "5"} error={errors.noticeDays} />
          <button type="submit">保存</button>
        </Form>
      </section>
    </main>
  );
}
