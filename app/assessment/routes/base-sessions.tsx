import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { chinaDate, formatDateTime } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { planLabel, sessionStatusNames } from "../plan-label.ts";
import { sessionDetailsSchema } from "../session-form.ts";
import { createSession, listPlans, listSessions } from "../sessions.server.ts";

export const meta: MetaFunction = () => [{ title: "认定批次 · carecert" }];

/** A schema per request: the dates are checked against today (China time). */
const sessionSchema = (today: string) =>
  z.object({ organisationId: z.coerce.number().int(), planId: z.coerce.number({ message: "请选择认定方案" }).int() }).and(sessionDetailsSchema(today));

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:assessment:org");
  return {
    sessions: (await listSessions(db, scope)).map(({ session, plan, baseName, applicants, approved }) => ({
      id: session.id,
      name: session.name,
      plan: planLabel(plan),
      baseName,
      startsAt: formatDateTime(session.theoryStartsAt),
      status: session.retiredAt ? "已取消" : sessionStatusNames[session.status],
      applicants,
      approved,
    })),
    plans: (await listPlans(db)).map((p) => ({ value: String(p.id), label: planLabel(p) })),
    bases: (await listOrganisations(scope, { types: ["training_base"] })).map((b) => ({ value: String(b.id), label: b.name })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "manage:assessment:org");
  const form = parseForm(await request.formData(), sessionSchema(chinaDate(new Date())));
  if (!form.ok) return data({ errors: form.errors, values: form.values }, { status: 400 });
  if (!(await listOrganisations(scope, { types: ["training_base"] })).some((b) => b.id === form.data.organisationId)) {
    return data({ errors: { organisationId: "只能为本基地安排批次" } as Record<string, string>, values: form.values }, { status: 400 });
  }
  if (!(await listPlans(db)).some((p) => p.id === form.data.planId)) return data({ errors: { planId: "没有这个认定方案" } as Record<string, string>, values: form.values }, { status: 400 });
  const created = await createSession(db, form.data, actor(request, user));
  return redirect(`/base/assessments/${created.id}`);
}

export default function SessionsPage() {
  const { sessions, plans, bases } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <main className="container">
      <h1>认定批次</h1>
      <DataTable
        caption="认定批次"
        rows={sessions}
        rowKey={(s) => s.id}
        empty="还没有安排认定批次。"
        columns={[
          { header: "批次", wrap: true, cell: (s) => <Link to={`/base/assessments/${s.id}`}>{s.name}</Link> },
          { header: "方案", wrap: true, cell: (s) => s.plan },
          { header: "理论考试", cell: (s) => s.startsAt },
          { header: "状态", cell: (s) => s.status },
          { header: "申报 / 通过", numeric: true, cell: (s) => `${s.applicants} / ${s.approved}` },
        ]}
      />
      <section className="card narrow">
        <h2>安排新批次</h2>
        <Form method="post" className="stack" noValidate>
          <FormError error={errors._form} />
          <SelectField label="培训基地" name="organisationId" options={bases} defaultValue={values.organisationId} error={errors.organisationId} />
          <SelectField label="认定方案（职业与等级）" name="planId" options={plans} defaultValue={values.planId} error={errors.planId} />
          <Field label="批次名称" name="name" defaultValue={values.name} error={errors.name} hint="如：2026 年第 4 批养老护理员（五级）认定" />
          <Field label="理论考试开始时间" name="theoryStartsAt" type="datetime-local" defaultValue={values.theoryStartsAt} error={errors.theoryStartsAt} />
          <Field label="报名截止日期" name="applicationsCloseOn" type="date" defaultValue={values.applicationsCloseOn} error={errors.applicationsCloseOn} hint="须早于考试日期；截止日当天仍可报名" />
          <Field label="考点地址" name="venue" defaultValue={values.venue} error={errors.venue} />
          <Field label="考场（每行：名称，容量）" name="rooms" rows={3} defaultValue={values.rooms ?? "一号考场，30"} error={errors.rooms} />
          <button type="submit">创建批次</button>
        </Form>
      </section>
    </main>
  );
}
