import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import type { Scope } from "../../auth/permissions.ts";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { parseForm } from "../../utils/form.ts";
import { createClass, listClasses } from "../classes.server.ts";
import { listCatalogue } from "../learning.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { checkBusinessDate } from "../../utils/business-dates.ts";

export const meta: MetaFunction = () => [{ title: "培训班 · carecert" }];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "请选择日期");
/** A schema per request: the dates are checked against today (China time). */
const classSchema = (today: string) => z
  .object({
    organisationId: z.coerce.number({ message: "请选择培训基地" }).int(),
    courseId: z.string().min(1, "请选择课程"),
    name: z.string().trim().min(2, "请填写班级名称").max(60, "班级名称最多 60 个字"),
    startsOn: date,
    endsOn: date,
  })
  .superRefine((c, ctx) => {
    for (const field of ["startsOn", "endsOn"] as const) {
      const problem = checkBusinessDate(c[field], today);
      if (problem) ctx.addIssue({ code: "custom", path: [field], message: problem });
    }
    if (c.endsOn < c.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "结束日期不能早于开始日期" });
  });

function bases(scope: Scope) {
  return listOrganisations(scope, { types: ["training_base"] }).map((o) => ({ value: String(o.id), label: o.name }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = requireUserWithPermission(request, "manage:class:org");
  return {
    classes: listClasses(db, scope),
    bases: bases(scope),
    courses: listCatalogue(db).map((c) => ({ value: c.id, label: c.title })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = requireUserWithPermission(request, "manage:class:org");
  const form = parseForm(await request.formData(), classSchema(chinaDate(new Date())));
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  if (!bases(scope).some((b) => b.value === String(form.data.organisationId))) {
    return data({ errors: { organisationId: "只能为本基地开班" } as Record<string, string>, values: form.values }, { status: 400 });
  }
  if (!listCatalogue(db).some((c) => c.id === form.data.courseId)) {
    return data({ errors: { courseId: "没有这门课程" } as Record<string, string>, values: form.values }, { status: 400 });
  }
  const created = createClass(db, form.data, actor(request, user));
  return redirect(`/base/classes/${created.id}`);
}

export default function ClassesPage() {
  const { classes, bases, courses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <main className="container">
      <h1>培训班</h1>
      {classes.length === 0 ? (
        <p className="muted">还没有培训班。</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="培训班" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>班级</th>
                <th>课程</th>
                <th>起止日期</th>
                <th className="num">学员</th>
              </tr>
            </thead>
            <tbody>
              {classes.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/base/classes/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{c.courseTitle}</td>
                  <td>
                    {c.startsOn} 至 {c.endsOn}
                  </td>
                  <td className="num">{c.members}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="card narrow">
        <h2>开设新班</h2>
        <Form method="post" className="stack" noValidate>
          <FormError error={errors._form} />
          <SelectField label="培训基地" name="organisationId" options={bases} defaultValue={values.organisationId} error={errors.organisationId} />
          <SelectField label="课程" name="courseId" options={courses} defaultValue={values.courseId} error={errors.courseId} />
          <Field label="班级名称" name="name" defaultValue={values.name} error={errors.name} hint="如：2026 年第 3 期养老护理员（五级）培训班" />
          <Field label="开始日期" name="startsOn" type="date" defaultValue={values.startsOn} error={errors.startsOn} />
          <Field label="结束日期" name="endsOn" type="date" defaultValue={values.endsOn} error={errors.endsOn} />
          <button type="submit">开班</button>
        </Form>
      </section>
    </main>
  );
}
