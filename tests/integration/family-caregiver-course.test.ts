import { and, asc, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { courseModules, lessons } from "../../db/schema.ts";
import { createUser } from "../../db/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { attemptQuestions, completeLesson, courseProgress, enrol, openQuizAttempt, recordCompletionIfDue, recordStudyActivity, submitQuizAttempt } from "../../app/learning/learning.server.ts";
import { studyRules } from "../../app/learning/study-rules.ts";

const COURSE = "family-caregiver";

describe("the 家庭照护者 course (issue #14: a learner alone could never finish)", () => {
  it("is completed online alone: every lesson read for its estimated time, every chapter quiz passed, no class attended", async () => {
    const course = loadContent("content/courses").courses.find((c) => c.id === COURSE)!;
    syncContent(db, [course]);
    const trainee = await createUser(db, { role: "trainee" });
    enrol(db, trainee.id, COURSE, "127.0.0.1");

    // The page reports every 30 s while a lesson is open; each lesson is read for exactly its estimate, never more.
    let clock = new Date("2026-11-02T01:00:00Z").getTime();
    const rows = db.select().from(lessons).where(and(eq(lessons.courseId, COURSE), isNull(lessons.retiredAt))).orderBy(asc(lessons.position)).all();
    for (const lesson of rows) {
      for (let s = 0; s <= lesson.minutes * 60; s += studyRules.reportIntervalSeconds) recordStudyActivity(db, trainee.id, lesson, new Date(clock + s * 1000));
      expect(completeLesson(db, trainee.id, lesson, new Date(clock + lesson.minutes * 60 * 1000))).toEqual({ ok: true });
      clock += lesson.minutes * 60 * 1000 + 3600_000; // an hour's break between lessons earns nothing
    }

    const modules = db.select().from(courseModules).where(eq(courseModules.courseId, COURSE)).all();
    for (const m of modules) {
      const attempt = openQuizAttempt(db, trainee.id, { id: COURSE, level: null }, { id: m.id, quizQuestions: m.quizQuestions }, 1);
      const answers = Object.fromEntries(attemptQuestions(db, attempt.questionIds).map((q) => [q.id, q.answer]));
      expect(submitQuizAttempt(db, trainee.id, attempt.id, answers, m.quizPassScore)).toMatchObject({ passed: true });
    }

    const progress = courseProgress(db, trainee.id, COURSE, 0)!;
    expect(progress.onlineSeconds).toBeGreaterThanOrEqual(course.requiredHours * studyRules.minutesPerStudyHour * 60);
    expect(recordCompletionIfDue(db, trainee.id, COURSE, 0)).toBe(true);
  });
});
