import { firstRow, returnedRow } from "../../db/query.ts";
import { randomInt } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { prepared } from "../../db/prepared.ts";
import { courseCompletions, courseModules, courses, enrolments, lessonProgress, lessons, questions, quizAttempts, studyClock, users } from "../../db/schema.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { issueTrainingCompletion } from "../certificates/certificates.server.ts";
import { seededRandom, shuffled } from "../utils/random.ts";
import { creditForReport, evaluateCompletion, scoreQuiz, secondsToComplete } from "./study-rules.ts";

export async function listCatalogue(db: Db) {
  return await db.select().from(courses).where(isNull(courses.retiredAt)).orderBy(asc(courses.position));
}

// The lesson page and activity reports run these on every request, so they are prepared once.
const courseById = prepared((db) =>
  db
    .select()
    .from(courses)
    .where(and(eq(courses.id, sql.placeholder("courseId")), isNull(courses.retiredAt)))
    .prepare(),
);
const modulesOfCourse = prepared((db) =>
  db
    .select()
    .from(courseModules)
    .where(and(eq(courseModules.courseId, sql.placeholder("courseId")), isNull(courseModules.retiredAt)))
    .orderBy(asc(courseModules.position))
    .prepare(),
);
const lessonsOfCourse = prepared((db) =>
  db
    .select({ id: lessons.id, moduleId: lessons.moduleId, title: lessons.title, minutes: lessons.minutes, area: lessons.area, position: lessons.position })
    .from(lessons)
    .where(and(eq(lessons.courseId, sql.placeholder("courseId")), isNull(lessons.retiredAt)))
    .orderBy(asc(lessons.position))
    .prepare(),
);
const enrolmentOf = prepared((db) =>
  db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.userId, sql.placeholder("userId")), eq(enrolments.courseId, sql.placeholder("courseId"))))
    .prepare(),
);
const lessonById = prepared((db) =>
  db
    .select()
    .from(lessons)
    .where(and(eq(lessons.courseId, sql.placeholder("courseId")), eq(lessons.id, sql.placeholder("lessonId")), isNull(lessons.retiredAt)))
    .prepare(),
);
const progressOfLesson = prepared((db) =>
  db
    .select()
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, sql.placeholder("userId")), eq(lessonProgress.courseId, sql.placeholder("courseId")), eq(lessonProgress.lessonId, sql.placeholder("lessonId"))))
    .prepare(),
);
const clockOf = prepared((db) => db.select().from(studyClock).where(eq(studyClock.userId, sql.placeholder("userId"))).prepare());

export async function getCourse(db: Db, courseId: string) {
  return await firstRow(courseById(db).execute({ courseId })) ?? null;
}

export async function courseOutline(db: Db, courseId: string) {
  const lessonRows = await lessonsOfCourse(db).execute({ courseId });
  return (await modulesOfCourse(db).execute({ courseId }))
    .map((m) => ({ ...m, lessons: lessonRows.filter((l) => l.moduleId === m.id) }));
}

export async function getEnrolment(db: Db, userId: number, courseId: string) {
  return await firstRow(enrolmentOf(db).execute({ userId, courseId })) ?? null;
}

/** Enrols unless already enrolled; returns the new enrolment's id, if one was made. */
export async function ensureEnrolment(db: DbOrTx, userId: number, courseId: string, now = new Date()): Promise<number | undefined> {
  return (await returnedRow(db.insert(enrolments).values({ userId, courseId, enrolledAt: now }).onConflictDoNothing().returning({ id: enrolments.id })))?.id;
}

/** Self-service enrolment by the trainee. */
export async function enrol(db: Db, userId: number, courseId: string, ip: string) {
  await db.transaction(async (tx) => {
    const created = await ensureEnrolment(tx, userId, courseId);
    if (created) await writeAudit(tx, { event: "learning.enrolled", target: { table: "enrolments", id: created }, userId, ip, details: { courseId } });
  });
}

export async function myEnrolments(db: Db, userId: number) {
  return await db
    .select({ course: courses, enrolledAt: enrolments.enrolledAt, completedAt: enrolments.completedAt })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(eq(enrolments.userId, userId))
    .orderBy(desc(enrolments.enrolledAt));
}

/** Everything the course page shows about one trainee: lesson by lesson, quizzes, hours, completion. */
export async function courseProgress(db: Db, userId: number, courseId: string, offlineMinutes = 0) {
  const course = await getCourse(db, courseId);
  if (!course) return null;
  const outline = await courseOutline(db, courseId);
  const progress = new Map(
    (await db
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseId, courseId))))
      .map((p) => [p.lessonId, p]),
  );
  const best = new Map(
    (await db
      .select({ moduleId: quizAttempts.moduleId, best: sql<number>`max(${quizAttempts.score})` })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseId, courseId)))
      .groupBy(quizAttempts.moduleId))
      .filter((r) => r.best !== null)
      .map((r) => [r.moduleId, r.best]),
  );
  // Time spent on lessons since retired still counts: it was really spent.
  const onlineSeconds = [...progress.values()].reduce((sum, p) => sum + p.creditedSeconds, 0);
  const status = evaluateCompletion({
    requiredLessonIds: outline.filter((m) => m.required).flatMap((m) => m.lessons.map((l) => l.id)),
    completedLessonIds: new Set([...progress.values()].filter((p) => p.completedAt).map((p) => p.lessonId)),
    onlineHours: course.requiredHours - course.offlineHours,
    offlineHours: course.offlineHours,
    onlineSeconds,
    offlineMinutes,
    requiredQuizzes: outline.filter((m) => m.required).map((m) => ({ moduleId: m.id, passScore: m.quizPassScore })),
    bestQuizScores: best,
  });
  return {
    course,
    onlineSeconds,
    status,
    modules: outline.map((m) => ({
      ...m,
      bestScore: best.get(m.id) ?? null,
      lessons: m.lessons.map((l) => ({
        ...l,
        creditedSeconds: progress.get(l.id)?.creditedSeconds ?? 0,
        completed: Boolean(progress.get(l.id)?.completedAt),
      })),
    })),
  };
}

/** Modules a trainee has passed in any course enrolled: every lesson done and the chapter quiz passed. */
export async function passedModules(db: Db, userId: number) {
  const enrolled = await db.select({ courseId: enrolments.courseId }).from(enrolments).where(eq(enrolments.userId, userId));
  const passed = [];
  for (const { courseId } of enrolled) {
    const progress = await courseProgress(db, userId, courseId);
    if (!progress) continue;
    passed.push(
      ...progress.modules
        .filter((m) => m.lessons.every((l) => l.completed) && (m.bestScore ?? -1) >= m.quizPassScore)
        .map((m) => ({ occupation: progress.course.occupation, module: m.title })),
    );
  }
  return passed;
}

/** Records a completion the first time every condition is met; returns whether the course is complete. */
export async function recordCompletionIfDue(db: Db, userId: number, courseId: string, offlineMinutes = 0, now = new Date()): Promise<boolean> {
  const progress = await courseProgress(db, userId, courseId, offlineMinutes);
  if (!progress?.status.complete) return false;
  await db.transaction(async (tx) => {
    const { personId } = (await firstRow(tx.select({ personId: users.personId }).from(users).where(eq(users.id, userId))))!;
    const created = await returnedRow(tx
      .insert(courseCompletions)
      .values({ userId, personId, courseId, completedAt: now, onlineSeconds: progress.onlineSeconds, offlineMinutes })
      .onConflictDoNothing()
      .returning({ id: courseCompletions.id }));
    if (created) {
      await tx.update(enrolments).set({ completedAt: now }).where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, courseId)));
      await writeAudit(tx, { event: "learning.course_completed", target: { table: "course_completions", id: created.id }, userId, details: { courseId } }, now);
      await issueTrainingCompletion(tx, created.id, now);
    }
  });
  return true;
}

export async function getLessonProgress(db: DbOrTx, userId: number, courseId: string, lessonId: string) {
  return await firstRow(progressOfLesson(db).execute({ userId, courseId, lessonId })) ?? null;
}

export async function getLesson(db: Db, courseId: string, lessonId: string) {
  return await firstRow(lessonById(db).execute({ courseId, lessonId })) ?? null;
}

/** One activity report from a visible lesson page, credited by the server's clock. Returns the seconds credited. */
export async function recordStudyActivity(db: Db, userId: number, lesson: { courseId: string; id: string; minutes: number }, now = new Date()): Promise<number> {
  return await db.transaction(async (tx) => {
    const clock = await firstRow(clockOf(tx).execute({ userId }));
    const current = await getLessonProgress(tx, userId, lesson.courseId, lesson.id);
    // A report older than the last one (out of order, or two tabs racing) moves nothing backwards.
    if (clock && clock.lastReportAt.getTime() >= now.getTime()) return 0;
    const credit = creditForReport({ previousReportAt: clock?.lastReportAt ?? null, now, lessonCreditedSeconds: current?.creditedSeconds ?? 0, lessonMinutes: lesson.minutes });
    await tx.insert(studyClock).values({ userId, lastReportAt: now }).onConflictDoUpdate({ target: studyClock.userId, set: { lastReportAt: now } });
    await tx.insert(lessonProgress)
      .values({ userId, courseId: lesson.courseId, lessonId: lesson.id, creditedSeconds: credit })
      .onConflictDoUpdate({
        target: [lessonProgress.userId, lessonProgress.courseId, lessonProgress.lessonId],
        set: { creditedSeconds: sql`${lessonProgress.creditedSeconds} + ${credit}` },
      });
    return credit;
  });
}

export type LessonCompletion = { ok: true } | { ok: false; neededSeconds: number; creditedSeconds: number };

export async function completeLesson(db: Db, userId: number, lesson: { courseId: string; id: string; minutes: number }, now = new Date()): Promise<LessonCompletion> {
  const current = await getLessonProgress(db, userId, lesson.courseId, lesson.id);
  const needed = secondsToComplete(lesson.minutes);
  const credited = current?.creditedSeconds ?? 0;
  if (credited < needed) return { ok: false, neededSeconds: needed, creditedSeconds: credited };
  if (!current?.completedAt) {
    await db.update(lessonProgress)
      .set({ completedAt: now })
      .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseId, lesson.courseId), eq(lessonProgress.lessonId, lesson.id)));
  }
  return { ok: true };
}

/** Questions a module's chapter quiz may draw: the areas of its lessons, at the course's level. */
async function eligibleQuestions(db: Db, course: { id: string; level: number | null }, moduleId: string) {
  const areas = (await db
    .selectDistinct({ area: lessons.area })
    .from(lessons)
    .where(and(eq(lessons.courseId, course.id), eq(lessons.moduleId, moduleId), isNull(lessons.retiredAt))))
    .map((r) => r.area);
  if (areas.length === 0) return [];
  return (await db
    .select({ id: questions.id, levels: questions.levels })
    .from(questions)
    .where(and(eq(questions.courseId, course.id), inArray(questions.area, areas), isNull(questions.retiredAt)))
    .orderBy(asc(questions.id)))
    .filter((q) => course.level === null || q.levels.includes(course.level));
}

/** The trainee's open attempt at a module quiz, or a new one with a fresh draw. */
export async function findOpenAttempt(db: Db, userId: number, courseId: string, moduleId: string) {
  return (
    await firstRow(db
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.courseId, courseId), eq(quizAttempts.moduleId, moduleId), isNull(quizAttempts.submittedAt)))) ?? null
  );
}

export async function openQuizAttempt(db: Db, userId: number, course: { id: string; level: number | null }, module: { id: string; quizQuestions: number }, seed = randomInt(2 ** 31)) {
  const open = await findOpenAttempt(db, userId, course.id, module.id);
  if (open) return open;
  const drawn = shuffled(await eligibleQuestions(db, course, module.id), seededRandom(seed))
    .slice(0, module.quizQuestions)
    .map((q) => q.id);
  return await returnedRow(db.insert(quizAttempts).values({ userId, courseId: course.id, moduleId: module.id, questionIds: drawn, startedAt: new Date() }).returning());
}

export async function attemptQuestions(db: Db, questionIds: string[]) {
  if (questionIds.length === 0) return [];
  const rows = await db.select().from(questions).where(inArray(questions.id, questionIds));
  return questionIds.map((id) => rows.find((q) => q.id === id)!).filter(Boolean);
}

export async function getAttempt(db: Db, userId: number, attemptId: number) {
  // Scoped to the user: another trainee's attempt id finds nothing.
  return await firstRow(db.select().from(quizAttempts).where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.userId, userId)))) ?? null;
}

/** Grades and closes an attempt; a second submission of the same attempt changes nothing. */
export async function submitQuizAttempt(db: Db, userId: number, attemptId: number, answers: Record<string, number[]>, passScore: number) {
  const attempt = await getAttempt(db, userId, attemptId);
  if (!attempt) return null;
  if (attempt.submittedAt) return attempt;
  const qs = await attemptQuestions(db, attempt.questionIds);
  const relevant = Object.fromEntries(attempt.questionIds.map((id) => [id, answers[id] ?? []]));
  const { score } = scoreQuiz(qs, relevant);
  return await returnedRow(db
    .update(quizAttempts)
    .set({ answers: relevant, score, passed: score >= passScore, submittedAt: new Date() })
    .where(and(eq(quizAttempts.id, attemptId), isNull(quizAttempts.submittedAt)))
    .returning());
}
