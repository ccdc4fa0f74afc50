import { and, asc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { courseModules, lessons } from "../../db/schema.ts";
import { createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { attemptQuestions, completeLesson, courseProgress, enrol, openQuizAttempt, recordCompletionIfDue, recordStudyActivity, submitQuizAttempt } from "../../app/learning/learning.server.ts";
import { studyRules } from "../../app/learning/study-rules.ts";

/**
 * A trainee who does everything a course offers online: every lesson read for exactly its estimate, never
 * more, and every chapter quiz passed. No class is attended.
 */
async function studyEverythingOnline(courseId: string) {
  const course = loadContent("content/courses").courses.find((c) => c.id === courseId)!;
  await syncContent(db, [course]);
  const trainee = await createUser(db, { role: "trainee" });
  await enrol(db, trainee.id, courseId, "127.0.0.1");

  // The page reports every 30 s while a lesson is open.
  let clock = new Date("2026-11-02T01:00:00Z").getTime();
  const rows = await db.select().from(lessons).where(and(eq(lessons.courseId, courseId), isNull(lessons.retiredAt))).orderBy(asc(lessons.position));
  for (const lesson of rows) {
    for (let s = 0; s <= lesson.minutes * 60; s += studyRules.reportIntervalSeconds) await recordStudyActivity(db, trainee.id, lesson, new Date(clock + s * 1000));
    expect(await completeLesson(db, trainee.id, lesson, new Date(clock + lesson.minutes * 60 * 1000))).toEqual({ ok: true });
    clock += lesson.minutes * 60 * 1000 + 3600_000; // an hour's break between lessons earns nothing
  }

  const modules = await db.select().from(courseModules).where(eq(courseModules.courseId, courseId));
  for (const m of modules) {
    const attempt = await openQuizAttempt(db, trainee.id, { id: courseId, level: course.level }, { id: m.id, quizQuestions: m.quizQuestions }, 1);
    const answers = Object.fromEntries((await attemptQuestions(db, attempt.questionIds)).map((q) => [q.id, q.answer]));
    expect(await submitQuizAttempt(db, trainee.id, attempt.id, answers, m.quizPassScore)).toMatchObject({ passed: true });
  }
  return { course, trainee };
}

describe("blended hours (issue #14: online and offline 学时 stated apart, both required)", () => {
  it("completes the 家庭照护者 course online alone: every lesson read for its estimated time, every chapter quiz passed, no class attended", async () => {
    const { course, trainee } = await studyEverythingOnline("family-caregiver");
    expect(course.offlineHours).toBe(0);
    const progress = (await courseProgress(db, trainee.id, course.id, 0))!;
    expect(progress.onlineSeconds).toBeGreaterThanOrEqual(course.onlineHours * studyRules.minutesPerStudyHour * 60);
    expect(await recordCompletionIfDue(db, trainee.id, course.id, 0)).toBe(true);
  });

  it("does not complete a 养老护理员 course on online hours only: the classroom and practical hours must be attended", async () => {
    const { course, trainee } = await studyEverythingOnline("elderly-caregiver-5");
    const status = (await courseProgress(db, trainee.id, course.id, 0))!.status;
    expect(status).toMatchObject({ lessonsMissing: [], quizzesMissing: [], offlineMinutes: 0, offlineRequiredMinutes: course.offlineHours * 45, complete: false });
    expect(status.onlineMinutes).toBeGreaterThanOrEqual(status.onlineRequiredMinutes);
    expect(await recordCompletionIfDue(db, trainee.id, course.id, 0)).toBe(false);
    // Attended class sessions one minute short of the offline part still do not complete it; the full part does.
    expect(await recordCompletionIfDue(db, trainee.id, course.id, course.offlineHours * 45 - 1)).toBe(false);
    expect(await recordCompletionIfDue(db, trainee.id, course.id, course.offlineHours * 45)).toBe(true);
  });
});
