import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { DataTable } from "../../components/data-table.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import type { Scope } from "../../auth/permissions.ts";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { parseForm } from "../../utils/form.ts";
import { createClass, listClasses } from "../classes.server.ts";
import { listCatalogue } from "../learning.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { classDetailsSchema } from "../class-schema.ts";

export const meta: MetaFunction = () => [{ title: "培训班 · carecert" }];

/** A schema per request: the dates are checked against today (China time). */
const classSchema = (today: string) =>
  z.object({ organisationId: z.coerce.number({ message: "请选择培训基地" }).int(), courseId: z.string().min(1, "请选择课程") }).and(classDetailsSchema(today));

async function bases(scope: Scope) {
  return (await listOrganisations(scope, { types: ["training_base"] })).map((o) => ({ value: String(o.id), label: o.name }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:class:org");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  const status = (["active", "retired", "all"] as const).find((s) => s === url.searchParams.get("status")) ?? "active";
  const range = pageWindow(url);
  const { rows, ...paging } = paged(await listClasses(db, scope, { q, status }, range), range);
  return {
    q,
    status,
    paging,
    classes: rows,
    bases: await bases(scope),
    courses: (await listCatalogue(db)).map((c) => ({ value: c.id, label: c.title })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "manage:class:org");
  const form = parseForm(await request.formData(), classSchema(chinaDate(new Date())));
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  if (!(await bases(scope)).some((b) => b.value === String(form.data.organisationId))) {
    return data({ errors: { organisationId: "只能为本基地开班" } as Record<string, string>, values: form.values }, { status: 400 });
  }
  if (!(await listCatalogue(db)).some((c) => c.id === form.data.courseId)) {
    return data({ errors: { courseId: "没有这门课程" } as Record<string, string>, values: form.values }, { status: 400 });
  }
  const created = await createClass(db, form.data, actor(request, user));
  return redirect(`/base/classes/${created.id}`);
}

export default function ClassesPage() {
  const { q, status, paging, classes, bases, courses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <main className="container">
      <h1>培训班</h1>
      <FilterForm
        search={{ label: "班级名称", value: q, placeholder: "输入班级名称中的字" }}
        selects={[{ name: "status", label: "状态", value: status === "active" ? "" : status, options: [{ value: "", label: "在办" }, { value: "retired", label: "已停办" }, { value: "all", label: "全部" }] }]}
      />
      <DataTable
        caption="培训班"
        rows={classes}
        rowKey={(c) => c.id}
        empty={q || status !== "active" ? "没有符合条件的培训班。" : "还没有培训班。"}
        paging={paging}
        columns={[
          {
            header: "班级",
            cell: (c) => (
              <>
                <Link to={`/base/classes/${c.id}`}>{c.name}</Link>
                {c.retiredAt ? <span className="tag warn">已停办</span> : null}
              </>
            ),
          },
          { header: "课程", cell: (c) => c.courseTitle },
          { header: "起止日期", cell: (c) => `${c.startsOn} 至 ${c.endsOn}` },
          { header: "学员", cell: (c) => c.members, numeric: true },
        ]}
      />
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
