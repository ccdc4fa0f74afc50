import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { attendance, classMembers, classSessions, enrolments, trainingClasses } from "../../db/schema.ts";

/** Minutes of offline sessions of a course's classes the person attended. */
export function offlineMinutesFor(db: DbOrTx, personId: number, courseId: string): number {
  const row = db
    .select({ minutes: sql<number>`coalesce(sum(${classSessions.minutes}), 0)` })
    .from(attendance)
    .innerJoin(classSessions, eq(classSessions.id, attendance.sessionId))
    .innerJoin(trainingClasses, eq(trainingClasses.id, classSessions.classId))
    .where(and(eq(attendance.personId, personId), eq(attendance.present, true), eq(trainingClasses.courseId, courseId)))
    .get();
  return row?.minutes ?? 0;
}

/** Enrols a user in the course of every class their person is on the roster of (the base assigned them). */
export function enrolFromClassRosters(db: DbOrTx, userId: number, personId: number, now = new Date()) {
  const courseIds = db
    .selectDistinct({ courseId: trainingClasses.courseId })
    .from(classMembers)
    .innerJoin(trainingClasses, eq(trainingClasses.id, classMembers.classId))
    .where(eq(classMembers.personId, personId))
    .all();
  for (const { courseId } of courseIds) {
    db.insert(enrolments).values({ userId, courseId, enrolledAt: now }).onConflictDoNothing().run();
  }
}
