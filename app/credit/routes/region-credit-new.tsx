import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq, isNull } from "drizzle-orm";
import { workers } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { scopeCoversRegion, type Scope } from "../../auth/permissions.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { getRegion } from "../../regions/regions.server.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { chinaDate } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { z } from "../../utils/zod.ts";
import { CREDIT_PERMISSION, organisationInScope, personInScope, placeCreditEntry, type CreditEntryInput, type CreditSubject } from "../credit.server.ts";
import { EntryFields } from "../entry-fields.tsx";
import { entryFormSchema } from "../entry-form.ts";
import { blackListCategoryNames, creditListNames, describeTerm } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "列入红名单或黑名单 · carecert" }];

const regionsOf = async (scope: Scope) => await Promise.all(scope.regionCodes.map(async (code) => ({ value: code, label: (await getRegion(code))?.name ?? code })));

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, CREDIT_PERMISSION);
  return { regions: await regionsOf(scope) };
}

const subjectSchema = z.object({
  subjectKind: z.enum(["person", "organisation"], { message: "请选择从业人员或机构" }),
  // A blank field may be left out by a client: only the chosen subject's field is read.
  idNumber: z.string().trim().toUpperCase().default(""),
  creditCode: z.string().trim().toUpperCase().default(""),
  regionCode: z.string().default(""),
});

type Preview = { subject: string; consequences: string[]; fields: Record<string, string> };

/** Who the entry is about, found inside the officer's scope; every problem of the form at once. */
async function resolveSubject(scope: Scope, v: z.output<typeof subjectSchema>, errors: Record<string, string>): Promise<{ subject: CreditSubject; name: string; organisationIds: number[] } | null> {
  if (!scopeCoversRegion(scope, v.regionCode)) errors.regionCode = "请选择您管辖的地区";
  if (v.subjectKind === "person") {
    const person = v.idNumber ? await personInScope(db, scope, v.idNumber) : null;
    if (!person) {
      errors.idNumber = v.idNumber ? "您辖区机构的从业人员名册中没有这个身份证号码" : "请填写身份证号码";
      return null;
    }
    const employers = await db.select({ id: workers.organisationId }).from(workers).where(and(eq(workers.personId, person.id), isNull(workers.leftOn)));
    return { subject: { personId: person.id }, name: `${person.name}（${maskIdNumber(v.idNumber)}）`, organisationIds: employers.map((e) => e.id) };
  }
  const org = v.creditCode ? await organisationInScope(db, scope, v.creditCode) : null;
  if (!org) {
    errors.creditCode = v.creditCode ? "您辖区内没有这个统一社会信用代码的机构" : "请填写统一社会信用代码";
    return null;
  }
  return { subject: { organisationId: org.id }, name: org.name, organisationIds: [org.id] };
}

function consequencesOf(name: string, input: CreditEntryInput, employers: number): string[] {
  if (input.list === "red") return [`${name} 列入红名单：${input.title}（${input.awardingBody}），${describeTerm(input)}`, "公开信用名单和其证书的查验页面显示此表彰（姓名打码）"];
  return [
    `${name} 列入黑名单：${blackListCategoryNames[input.category]}（${input.decisionNumber}），${describeTerm(input)}`,
    `有效期内，按月岗位补贴名册不予发放（涉及 ${employers} 家在职机构的名册；机构列入时，以政策条件为准）`,
    "证书查验页面显示类别和期限，不显示理由和证据" + (input.published ? "；并在公开信用名单中公布" : ""),
    "本人或机构管理员可以申诉；生效前可修改，生效后只能撤销",
  ];
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, CREDIT_PERMISSION);
  const form = await request.formData();
  const today = chinaDate(new Date());
  const subjectForm = parseForm(form, subjectSchema);
  const entryForm = parseForm(form, entryFormSchema(today));
  const errors = { ...(subjectForm.ok ? {} : subjectForm.errors), ...(entryForm.ok ? {} : entryForm.errors) };
  const found = subjectForm.ok ? await resolveSubject(scope, subjectForm.data, errors) : null;
  const values = { ...subjectForm.values, ...entryForm.values };
  if (!found || !subjectForm.ok || !entryForm.ok || Object.keys(errors).length > 0) return data({ errors, values, preview: null as Preview | null }, { status: 400 });
  if (!isConfirmed(form)) {
    const fields = Object.fromEntries(Object.entries(values).filter(([k]) => k !== "intent" && k !== "confirmed"));
    return data({ errors: {}, values, preview: { subject: found.name, consequences: consequencesOf(found.name, entryForm.data, found.organisationIds.length), fields } as Preview | null });
  }
  const entry = await placeCreditEntry(db, found.subject, subjectForm.data.regionCode, entryForm.data, actor(request, user));
  return redirectWithNotice(request, `/region/credit/${entry.id}`, `已将 ${found.name} 列入${creditListNames[entry.list]}，${describeTerm(entry)}`);
}

export default function NewCreditEntryPage() {
  const { regions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values: Record<string, string> = result?.values ?? { subjectKind: "person", list: "black", regionCode: regions[0]?.value ?? "", published: "on" };
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <main className="container narrow">
      <h1>列入红名单或黑名单</h1>
      <p>
        <Link to="/region/credit">返回红黑名单</Link>
      </p>
      {result?.preview ? (
        <section className="card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">请确认</h2>
          <ConfirmAction label={`列入${values.list === "red" ? "红名单" : "黑名单"}`} intent="place" danger={values.list === "black"} fields={result.preview.fields} consequences={result.preview.consequences} warning="列入、修改和撤销都记入审计日志。" />
        </section>
      ) : null}
      <Form method="post" className="stack card" noValidate>
        <FormError error={Object.keys(errors).length > 0 ? "请按提示修改后再提交" : undefined} />
        <SelectField label="名单" name="list" defaultValue={values.list} error={errors.list} options={[{ value: "black", label: "黑名单（失信惩戒）" }, { value: "red", label: "红名单（表彰）" }]} />
        <SelectField label="对象" name="subjectKind" defaultValue={values.subjectKind} error={errors.subjectKind} options={[{ value: "person", label: "从业人员（按身份证号码）" }, { value: "organisation", label: "机构（按统一社会信用代码）" }]} />
        <Field label="身份证号码（从业人员）" name="idNumber" defaultValue={values.idNumber} error={errors.idNumber} maxLength={18} autoComplete="off" />
        <Field label="统一社会信用代码（机构）" name="creditCode" defaultValue={values.creditCode} error={errors.creditCode} maxLength={18} autoComplete="off" />
        <SelectField label="决定地区" name="regionCode" defaultValue={values.regionCode} error={errors.regionCode} options={regions} />
        <EntryFields values={values} errors={errors} list={null} />
        <button type="submit" name="intent" value="check">
          核对并预览
        </button>
      </Form>
    </main>
  );
}
