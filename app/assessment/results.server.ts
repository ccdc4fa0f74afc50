import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, people, recheckRequests, sessionStaff, skillScores, theoryAttempts, users } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { issueSessionCertificates } from "../certificates/certificates.server.ts";
import { closeIfOverdue } from "./exam.server.ts";
import { checkItemScores, overallResult, scoredPartResult, taskScore, type PartTask, type ScoredPart } from "./scoring.ts";
import { examinerQualifiedFor } from "./staff.server.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;
type Duty = (typeof sessionStaff.$inferSelect)["duty"];

/** Who scores each part: examiners (the chief examiner among them) the skill tasks, the panel the 综合评审. */
export const scoringDuties: Record<ScoredPart, Duty[]> = { skill: ["examiner", "chief_examiner"], review: ["panel"] };
export const partNames: Record<ScoredPart, string> = { skill: "技能考核", review: "综合评审" };

export function partTasks(plan: { skillTasks: PartTask[]; reviewTasks: PartTask[] }, part: ScoredPart): PartTask[] {
  return part === "skill" ? plan.skillTasks : plan.reviewTasks;
}

/** One scorer's item scores for one candidate's task, once: nobody sees another's scores before submitting. */
export function submitPartScores(db: Db, input: { sessionId: number; applicationId: number; part: ScoredPart; taskId: string; examinerId: number; items: Record<string, number> }, by: Actor): string[] {
  const row = db
    .select({ application: applications, plan: assessmentPlans, status: assessmentSessions.status })
    .from(applications)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .where(and(eq(applications.id, input.applicationId), eq(applications.sessionId, input.sessionId), eq(applications.status, "approved")))
    .get();
  const task = row ? partTasks(row.plan, input.part).find((t) => t.id === input.taskId) : undefined;
  if (!row || !task) return ["未找到该考生或考核项目"];
  if (row.status !== "open") return ["批次未在考试中，不能评分"];
  if (!examinerQualifiedFor(db, input.examinerId, row.plan)) return ["您的考评员资格不覆盖该职业等级，不能评分"];
  const problems = checkItemScores(task.rubric, input.items);
  if (problems.length > 0) return problems;
  const { score, criticalFailed } = taskScore(task.rubric, input.items);
  return db.transaction((tx) => {
    const saved = tx
      .insert(skillScores)
      .values({ part: input.part, applicationId: input.applicationId, taskId: input.taskId, examinerId: input.examinerId, items: input.items, total: score, criticalFailed, submittedAt: new Date() })
      .onConflictDoNothing()
      .returning()
      .get();
    if (!saved) return ["您已提交过该考生的评分，不能修改"];
    writeAudit(tx, { ...by, event: `assessment.${input.part}_scored`, target: { table: "applications", id: input.applicationId }, relatedUserId: row.application.userId, details: { taskId: input.taskId, total: score, criticalFailed } });
    return [];
  });
}

/** What one scorer has submitted in a session for one part: only their own totals. */
export function scoredBy(db: Db, examinerId: number, sessionId: number, part: ScoredPart) {
  return db
    .select({ applicationId: skillScores.applicationId, taskId: skillScores.taskId, total: skillScores.total })
    .from(skillScores)
    .innerJoin(applications, eq(applications.id, skillScores.applicationId))
    .where(and(eq(skillScores.examinerId, examinerId), eq(skillScores.part, part), eq(applications.sessionId, sessionId)))
    .all();
}

/**
 * Every approved candidate's parts as they stand: theory (overdue papers closed first), skill (mean of
 * examiners per task, mean of tasks) and, when the plan has it, the 综合评审 (mean of the whole panel).
 */
export function sessionResults(db: Db, sessionId: number, now = new Date()) {
  const session = db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId)).get()!;
  const plan = db.select().from(assessmentPlans).where(eq(assessmentPlans.id, session.planId)).get()!;
  const panel = db.select().from(sessionStaff).where(and(eq(sessionStaff.sessionId, sessionId), eq(sessionStaff.duty, "panel"))).all().length;
  const candidates = db
    .select({ application: applications, name: people.name, attempt: theoryAttempts })
    .from(applications)
    .innerJoin(users, eq(users.id, applications.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .leftJoin(theoryAttempts, eq(theoryAttempts.applicationId, applications.id))
    .where(and(eq(applications.sessionId, sessionId), eq(applications.status, "approved")))
    .all();
  return candidates.map(({ application, name, attempt }) => {
    const closed = attempt ? closeIfOverdue(db, attempt, now) : null;
    const theory = closed?.submittedAt ? closed.score : null;
    const scores = db.select().from(skillScores).where(eq(skillScores.applicationId, application.id)).all();
    const totals = (part: ScoredPart) => {
      const byTask: Record<string, number[]> = {};
      for (const s of scores.filter((s) => s.part === part)) (byTask[s.taskId] ??= []).push(s.total);
      return byTask;
    };
    const skill = scoredPartResult(plan.skillTasks, totals("skill"), plan.spreadThreshold);
    const review = plan.hasReview ? scoredPartResult(plan.reviewTasks, totals("review"), plan.spreadThreshold, Math.max(1, panel)) : null;
    const result = overallResult([
      { part: "theory", score: theory, passMark: plan.passMark },
      { part: "skill", score: skill.score, passMark: plan.passMark },
      ...(review ? [{ part: "review" as const, score: review.score, passMark: plan.passMark }] : []),
    ]);
    return { applicationId: application.id, userId: application.userId, name, theory, skill: skill.score, tasks: skill.tasks, review: review?.score ?? null, reviewTasks: review?.tasks ?? [], passed: result.passed, parts: result.parts };
  });
}

/** Why results cannot be published yet: a skill task nobody has scored, or a 综合评审 the whole panel has not scored. */
function missingScores(results: ReturnType<typeof sessionResults>): string[] {
  const unscored = results.filter((r) => r.tasks.some((t) => t.score === null)).map((r) => r.name);
  const unreviewed = results.filter((r) => r.reviewTasks.some((t) => t.score === null)).map((r) => r.name);
  return [...(unscored.length > 0 ? [`技能考核尚未评分：${unscored.join("、")}`] : []), ...(unreviewed.length > 0 ? [`综合评审尚未由全体评审专家评分：${unreviewed.join("、")}`] : [])];
}

/** Publishes results in one transaction; refused while a skill or 综合评审 score is missing. */
export function publishResults(db: Db, sessionId: number, by: Actor): string[] {
  const results = sessionResults(db, sessionId);
  const missing = missingScores(results);
  if (missing.length > 0) return missing;
  const now = new Date();
  db.transaction((tx) => {
    for (const r of results) {
      tx.insert(assessmentResults).values({ applicationId: r.applicationId, theoryScore: r.theory, skillScore: r.skill, reviewScore: r.review, passed: r.passed, publishedAt: now }).run();
    }
    tx.update(assessmentSessions).set({ status: "published", publishedAt: now }).where(eq(assessmentSessions.id, sessionId)).run();
    issueSessionCertificates(tx, sessionId, now, by);
    writeAudit(tx, { ...by, event: "assessment.results_published", target: { table: "assessment_sessions", id: sessionId }, details: { candidates: results.length, passed: results.filter((r) => r.passed).length } });
  });
  return [];
}

export function requestRecheck(db: Db, applicationId: number, userId: number, reason: string, ip: string) {
  db.transaction((tx) => {
    const created = tx.insert(recheckRequests).values({ applicationId, reason }).returning().get();
    writeAudit(tx, { event: "assessment.recheck_requested", target: { table: "recheck_requests", id: created.id }, userId, ip, details: { reason } });
  });
}

export function answerRecheck(db: Db, recheckId: number, answer: string, by: Actor & { userId: number }) {
  db.transaction((tx) => {
    tx.update(recheckRequests).set({ answer, answeredBy: by.userId, answeredAt: new Date() }).where(eq(recheckRequests.id, recheckId)).run();
    writeAudit(tx, { ...by, event: "assessment.recheck_answered", target: { table: "recheck_requests", id: recheckId }, details: { answer } });
  });
}
