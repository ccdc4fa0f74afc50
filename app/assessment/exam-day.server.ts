import { firstRow } from "../../db/query.ts";
import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { countRows } from "../../db/dialect.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { prepared } from "../../db/prepared.ts";
import { applications, assessmentPlans, assessmentSessions, auditLog, organisations, partAttendance, people, users } from "../../db/schema.ts";
import { writeAudit } from "../audit/audit.server.ts";
import type { Actor } from "./sessions.server.ts";

export type AttendancePart = "theory" | "skill";

/**
 * Seat numbers (座号) per room: the approved candidates of each room in the order they applied,
 * numbered from 01. Rooms are filled in that same order when the session opens, so the numbers are
 * fixed from then on and every page and the 准考证 derive the same ones.
 */
export function seatNumbers(candidates: Array<{ id: number; room: string | null }>): Map<number, string> {
  const next = new Map<string, number>();
  const seats = new Map<number, string>();
  for (const c of candidates) {
    if (c.room === null) continue;
    const n = (next.get(c.room) ?? 0) + 1;
    next.set(c.room, n);
    seats.set(c.id, String(n).padStart(2, "0"));
  }
  return seats;
}

/** Every approved candidate of the session with a room, in seating order, with their seat. */
export async function seatedCandidates(db: DbOrTx, sessionId: number) {
  const rows = await db
    .select({ applicationId: applications.id, userId: applications.userId, room: applications.room, oralTheory: applications.oralTheory, name: people.name, idNumber: people.idNumber })
    .from(applications)
    .innerJoin(users, eq(users.id, applications.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .where(and(eq(applications.sessionId, sessionId), eq(applications.status, "approved"), isNotNull(applications.room)))
    .orderBy(asc(applications.createdAt), asc(applications.id));
  const seats = seatNumbers(rows.map((r) => ({ id: r.applicationId, room: r.room })));
  return rows.map((r) => ({ ...r, room: r.room!, seat: seats.get(r.applicationId)! }));
}

/** What the 准考证 prints, for the candidate's own approved application in an opened session; null otherwise. */
export async function admissionTicket(db: DbOrTx, userId: number, sessionId: number) {
  const found = await firstRow(db
    .select({ application: applications, session: assessmentSessions, plan: assessmentPlans, baseName: organisations.name })
    .from(applications)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .innerJoin(organisations, eq(organisations.id, assessmentSessions.organisationId))
    .where(and(eq(applications.userId, userId), eq(applications.sessionId, sessionId), eq(applications.status, "approved"))));
  // Rooms and seats exist once the session has opened.
  if (!found || found.session.status === "draft" || !found.application.room) return null;
  const me = (await seatedCandidates(db, sessionId)).find((c) => c.applicationId === found.application.id)!;
  return { ...found, name: me.name, idNumber: me.idNumber, room: me.room, seat: me.seat };
}

const attendanceOf = prepared((db) =>
  db
    .select({ status: partAttendance.status })
    .from(partAttendance)
    .where(and(eq(partAttendance.applicationId, sql.placeholder("applicationId")), eq(partAttendance.part, "theory")))
    .prepare(),
);

/** Whether the candidate was checked in at the door of the theory exam: only they may start the paper. */
export async function checkedInForTheory(db: Db, applicationId: number): Promise<boolean> {
  return (await firstRow(attendanceOf(db).execute({ applicationId })))?.status === "present";
}

export type CheckInOutcome =
  | { ok: true; name: string; room: string; seat: string; already: boolean }
  | { ok: false; error: string };

/**
 * 入场核验: the ID number typed or scanned at the door is matched against the approved candidates of
 * the rooms this member of staff watches (null: every room). A match records the candidate present
 * with their seat; anything else writes nothing and says why.
 */
export async function checkIn(db: Db, input: { sessionId: number; part: AttendancePart; idNumber: string; rooms: string[] | null; by: Actor }, now = new Date()): Promise<CheckInOutcome> {
  // A scanner or a typist may add spaces; the check character may be typed as a small x.
  const idNumber = input.idNumber.replace(/\s/g, "").toUpperCase();
  const candidate = (await seatedCandidates(db, input.sessionId)).find((c) => c.idNumber === idNumber);
  if (!candidate) return { ok: false, error: "该证件号码不在本批次审核通过的考生名单中，请核对证件" };
  if (input.rooms !== null && !input.rooms.includes(candidate.room)) return { ok: false, error: `该考生不在您的考场，应到「${candidate.room}」` };
  return await db.transaction(async (tx) => {
    const recorded = await firstRow(tx.select().from(partAttendance).where(and(eq(partAttendance.applicationId, candidate.applicationId), eq(partAttendance.part, input.part))));
    if (recorded?.status === "absent") return { ok: false as const, error: `${candidate.name} 已记为缺考，不能再入场` };
    if (!recorded) {
      await tx.insert(partAttendance).values({ applicationId: candidate.applicationId, part: input.part, status: "present", seat: candidate.seat, recordedBy: input.by.userId!, recordedAt: now });
      await writeAudit(tx, { ...input.by, event: "assessment.checked_in", target: { table: "applications", id: candidate.applicationId }, relatedUserId: candidate.userId, details: { part: input.part, room: candidate.room, seat: candidate.seat } }, now);
    }
    return { ok: true as const, name: candidate.name, room: candidate.room, seat: candidate.seat, already: Boolean(recorded) };
  });
}

/** The candidates of the watched rooms and their attendance for the part, in seating order. */
export async function attendanceList(db: DbOrTx, sessionId: number, part: AttendancePart, rooms: string[] | null) {
  const seated = (await seatedCandidates(db, sessionId)).filter((c) => rooms === null || rooms.includes(c.room));
  const ids = seated.map((c) => c.applicationId);
  const recorded = new Map(
    ids.length === 0
      ? []
      : (await db
          .select()
          .from(partAttendance)
          .where(and(inArray(partAttendance.applicationId, ids), eq(partAttendance.part, part))))
          .map((r) => [r.applicationId, r.status]),
  );
  return seated.map((c) => ({ applicationId: c.applicationId, userId: c.userId, name: c.name, room: c.room, seat: c.seat, oralTheory: c.oralTheory, status: recorded.get(c.applicationId) ?? null }));
}

/**
 * 缺考: after the start time, the candidates the invigilator confirmed as not come are recorded
 * absent. Only those still without a record are written (one who checked in meanwhile stays present).
 */
export async function markAbsent(db: Db, input: { sessionId: number; part: AttendancePart; applicationIds: number[]; rooms: string[] | null; startsAt: Date; by: Actor }, now = new Date()): Promise<{ ok: true; marked: number } | { ok: false; error: string }> {
  if (now < input.startsAt) return { ok: false, error: "考试开始后才能记录缺考" };
  return await db.transaction(async (tx) => {
    const missing = (await attendanceList(tx, input.sessionId, input.part, input.rooms)).filter((c) => c.status === null && input.applicationIds.includes(c.applicationId));
    for (const c of missing) {
      await tx.insert(partAttendance).values({ applicationId: c.applicationId, part: input.part, status: "absent", seat: c.seat, recordedBy: input.by.userId!, recordedAt: now });
      await writeAudit(tx, { ...input.by, event: "assessment.marked_absent", target: { table: "applications", id: c.applicationId }, relatedUserId: c.userId, details: { part: input.part, room: c.room, seat: c.seat } }, now);
    }
    return { ok: true as const, marked: missing.length };
  });
}

/** How many times each attempt's exam page went out of sight, for the invigilator's list. */
export async function pageLeftCounts(db: DbOrTx, attemptIds: number[]): Promise<Map<number, number>> {
  if (attemptIds.length === 0) return new Map();
  const rows = await db
    .select({ attemptId: auditLog.targetId, count: countRows() })
    .from(auditLog)
    .where(and(eq(auditLog.event, "assessment.exam_page_left"), eq(auditLog.targetTable, "theory_attempts"), inArray(auditLog.targetId, attemptIds.map(String))))
    .groupBy(auditLog.targetId);
  return new Map(rows.map((r) => [Number(r.attemptId), r.count]));
}
