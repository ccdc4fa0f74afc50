import { firstRow } from "../../../db/query.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, desc, eq } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, organisations, recheckRequests } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { isConfirmed } from "../../utils/confirm.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { withdrawable, withdrawApplication } from "../applications.server.ts";
import { clientIp, notFound } from "../../utils/http.ts";
import { ORAL_LEVEL, setOralTheory } from "../oral.server.ts";
import { partFullNames, planParts, requestRecheck } from "../results.server.ts";
import { resultLine } from "../scoring.ts";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { applicationStatusNames, planLabel, sessionStatusNames } from "../plan-label.ts";
import { sessionsOpenForApplication } from "../sessions.server.ts";

export const meta: MetaFunction = () => [{ title: "职业技能等级认定 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Own scope: only this trainee's applications.
  const { user } = await requireUserWithPermission(request, "apply:assessment:own");
  const mine = await db
    .select({ application: applications, session: assessmentSessions, plan: assessmentPlans, baseName: organisations.name, result: assessmentResults })
    .from(applications)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .leftJoin(assessmentResults, eq(assessmentResults.applicationId, applications.id))
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .innerJoin(organisations, eq(organisations.id, assessmentSessions.organisationId))
    .where(eq(applications.userId, user.id))
    .orderBy(desc(applications.createdAt));
  const applied = new Set(mine.map((m) => m.session.id));
  return {
    mine: await Promise.all(mine.map(async ({ application, session, plan, baseName, result }) => ({
      id: application.id,
      session: session.name,
      plan: planLabel(plan),
      baseName,
      startsAt: formatDateTime(session.theoryStartsAt),
      status: applicationStatusNames[application.status],
      rejected: application.status === "rejected",
      withdrawable: withdrawable(application, session),
      reason: application.decisionReason,
      room: application.room,
      sessionStatus: sessionStatusNames[session.status],
      // A 补考 that keeps the theory score has no paper to sit.
      examUrl: application.status === "approved" && session.status === "open" && (application.resitParts === null || application.resitParts.includes("theory")) ? `/exam/${session.id}` : null,
      // Rooms and seats are assigned when the session opens.
      ticketUrl: application.status === "approved" && session.status !== "draft" && application.room ? `/assessments/${session.id}/admission-ticket.pdf` : null,
      // Scores exist before publication but are shown only after it.
      result: result
        ? {
            theory: result.theoryScore,
            skill: result.skillScore,
            review: plan.hasReview ? result.reviewScore : undefined,
            // Absent parts read 缺考, scored ones their score; a 补考 marks the parts it kept.
            line: resultLine(planParts(plan).map((part) => ({ part, score: { theory: result.theoryScore, skill: result.skillScore, review: result.reviewScore }[part], kept: application.resitParts !== null && !application.resitParts.includes(part), oral: application.oralTheory }))),
            passed: result.passed,
            passMark: plan.passMark,
          }
        : null,
      // 口试 is for 五级 only; it can be asked for or withdrawn until the session opens.
      oral: plan.level === ORAL_LEVEL && application.status !== "rejected" ? { requested: application.oralTheory, changeable: session.status === "draft" } : null,
      resit: application.resitParts ? `补考${application.resitParts.map((p) => partFullNames[p]).join("、")}` : null,
      rechecks: (await db.select().from(recheckRequests).where(eq(recheckRequests.applicationId, application.id))).map((r) => ({ id: r.id, reason: r.reason, answer: r.answer })),
    }))),
    open: (await sessionsOpenForApplication(db))
      .filter(({ session }) => !applied.has(session.id))
      .map(({ session, plan, baseName }) => ({ id: session.id, name: session.name, plan: planLabel(plan), baseName, venue: session.venue, startsAt: formatDateTime(session.theoryStartsAt) })),
  };
}

const recheckSchema = z.object({ applicationId: z.coerce.number().int(), reason: z.string().trim().min(5, "请写明申请复核的理由（至少 5 个字）").max(300, "最多 300 个字") });
const oralSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("oral-request"), applicationId: z.coerce.number().int(), noPrimarySchool: z.literal("on", { message: "申请口试须声明本人未完成小学教育" }) }),
  z.object({ intent: z.literal("oral-withdraw"), applicationId: z.coerce.number().int() }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "apply:assessment:own");
  const formData = await request.formData();
  const form = Object.fromEntries(formData);
  if (form.intent === "withdraw") {
    const applicationId = Number(form.applicationId);
    if (!isConfirmed(formData)) return data({ withdrawError: { applicationId, message: "请先在确认框中核对后再提交" } }, { status: 400 });
    const outcome = await withdrawApplication(db, { applicationId, userId: user.id, by: actor(request, user) });
    if (!outcome.ok && outcome.status === 404) notFound(outcome.error);
    if (!outcome.ok) return data({ withdrawError: { applicationId, message: outcome.error } }, { status: outcome.status });
    return redirectWithNotice(request, "/assessments", `已撤回 ${outcome.label} 的申报`);
  }
  if (form.intent === "oral-request" || form.intent === "oral-withdraw") {
    const applicationId = Number(form.applicationId);
    const oral = oralSchema.safeParse(form);
    if (!oral.success) return data({ oralError: { applicationId, message: oral.error.issues[0]!.message } }, { status: 400 });
    const outcome = await setOralTheory(db, { applicationId: oral.data.applicationId, userId: user.id, oral: oral.data.intent === "oral-request", by: actor(request, user) });
    if (!outcome.ok && outcome.status === 404) notFound(outcome.error);
    if (!outcome.ok) return data({ oralError: { applicationId, message: outcome.error } }, { status: outcome.status });
    return redirectWithNotice(request, "/assessments", oral.data.intent === "oral-request" ? "已申请理论考试口试" : "已撤回口试申请");
  }
  const parsed = recheckSchema.safeParse(form);
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  // Only one's own published result can be re-checked.
  const published = await firstRow(db
    .select({ id: applications.id })
    .from(applications)
    .innerJoin(assessmentResults, eq(assessmentResults.applicationId, applications.id))
    .where(and(eq(applications.id, parsed.data.applicationId), eq(applications.userId, user.id))));
  if (!published) notFound("未找到已发布的成绩");
  await requestRecheck(db, published.id, user.id, parsed.data.reason, clientIp(request));
  return redirectWithNotice(request, "/assessments", "已提交复核申请，等待培训基地答复");
}

export default function TraineeAssessments() {
  const { mine, open } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <main className="container">
      <h1>职业技能等级认定</h1>
      <h2>我的申报</h2>
      {mine.length === 0 ? <p className="muted">您还没有申报。</p> : null}
      {mine.map((m) => (
        <section key={m.id} className="card">
          <p>
            <strong>{m.plan}</strong> · {m.session} <span className={m.rejected ? "tag warn" : "tag"}>{m.status}</span>
            {m.resit ? <span className="tag">{m.resit}</span> : null}
          </p>
          <p className="muted">
            {m.baseName} · 理论考试 {m.startsAt} · 批次{m.sessionStatus}
            {m.room ? ` · 考场：${m.room}` : ""}
          </p>
          {m.reason ? <p className="hint">不通过原因：{m.reason}</p> : null}
          {m.withdrawable ? (
            <div className="actions">
              <ConfirmAction
                label="撤回申报"
                intent="withdraw"
                danger
                fields={{ applicationId: String(m.id) }}
                consequences={[`撤回 ${m.plan} · ${m.session} 的申报`, "培训基地不再审核这份申报；报名截止前可以重新申报"]}
              />
              {failed && "withdrawError" in failed && failed.withdrawError.applicationId === m.id ? (
                <p className="field-error" role="alert">
                  {failed.withdrawError.message}
                </p>
              ) : null}
            </div>
          ) : null}
          {m.oral ? <OralRequest applicationId={m.id} {...m.oral} error={failed && "oralError" in failed && failed.oralError.applicationId === m.id ? failed.oralError.message : undefined} /> : null}
          {m.result ? (
            <div className={m.result.passed ? "notice" : "notice warn"}>
              <p>
                认定结果：{m.result.line}（及格线 {m.result.passMark} 分）：<strong>{m.result.passed ? "合格" : "不合格"}</strong>
              </p>
              {m.rechecks.map((r) => (
                <p key={r.id} className="hint">
                  复核申请：{r.reason}。{r.answer ? `复核结果：${r.answer}` : "等待培训基地答复。"}
                </p>
              ))}
              {m.rechecks.length === 0 ? (
                <Form method="post" className="actions">
                  <input type="hidden" name="applicationId" value={m.id} />
                  <input name="reason" aria-label="申请复核的理由" placeholder="对成绩有异议？写明理由申请复核" />
                  <button type="submit" className="secondary">
                    申请复核
                  </button>
                </Form>
              ) : null}
              {failed && "error" in failed ? (
                <p className="field-error" role="alert">
                  {failed.error}
                </p>
              ) : null}
            </div>
          ) : null}
          {m.examUrl || m.ticketUrl ? (
            <p className="actions">
              {m.ticketUrl ? (
                <a href={m.ticketUrl} className="button secondary" download>
                  下载准考证（PDF）
                </a>
              ) : null}
              {m.examUrl ? (
                <Link to={m.examUrl} className="button">
                  进入理论考试
                </Link>
              ) : null}
            </p>
          ) : null}
        </section>
      ))}
      <h2>正在报名的批次</h2>
      {open.length === 0 ? <p className="muted">目前没有正在报名的批次。</p> : null}
      <div className="cards">
        {open.map((s) => (
          <Link key={s.id} to={`/assessments/${s.id}/apply`} className="card">
            <p className="tag">{s.plan}</p>
            <h3>{s.name}</h3>
            <p className="muted">
              {s.baseName} · {s.venue}
            </p>
            <p className="hint">理论考试 {s.startsAt}</p>
          </Link>
        ))}
      </div>
    </main>
  );
}

/** 口试 request on a 五级 application: a declaration and a button, or the request and its withdrawal. */
function OralRequest({ applicationId, requested, changeable, error }: { applicationId: number; requested: boolean; changeable: boolean; error?: string }) {
  if (!requested && !changeable) return null;
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="applicationId" value={applicationId} />
      {requested ? (
        <p>
          <span className="tag">口试</span> 已申请口试：理论考试由监考员读题并代录您的答案。
        </p>
      ) : (
        <label>
          <input type="checkbox" name="noPrimarySchool" /> 本人未完成小学教育，申请理论考试口试（由监考员代录答案）
        </label>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {changeable ? (
        <p className="actions">
          {requested ? (
            <button type="submit" name="intent" value="oral-withdraw" className="secondary">
              撤回口试申请
            </button>
          ) : (
            <button type="submit" name="intent" value="oral-request" className="secondary">
              申请口试（由监考员代录答案）
            </button>
          )}
        </p>
      ) : null}
    </Form>
  );
}
