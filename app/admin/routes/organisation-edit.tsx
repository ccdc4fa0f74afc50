import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { organisationKeys, organisationSchema } from "../../organisations/organisation-schema.ts";
import { organisationTypeNames, organisationTypes } from "../../organisations/organisation-types.ts";
import { getOrganisationInScope, organisationProblems, saveOrganisation, type SaveProblem } from "../../organisations/organisations.server.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.values.name ? `修改 ${data.values.name}` : "登记机构"} · carecert` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:organisation:any");
  if (!params.orgId) return { values: {} as Record<string, string> };
  const org = await getOrganisationInScope(scope, Number(params.orgId));
  if (!org) notFound("未找到该机构");
  const values: Record<string, string> = Object.fromEntries(
    Object.entries(org).map(([k, v]) => [k, v === null || v instanceof Date ? "" : String(v)]),
  );
  return { values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "manage:organisation:any");
  const id = params.orgId ? Number(params.orgId) : undefined;
  if (id !== undefined && !await getOrganisationInScope(scope, id)) notFound("未找到该机构");
  const form = parseForm(await request.formData(), organisationSchema);
  // The database's objections come with the fields' own, in one answer; a field's own problem comes first.
  const conflicts = await organisationProblems(form.ok ? form.data : organisationKeys(form.values), id);
  const refused = (problems: SaveProblem[]) => ({ ...Object.fromEntries(problems.map((p) => [p.field, p.message])), ...(form.ok ? {} : form.errors) }) as Record<string, string>;
  if (!form.ok || conflicts.length > 0) return data({ errors: refused(conflicts), values: form.values }, { status: 400 });
  const saved = await saveOrganisation(form.data, actor(request, user), id);
  if (!saved.ok) return data({ errors: refused(saved.problems), values: form.values }, { status: 400 });
  return redirect(`/orgs/${saved.id}`);
}

export default function OrganisationEditPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? loaded.values;
  const editing = Boolean(loaded.values.id);
  return (
    <main className="container narrow">
      <h1>{editing ? "修改机构信息" : "登记机构"}</h1>
      <div className="card">
        <Form method="post" className="stack" noValidate>
          <FormError error={errors._form} />
          <SelectField
            label="机构类型"
            name="type"
            defaultValue={values.type}
            error={errors.type}
            options={organisationTypes.map((t) => ({ value: t, label: organisationTypeNames[t] }))}
          />
          <Field label="机构名称" name="name" defaultValue={values.name} error={errors.name} required />
          <Field label="统一社会信用代码" name="creditCode" defaultValue={values.creditCode} error={errors.creditCode} maxLength={18} hint="18 位，按 GB 32100 校验" required />
          <Field label="所在地行政区划代码" name="regionCode" defaultValue={values.regionCode} error={errors.regionCode} inputMode="numeric" maxLength={9} hint="区县 6 位（如 330522）或乡镇街道 9 位（如 330522001）" required />
          <fieldset className="stack">
            <legend>培训基地 / 评价机构填写（用于证书编号）</legend>
            <SelectField
              label="评价机构类别"
              name="evaluationKind"
              defaultValue={values.evaluationKind}
              error={errors.evaluationKind}
              options={[
                { value: "", label: "（不适用）" },
                { value: "S", label: "S — 社会培训评价组织" },
                { value: "Y", label: "Y — 用人单位" },
              ]}
            />
            <Field label="评价机构代码（4 位）" name="evaluatorCode" defaultValue={values.evaluatorCode} error={errors.evaluatorCode} inputMode="numeric" maxLength={4} />
            <Field label="站点代码（6 位）" name="siteCode" defaultValue={values.siteCode} error={errors.siteCode} inputMode="numeric" maxLength={6} />
          </fieldset>
          <fieldset className="stack">
            <legend>养老机构填写</legend>
            <Field label="床位数" name="beds" defaultValue={values.beds} error={errors.beds} inputMode="numeric" />
            <Field label="护理型床位数" name="nursingBeds" defaultValue={values.nursingBeds} error={errors.nursingBeds} inputMode="numeric" />
          </fieldset>
          <button type="submit">保存</button>
        </Form>
      </div>
    </main>
  );
}
