import { firstRow } from "../../../db/query.ts";
import { and, eq, isNull, notInArray } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { courseModules, courses, examQuestions, lessons, questions } from "../../../db/schema.ts";
import type { LoadedCourse } from "./load-content.ts";
import { renderLesson } from "./render-lesson.ts";

/**
 * Brings the database in line with the content files, in one transaction. A course whose hash is
 * unchanged is skipped; a lesson, module, question or course that disappears is retired, not deleted,
 * so trainees' progress and past quiz attempts keep pointing at something.
 */
export async function syncContent(db: Db, loaded: LoadedCourse[], now = new Date()): Promise<{ changed: string[] }> {
  const changed: string[] = [];
  await db.transaction(async (tx) => {
    for (const [position, course] of loaded.entries()) {
      const existing = await firstRow(tx.select({ hash: courses.contentHash, retiredAt: courses.retiredAt, position: courses.position }).from(courses).where(eq(courses.id, course.id)));
      if (existing && existing.hash === course.hash && existing.retiredAt === null && existing.position === position) continue;
      changed.push(course.id);
      const courseRow = {
        title: course.title,
        occupation: course.occupation,
        level: course.level,
        audience: course.audience ?? null,
        requiredHours: course.onlineHours + course.offlineHours,
        offlineHours: course.offlineHours,
        summary: course.summary,
        contentHash: course.hash,
        position,
        retiredAt: null,
        skillTaskBank: course.skillTasks,
      };
      await tx.insert(courses).values({ id: course.id, ...courseRow }).onConflictDoUpdate({ target: courses.id, set: courseRow });

      for (const [i, m] of course.modules.entries()) {
        const row = { title: m.title, required: m.required, position: i, quizQuestions: m.quiz.questions, quizPassScore: m.quiz.passScore, retiredAt: null };
        await tx.insert(courseModules).values({ courseId: course.id, id: m.id, ...row }).onConflictDoUpdate({ target: [courseModules.courseId, courseModules.id], set: row });
      }
      await tx.update(courseModules)
        .set({ retiredAt: now })
        .where(and(eq(courseModules.courseId, course.id), isNull(courseModules.retiredAt), notInArray(courseModules.id, course.modules.map((m) => m.id))));

      for (const [i, l] of course.lessons.entries()) {
        const row = { moduleId: l.moduleId, title: l.title, minutes: l.minutes, area: l.area, html: renderLesson(l.markdown, l.imageBase), position: i, contentHash: l.hash, retiredAt: null };
        await tx.insert(lessons).values({ courseId: course.id, id: l.id, ...row }).onConflictDoUpdate({ target: [lessons.courseId, lessons.id], set: row });
      }
      await tx.update(lessons)
        .set({ retiredAt: now })
        .where(and(eq(lessons.courseId, course.id), isNull(lessons.retiredAt), notInArray(lessons.id, course.lessons.map((l) => l.id))));

      for (const q of course.questions) {
        const row = {
          courseId: course.id,
          occupation: course.occupation,
          type: q.type,
          area: q.area,
          levels: q.levels,
          difficulty: q.difficulty,
          stem: q.stem,
          options: q.options,
          answer: q.answer,
          explanation: q.explanation,
          contentHash: q.hash,
          retiredAt: null,
        };
        await tx.insert(questions).values({ id: q.id, ...row }).onConflictDoUpdate({ target: questions.id, set: row });
      }
      await tx.update(questions)
        .set({ retiredAt: now })
        .where(and(eq(questions.courseId, course.id), isNull(questions.retiredAt), notInArray(questions.id, course.questions.map((q) => q.id))));

      // The level's exam pool goes to its own table, which only theory papers read.
      if (course.level === null) continue;
      for (const q of course.examQuestions) {
        const { id, levels: _levels, hash, ...fields } = q;
        const row = { ...fields, occupation: course.occupation, level: course.level, contentHash: hash, retiredAt: null };
        await tx.insert(examQuestions).values({ id, ...row }).onConflictDoUpdate({ target: examQuestions.id, set: row });
      }
      await tx.update(examQuestions)
        .set({ retiredAt: now })
        .where(
          and(
            eq(examQuestions.occupation, course.occupation),
            eq(examQuestions.level, course.level),
            isNull(examQuestions.retiredAt),
            notInArray(examQuestions.id, course.examQuestions.map((q) => q.id)),
          ),
        );
    }
    const ids = loaded.map((c) => c.id);
    const retiring = await tx
      .update(courses)
      .set({ retiredAt: now })
      .where(and(isNull(courses.retiredAt), ids.length > 0 ? notInArray(courses.id, ids) : undefined))
      .returning({ id: courses.id });
    changed.push(...retiring.map((c) => c.id));
  });
  return { changed };
}
