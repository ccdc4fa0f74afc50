import { firstRow } from "../../../db/query.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { assessmentPlans, assessmentSessions, sessionStaff } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { notFound } from "../../utils/http.ts";
import { candidateTasks, partNames, partTasks, resolveSpread, scoredBy, scoringDuties, sessionResults, submitPartScores } from "../results.server.ts";
import type { ScoredPart } from "../scoring.ts";
import { FormProblems } from "../../components/field.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.partName ?? "评分"}评分 · carecert` }];

/**
 * One page for both scored parts: /skill for the examiners, /review for the 综合评审 panel. Those on
 * duty for the part score it; the chief examiner also sees the part's flagged spreads. Anyone else,
 * and a review page for a plan without one, answers 404.
 */
async function requireScorer(request: Request, sessionId: string | undefined, partParam: string | undefined) {
  const { user } = await requireUserWithPermission(request, "read:examining:org");
  const part: ScoredPart | null = partParam === "skill" || partParam === "review" ? partParam : null;
  const duties = (await db
    .select({ duty: sessionStaff.duty })
    .from(sessionStaff)
    .where(and(eq(sessionStaff.sessionId, Number(sessionId)), eq(sessionStaff.userId, user.id))))
    .map((d) => d.duty);
  const scores = part !== null && duties.some((d) => scoringDuties[part].includes(d));
  const chief = duties.includes("chief_examiner");
  const found =
    part && (scores || chief)
      ? await firstRow(db.select({ session: assessmentSessions, plan: assessmentPlans }).from(assessmentSessions).innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId)).where(eq(assessmentSessions.id, Number(sessionId))))
      : undefined;
  if (!part || !found || (part === "review" && !found.plan.hasReview)) notFound("您不是该批次的考评员或评审专家");
  return { user, part, scores, chief, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, part, scores, chief, session, plan } = await requireScorer(request, params.sessionId, params.part);
  const mine = await scoredBy(db, user.id, session.id, part);
  const scoredByMe = (applicationId: number, taskId: string) => mine.some((m) => m.applicationId === applicationId && m.taskId === taskId);
  const results = await sessionResults(db, session.id);
  return {
    part,
    partName: partNames[part],
    // The chief examiner resolves tasks whose scorers differ by more than the threshold; one who scores
    // the part sees a candidate's spread only after submitting their own score for it.
    flagged: chief
      ? results.flatMap((r) =>
          (part === "skill" ? r.tasks : r.reviewTasks)
            .filter((t) => t.flagged && (!scores || scoredByMe(r.applicationId, t.taskId)))
            .map((t) => ({
              applicationId: r.applicationId,
              taskId: t.taskId,
              name: r.name,
              task: t.title,
              spread: t.spread,
              score: t.score,
              resolved: t.resolution ? (t.resolution.decision === "rescore" ? `复评 ${t.resolution.score} 分：${t.resolution.reason}` : `确认平均分：${t.resolution.reason}`) : null,
            })),
        )
      : null,
    otherPart: chief && plan.hasReview ? (part === "skill" ? { href: `/examiner/sessions/${session.id}/review`, name: partNames.review } : { href: `/examiner/sessions/${session.id}/skill`, name: partNames.skill }) : null,
    rechecksHref: chief && session.status === "published" ? `/examiner/sessions/${session.id}/rechecks` : null,
    session: { id: session.id, name: session.name, open: session.status === "open" },
    canScore: scores,
    // Each candidate with the operations they drew (the whole 综合评审 for the panel); parts recorded 缺考 or kept from an earlier sitting are not scored.
    candidates: await Promise.all(results
      .filter((r) => r.states.some((s) => s.part === part && (s.state === "scored" || s.state === "missing")))
      .map(async (r) => ({
        applicationId: r.applicationId,
        name: r.name,
        tasks: await candidateTasks(db, plan, part, r.applicationId),
        // Only this scorer's own totals: the others' stay hidden.
        scored: Object.fromEntries(mine.filter((m) => m.applicationId === r.applicationId).map((m) => [m.taskId, m.total])),
      }))),
  };
}

const resolveSchema = z.object({
  applicationId: z.coerce.number().int(),
  taskId: z.string(),
  decision: z.enum(["rescore", "confirm"], { message: "请选择复评或确认" }),
  score: z.string().optional(),
  reason: z.string().max(300, "最多 300 个字").default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, part, scores, chief, session, plan } = await requireScorer(request, params.sessionId, params.part);
  const form = await request.formData();
  if (form.get("intent") === "resolve") {
    if (!chief) notFound("只有主考可以处理评分差异");
    const parsed = resolveSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return data({ applicationId: null, taskId: null, problems: parsed.error.issues.map((i) => i.message), message: null }, { status: 400 });
    const { applicationId, taskId, decision, score, reason } = parsed.data;
    const problems = await resolveSpread(db, { sessionId: session.id, applicationId, part, taskId, decision, score: score === undefined || score === "" ? null : Number(score), reason, chiefId: user.id }, actor(request, user));
    if (problems.length > 0) return data({ applicationId, taskId, problems, message: null }, { status: 400 });
    return { applicationId, taskId, problems: [] as string[], message: decision === "rescore" ? `已复评，${partNames[part]}成绩改为复评分` : "已确认平均分" };
  }
  if (!scores) notFound(`您不是该批次的${part === "review" ? "评审专家" : "考评员"}`);
  const taskId = String(form.get("taskId"));
  const task = partTasks(plan, part).find((t) => t.id === taskId);
  const applicationId = Number(form.get("applicationId"));
  if (!task) return data({ applicationId, taskId, problems: ["没有这个考核项目"], message: null }, { status: 400 });
  const items = Object.fromEntries(task.rubric.map((item) => [item.id, form.get(`item_${item.id}`) === "" || form.get(`item_${item.id}`) === null ? Number.NaN : Number(form.get(`item_${item.id}`))]));
  const problems = await submitPartScores(db, { sessionId: session.id, applicationId, part, taskId, examinerId: user.id, items }, actor(request, user));
  if (problems.length > 0) return data({ applicationId, taskId, problems, message: null }, { status: 400 });
  return { applicationId, taskId, problems: [] as string[], message: "评分已提交" };
}

export default function PartScoringPage() {
  const { part, partName, session, canScore, candidates, flagged, otherPart, rechecksHref } = useLoaderData<typeof loader>();
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
      {rechecksHref ? (
        <p>
          <Link to={rechecksHref}>复核申请（主考决定）</Link>
        </p>
      ) : null}
      {flagged ? (
        <section className="card" id="spreads">
          <h2>评分差异（主考处理）</h2>
          <p className="hint">差异超过阈值的评分须由主考复评（录入新分数，取代平均分）或写明理由确认平均分，处理完毕后才能发布成绩。</p>
          {flagged.length === 0 ? (
            <p className="muted">目前没有超过差异阈值的评分。</p>
          ) : (
            <ul className="stack">
              {flagged.map((f) => {
                const here = result?.applicationId === f.applicationId && result.taskId === f.taskId;
                return (
                  <li key={`${f.applicationId}-${f.taskId}`}>
                    {f.name} · {f.task}：{scorer}评分相差 {f.spread} 分{f.score !== null ? `，平均 ${f.score} 分` : "，尚未全部评完"}
                    {f.resolved ? (
                      <span className="tag">{f.resolved}</span>
                    ) : f.score !== null && session.open ? (
                      <Form method="post" className="stack">
                        <input type="hidden" name="intent" value="resolve" />
                        <input type="hidden" name="applicationId" value={f.applicationId} />
                        <input type="hidden" name="taskId" value={f.taskId} />
                        <div className="field">
                          <label htmlFor={`score-${f.applicationId}-${f.taskId}`}>复评分（0–100，仅复评时填写）</label>
                          <input id={`score-${f.applicationId}-${f.taskId}`} name="score" type="number" inputMode="decimal" min={0} max={100} step={0.5} />
                        </div>
                        <div className="field">
                          <label htmlFor={`reason-${f.applicationId}-${f.taskId}`}>理由</label>
                          <input id={`reason-${f.applicationId}-${f.taskId}`} name="reason" required minLength={4} maxLength={300} />
                        </div>
                        {here && result.problems.length > 0 ? (
                          <FormProblems problems={result.problems} />
                        ) : null}
                        <div className="actions">
                          <button name="decision" value="rescore">
                            复评
                          </button>
                          <button name="decision" value="confirm" className="secondary">
                            确认平均分
                          </button>
                        </div>
                      </Form>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
          {result?.message && flagged.some((f) => f.applicationId === result.applicationId && f.taskId === result.taskId) ? (
            <p className="notice" role="status">
              {result.message}
            </p>
          ) : null}
        </section>
      ) : null}
      {canScore
        ? candidates.map((c) =>
            c.tasks.map((task) => {
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
                        <FormProblems problems={result.problems} />
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
