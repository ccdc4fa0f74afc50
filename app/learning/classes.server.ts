import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, ne, sql, type SQL } from "drizzle-orm";
import { countRows, likeAnyCase } from "../../db/dialect.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { attendance, classMembers, classSessions, courses, organisations, people, teachers, trainingClasses, users, workers } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { fieldChanges } from "../audit/changes.ts";
import type { Scope } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { IDENTITY_MISMATCH, identityMismatches, logIdentityMismatches, peopleByIdNumber } from "../imports/identity.server.ts";
import { ImportRejected, runImport, type ImportOutcome } from "../imports/pipeline.server.ts";
import type { ImportProblem } from "../imports/table.server.ts";
import type { UploadedFile } from "../imports/upload-limit.ts";
import { rosterHeaders, rosterRowSchema } from "./roster.ts";
import { chinaDate } from "../utils/dates.ts";
import type { Occupation } from "../occupations/occupations.ts";
import { is4050, isNewEntrant, type TrainingTag } from "../workforce/tags.ts";
import { courseOutline, courseProgress, ensureEnrolment, getEnrolment, recordCompletionIfDue } from "./learning.server.ts";

/** Minutes of offline sessions of a course's classes the person attended; a session still to come credits nothing. */
export async function offlineMinutesFor(db: DbOrTx, personId: number, courseId: string, today = chinaDate(new Date())): Promise<number> {
  const row = await firstRow(db
    .select({ minutes: sql<number>`coalesce(sum(${classSessions.minutes}), 0)` })
    .from(attendance)
    .innerJoin(classSessions, eq(classSessions.id, attendance.sessionId))
    .innerJoin(trainingClasses, eq(trainingClasses.id, classSessions.classId))
    .where(and(eq(attendance.personId, personId), eq(attendance.present, true), eq(trainingClasses.courseId, courseId), lte(classSessions.date, today))));
  return row?.minutes ?? 0;
}

/** Enrols a user in the course of every class their person is on the roster of (the base assigned them). */
export async function enrolFromClassRosters(db: DbOrTx, userId: number, personId: number, now = new Date()) {
  const courseIds = await db
    .selectDistinct({ courseId: trainingClasses.courseId })
    .from(classMembers)
    .innerJoin(trainingClasses, eq(trainingClasses.id, classMembers.classId))
    .where(eq(classMembers.personId, personId));
  for (const { courseId } of courseIds) await ensureEnrolment(db, userId, courseId, now);
}

export type ClassActor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;
export type RosterEntry = { name: string; idNumber: string; gender: "male" | "female"; birthDate: string; phone: string | null };

export type ClassFilter = { q?: string; status?: "active" | "retired" | "all" };

function classFilterCondition(scope: Scope, filter: ClassFilter): SQL | undefined {
  const status = filter.status ?? "active";
  return and(
    scopeCondition(scope, { organisationId: trainingClasses.organisationId }),
    status === "active" ? isNull(trainingClasses.retiredAt) : status === "retired" ? isNotNull(trainingClasses.retiredAt) : undefined,
    filter.q ? likeAnyCase(trainingClasses.name, `%${filter.q}%`) : undefined,
  );
}

/** The classes in scope, newest first; retired ones only when asked for. `limit`/`offset` page in SQL. */
export async function listClasses(db: DbOrTx, scope: Scope, filter: ClassFilter = {}, range?: { limit: number; offset: number }) {
  const query = db
    .select({
      id: trainingClasses.id,
      name: trainingClasses.name,
      startsOn: trainingClasses.startsOn,
      endsOn: trainingClasses.endsOn,
      retiredAt: trainingClasses.retiredAt,
      courseTitle: courses.title,
      organisationName: organisations.name,
      members: sql<number>`(SELECT count(*) FROM ${classMembers} WHERE ${classMembers.classId} = ${trainingClasses.id})`,
    })
    .from(trainingClasses)
    .innerJoin(courses, eq(courses.id, trainingClasses.courseId))
    .innerJoin(organisations, eq(organisations.id, trainingClasses.organisationId))
    .where(classFilterCondition(scope, filter))
    .orderBy(desc(trainingClasses.startsOn), desc(trainingClasses.id));
  return range ? await query.limit(range.limit).offset(range.offset) : await query;
}

/** A class, or null when missing or run by another base. */
export async function getClassInScope(db: DbOrTx, scope: Scope, classId: number) {
  return (
    await firstRow(db
      .select({ cls: trainingClasses, course: courses })
      .from(trainingClasses)
      .innerJoin(courses, eq(courses.id, trainingClasses.courseId))
      .where(and(eq(trainingClasses.id, classId), scopeCondition(scope, { organisationId: trainingClasses.organisationId })))) ?? null
  );
}

export async function createClass(db: Db, input: { organisationId: number; courseId: string; name: string; startsOn: string; endsOn: string }, by: ClassActor) {
  return await db.transaction(async (tx) => {
    const created = await returnedRow(tx.insert(trainingClasses).values(input).returning());
    await writeAudit(tx, { ...by, event: "learning.class_created", target: { table: "training_classes", id: created.id }, details: { name: input.name, courseId: input.courseId } });
    return created;
  });
}

/** Roster rows whose ID number is on record under another name; nothing is written. */
async function checkRoster(db: DbOrTx, entries: Array<{ row: number | null; entry: RosterEntry }>): Promise<ImportProblem[]> {
  const known = await peopleByIdNumber(db, entries.map((e) => e.entry.idNumber));
  return identityMismatches(known, entries.map(({ row, entry }) => ({ row: row ?? 0, name: entry.name, idNumber: entry.idNumber }))).map((p) => ({ ...p, row: p.row || null }));
}

/**
 * Puts people on the roster (created when new); anyone already holding an account is enrolled in the class's course
 * at once, others when they register. Runs inside the caller's transaction; returns how many were added.
 */
async function applyRoster(tx: DbOrTx, classId: number, entries: Array<{ row: number | null; entry: RosterEntry }>, by: ClassActor): Promise<number> {
  const cls = (await firstRow(tx.select().from(trainingClasses).where(eq(trainingClasses.id, classId))))!;
  let added = 0;
  for (const { row, entry } of entries) {
    await tx.insert(people).values(entry).onConflictDoNothing({ target: people.idNumber });
    const person = (await firstRow(tx.select({ id: people.id, name: people.name }).from(people).where(eq(people.idNumber, entry.idNumber))))!;
    // Registered meanwhile under another name.
    if (person.name !== entry.name) throw new ImportRejected([{ row, column: "姓名", message: IDENTITY_MISMATCH }]);
    added += (await tx.insert(classMembers).values({ classId, personId: person.id, addedAt: new Date() }).onConflictDoNothing().returning({ personId: classMembers.personId })).length;
    const account = await firstRow(tx.select({ id: users.id }).from(users).where(eq(users.personId, person.id)));
    if (account) await ensureEnrolment(tx, account.id, cls.courseId);
  }
  if (added > 0) await writeAudit(tx, { ...by, event: "learning.roster_changed", target: { table: "training_classes", id: classId }, details: { added } });
  return added;
}

/** Adds people typed into the page to a class roster: all or none; a name contradicting the registry is a problem. */
export async function addToRoster(db: Db, classId: number, entries: Array<{ row: number | null; entry: RosterEntry }>, by: ClassActor): Promise<{ ok: true; added: number } | { ok: false; problems: ImportProblem[] }> {
  const problems = await checkRoster(db, entries);
  if (problems.length > 0) return { ok: false, problems };
  try {
    return { ok: true, added: await db.transaction(async (tx) => applyRoster(tx, classId, entries, by), { behavior: "immediate" }) };
  } catch (error) {
    if (error instanceof ImportRejected) return { ok: false, problems: error.problems };
    throw error;
  }
}

/** A class roster file (花名册) through the import pipeline. */
export function importClassRoster(db: Db, classId: number, file: UploadedFile, by: ClassActor): Promise<ImportOutcome> {
  type Entries = Array<{ row: number; entry: RosterEntry }>;
  return runImport<RosterEntry, Entries>(db, file, {
    headers: rosterHeaders.slice(0, 2),
    schema: rosterRowSchema,
    conflicts(rows) {
      // The same person twice is fine; the same ID number with two names is not.
      const seen = new Map<string, { row: number; name: string }>();
      const problems: ImportProblem[] = [];
      for (const { row, data: entry } of rows) {
        const first = seen.get(entry.idNumber);
        if (first && first.name !== entry.name) problems.push({ row, column: "姓名", message: `与第 ${first.row} 行身份证号相同但姓名不同` });
        if (!first) seen.set(entry.idNumber, { row, name: entry.name });
      }
      return problems;
    },
    async check(db, rows) {
      const entries = rows.map(({ row, data: entry }) => ({ row, entry }));
      return { problems: await checkRoster(db, entries), plan: entries };
    },
    refused: async (problems) => logIdentityMismatches(db, "learning.identity_mismatch", by, { table: "training_classes", id: classId }, file.name, problems),
    apply: async (tx, entries: Entries) => `导入完成：新增 ${await applyRoster(tx, classId, entries, by)} 名学员，共 ${entries.length} 行`,
  });
}

export async function removeFromRoster(db: Db, classId: number, personId: number, by: ClassActor) {
  await db.transaction(async (tx) => {
    const removed = (await tx.delete(classMembers).where(and(eq(classMembers.classId, classId), eq(classMembers.personId, personId))).returning({ personId: classMembers.personId })).length;
    if (removed) await writeAudit(tx, { ...by, event: "learning.roster_changed", target: { table: "training_classes", id: classId }, details: { removedPersonId: personId } });
  });
}

/** The teachers of these bases; retired ones only for history (a session's teacher), never for pickers. */
export async function listTeachers(db: DbOrTx, organisationIds: number[], options: { includeRetired?: boolean } = {}) {
  if (organisationIds.length === 0) return [];
  return await db
    .select()
    .from(teachers)
    .where(and(inArray(teachers.organisationId, organisationIds), options.includeRetired ? undefined : isNull(teachers.retiredAt)))
    .orderBy(asc(teachers.name));
}

export type TeacherInput = {
  organisationId: number;
  name: string;
  idNumber: string;
  title: string;
  specialty: string;
  /** The pool's facts (issue 15); left out, a record keeps what it holds. */
  qualification?: string | null;
  qualificationNumber?: string | null;
  subjects?: string[];
  levels?: number[];
};
type Refused = { ok: false; errors: Record<string, string> };

/** Another teacher at the base with this ID number, retired or not (one person is one record per base). */
async function duplicateTeacher(db: DbOrTx, input: TeacherInput, exceptId?: number) {
  return await firstRow(db
    .select({ name: teachers.name, retiredAt: teachers.retiredAt })
    .from(teachers)
    .where(and(eq(teachers.organisationId, input.organisationId), eq(teachers.idNumber, input.idNumber), exceptId === undefined ? undefined : ne(teachers.id, exceptId))));
}

const duplicateMessage = (d: { name: string; retiredAt: Date | null }) => `本基地已登记该身份证号的师资（${d.name}${d.retiredAt ? "，已停用" : ""}），不能重复登记`;

/** Registers a teacher (师资); the same ID number twice at one base is refused. */
export async function addTeacher(db: Db, input: TeacherInput, by: ClassActor): Promise<{ ok: true; id: number } | Refused> {
  return await db.transaction(async (tx) => {
    const duplicate = await duplicateTeacher(tx, input);
    if (duplicate) return { ok: false, errors: { idNumber: duplicateMessage(duplicate) } };
    const created = await returnedRow(tx.insert(teachers).values(input).returning());
    await writeAudit(tx, { ...by, event: "learning.teacher_added", target: { table: "teachers", id: created.id }, details: { name: created.name } });
    return { ok: true, id: created.id };
  });
}

/** Edits a teacher field by field; the base does not change. */
export async function updateTeacher(db: Db, teacher: typeof teachers.$inferSelect, input: TeacherInput, by: ClassActor): Promise<{ ok: true; changed: number } | Refused> {
  return await db.transaction(async (tx) => {
    const duplicate = await duplicateTeacher(tx, input, teacher.id);
    if (duplicate) return { ok: false, errors: { idNumber: duplicateMessage(duplicate) } };
    const values = { name: input.name, idNumber: input.idNumber, title: input.title, specialty: input.specialty, qualification: input.qualification, qualificationNumber: input.qualificationNumber, subjects: input.subjects, levels: input.levels };
    const changes = fieldChanges(teacher, values);
    if (Object.keys(changes).length === 0) return { ok: true, changed: 0 };
    await tx.update(teachers).set(values).where(eq(teachers.id, teacher.id));
    await writeAudit(tx, { ...by, event: "learning.teacher_updated", target: { table: "teachers", id: teacher.id }, details: { changes } });
    return { ok: true, changed: Object.keys(changes).length };
  });
}

/** How many class sessions name the teacher: once any does, the teacher is retired rather than deleted. */
export async function teacherSessionCount(db: DbOrTx, teacherId: number): Promise<number> {
  return (await firstRow(db.select({ n: countRows() }).from(classSessions).where(eq(classSessions.teacherId, teacherId))))!.n;
}

/** Deletes a teacher nobody's timetable names; otherwise retires them, so past sessions keep their teacher. */
export async function retireTeacher(db: Db, teacherId: number, by: ClassActor, now = new Date()): Promise<"deleted" | "retired"> {
  return await db.transaction(async (tx) => {
    const sessions = await teacherSessionCount(tx, teacherId);
    if (sessions === 0) {
      const gone = (await returnedRow(tx.delete(teachers).where(eq(teachers.id, teacherId)).returning()))!;
      await writeAudit(tx, { ...by, event: "learning.teacher_deleted", target: { table: "teachers", id: teacherId }, details: { name: gone.name } });
      return "deleted";
    }
    await tx.update(teachers).set({ retiredAt: now }).where(eq(teachers.id, teacherId));
    await writeAudit(tx, { ...by, event: "learning.teacher_retired", target: { table: "teachers", id: teacherId }, details: { sessions } });
    return "retired";
  });
}

export async function restoreTeacher(db: Db, teacherId: number, by: ClassActor) {
  await db.transaction(async (tx) => {
    await tx.update(teachers).set({ retiredAt: null }).where(eq(teachers.id, teacherId));
    await writeAudit(tx, { ...by, event: "learning.teacher_restored", target: { table: "teachers", id: teacherId } });
  });
}

export type ClassEdit = { name: string; startsOn: string; endsOn: string };

/** Edits a class's name and dates (its course and base stay: the roster is enrolled in that course). */
export async function updateClass(db: Db, cls: typeof trainingClasses.$inferSelect, input: ClassEdit, by: ClassActor): Promise<number> {
  return await db.transaction(async (tx) => {
    const changes = fieldChanges(cls, input);
    if (Object.keys(changes).length === 0) return 0;
    await tx.update(trainingClasses).set(input).where(eq(trainingClasses.id, cls.id));
    await writeAudit(tx, { ...by, event: "learning.class_updated", target: { table: "training_classes", id: cls.id }, details: { changes } });
    return Object.keys(changes).length;
  });
}

/** What a class holds: with neither trainees nor sessions it can be deleted, otherwise only retired. */
export async function classReferences(db: DbOrTx, classId: number) {
  const members = (await firstRow(db.select({ n: countRows() }).from(classMembers).where(eq(classMembers.classId, classId))))!.n;
  const sessions = (await firstRow(db.select({ n: countRows() }).from(classSessions).where(eq(classSessions.classId, classId))))!.n;
  return { members, sessions };
}

export async function retireClass(db: Db, classId: number, by: ClassActor, now = new Date()): Promise<"deleted" | "retired"> {
  return await db.transaction(async (tx) => {
    const held = await classReferences(tx, classId);
    if (held.members === 0 && held.sessions === 0) {
      const gone = (await returnedRow(tx.delete(trainingClasses).where(eq(trainingClasses.id, classId)).returning()))!;
      await writeAudit(tx, { ...by, event: "learning.class_deleted", target: { table: "training_classes", id: classId }, details: { name: gone.name } });
      return "deleted";
    }
    await tx.update(trainingClasses).set({ retiredAt: now }).where(eq(trainingClasses.id, classId));
    await writeAudit(tx, { ...by, event: "learning.class_retired", target: { table: "training_classes", id: classId }, details: held });
    return "retired";
  });
}

export async function restoreClass(db: Db, classId: number, by: ClassActor) {
  await db.transaction(async (tx) => {
    await tx.update(trainingClasses).set({ retiredAt: null }).where(eq(trainingClasses.id, classId));
    await writeAudit(tx, { ...by, event: "learning.class_restored", target: { table: "training_classes", id: classId } });
  });
}

export type ClassSessionInput = { date: string; startTime: string; endTime: string; topic: string; teacherId: number | null };
export const SESSION_ATTENDED = "该课次已登记考勤，学时已计入学员进度，不能再修改或删除";

async function attendanceRecorded(db: DbOrTx, sessionId: number): Promise<boolean> {
  return (await firstRow(db.select({ n: countRows() }).from(attendance).where(eq(attendance.sessionId, sessionId))))!.n > 0;
}

/** Edits a class session until its attendance is recorded (then its minutes are someone's study hours). */
export async function updateClassSession(db: Db, session: typeof classSessions.$inferSelect, input: ClassSessionInput, by: ClassActor): Promise<{ ok: true; changed: number } | Refused> {
  return await db.transaction(async (tx) => {
    if (await attendanceRecorded(tx, session.id)) return { ok: false, errors: { _form: SESSION_ATTENDED } };
    const values = { ...input, minutes: sessionMinutes(input.startTime, input.endTime)! };
    const changes = fieldChanges(session, values);
    if (Object.keys(changes).length === 0) return { ok: true, changed: 0 };
    await tx.update(classSessions).set(values).where(eq(classSessions.id, session.id));
    await writeAudit(tx, { ...by, event: "learning.session_updated", target: { table: "class_sessions", id: session.id }, details: { classId: session.classId, changes } });
    return { ok: true, changed: Object.keys(changes).length };
  });
}

/** Deletes a session nobody's attendance refers to yet. */
export async function deleteClassSession(db: Db, session: typeof classSessions.$inferSelect, by: ClassActor): Promise<{ ok: true } | Refused> {
  return await db.transaction(async (tx) => {
    if (await attendanceRecorded(tx, session.id)) return { ok: false, errors: { _form: SESSION_ATTENDED } };
    await tx.delete(classSessions).where(eq(classSessions.id, session.id));
    await writeAudit(tx, { ...by, event: "learning.session_deleted", target: { table: "class_sessions", id: session.id }, details: { classId: session.classId, date: session.date, topic: session.topic } });
    return { ok: true };
  });
}

export async function rosterOf(db: DbOrTx, classId: number) {
  return await db
    .select({ personId: people.id, name: people.name, idNumber: people.idNumber, phone: people.phone, userId: users.id })
    .from(classMembers)
    .innerJoin(people, eq(people.id, classMembers.personId))
    .leftJoin(users, eq(users.personId, people.id))
    .where(eq(classMembers.classId, classId))
    .orderBy(asc(classMembers.addedAt), asc(people.id));
}

/**
 * Each member's targeted-training tags on the date: 新入职 in the class's occupation (the earliest hire in it at any
 * institution in the registry) and "4050" from their recorded job-seeker registration.
 */
export async function rosterTags(db: DbOrTx, classId: number, occupation: Occupation, date: string): Promise<Map<number, TrainingTag[]>> {
  const rows = await db
    .select({
      personId: people.id,
      gender: people.gender,
      birthDate: people.birthDate,
      jobSeekerOn: people.jobSeekerOn,
      firstHired: sql<string | null>`(SELECT min(${workers.hiredOn}) FROM ${workers} WHERE ${workers.personId} = ${people.id} AND ${workers.occupation} = ${occupation})`,
    })
    .from(classMembers)
    .innerJoin(people, eq(people.id, classMembers.personId))
    .where(eq(classMembers.classId, classId));
  return new Map(rows.map((r) => [r.personId, [...(isNewEntrant(r.firstHired, date) ? (["new_entrant"] as const) : []), ...(is4050(r, date) ? (["job_seeker_4050"] as const) : [])]]));
}

export async function sessionsOf(db: DbOrTx, classId: number) {
  return await db
    .select({ session: classSessions, teacherName: teachers.name, teacherTitle: teachers.title })
    .from(classSessions)
    .leftJoin(teachers, eq(teachers.id, classSessions.teacherId))
    .where(eq(classSessions.classId, classId))
    .orderBy(asc(classSessions.date), asc(classSessions.startTime));
}

/** Minutes between two HH:MM times on one day, or null when the end is not after the start. */
export function sessionMinutes(startTime: string, endTime: string): number | null {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const minutes = toMinutes(endTime) - toMinutes(startTime);
  return minutes > 0 ? minutes : null;
}

/** Marks who attended a session: every roster member gets a row, present or not. */
export async function recordAttendance(db: Db, classId: number, sessionId: number, presentPersonIds: Set<number>, by: ClassActor) {
  await db.transaction(async (tx) => {
    const now = new Date();
    for (const member of await rosterOf(tx, classId)) {
      const present = presentPersonIds.has(member.personId);
      await tx.insert(attendance)
        .values({ sessionId, personId: member.personId, present, recordedAt: now })
        .onConflictDoUpdate({ target: [attendance.sessionId, attendance.personId], set: { present, recordedAt: now } });
    }
    await writeAudit(tx, { ...by, event: "learning.attendance_recorded", target: { table: "class_sessions", id: sessionId }, details: { present: presentPersonIds.size } });
  });
  // Attended hours may be what completes a trainee's course.
  const { courseId } = (await firstRow(db.select({ courseId: trainingClasses.courseId }).from(trainingClasses).where(eq(trainingClasses.id, classId))))!;
  for (const member of await rosterOf(db, classId)) {
    if (member.userId && presentPersonIds.has(member.personId)) await recordCompletionIfDue(db, member.userId, courseId, await offlineMinutesFor(db, member.personId, courseId));
  }
}

export async function attendanceOf(db: DbOrTx, sessionIds: number[]) {
  if (sessionIds.length === 0) return [];
  return await db.select().from(attendance).where(inArray(attendance.sessionId, sessionIds));
}

/** The class's progress table: one row per roster member, for the page and the XLSX export alike. */
export async function classProgress(db: Db, cls: { id: number; courseId: string }) {
  const outline = await courseOutline(db, cls.courseId);
  const lessonsTotal = outline.reduce((n, m) => n + m.lessons.length, 0);
  const rows = await Promise.all((await rosterOf(db, cls.id)).map(async (member) => {
    const offlineMinutes = await offlineMinutesFor(db, member.personId, cls.courseId);
    const progress = member.userId && await getEnrolment(db, member.userId, cls.courseId) ? await courseProgress(db, member.userId, cls.courseId, offlineMinutes) : null;
    return {
      personId: member.personId,
      name: member.name,
      idNumber: member.idNumber,
      registered: member.userId !== null,
      onlineMinutes: progress ? Math.floor(progress.onlineSeconds / 60) : 0,
      offlineMinutes,
      lessonsDone: progress ? progress.modules.flatMap((m) => m.lessons).filter((l) => l.completed).length : 0,
      quizScores: outline.map((m) => progress?.modules.find((pm) => pm.id === m.id)?.bestScore ?? null),
      complete: progress?.status.complete ?? false,
    };
  }));
  return { modules: outline.map((m) => ({ id: m.id, title: m.title })), lessonsTotal, rows };
}
