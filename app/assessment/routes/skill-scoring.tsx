import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq, inArray } from "drizzle-orm";
import { assessmentPlans, assessmentSessions, sessionStaff } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { notFound } from "../../utils/http.ts";
import { scoredBy, sessionResults, submitSkillScores } from "../results.server.ts";
import { applicationsOf } from "../sessions.server.ts";

export const meta: MetaFunction = () => [{ title: "技能考核评分 · carecert" }];

/** Only the session's examiners (and its chief examiner) score, and only while it is open. */
function requireExaminer(request: Request, sessionId: string | undefined) {
  const { user } = requireUserWithPermission(request, "read:examining:org");
  const duty = db
    .select()
    .from(sessionStaff)
    .where(and(eq(sessionStaff.sessionId, Number(sessionId)), eq(sessionStaff.userId, user.id), inArray(sessionStaff.duty, ["examiner", "chief_examiner"])))
    .get();
  const found = duty
    ? db.select({ session: assessmentSessions, plan: assessmentPlans }).from(assessmentSessions).innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId)).where(eq(assessmentSessions.id, Number(sessionId))).get()
    : undefined;
  if (!found) notFound("您不是该批次的考评员");
  return { user, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, session, plan } = requireExaminer(request, params.sessionId);
  const mine = scoredBy(db, user.id, session.id);
  const chief = db.select().from(sessionStaff).where(and(eq(sessionStaff.sessionId, session.id), eq(sessionStaff.userId, user.id), eq(sessionStaff.duty, "chief_examiner"))).get() !== undefined;
  return {
    // The chief examiner reviews tasks whose examiners differ by more than the threshold.
    flagged: chief
      ? sessionResults(db, session.id).flatMap((r) => r.tasks.filter((t) => t.flagged).map((t) => ({ name: r.name, task: t.title, spread: t.spread, score: t.score })))
      : null,
    session: { id: session.id, name: session.name, open: session.status === "open" },
    tasks: plan.skillTasks,
    // Only this examiner's own totals: the others' stay hidden.
    candidates: applicationsOf(db, session.id)
      .filter((a) => a.application.status === "approved")
      .map((a) => ({
        applicationId: a.application.id,
        name: a.name,
        scored: Object.fromEntries(mine.filter((m) => m.applicationId === a.application.id).map((m) => [m.taskId, m.total])),
      })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session, plan } = requireExaminer(request, params.sessionId);
  const form = await request.formData();
  const taskId = String(form.get("taskId"));
  const task = plan.skillTasks.find((t) => t.id === taskId);
  const applicationId = Number(form.get("applicationId"));
  if (!task) return data({ applicationId, taskId, problems: ["没有这个考核项目"], message: null }, { status: 400 });
  const items = Object.fromEntries(task.rubric.map((item) => [item.id, form.get(`item_${item.id}`) === "" || form.get(`item_${item.id}`) === null ? Number.NaN : Number(form.get(`item_${item.id}`))]));
  const problems = submitSkillScores(db, { sessionId: session.id, applicationId, taskId, examinerId: user.id, items }, actor(request, user));
  if (problems.length > 0) return data({ applicationId, taskId, problems, message: null }, { status: 400 });
  return { applicationId, taskId, problems: [] as string[], message: "评分已提交" };
}

export default function SkillScoringPage() {
  const { session, tasks, candidates, flagged } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container reader">
      <p className="breadcrumbs">
        <Link to="/examiner">考评工作台</Link>
      </p>
      <h1>技能考核评分</h1>
      <p className="muted">{session.name}。各考评员独立评分，提交后不能修改；提交前看不到他人的评分。</p>
      {!session.open ? <p className="notice warn">批次不在考试中，不能评分。</p> : null}
      {flagged ? (
        <section className="card">
          <h2>评分差异（主考复核）</h2>
          {flagged.length === 0 ? (
            <p className="muted">目前没有超过差异阈值的评分。</p>
          ) : (
            <ul>
              {flagged.map((f, i) => (
                <li key={i}>
                  {f.name} · {f.task}：考评员评分相差 {f.spread} 分，平均 {f.score} 分
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {candidates.map((c) =>
        tasks.map((task) => {
          const here = result?.applicationId === c.applicationId && result.taskId === task.id;
          const done = c.scored[task.id];
          return (
            <details key={`${c.applicationId}-${task.id}`} className="card" open={here || undefined}>
              <summary>
                <strong>{c.name}</strong> · {task.title} {done !== undefined ? <span className="tag">已评 {done} 分</span> : <span className="tag warn">待评分</span>}
              </summary>
              {done === undefined && session.open ? (
                <Form method="post" className="stack">
                  <input type="hidden" name="applicationId" value={c.applicationId} />
                  <input type="hidden" name="taskId" value={task.id} />
                  {task.rubric.map((item) => (
                    <div key={item.id} className="field">
                      <label htmlFor={`${c.applicationId}-${task.id}-${item.id}`}>
                        {item.label}（0–{item.points} 分）{item.critical ? <span className="tag warn">否决项</span> : null}
                      </label>
                      <input id={`${c.applicationId}-${task.id}-${item.id}`} name={`item_${item.id}`} type="number" inputMode="decimal" min={0} max={item.points} step={0.5} required />
                    </div>
                  ))}
                  {here && result.problems.length > 0 ? (
                    <div className="form-error" role="alert">
                      <ul>
                        {result.problems.map((p) => (
                          <li key={p}>{p}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  <button type="submit">提交评分</button>
                </Form>
              ) : null}
            </details>
          );
        }),
      )}
    </main>
  );
}
