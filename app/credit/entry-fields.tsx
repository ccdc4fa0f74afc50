import { Field, SelectField } from "../components/field.tsx";
import { blackListCategories, blackListCategoryNames } from "./rules.ts";

/** The term and list-specific fields of an entry, for placing it and for correcting it before it takes effect. */
export function EntryFields({ values, errors, list }: { values: Record<string, string>; errors: Record<string, string>; list: "red" | "black" | null }) {
  return (
    <>
      <Field label="生效日期（表彰日期）" name="startsOn" type="date" defaultValue={values.startsOn} error={errors.startsOn} />
      <Field label="期限（月）" name="termMonths" inputMode="numeric" defaultValue={values.termMonths} error={errors.termMonths} hint="留空表示长期有效，至撤销为止；到期后自动失效" />
      {list !== "black" ? (
        <fieldset className="stack">
          <legend>红名单（表彰）</legend>
          <Field label="表彰称号" name="title" defaultValue={values.title} error={errors.title} maxLength={100} hint="如“最美养老护理员”" />
          <Field label="授予单位" name="awardingBody" defaultValue={values.awardingBody} error={errors.awardingBody} maxLength={100} />
          <Field label="表彰文件（文号或名称，可不填）" name="sourceDocument" defaultValue={values.sourceDocument} error={errors.sourceDocument} maxLength={200} />
        </fieldset>
      ) : null}
      {list !== "red" ? (
        <fieldset className="stack">
          <legend>黑名单</legend>
          <SelectField label="失信行为类别" name="category" defaultValue={values.category} error={errors.category} options={[{ value: "", label: "（请选择）" }, ...blackListCategories.map((c) => ({ value: c, label: blackListCategoryNames[c] }))]} />
          <Field label="列入理由" name="reason" rows={3} defaultValue={values.reason} error={errors.reason} maxLength={500} hint="不公开；本人、所在机构和民政部门可见" />
          <Field label="证据（说明或材料编号，可不填）" name="evidence" rows={2} defaultValue={values.evidence} error={errors.evidence} maxLength={500} hint="证据从不公开" />
          <Field label="决定文书编号" name="decisionNumber" defaultValue={values.decisionNumber} error={errors.decisionNumber} maxLength={60} hint="如 长民信〔2026〕3号" />
          <label className="option">
            <input type="checkbox" name="published" defaultChecked={values.published === "on"} />
            在公开信用名单中公布（只公布打码的姓名、类别和期限）
          </label>
        </fieldset>
      ) : null}
    </>
  );
}
