import { returnedRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { createUser } from "../../seeds/factories.ts";
import { applications, assessmentPlans, assessmentSessions, lessons, lessonProgress, courseModules, quizAttempts, sessionStaff, skillScores, theoryAttempts } from "../../db/schema.ts";
import { enrol, recordCompletionIfDue } from "../../app/learning/learning.server.ts";
import { candidateTasks } from "../../app/assessment/results.server.ts";
import { drawSessionSkillTasks } from "../../app/assessment/sessions.server.ts";

/**
 * An open session of the 五级 养老护理员 plan at a base, every part scored, ready to publish:
 * one candidate per theory score given, the drawn skill tasks scored full by the session's one examiner.
 */
export async function scoredSession(db: DbOrTx, baseId: number, candidates: Array<{ theory: number; name?: string }>) {
  const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!;
  const examiner = await createUser(db, { role: "examiner", organisationId: baseId });
  const session = await returnedRow(db
    .insert(assessmentSessions)
    .values({ organisationId: baseId, planId: plan.id, name: `证书测试批次 ${Math.random().toString(36).slice(2, 8)}`, theoryStartsAt: new Date("2026-06-01T01:00:00Z"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }], status: "open" })
    .returning());
  await db.insert(sessionStaff).values({ sessionId: session.id, userId: examiner.id, duty: "examiner" });
  const people = [];
  for (const c of candidates) {
    const trainee = await createUser(db, { role: "trainee", ...(c.name ? { name: c.name } : {}) });
    const application = await returnedRow(db
      .insert(applications)
      .values({ sessionId: session.id, userId: trainee.id, facts: { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room: "一号考场" })
      .returning());
    await db.insert(theoryAttempts).values({ applicationId: application.id, seed: 1, paper: [], startedAt: new Date(), deadline: new Date(), deviceId: "d", submittedAt: new Date(), score: c.theory });
    await drawSessionSkillTasks(db, session.id);
    for (const task of await candidateTasks(db, plan, "skill", application.id)) {
      const items = Object.fromEntries(task.rubric.map((i) => [i.id, i.points]));
      await db.insert(skillScores).values({ applicationId: application.id, taskId: task.id, examinerId: examiner.id, items, total: 100, criticalFailed: [], submittedAt: new Date() });
    }
    people.push({ ...trainee, applicationId: application.id, theory: c.theory });
  }
  return { session, candidates: people };
}

/** Completes a course for real conditions: every lesson done, every quiz passed, the hours attended. */
export async function completeCourse(db: Parameters<typeof recordCompletionIfDue>[0], userId: number, courseId: string, offlineMinutes: number) {
  await enrol(db, userId, courseId, "192.0.2.10");
  for (const lesson of await db.select().from(lessons).where(eq(lessons.courseId, courseId))) {
    await db.insert(lessonProgress).values({ userId, courseId, lessonId: lesson.id, creditedSeconds: lesson.minutes * 60, completedAt: new Date() });
  }
  for (const m of await db.select().from(courseModules).where(eq(courseModules.courseId, courseId))) {
    await db.insert(quizAttempts).values({ userId, courseId, moduleId: m.id, questionIds: [], answers: {}, score: 100, passed: true, startedAt: new Date(), submittedAt: new Date() });
  }
  return recordCompletionIfDue(db, userId, courseId, offlineMinutes);
}
