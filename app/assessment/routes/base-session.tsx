import { firstRow, returnedRow } from "../../../db/query.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { applications, people, recheckRequests, sessionStaff, users } from "../../../db/schema.ts";
import { writeAudit } from "../../audit/audit.server.ts";
import { actor } from "../../auth/auth.server.ts";
import { Field, FormError, SelectField, FormProblems } from "../../components/field.tsx";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { parseForm } from "../../utils/form.ts";
import { chinaDate } from "../../utils/dates.ts";
import { sessionDetailsSchema, sessionFormValues } from "../session-form.ts";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { applicationStatusNames, dutyNames, planLabel, sessionStatusNames } from "../plan-label.ts";
import { partFullNames, scoringDuties, sessionResults } from "../results.server.ts";
import { applicationsOf, openSession, plannedStaffing, retireSession, sessionDatesOf, sessionLocked, staffOf, updateSession } from "../sessions.server.ts";
import { listBaseStaff } from "../staff.server.ts";
import { requireBaseSession } from "../base-session-guard.server.ts";
import { qualificationProblem } from "../qualifications.ts";
import { checkStaffing } from "../staffing.ts";
import { qualificationsOf } from "../staff.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.name ?? "认定批次"} · carecert` }];

/** The base's examiner accounts that are not disabled: the people a session may be staffed with. */
const activeStaff = async (organisationId: number) => (await listBaseStaff(db, [organisationId])).filter((s) => !s.disabledAt);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, plan, baseName } = await requireBaseSession(request, params.sessionId);
  const planned = await plannedStaffing(db, session.id);
  return {
    session: {
      id: session.id,
      name: session.name,
      venue: session.venue,
      startsAt: formatDateTime(session.theoryStartsAt),
      status: session.status,
      statusName: session.retiredAt ? "已取消" : sessionStatusNames[session.status],
      retired: session.retiredAt !== null,
      rooms: session.rooms,
    },
    form: sessionFormValues({ ...session, applicationsCloseOn: sessionDatesOf(session).applicationsCloseOn }),
    seats: planned.theoryRooms.reduce((n, r) => n + r.candidates, 0),
    plan: { label: planLabel(plan), hasReview: plan.hasReview, passMark: plan.passMark, duration: plan.blueprint.durationMinutes, tasks: plan.skillTasks.map((t) => t.title) },
    baseName,
    staff: (await staffOf(db, session.id)).map((s) => ({ ...s, dutyName: dutyNames[s.duty] })),
    examiners: (await activeStaff(session.organisationId)).map((e) => ({ value: String(e.userId), label: e.name })),
    applications: (await applicationsOf(db, session.id)).map(({ application, name, idNumber }) => ({
      id: application.id,
      name,
      idNumber,
      status: application.status,
      statusName: applicationStatusNames[application.status],
      reason: application.decisionReason,
      eligible: application.eligibility.eligible,
      route: application.eligibility.metRoute,
      room: application.room,
      resit: application.resitParts ? `补考${application.resitParts.map((p) => partFullNames[p]).join("、")}` : null,
      oral: application.oralTheory,
    })),
    staffingProblems: session.status === "draft" ? checkStaffing(planned) : [],
    results:
      session.status === "draft"
        ? []
        : (await sessionResults(db, session.id)).map((r) => {
            const tasks = [...r.tasks, ...r.reviewTasks];
            return { ...r, flagged: tasks.some((t) => t.flagged), unresolved: tasks.some((t) => t.unresolved), spreads: tasks.map((t) => t.spread) };
          }),
    rechecks: (await db
      .select({ recheck: recheckRequests, name: people.name })
      .from(recheckRequests)
      .innerJoin(applications, eq(applications.id, recheckRequests.applicationId))
      .innerJoin(users, eq(users.id, applications.userId))
      .innerJoin(people, eq(people.id, users.personId))
      .where(eq(applications.sessionId, session.id)))
      .map(({ recheck, name }) => ({ id: recheck.id, name, reason: recheck.reason, answer: recheck.answer })),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-staff"), userId: z.coerce.number().int(), duty: z.enum(["invigilator", "examiner", "chief_examiner", "panel"]), room: z.string().optional() }),
  z.object({ intent: z.literal("remove-staff"), userId: z.coerce.number().int(), duty: z.enum(["invigilator", "examiner", "chief_examiner", "panel"]) }),
  z.object({ intent: z.literal("approve"), applicationId: z.coerce.number().int() }),
  z.object({ intent: z.literal("reject"), applicationId: z.coerce.number().int(), reason: z.string().trim().min(2, "请写明不通过的原因").max(200, "最多 200 个字") }),
  z.object({ intent: z.literal("open") }),
]);

type ActionResult = { problems: string[]; message: null; errors?: Record<string, string>; values?: Record<string, string> };
const refused = (problems: string[], status = 400, extra: Partial<ActionResult> = {}) => data<ActionResult>({ problems, message: null, ...extra }, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session, plan } = await requireBaseSession(request, params.sessionId);
  const form = await request.formData();
  const by = actor(request, user);
  const locked = sessionLocked(session);

  if (form.get("intent") === "edit") {
    if (locked) return refused([locked], 409);
    const parsed = parseForm(form, sessionDetailsSchema(chinaDate(new Date())));
    if (!parsed.ok) return refused([], 400, { errors: parsed.errors, values: parsed.values });
    const updated = await updateSession(db, session, parsed.data, by);
    if (!updated.ok) return refused([], 409, { errors: updated.errors, values: parsed.values });
    return redirectWithNotice(request, `/base/assessments/${session.id}`, updated.changed > 0 ? `已修改批次的 ${updated.changed} 项信息` : "批次信息没有变化");
  }
  if (form.get("intent") === "retire") {
    if (!isConfirmed(form)) return refused(["请在确认框中确认后再取消批次"]);
    const retired = await retireSession(db, session.id, by);
    if (!retired.ok) return refused([retired.message], 409);
    return retired.outcome === "deleted"
      ? redirectWithNotice(request, "/base/assessments", `已删除批次：${session.name}（没有申报）`)
      : redirectWithNotice(request, `/base/assessments/${session.id}`, `已取消批次：${session.name}，不再接受报名，申报记录保留`);
  }

  const parsed = actionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return refused(parsed.error.issues.map((i) => i.message));
  const input = parsed.data;
  if (locked) return refused([input.intent === "open" ? locked : `${locked}人员或审核申报`], 409);

  switch (input.intent) {
    case "add-staff": {
      if (!(await activeStaff(session.organisationId)).some((e) => e.userId === input.userId)) return refused(["只能安排本基地的考评人员"]);
      const room = input.duty === "invigilator" ? session.rooms.find((r) => r.name === input.room)?.name : undefined;
      if (input.duty === "invigilator" && !room) return refused(["请为监考员选择考场"]);
      // Scoring duties need a 考评员 qualification covering the level; invigilating does not.
      const scores = Object.values(scoringDuties).some((duties) => duties.includes(input.duty));
      const unqualified = scores ? qualificationProblem(await qualificationsOf(db, input.userId), plan) : null;
      if (unqualified) return refused([unqualified]);
      await db.transaction(async (tx) => {
        await tx.insert(sessionStaff).values({ sessionId: session.id, userId: input.userId, duty: input.duty, room: room ?? null }).onConflictDoUpdate({ target: [sessionStaff.sessionId, sessionStaff.userId, sessionStaff.duty], set: { room: room ?? null } });
        await writeAudit(tx, { ...by, event: "assessment.staff_assigned", target: { table: "assessment_sessions", id: session.id }, relatedUserId: input.userId, details: { duty: input.duty, room } });
      });
      return redirect(`/base/assessments/${session.id}`);
    }
    case "remove-staff":
      await db.transaction(async (tx) => {
        await tx.delete(sessionStaff).where(and(eq(sessionStaff.sessionId, session.id), eq(sessionStaff.userId, input.userId), eq(sessionStaff.duty, input.duty)));
        await writeAudit(tx, { ...by, event: "assessment.staff_removed", target: { table: "assessment_sessions", id: session.id }, relatedUserId: input.userId, details: { duty: input.duty } });
      });
      return redirect(`/base/assessments/${session.id}`);
    case "approve":
    case "reject": {
      const found = await firstRow(db
        .select({ application: applications, name: people.name })
        .from(applications)
        .innerJoin(users, eq(users.id, applications.userId))
        .innerJoin(people, eq(people.id, users.personId))
        .where(and(eq(applications.id, input.applicationId), eq(applications.sessionId, session.id))));
      if (!found) notFound("未找到该申报（学员可能已撤回）");
      const { application, name } = found;
      if (!isConfirmed(form)) return refused(["请先在确认框中核对后再提交"]);
      if (input.intent === "approve" && !application.eligibility.eligible) return refused(["该申报不符合任何申报条件，不能通过"]);
      // Decided once: the update only takes a pending row, so a double submission or a withdrawal in between changes nothing.
      const decided = await db.transaction(async (tx) => {
        const row = await returnedRow(tx
          .update(applications)
          .set({ status: input.intent === "approve" ? "approved" : "rejected", decisionReason: input.intent === "reject" ? input.reason : null, decidedBy: user.id, decidedAt: new Date() })
          .where(and(eq(applications.id, application.id), eq(applications.status, "pending")))
          .returning({ id: applications.id }));
        if (row) await writeAudit(tx, { ...by, event: input.intent === "approve" ? "assessment.application_approved" : "assessment.application_rejected", target: { table: "applications", id: application.id }, relatedUserId: application.userId, details: input.intent === "reject" ? { reason: input.reason } : {} });
        return row !== undefined;
      });
      if (!decided) return refused([`这份申报已审核（${applicationStatusNames[application.status]}），不能再次审核`], 409);
      return redirectWithNotice(request, `/base/assessments/${session.id}#applications`, input.intent === "approve" ? `申报已通过：${name}` : `申报不通过：${name}，原因：${input.reason}`);
    }
    case "open": {
      if (!isConfirmed(form)) return refused(["请在确认框中核对人数后再开考"]);
      const problems = await openSession(db, session.id, by);
      if (problems.length > 0) return refused(problems);
      const seated = (await applicationsOf(db, session.id)).filter((a) => a.application.status === "approved").length;
      return redirectWithNotice(request, `/base/assessments/${session.id}`, `批次已开考：${seated} 名考生已按考场编排，试卷已抽取`);
    }
  }
}

export default function SessionPage() {
  const { session, form, seats, plan, baseName, staff, examiners, applications, staffingProblems, results, rechecks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const draft = session.status === "draft" && !session.retired;
  const errors = result?.errors ?? {};
  const values = result?.values ?? form;
  const approved = applications.filter((a) => a.status === "approved").length;
  const pending = applications.filter((a) => a.status === "pending").length;
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/base/assessments">认定批次</Link>
      </p>
      <h1>{session.name}</h1>
      <p className="muted">
        {plan.label} · {baseName} · {session.venue} · 理论考试 {session.startsAt}（{plan.duration} 分钟） · <span className="tag">{session.statusName}</span>
      </p>
      {result?.problems.length ? (
        <FormProblems problems={result.problems} heading="不能完成操作：" />
      ) : null}
      {draft ? (
        <>
          <details className="card" open={Boolean(result?.errors)}>
            <summary>修改批次信息</summary>
            <Form method="post" className="stack" noValidate>
              <FormError error={errors._form} />
              <Field label="批次名称" name="name" defaultValue={values.name} error={errors.name} />
              <Field label="理论考试开始时间" name="theoryStartsAt" type="datetime-local" defaultValue={values.theoryStartsAt} error={errors.theoryStartsAt} />
              <Field label="报名截止日期" name="applicationsCloseOn" type="date" defaultValue={values.applicationsCloseOn} error={errors.applicationsCloseOn} hint="须早于考试日期；截止日当天仍可报名" />
              <Field label="考点地址" name="venue" defaultValue={values.venue} error={errors.venue} />
              <Field label="考场（每行：名称，容量）" name="rooms" rows={3} defaultValue={values.rooms} error={errors.rooms} />
              <p className="hint">开考前可以修改；开考后试卷已抽取，批次信息不再改变。</p>
              <button name="intent" value="edit">
                保存修改
              </button>
            </Form>
          </details>
          <div className="actions">
            <ConfirmAction
              label={applications.length > 0 ? "取消批次" : "删除批次"}
              intent="retire"
              danger
              consequences={
                applications.length > 0
                  ? [`本批次已有 ${applications.length} 人申报（已通过 ${approved} 人，待审核 ${pending} 人）`, "取消后不再接受报名，也不能开考；申报记录保留"]
                  : ["本批次还没有人申报：将删除这个批次及其人员安排"]
              }
              warning="此操作不能撤销。"
            />
          </div>
        </>
      ) : null}

      {results.length > 0 ? (
        <>
          <h2 id="results">成绩（及格线 {plan.passMark} 分）</h2>
          <div className="table-wrap" role="region" aria-label="成绩" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th>考生</th>
                  <th className="num">理论</th>
                  <th className="num">技能</th>
                  {plan.hasReview ? <th className="num">综合评审</th> : null}
                  <th>评分差异</th>
                  <th>结果</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr key={r.applicationId}>
                    <td>{r.name}</td>
                    {r.states.map((p) => (
                      <td key={p.part} className="num">
                        {p.state === "absent" ? "缺考" : (p.score ?? "—")}
                        {p.state === "kept" ? "（保留）" : ""}
                      </td>
                    ))}
                    <td>{r.flagged ? <span className={r.unresolved ? "tag warn" : "tag"}>差异 {Math.max(...r.spreads.map((s) => s ?? 0))} 分，{r.unresolved ? "待主考处理" : "主考已处理"}</span> : "—"}</td>
                    <td>{r.passed ? <span className="tag">合格</span> : <span className="tag warn">不合格</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {session.status === "open" ? (
            <p className="actions">
              <Link to={`/base/assessments/${session.id}/publish`} className="button">
                发布成绩…
              </Link>
              <span className="hint">先核对合格、不合格、缺考人数，再确认发布；发布后成绩只能通过主考复核更改。</span>
            </p>
          ) : null}
          {rechecks.map((r) => (
            <section key={r.id} className="card">
              <p>
                <strong>{r.name}</strong> 申请复核：{r.reason}
              </p>
              <p className="hint">{r.answer ? `主考复核决定：${r.answer}` : "等待主考复核决定。"}</p>
            </section>
          ))}
        </>
      ) : null}

      <h2 id="applications">申报（{applications.length}）</h2>
      {applications.length === 0 ? <p className="muted">还没有学员申报。</p> : null}
      {applications.map((a) => (
        <section key={a.id} className="card">
          <p>
            <strong>{a.name}</strong> <span className="muted">{a.idNumber}</span> <span className={a.status === "rejected" ? "tag warn" : "tag"}>{a.statusName}</span>
            {a.resit ? <span className="tag">{a.resit}</span> : null}
            {a.oral ? <span className="tag">口试</span> : null}
            {a.room ? <span className="muted"> · {a.room}</span> : null}
          </p>
          <p className="hint">{a.eligible ? `符合条件：${a.route}` : "不符合任何申报条件"}</p>
          {a.reason ? <p className="hint">不通过原因：{a.reason}</p> : null}
          {draft && a.status === "pending" ? (
            <div className="actions">
              {a.eligible ? (
                <ConfirmAction label="通过" intent="approve" fields={{ applicationId: String(a.id) }} consequences={[`${a.name} 的申报通过审核，开考时编入考场`, `符合条件：${a.route}`]} warning="审核后学员不能再撤回这份申报。" />
              ) : null}
              <ConfirmAction label="不通过" intent="reject" danger fields={{ applicationId: String(a.id) }} consequences={[`${a.name} 的申报不通过，学员会看到原因`]}>
                <label htmlFor={`reject-reason-${a.id}`}>不通过的原因</label>
                <input id={`reject-reason-${a.id}`} name="reason" required />
              </ConfirmAction>
            </div>
          ) : null}
        </section>
      ))}

      <h2>考评人员</h2>
      {staff.length > 0 ? (
        <div className="table-wrap" role="region" aria-label="申请" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>姓名</th>
                <th>职责</th>
                <th>考场</th>
                <th>
                  <span className="sr-only">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {staff.map((s) => (
                <tr key={`${s.userId}-${s.duty}`}>
                  <td>{s.name}</td>
                  <td>{s.dutyName}</td>
                  <td>{s.room ?? "—"}</td>
                  <td>
                    {draft ? (
                      <Form method="post">
                        <input type="hidden" name="userId" value={s.userId} />
                        <input type="hidden" name="duty" value={s.duty} />
                        <button name="intent" value="remove-staff" className="link-button">
                          移除
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {draft ? (
        <>
          <section className="card narrow">
            <h3>安排人员</h3>
            <Form method="post" className="stack">
              <SelectField label="人员" name="userId" options={examiners} />
              <SelectField
                label="职责"
                name="duty"
                options={[
                  { value: "invigilator", label: "监考员（理论）" },
                  { value: "examiner", label: "考评员（技能）" },
                  { value: "chief_examiner", label: "主考官（技能，兼复核评分差异）" },
                  ...(plan.hasReview ? [{ value: "panel", label: "评审专家（综合评审）" }] : []),
                ]}
              />
              <SelectField label="考场（监考员）" name="room" options={session.rooms.map((r) => ({ value: r.name, label: `${r.name}（${r.capacity} 座）` }))} />
              <button name="intent" value="add-staff">
                安排
              </button>
            </Form>
          </section>
          <section className="card">
            <h3>开考</h3>
            {staffingProblems.length > 0 ? (
              <ul className="hint">
                {staffingProblems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : (
              <p className="hint">人员配备符合要求。开考后不能再审核申报或调整人员。</p>
            )}
            <ConfirmAction
              label="开考"
              intent="open"
              consequences={[
                `本批次 ${approved} 名考生（审核通过）编入 ${session.rooms.length} 个考场，可容纳 ${session.rooms.reduce((n, r) => n + r.capacity, 0)} 人，已编排 ${seats} 人`,
                pending > 0 ? `还有 ${pending} 份申报待审核：开考后不能再审核，这些申报人不能参加本批次` : "没有待审核的申报",
                `考评人员 ${staff.length} 人次；每名考生的理论试卷和技能考核项目在开考时抽取`,
              ]}
              warning="开考后不能再修改批次、审核申报或调整人员。"
            />
          </section>
        </>
      ) : null}
    </main>
  );
}
