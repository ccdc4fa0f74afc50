import { Field, SelectField } from "../components/field.tsx";
import { levelShortLabel, occupationLevels, occupationNames, occupations, type Occupation } from "../occupations/occupations.ts";
import { z } from "../utils/zod.ts";
import type { VersionInput } from "./policies.server.ts";
import type { SubsidyAmounts, SubsidyCondition } from "./rules.ts";

/** The policy version form shared by the new-policy and edit pages: its schema, its conversion and its fields. */

const PAID = occupations.filter((o) => occupationLevels[o].length > 0);
const amountKey = (o: Occupation, level: number) => `amount_${o}_${level}`;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const months = (what: string) => z.string().trim().regex(/^(\d{1,2})?$/, `请填写${what}（月数）`).default("");
const residenceChoices = [
  { value: "", label: "不限" },
  { value: "residence_in_region", label: "户籍或居住证在本地区" },
  { value: "insured_in_region", label: "在本地区参保满若干个月" },
  { value: "residence_or_insurance", label: "户籍或居住证在本地区，或参保满若干个月" },
] as const;

export const versionSchema = z
  .object({
    effectiveFrom: z.string().regex(DATE, "请选择生效日期"),
    effectiveTo: z.union([z.literal(""), z.string().regex(DATE, "请选择截止日期")]).default(""),
    noticeDays: z.string().trim().regex(/^\d{1,2}$/, "请填写 1–30 天").transform(Number).refine((d) => d >= 1 && d <= 30, "请填写 1–30 天"),
    note: z.string().trim().max(500, "最多 500 个字").default(""),
    firstCertificate: z.literal("on").optional(),
    withinMonths: months("申请期限"),
    residence: z.enum(["", "residence_in_region", "insured_in_region", "residence_or_insurance"], { message: "请选择" }).default(""),
    insuredMonths: months("参保月数"),
    ...Object.fromEntries(PAID.flatMap((o) => occupationLevels[o].map((l) => [amountKey(o, l), z.string().trim().regex(/^(\d{1,6})?$/, "请填写整数金额（元）").default("")]))),
  })
  .catchall(z.string())
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.effectiveTo && v.effectiveTo < v.effectiveFrom) issue("effectiveTo", "截止日期不能早于生效日期");
    if (!PAID.some((o) => occupationLevels[o].some((l) => Number(v[amountKey(o, l)] || 0) > 0))) issue(amountKey(PAID[0]!, 5), "请至少填写一档金额");
    if ((v.residence === "insured_in_region" || v.residence === "residence_or_insurance") && !(Number(v.insuredMonths) >= 1 && Number(v.insuredMonths) <= 12)) issue("insuredMonths", "请填写 1–12 个月");
    if (v.withinMonths && !(Number(v.withinMonths) >= 1 && Number(v.withinMonths) <= 60)) issue("withinMonths", "请填写 1–60 个月");
  });

export function toVersionInput(v: z.output<typeof versionSchema>): VersionInput {
  const amounts: SubsidyAmounts = {};
  for (const o of PAID) {
    const levels = Object.fromEntries(occupationLevels[o].filter((l) => Number(v[amountKey(o, l)] || 0) > 0).map((l) => [String(l), Number(v[amountKey(o, l)])]));
    if (Object.keys(levels).length > 0) amounts[o] = levels;
  }
  const conditions: SubsidyCondition[] = [];
  if (v.firstCertificate === "on") conditions.push({ type: "first_certificate_at_level" });
  if (v.withinMonths) conditions.push({ type: "certificate_within_months", months: Number(v.withinMonths) });
  if (v.residence === "residence_in_region") conditions.push({ type: "residence_in_region" });
  if (v.residence === "insured_in_region" || v.residence === "residence_or_insurance") conditions.push({ type: v.residence, months: Number(v.insuredMonths) });
  return { effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo || null, noticeDays: v.noticeDays, note: v.note, amounts, conditions };
}

/** A saved version as the form's values, to start an edit from. */
export function versionValues(v: VersionInput): Record<string, string> {
  const values: Record<string, string> = { effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo ?? "", noticeDays: String(v.noticeDays), note: v.note };
  for (const o of PAID) for (const l of occupationLevels[o]) values[amountKey(o, l)] = v.amounts[o]?.[String(l)] ? String(v.amounts[o]![String(l)]) : "";
  for (const c of v.conditions) {
    if (c.type === "first_certificate_at_level") values.firstCertificate = "on";
    if (c.type === "certificate_within_months") values.withinMonths = String(c.months);
    if (c.type === "residence_in_region") values.residence = c.type;
    if (c.type === "insured_in_region" || c.type === "residence_or_insurance") {
      values.residence = c.type;
      values.insuredMonths = String(c.months);
    }
  }
  return values;
}

export function PolicyVersionFields({ values, errors }: { values: Record<string, string>; errors: Record<string, string> }) {
  return (
    <>
      <div className="filters">
        <Field label="生效日期" name="effectiveFrom" type="date" defaultValue={values.effectiveFrom} error={errors.effectiveFrom} />
        <Field label="截止日期（可不填）" name="effectiveTo" type="date" defaultValue={values.effectiveTo} error={errors.effectiveTo} />
      </div>
      <fieldset className="card">
        <legend>补贴金额（元，不补贴的等级留空）</legend>
        {PAID.map((o) => (
          <div key={o} className="filters">
            {occupationLevels[o].map((l) => (
              <Field key={l} label={`${occupationNames[o]}${levelShortLabel(l)}`} name={amountKey(o, l)} inputMode="numeric" defaultValue={values[amountKey(o, l)]} error={errors[amountKey(o, l)]} />
            ))}
          </div>
        ))}
      </fieldset>
      <fieldset className="card">
        <legend>条件（每人每个职业等级只能享受一次，始终适用）</legend>
        <label className="checkbox">
          <input type="checkbox" name="firstCertificate" defaultChecked={values.firstCertificate === "on"} /> 首次取得该职业该等级的证书
        </label>
        <Field label="发证后多少个月内申请（可不填）" name="withinMonths" inputMode="numeric" defaultValue={values.withinMonths} error={errors.withinMonths} />
        <SelectField label="户籍、居住或参保" name="residence" options={[...residenceChoices]} defaultValue={values.residence ?? ""} error={errors.residence} />
        <Field label="参保月数（申请前 12 个月内）" name="insuredMonths" inputMode="numeric" defaultValue={values.insuredMonths} error={errors.insuredMonths} />
      </fieldset>
      <Field label="公示天数" name="noticeDays" inputMode="numeric" defaultValue={values.noticeDays ?? "7"} error={errors.noticeDays} />
      <Field label="说明（依据文件、数据来源）" name="note" rows={3} defaultValue={values.note} error={errors.note} />
    </>
  );
}
