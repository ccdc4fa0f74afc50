import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, people, recheckRequests, skillScores, theoryAttempts, users } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { issueSessionCertificates } from "../certificates/certificates.server.ts";
import { closeIfOverdue } from "./exam.server.ts";
import { checkItemScores, combineExaminers, overallResult, taskScore } from "./scoring.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;

/** An examiner's scores for one candidate's task, once: an examiner never sees another's scores before submitting. */
export function submitSkillScores(db: Db, input: { sessionId: number; applicationId: number; taskId: string; examinerId: number; items: Record<string, number> }, by: Actor): string[] {
  const row = db
    .select({ application: applications, plan: assessmentPlans, status: assessmentSessions.status })
    .from(applications)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .where(and(eq(applications.id, input.applicationId), eq(applications.sessionId, input.sessionId), eq(applications.status, "approved")))
    .get();
  const task = row?.plan.skillTasks.find((t) => t.id === input.taskId);
  if (!row || !task) return ["未找到该考生或考核项目"];
  if (row.status !== "open") return ["批次未在考试中，不能评分"];
  const problems = checkItemScores(task.rubric, input.items);
  if (problems.length > 0) return problems;
  const { score, criticalFailed } = taskScore(task.rubric, input.items);
  return db.transaction((tx) => {
    const saved = tx
      .insert(skillScores)
      .values({ applicationId: input.applicationId, taskId: input.taskId, examinerId: input.examinerId, items: input.items, total: score, criticalFailed, submittedAt: new Date() })
      .onConflictDoNothing()
      .returning()
      .get();
    if (!saved) return ["您已提交过该考生的评分，不能修改"];
    writeAudit(tx, { ...by, event: "assessment.skill_scored", target: { table: "applications", id: input.applicationId }, relatedUserId: row.application.userId, details: { taskId: input.taskId, total: score, criticalFailed } });
    return [];
  });
}

export function scoredBy(db: Db, examinerId: number, sessionId: number) {
  return db
    .select({ applicationId: skillScores.applicationId, taskId: skillScores.taskId, total: skillScores.total })
    .from(skillScores)
    .innerJoin(applications, eq(applications.id, skillScores.applicationId))
    .where(and(eq(skillScores.examinerId, examinerId), eq(applications.sessionId, sessionId)))
    .all();
}

/** Every approved candidate's parts as they stand: theory (overdue papers closed first), skill (mean of examiners per task, mean of tasks). */
export function sessionResults(db: Db, sessionId: number, now = new Date()) {
  const session = db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId)).get()!;
  const plan = db.select().from(assessmentPlans).where(eq(assessmentPlans.id, session.planId)).get()!;
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
    const tasks = plan.skillTasks.map((task) => {
      const totals = scores.filter((s) => s.taskId === task.id).map((s) => s.total);
      return { taskId: task.id, title: task.title, examiners: totals.length, ...(totals.length > 0 ? combineExaminers(totals, plan.spreadThreshold) : { score: null, spread: null, flagged: false }) };
    });
    const skill = tasks.length > 0 && tasks.every((t) => t.score !== null) ? Math.round((tasks.reduce((n, t) => n + t.score!, 0) / tasks.length) * 10) / 10 : null;
    const result = overallResult([
      { part: "theory", score: theory, passMark: plan.passMark },
      { part: "skill", score: skill, passMark: plan.passMark },
    ]);
    return { applicationId: application.id, userId: application.userId, name, theory, skill, tasks, passed: result.passed, parts: result.parts };
  });
}

/** Publishes results in one transaction; refused while a candidate's skill task has no score. */
export function publishResults(db: Db, sessionId: number, by: Actor): string[] {
  const results = sessionResults(db, sessionId);
  const unscored = results.filter((r) => r.tasks.some((t) => t.examiners === 0)).map((r) => r.name);
  if (unscored.length > 0) return [`技能考核尚未评分：${unscored.join("、")}`];
  const now = new Date();
  db.transaction((tx) => {
    for (const r of results) {
      tx.insert(assessmentResults).values({ applicationId: r.applicationId, theoryScore: r.theory, skillScore: r.skill, passed: r.passed, publishedAt: now }).run();
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
