import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { assessmentPlans, assessmentSessions, sessionStaff } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { notFound } from "../../utils/http.ts";
import { partNames, partTasks, scoredBy, scoringDuties, sessionResults, submitPartScores } from "../results.server.ts";
import type { ScoredPart } from "../scoring.ts";
import { applicationsOf } from "../sessions.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.partName ?? "评分"}评分 · carecert` }];

/**
 * One page for both scored parts: /skill for the examiners, /review for the 综合评审 panel. Those on
 * duty for the part score it; the chief examiner also sees the part's flagged spreads. Anyone else,
 * and a review page for a plan without one, answers 404.
 */
function requireScorer(request: Request, sessionId: string | undefined, partParam: string | undefined) {
  const { user } = requireUserWithPermission(request, "read:examining:org");
  const part: ScoredPart | null = partParam === "skill" || partParam === "review" ? partParam : null;
  const duties = db
    .select({ duty: sessionStaff.duty })
    .from(sessionStaff)
    .where(and(eq(sessionStaff.sessionId, Number(sessionId)), eq(sessionStaff.userId, user.id)))
    .all()
    .map((d) => d.duty);
  const scores = part !== null && duties.some((d) => scoringDuties[part].includes(d));
  const chief = duties.includes("chief_examiner");
  const found =
    part && (scores || chief)
      ? db.select({ session: assessmentSessions, plan: assessmentPlans }).from(assessmentSessions).innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId)).where(eq(assessmentSessions.id, Number(sessionId))).get()
      : undefined;
  if (!part || !found || (part === "review" && !found.plan.hasReview)) notFound("您不是该批次的考评员或评审专家");
  return { user, part, scores, chief, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, part, scores, chief, session, plan } = requireScorer(request, params.sessionId, params.part);
  const mine = scoredBy(db, user.id, session.id, part);
  const scoredByMe = (applicationId: number, taskId: string) => mine.some((m) => m.applicationId === applicationId && m.taskId === taskId);
  return {
    part,
    partName: partNames[part],
    // The chief examiner reviews tasks whose scorers differ by more than the threshold; one who scores
    // the part sees a candidate's spread only after submitting their own score for it.
    flagged: chief
      ? sessionResults(db, session.id).flatMap((r) =>
          (part === "skill" ? r.tasks : r.reviewTasks).filter((t) => t.flagged && (!scores || scoredByMe(r.applicationId, t.taskId))).map((t) => ({ name: r.name, task: t.title, spread: t.spread, score: t.score })),
        )
      : null,
    otherPart: chief && plan.hasReview ? (part === "skill" ? { href: `/examiner/sessions/${session.id}/review`, name: partNames.review } : { href: `/examiner/sessions/${session.id}/skill`, name: partNames.skill }) : null,
    session: { id: session.id, name: session.name, open: session.status === "open" },
    canScore: scores,
    tasks: partTasks(plan, part),
    // Only this scorer's own totals: the others' stay hidden.
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
  const { user, part, scores, session, plan } = requireScorer(request, params.sessionId, params.part);
  if (!scores) notFound(`您不是该批次的${part === "review" ? "评审专家" : "考评员"}`);
  const form = await request.formData();
  const taskId = String(form.get("taskId"));
  const task = partTasks(plan, part).find((t) => t.id === taskId);
  const applicationId = Number(form.get("applicationId"));
  if (!task) return data({ applicationId, taskId, problems: ["没有这个考核项目"], message: null }, { status: 400 });
  const items = Object.fromEntries(task.rubric.map((item) => [item.id, form.get(`item_${item.id}`) === "" || form.get(`item_${item.id}`) === null ? Number.NaN : Number(form.get(`item_${item.id}`))]));
  const problems = submitPartScores(db, { sessionId: session.id, applicationId, part, taskId, examinerId: user.id, items }, actor(request, user));
  if (problems.length > 0) return data({ applicationId, taskId, problems, message: null }, { status: 400 });
  return { applicationId, taskId, problems: [] as string[], message: "评分已提交" };
}

export default function PartScoringPage() {
  const { part, partName, session, canScore, tasks, candidates, flagged, otherPart } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const scorer = part === "review" ? "评审专家" : "考评员";
  return (
    <main className="container reader">
      <p className="breadcrumbs">
        <Link to="/examiner">考评工作台</Link>
        {otherPart ? (
          <>
            {" · "}
            <Link to={otherPart.href}>{otherPart.name}评分</Link>
          </>
        ) : null}
      </p>
      <h1>{partName}评分</h1>
      <p className="muted">
        {session.name}。各{scorer}独立评分，提交后不能修改；提交前看不到他人的评分。
        {part === "review" ? "综合评审成绩为全体评审专家评分的平均分。" : ""}
      </p>
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
                  {f.name} · {f.task}：{scorer}评分相差 {f.spread} 分{f.score !== null ? `，平均 ${f.score} 分` : "，尚未全部评完"}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {canScore
        ? candidates.map((c) =>
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
          )
        : null}
    </main>
  );
}
