import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { teachers } from "../../../db/schema.ts";
import { writeAudit } from "../../audit/audit.server.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { nameSchema } from "../../people/person-schema.ts";
import { parseForm } from "../../utils/form.ts";
import { listTeachers } from "../classes.server.ts";

export const meta: MetaFunction = () => [{ title: "师资 · carecert" }];

const teacherSchema = z.object({
  organisationId: z.coerce.number({ message: "请选择培训基地" }).int(),
  name: nameSchema,
  title: z.string().trim().min(1, "请填写职称或资格，如 主管护师、养老护理员一级").max(40, "最多 40 个字"),
  specialty: z.string().trim().min(1, "请填写擅长的教学内容").max(80, "最多 80 个字"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = requireUserWithPermission(request, "manage:class:org");
  const bases = listOrganisations(scope, { types: ["training_base"] });
  const names = new Map(bases.map((b) => [b.id, b.name]));
  return {
    bases: bases.map((b) => ({ value: String(b.id), label: b.name })),
    teachers: listTeachers(db, bases.map((b) => b.id)).map((t) => ({ id: t.id, name: t.name, title: t.title, specialty: t.specialty, base: names.get(t.organisationId) ?? "" })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = requireUserWithPermission(request, "manage:class:org");
  const form = parseForm(await request.formData(), teacherSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  if (!listOrganisations(scope, { types: ["training_base"] }).some((b) => b.id === form.data.organisationId)) {
    return data({ errors: { organisationId: "只能为本基地登记师资" } as Record<string, string>, values: form.values }, { status: 400 });
  }
  db.transaction((tx) => {
    const created = tx.insert(teachers).values(form.data).returning().get();
    writeAudit(tx, { ...actor(request, user), event: "learning.teacher_added", target: { table: "teachers", id: created.id }, details: { name: created.name } });
  });
  return redirect("/base/teachers");
}

export default function TeachersPage() {
  const { bases, teachers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <main className="container">
      <h1>师资</h1>
      {teachers.length === 0 ? (
        <p className="muted">还没有登记师资。</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="师资" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>姓名</th>
                <th>职称 / 资格</th>
                <th>擅长</th>
                <th>所属基地</th>
              </tr>
            </thead>
            <tbody>
              {teachers.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.title}</td>
                  <td className="wrap">{t.specialty}</td>
                  <td>{t.base}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="card narrow">
        <h2>登记师资</h2>
        <Form method="post" className="stack" noValidate>
          <FormError error={errors._form} />
          <SelectField label="培训基地" name="organisationId" options={bases} defaultValue={values.organisationId} error={errors.organisationId} />
          <Field label="姓名" name="name" defaultValue={values.name} error={errors.name} />
          <Field label="职称 / 资格" name="title" defaultValue={values.title} error={errors.title} />
          <Field label="擅长教学内容" name="specialty" defaultValue={values.specialty} error={errors.specialty} />
          <button type="submit">登记</button>
        </Form>
      </section>
    </main>
  );
}
