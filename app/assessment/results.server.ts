import { firstRow, returnedRow } from "../../db/query.ts";
import { addMonths } from "date-fns";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "../../db/client.ts";
import { lockedForUpdate } from "../../db/dialect.ts";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, certificates, partAttendance, people, recheckRequests, sessionStaff, skillScores, skillTaskDraws, spreadResolutions, theoryAttempts, users } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { issueSessionCertificates, revokeCertificate } from "../certificates/certificates.server.ts";
import { chinaDate, formatDateTime } from "../utils/dates.ts";
import { closeIfOverdue } from "./exam.server.ts";
import { checkItemScores, overallResult, resultLine, scoredPartResult, taskScore, type PartResult, type PartTask, type ScoredPart } from "./scoring.ts";
import { examinerQualifiedFor } from "./staff.server.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;
type Duty = (typeof sessionStaff.$inferSelect)["duty"];

/** Who scores each part: examiners (the chief examiner among them) the skill tasks, the panel the 综合评审. */
export const scoringDuties: Record<ScoredPart, Duty[]> = { skill: ["examiner", "chief_examiner"], review: ["panel"] };
export const partNames: Record<ScoredPart, string> = { skill: "技能考核", review: "综合评审" };

export function partTasks(plan: { skillTasks: PartTask[]; reviewTasks: PartTask[] }, part: ScoredPart): PartTask[] {
  return part === "skill" ? plan.skillTasks : plan.reviewTasks;
}

/** What a candidate is scored on: the skill operations they drew at opening (none when the part is kept from an earlier sitting), or the whole 综合评审. */
export async function candidateTasks(db: DbOrTx, plan: { skillTasks: PartTask[]; reviewTasks: PartTask[] }, part: ScoredPart, applicationId: number): Promise<PartTask[]> {
  if (part === "review") return plan.reviewTasks;
  const draw = await firstRow(db.select().from(skillTaskDraws).where(eq(skillTaskDraws.applicationId, applicationId)));
  return plan.skillTasks.filter((t) => draw?.taskIds.includes(t.id));
}

/**
 * The session's row, locked until the transaction ends (PostgreSQL), with its status as committed. Scoring, resolving
 * a spread and publishing take it first, so a score or a decision lands before publication (and counts in it) or
 * sees the session published.
 */
async function lockSession(tx: Tx, sessionId: number) {
  return await firstRow(lockedForUpdate(tx.select({ status: assessmentSessions.status }).from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))));
}

/** One scorer's item scores for one candidate's task, once: nobody sees another's scores before submitting. */
export async function submitPartScores(db: Db, input: { sessionId: number; applicationId: number; part: ScoredPart; taskId: string; examinerId: number; items: Record<string, number> }, by: Actor): Promise<string[]> {
  // Checked and written in one transaction: publication cannot come between the open-session check and the score.
  return await db.transaction(async (tx) => {
    const session = await lockSession(tx, input.sessionId);
    const row = await firstRow(tx
      .select({ application: applications, plan: assessmentPlans })
      .from(applications)
      .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
      .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
      .where(and(eq(applications.id, input.applicationId), eq(applications.sessionId, input.sessionId), eq(applications.status, "approved"))));
    const task = row ? partTasks(row.plan, input.part).find((t) => t.id === input.taskId) : undefined;
    if (!session || !row || !task) return ["未找到该考生或考核项目"];
    if (session.status !== "open") return ["批次未在考试中，不能评分"];
    if (!await examinerQualifiedFor(tx, input.examinerId, row.plan)) return ["您的考评员资格不覆盖该职业等级，不能评分"];
    if ((await candidateTasks(tx, row.plan, input.part, input.applicationId)).every((t) => t.id !== input.taskId)) return ["该考生没有抽到这个考核项目"];
    if (await firstRow(tx.select().from(partAttendance).where(and(eq(partAttendance.applicationId, input.applicationId), eq(partAttendance.part, input.part), eq(partAttendance.status, "absent"))))) return [`该考生${partNames[input.part]}已记录缺考`];
    const problems = checkItemScores(task.rubric, input.items);
    if (problems.length > 0) return problems;
    const { score, criticalFailed } = taskScore(task.rubric, input.items);
    const saved = await returnedRow(tx
      .insert(skillScores)
      .values({ part: input.part, applicationId: input.applicationId, taskId: input.taskId, examinerId: input.examinerId, items: input.items, total: score, criticalFailed, submittedAt: new Date() })
      .onConflictDoNothing()
      .returning());
    if (!saved) return ["您已提交过该考生的评分，不能修改"];
    await writeAudit(tx, { ...by, event: `assessment.${input.part}_scored`, target: { table: "applications", id: input.applicationId }, relatedUserId: row.application.userId, details: { taskId: input.taskId, total: score, criticalFailed } });
    return [];
  });
}

/** What one scorer has submitted in a session for one part: only their own totals. */
export async function scoredBy(db: Db, examinerId: number, sessionId: number, part: ScoredPart) {
  return await db
    .select({ applicationId: skillScores.applicationId, taskId: skillScores.taskId, total: skillScores.total })
    .from(skillScores)
    .innerJoin(applications, eq(applications.id, skillScores.applicationId))
    .where(and(eq(skillScores.examinerId, examinerId), eq(skillScores.part, part), eq(applications.sessionId, sessionId)));
}

type Part = PartResult["part"];
export const partFullNames: Record<Part, string> = { theory: "理论知识考试", skill: "技能考核", review: "综合评审" };
const resultColumns = { theory: "theoryScore", skill: "skillScore", review: "reviewScore" } as const;
/** A part as it stands for one candidate: scored, 缺考 (recorded at the door), kept from an earlier sitting (补考), or still missing. */
export type PartState = "scored" | "absent" | "kept" | "missing";

/** How many must score each part: every examiner assigned to the session (the chief among them), or the whole panel. */
async function requiredScorers(db: DbOrTx, sessionId: number): Promise<Record<ScoredPart, number>> {
  const staff = await db.select().from(sessionStaff).where(eq(sessionStaff.sessionId, sessionId));
  const count = (part: ScoredPart) => Math.max(1, new Set(staff.filter((s) => scoringDuties[part].includes(s.duty)).map((s) => s.userId)).size);
  return { skill: count("skill"), review: count("review") };
}

/** Plan parts in order: theory, skill and, for 二级/一级, the 综合评审. */
export function planParts(plan: { hasReview: boolean }): Part[] {
  return plan.hasReview ? ["theory", "skill", "review"] : ["theory", "skill"];
}

/**
 * Every approved candidate's parts as they stand: theory (overdue papers closed first), skill (every assigned
 * examiner's score on each operation the candidate drew, mean of operations) and, when the plan has it, the 综合评审
 * (the whole panel). A part recorded 缺考 needs no score; a 补考 candidate keeps the earlier score of the parts not sat again.
 */
export async function sessionResults(db: DbOrTx, sessionId: number, now = new Date(), only?: { applicationId: number }) {
  const session = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(eq(assessmentPlans.id, session.planId))))!;
  const required = await requiredScorers(db, sessionId);
  const candidates = await db
    .select({ application: applications, name: people.name, attempt: theoryAttempts, draw: skillTaskDraws, earlier: assessmentResults })
    .from(applications)
    .innerJoin(users, eq(users.id, applications.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .leftJoin(theoryAttempts, eq(theoryAttempts.applicationId, applications.id))
    .leftJoin(skillTaskDraws, eq(skillTaskDraws.applicationId, applications.id))
    .leftJoin(assessmentResults, eq(assessmentResults.applicationId, applications.resitOfApplicationId))
    .where(and(eq(applications.sessionId, sessionId), eq(applications.status, "approved"), only ? eq(applications.id, only.applicationId) : undefined))
    .orderBy(asc(applications.id));
  // One candidate after another, as before: closing an overdue paper writes, in candidates' order.
  const results = [];
  for (const { application, name, attempt, draw, earlier } of candidates) {
    const absent = new Set((await db.select().from(partAttendance).where(and(eq(partAttendance.applicationId, application.id), eq(partAttendance.status, "absent")))).map((a) => a.part));
    const kept = (part: Part) => earlier !== null && application.resitParts !== null && !application.resitParts.includes(part);
    const scores = await db.select().from(skillScores).where(eq(skillScores.applicationId, application.id));
    const resolutions = await db.select().from(spreadResolutions).where(eq(spreadResolutions.applicationId, application.id));
    const scored = (part: ScoredPart, tasks: PartTask[]) => {
      const byTask: Record<string, number[]> = {};
      for (const s of scores.filter((s) => s.part === part)) (byTask[s.taskId] ??= []).push(s.total);
      const resolved = Object.fromEntries(resolutions.filter((r) => r.part === part).map((r) => [r.taskId, { decision: r.decision, score: r.score, reason: r.reason }]));
      return scoredPartResult(tasks, byTask, plan.spreadThreshold, required[part], resolved);
    };
    const state = (part: Part, score: number | null): { part: Part; state: PartState; score: number | null } =>
      kept(part) ? { part, state: "kept", score: earlier![resultColumns[part]] } : absent.has(part) ? { part, state: "absent", score: null } : { part, state: score === null ? "missing" : "scored", score };

    const closed = attempt && !kept("theory") && !absent.has("theory") ? await closeIfOverdue(db, attempt, now) : null;
    const drawn = (draw?.taskIds ?? []).map((id) => plan.skillTasks.find((t) => t.id === id)).filter((t): t is PartTask => t !== undefined);
    const skill = kept("skill") || absent.has("skill") ? null : scored("skill", drawn);
    const review = plan.hasReview && !kept("review") && !absent.has("review") ? scored("review", plan.reviewTasks) : null;
    const parts = [state("theory", closed?.submittedAt ? closed.score : null), state("skill", skill?.score ?? null), ...(plan.hasReview ? [state("review", review?.score ?? null)] : [])];
    const result = overallResult(parts.map((p) => ({ part: p.part, score: p.score, passMark: plan.passMark })));
    const problems: string[] = [];
    for (const p of parts.filter((p) => p.state === "missing")) {
      if (p.part === "theory") problems.push(`${name}：理论知识考试既无成绩也未记录缺考`);
      else if (p.part === "skill" && drawn.length === 0) problems.push(`${name}：技能考核尚未抽取考核项目`);
      else {
        const tasks = (p.part === "skill" ? skill : review)!.tasks;
        const done = Math.min(...tasks.map((t) => t.scorers));
        if (done < required[p.part as ScoredPart]) problems.push(`${name}：${partFullNames[p.part]}尚未由全部 ${required[p.part as ScoredPart]} 名${p.part === "skill" ? "考评员" : "评审专家"}评分（已评 ${done} 名）`);
      }
    }
    for (const [part, partResult] of [["skill", skill], ["review", review]] as const) {
      for (const t of partResult?.tasks.filter((t) => t.unresolved) ?? []) {
        problems.push(`${name}：${partFullNames[part]}${partResult!.tasks.length > 1 ? `“${t.title}”` : ""}评分相差 ${t.spread} 分，须由主考复评或确认`);
      }
    }
    results.push({
      applicationId: application.id,
      userId: application.userId,
      name,
      theory: parts[0]!.score,
      skill: parts[1]!.score,
      review: parts[2]?.score ?? null,
      tasks: skill?.tasks ?? [],
      reviewTasks: review?.tasks ?? [],
      states: parts,
      absent: parts.some((p) => p.state === "absent"),
      passed: result.passed,
      problems,
    });
  }
  return results;
}

/** When the session's last exam ends: the theory exam's start plus its duration (sessions carry no separate skill time). */
function examEnds(session: typeof assessmentSessions.$inferSelect, plan: typeof assessmentPlans.$inferSelect): Date {
  return new Date(session.theoryStartsAt.getTime() + plan.blueprint.durationMinutes * 60_000);
}

/**
 * What publishing would do, or why it cannot yet: only an open session whose exam has ended, every part of every
 * candidate scored or recorded 缺考, every spread beyond the threshold resolved by the chief examiner.
 */
export async function publishCheck(db: DbOrTx, sessionId: number, now = new Date()) {
  const session = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(eq(assessmentPlans.id, session.planId))))!;
  const results = session.status === "draft" ? [] : await sessionResults(db, sessionId, now);
  const problems: string[] = [];
  if (session.status !== "open") problems.push(session.status === "published" ? "成绩已经发布" : "批次尚未开考，不能发布成绩");
  else if (now < examEnds(session, plan)) problems.push(`考试尚未结束（理论考试 ${formatDateTime(session.theoryStartsAt)} 开始，${plan.blueprint.durationMinutes} 分钟），结束后才能发布成绩`);
  else if (results.length === 0) problems.push("没有考生，不能发布成绩");
  if (session.status === "open") problems.push(...results.flatMap((r) => r.problems));
  const counts = {
    candidates: results.length,
    passed: results.filter((r) => r.passed).length,
    failed: results.filter((r) => !r.passed && !r.absent).length,
    absent: results.filter((r) => r.absent).length,
  };
  return { problems, counts, results };
}

type PublishCounts = Awaited<ReturnType<typeof publishCheck>>["counts"];

/**
 * Publishes results and issues the certificates of those who passed, in one transaction that also computes them: a
 * score or decision either committed before (and counts) or waits for publication and is refused. Refused (nothing
 * written but overdue papers closed) while anything is missing; a second publish finds the session published.
 */
export async function publishResults(db: Db, sessionId: number, by: Actor, now = new Date()): Promise<{ problems: string[]; counts: PublishCounts }> {
  return await db.transaction(async (tx) => {
    await lockSession(tx, sessionId);
    const { problems, results, counts } = await publishCheck(tx, sessionId, now);
    if (problems.length > 0) return { problems, counts };
    for (const r of results) {
      await tx.insert(assessmentResults).values({ applicationId: r.applicationId, theoryScore: r.theory, skillScore: r.skill, reviewScore: r.review, passed: r.passed, publishedAt: now });
    }
    await tx.update(assessmentSessions).set({ status: "published", publishedAt: now }).where(eq(assessmentSessions.id, sessionId));
    await issueSessionCertificates(tx, sessionId, now, by);
    await writeAudit(tx, { ...by, event: "assessment.results_published", target: { table: "assessment_sessions", id: sessionId }, details: counts });
    return { problems: [], counts };
  });
}

const halfPoints = (n: number) => Number.isFinite(n) && n >= 0 && n <= 100 && Number.isInteger(n * 2);

/**
 * The chief examiner's decision on a spread beyond the threshold, once every scorer has scored the task:
 * a new score (replacing the mean) or the mean confirmed, each with a written reason, logged, taken once.
 */
export async function resolveSpread(
  db: Db,
  input: { sessionId: number; applicationId: number; part: ScoredPart; taskId: string; decision: "rescore" | "confirm"; score: number | null; reason: string; chiefId: number },
  by: Actor,
): Promise<string[]> {
  const problems: string[] = [];
  if (input.reason.trim().length < 4) problems.push("请写明理由（至少 4 个字）");
  if (input.decision === "rescore" && (input.score === null || !halfPoints(input.score))) problems.push("复评分须在 0–100 分之间");
  // Checked and written in one transaction, under the session's lock: publication cannot come between.
  return await db.transaction(async (tx) => {
    if ((await lockSession(tx, input.sessionId))?.status !== "open") problems.push("批次未在考试中，不能处理评分差异");
    if (problems.length > 0) return problems;
    const [candidate] = await sessionResults(tx, input.sessionId, new Date(), { applicationId: input.applicationId });
    const task = (input.part === "skill" ? candidate?.tasks : candidate?.reviewTasks)?.find((t) => t.taskId === input.taskId);
    if (!candidate || !task?.flagged) return ["该考核项目没有需要处理的评分差异"];
    if (task.resolution) return ["该评分差异已经处理"];
    if (task.score === null) return ["须待全部评分人员评分后再处理评分差异"];
    const saved = await returnedRow(tx
      .insert(spreadResolutions)
      .values({ applicationId: input.applicationId, part: input.part, taskId: input.taskId, decision: input.decision, score: input.decision === "rescore" ? input.score : null, reason: input.reason.trim(), decidedBy: input.chiefId, decidedAt: new Date() })
      .onConflictDoNothing()
      .returning());
    if (!saved) return ["该评分差异已经处理"];
    await writeAudit(tx, {
      ...by,
      event: input.decision === "rescore" ? "assessment.spread_rescored" : "assessment.spread_confirmed",
      target: { table: "applications", id: input.applicationId },
      relatedUserId: candidate.userId,
      details: { part: input.part, taskId: input.taskId, spread: task.spread, mean: task.score, score: saved.score, reason: saved.reason },
    });
    return [];
  });
}

export async function requestRecheck(db: Db, applicationId: number, userId: number, reason: string, ip: string) {
  await db.transaction(async (tx) => {
    const created = await returnedRow(tx.insert(recheckRequests).values({ applicationId, reason }).returning());
    await writeAudit(tx, { event: "assessment.recheck_requested", target: { table: "recheck_requests", id: created.id }, userId, ip, details: { reason } });
  });
}

const scoreText = (score: number | null) => (score === null ? "缺考" : `${score} 分`);

/**
 * 复核 decided by the chief examiner: a part's new score, or the score upheld, with the reason. The published result,
 * the pass, the certificate (issued when it now passes, revoked when it no longer does) and the answer the candidate
 * reads change in one transaction.
 */
export async function decideRecheck(db: Db, input: { sessionId: number; recheckId: number; part: Part; decision: "change" | "uphold"; score: number | null; reason: string; chiefId: number }, by: Actor): Promise<string[]> {
  const reason = input.reason.trim();
  const now = new Date();
  // Read and written in one transaction under the lock of the candidate's result: two decisions on the same result
  // (two requests, two parts) take turns, each computing the pass from the scores the other left.
  return await db.transaction(async (tx) => {
    const target = await firstRow(tx
      .select({ applicationId: recheckRequests.applicationId })
      .from(recheckRequests)
      .innerJoin(applications, eq(applications.id, recheckRequests.applicationId))
      .where(and(eq(recheckRequests.id, input.recheckId), eq(applications.sessionId, input.sessionId))));
    if (!target) return ["未找到该复核申请"];
    await firstRow(lockedForUpdate(tx.select({ applicationId: assessmentResults.applicationId }).from(assessmentResults).where(eq(assessmentResults.applicationId, target.applicationId))));
    const found = await firstRow(tx
      .select({ recheck: recheckRequests, result: assessmentResults, plan: assessmentPlans, userId: applications.userId })
      .from(recheckRequests)
      .innerJoin(applications, eq(applications.id, recheckRequests.applicationId))
      .innerJoin(assessmentResults, eq(assessmentResults.applicationId, applications.id))
      .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
      .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
      .where(eq(recheckRequests.id, input.recheckId)));
    if (!found) return ["未找到该复核申请"];
    const problems: string[] = [];
    if (reason.length < 4) problems.push("请写明复核理由（至少 4 个字）");
    if (!planParts(found.plan).includes(input.part)) problems.push("该认定没有这一部分");
    if (input.decision === "change" && (input.score === null || !halfPoints(input.score))) problems.push("复核分须在 0–100 分之间");
    if (found.recheck.answeredAt) problems.push("该复核申请已经决定");
    if (problems.length > 0) return problems;
    const { recheck, result, plan } = found;
    const previous = result[resultColumns[input.part]];
    const next = input.decision === "change" ? input.score : previous;
    const scores = { theory: result.theoryScore, skill: result.skillScore, review: result.reviewScore, [input.part]: next };
    const passed = overallResult(planParts(plan).map((part) => ({ part, score: scores[part], passMark: plan.passMark }))).passed;
    const answer = input.decision === "change" ? `${partFullNames[input.part]}由 ${scoreText(previous)}改为 ${scoreText(next)}：${reason}` : `维持${partFullNames[input.part]}原成绩（${scoreText(previous)}）：${reason}`;
    await tx.update(recheckRequests).set({ answer, answeredBy: input.chiefId, answeredAt: now, part: input.part, previousScore: previous, newScore: next }).where(eq(recheckRequests.id, recheck.id));
    await tx.update(assessmentResults).set({ [resultColumns[input.part]]: next, passed }).where(eq(assessmentResults.applicationId, recheck.applicationId));
    if (passed && !result.passed) await issueSessionCertificates(tx, input.sessionId, now, by);
    if (!passed && result.passed) {
      const certificate = await firstRow(tx.select().from(certificates).where(and(eq(certificates.applicationId, recheck.applicationId), isNull(certificates.revokedAt))));
      if (certificate) await revokeCertificate(tx, certificate, `复核后${partFullNames[input.part]}改为 ${scoreText(next)}，不合格：${reason}`, { ...by, userId: by.userId ?? null }, now);
    }
    await writeAudit(tx, { ...by, event: "assessment.recheck_decided", target: { table: "recheck_requests", id: recheck.id }, relatedUserId: found.userId, details: { part: input.part, decision: input.decision, previous, score: next, passed, reason } });
    return [];
  });
}

/**
 * 补考: a trainee whose latest published result in this plan failed some parts but passed others may sit only the failed
 * parts (缺考 counts as failed) in a later session within the plan's period (default 12 months, counted from the first
 * sitting's publication), keeping the passed parts' scores.
 */
export async function resitOffer(db: DbOrTx, userId: number, session: { planId: number; theoryStartsAt: Date }, now = new Date()) {
  const plan = (await firstRow(db.select().from(assessmentPlans).where(eq(assessmentPlans.id, session.planId))))!;
  const latest = await firstRow(db
    .select({ application: applications, result: assessmentResults, sittingAt: assessmentSessions.theoryStartsAt })
    .from(applications)
    .innerJoin(assessmentResults, eq(assessmentResults.applicationId, applications.id))
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .where(and(eq(applications.userId, userId), eq(assessmentSessions.planId, plan.id)))
    .orderBy(desc(assessmentResults.publishedAt)));
  if (!latest || latest.result.passed || latest.sittingAt >= session.theoryStartsAt) return null;
  const first = latest.application.resitOfApplicationId ? await firstRow(db.select().from(assessmentResults).where(eq(assessmentResults.applicationId, latest.application.resitOfApplicationId))) : null;
  const until = addMonths(first?.publishedAt ?? latest.result.publishedAt, plan.resitMonths);
  if (now > until || session.theoryStartsAt > until) return null;
  const score = (part: Part) => latest.result[resultColumns[part]];
  const failed = planParts(plan).filter((part) => (score(part) ?? -1) < plan.passMark);
  const kept = planParts(plan).filter((part) => !failed.includes(part));
  if (kept.length === 0) return null;
  const keptText = resultLine(kept.map((part) => ({ part, score: score(part) })));
  return { application: latest.application, parts: failed, kept: keptText, label: `补考${failed.map((p) => partFullNames[p]).join("、")}（保留${keptText}）`, until: chinaDate(until) };
}
