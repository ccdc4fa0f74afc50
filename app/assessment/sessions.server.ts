import { firstRow, returnedRow } from "../../db/query.ts";
import { randomInt } from "node:crypto";
import { format, parseISO, subDays } from "date-fns";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { countRows } from "../../db/dialect.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { applications, assessmentPlans, assessmentSessions, competitionSittings, courseCompletions, courses, eligibilityRules, organisations, people, sessionStaff, skillTaskDraws, users } from "../../db/schema.ts";
import { certificateValidOn } from "../../certificates/status.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { fieldChanges } from "../audit/changes.ts";
import type { Scope } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { occupationNames, type Occupation, type SkillLevel } from "../occupations/occupations.ts";
import { skillCertificatesOf } from "../certificates/certificates.server.ts";
import { chinaDate } from "../utils/dates.ts";
import { passedModules } from "../learning/learning.server.ts";
import { relatedOccupations } from "./eligibility-defaults.ts";
import { checkEligibility, type ApplicantFacts } from "./eligibility.ts";
import { applicationsOpen, type SessionDates } from "./session-dates.ts";
import { describeShortage } from "./blueprint.ts";
import { bankShortages, drawSessionPapers } from "./exam.server.ts";
import { drawSkillTasks } from "./scoring.ts";
import { checkStaffing, type SessionStaffing } from "./staffing.ts";

export type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;

export async function listPlans(db: DbOrTx) {
  return await db.select().from(assessmentPlans).orderBy(asc(assessmentPlans.occupation), desc(assessmentPlans.level));
}

/** A competition's theory paper sits in a session at the host base but certifies nothing: the competition's pages run it. */
export const notCompetitionSession = sql`NOT EXISTS (SELECT 1 FROM ${competitionSittings} WHERE ${competitionSittings.theorySessionId} = ${assessmentSessions.id})`;

const sessionColumns = {
  session: assessmentSessions,
  plan: assessmentPlans,
  baseName: organisations.name,
  applicants: sql<number>`(SELECT count(*) FROM ${applications} WHERE ${applications.sessionId} = ${assessmentSessions.id})`,
  approved: sql<number>`(SELECT count(*) FROM ${applications} WHERE ${applications.sessionId} = ${assessmentSessions.id} AND ${applications.status} = 'approved')`,
};

export async function listSessions(db: DbOrTx, scope: Scope) {
  return await db
    .select(sessionColumns)
    .from(assessmentSessions)
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .innerJoin(organisations, eq(organisations.id, assessmentSessions.organisationId))
    .where(and(notCompetitionSession, scopeCondition(scope, { organisationId: assessmentSessions.organisationId })))
    .orderBy(desc(assessmentSessions.theoryStartsAt));
}

/** Sessions still taking applications, for trainees to choose from. */
/** A session's calendar; a session written before closing dates existed closes the day before its exam. */
export function sessionDatesOf(session: { theoryStartsAt: Date; applicationsCloseOn: string | null }): SessionDates {
  const examDate = chinaDate(session.theoryStartsAt);
  return { examDate, applicationsCloseOn: session.applicationsCloseOn ?? format(subDays(parseISO(examDate), 1), "yyyy-MM-dd") };
}

/** Draft sessions still taking applications today: not after their closing day, never once the exam day has come. */
export async function sessionsOpenForApplication(db: DbOrTx, today = chinaDate(new Date())) {
  return (await db
    .select(sessionColumns)
    .from(assessmentSessions)
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .innerJoin(organisations, eq(organisations.id, assessmentSessions.organisationId))
    .where(and(eq(assessmentSessions.status, "draft"), isNull(assessmentSessions.retiredAt)))
    .orderBy(asc(assessmentSessions.theoryStartsAt)))
    .filter(({ session }) => applicationsOpen(sessionDatesOf(session), today));
}

export async function getSessionInScope(db: DbOrTx, scope: Scope, id: number) {
  return (
    await firstRow(db
      .select(sessionColumns)
      .from(assessmentSessions)
      .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
      .innerJoin(organisations, eq(organisations.id, assessmentSessions.organisationId))
      .where(and(eq(assessmentSessions.id, id), notCompetitionSession, scopeCondition(scope, { organisationId: assessmentSessions.organisationId })))) ?? null
  );
}

export async function createSession(db: Db, input: typeof assessmentSessions.$inferInsert, by: Actor) {
  return await db.transaction(async (tx) => {
    const created = await returnedRow(tx.insert(assessmentSessions).values(input).returning());
    await writeAudit(tx, { ...by, event: "assessment.session_created", target: { table: "assessment_sessions", id: created.id }, details: { name: input.name, planId: input.planId } });
    return created;
  });
}

type SessionRow = typeof assessmentSessions.$inferSelect;
export type SessionEdit = Pick<SessionRow, "name" | "theoryStartsAt" | "applicationsCloseOn" | "venue" | "rooms">;

/** Why a session can no longer change: once opened its papers are drawn; a retired one is history. */
export function sessionLocked(session: Pick<SessionRow, "status" | "retiredAt">): string | null {
  if (session.retiredAt) return "该批次已取消，不能再修改";
  return session.status === "draft" ? null : "批次已开考，不能再修改";
}

/**
 * Edits a session not yet opened, field by field; a room that invigilators are assigned to cannot disappear
 * (they would watch a room that no longer exists). Dates are checked by the caller's form schema.
 */
type Edited = { ok: true; changed: number } | { ok: false; errors: Record<string, string> };
export async function updateSession(db: Db, session: SessionRow, input: SessionEdit, by: Actor): Promise<Edited> {
  return await db.transaction(async (tx): Promise<Edited> => {
    const current = (await firstRow(tx.select().from(assessmentSessions).where(eq(assessmentSessions.id, session.id))))!;
    const locked = sessionLocked(current);
    if (locked) return { ok: false, errors: { _form: locked } };
    const kept = new Set(input.rooms.map((r) => r.name));
    const orphaned = [...new Set((await staffOf(tx, session.id)).filter((s) => s.room && !kept.has(s.room)).map((s) => s.room!))];
    if (orphaned.length > 0) return { ok: false, errors: { rooms: `考场「${orphaned.join("」「")}」已安排监考员，请先移除监考员再删除考场` } };
    const changes = fieldChanges({ ...current, applicationsCloseOn: sessionDatesOf(current).applicationsCloseOn }, input);
    if (Object.keys(changes).length === 0) return { ok: true, changed: 0 };
    await tx.update(assessmentSessions).set(input).where(eq(assessmentSessions.id, session.id));
    await writeAudit(tx, { ...by, event: "assessment.session_updated", target: { table: "assessment_sessions", id: session.id }, details: { changes } });
    return { ok: true, changed: Object.keys(changes).length };
  });
}

/**
 * Calls off a session not yet opened: deleted while nobody has applied (its staffing goes with it), otherwise
 * retired, so the applications stay on record; either way it takes no more applications and never opens.
 */
export async function retireSession(db: Db, sessionId: number, by: Actor, now = new Date()): Promise<{ ok: true; outcome: "deleted" | "retired" } | { ok: false; message: string }> {
  return await db.transaction(async (tx) => {
    const current = (await firstRow(tx.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!;
    const locked = sessionLocked(current);
    if (locked) return { ok: false, message: locked };
    const applied = (await firstRow(tx.select({ n: countRows() }).from(applications).where(eq(applications.sessionId, sessionId))))!.n;
    if (applied === 0) {
      await tx.delete(assessmentSessions).where(eq(assessmentSessions.id, sessionId));
      await writeAudit(tx, { ...by, event: "assessment.session_deleted", target: { table: "assessment_sessions", id: sessionId }, details: { name: current.name } });
      return { ok: true, outcome: "deleted" };
    }
    await tx.update(assessmentSessions).set({ retiredAt: now }).where(eq(assessmentSessions.id, sessionId));
    await writeAudit(tx, { ...by, event: "assessment.session_retired", target: { table: "assessment_sessions", id: sessionId }, details: { name: current.name, applications: applied } });
    return { ok: true, outcome: "retired" };
  });
}

export async function staffOf(db: DbOrTx, sessionId: number) {
  return await db
    .select({ userId: sessionStaff.userId, duty: sessionStaff.duty, room: sessionStaff.room, name: people.name })
    .from(sessionStaff)
    .innerJoin(users, eq(users.id, sessionStaff.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .where(eq(sessionStaff.sessionId, sessionId));
}

export async function applicationsOf(db: DbOrTx, sessionId: number) {
  return await db
    .select({ application: applications, name: people.name, idNumber: people.idNumber })
    .from(applications)
    .innerJoin(users, eq(users.id, applications.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .where(eq(applications.sessionId, sessionId))
    .orderBy(asc(applications.createdAt));
}

/**
 * Who sits in which room and who watches them: approved candidates fill the rooms in order, and the
 * staffing rules are checked against that (a session with a review part needs its panel too).
 */
export async function plannedStaffing(db: DbOrTx, sessionId: number): Promise<SessionStaffing & { seating: Map<number, string> }> {
  const session = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(eq(assessmentPlans.id, session.planId))))!;
  const approved = (await applicationsOf(db, sessionId)).filter((a) => a.application.status === "approved");
  const staff = await staffOf(db, sessionId);
  const seating = new Map<number, string>();
  let next = 0;
  const theoryRooms = session.rooms.map((room) => {
    const seated = approved.slice(next, next + room.capacity);
    next += seated.length;
    for (const a of seated) seating.set(a.application.id, room.name);
    return { name: room.name, candidates: seated.length, invigilators: staff.filter((s) => s.duty === "invigilator" && s.room === room.name).length };
  });
  if (next < approved.length) theoryRooms.push({ name: "（未安排考场）", candidates: approved.length - next, invigilators: 0 });
  return {
    theoryRooms,
    skill: { candidates: approved.length, examiners: staff.filter((s) => s.duty === "examiner" || s.duty === "chief_examiner").length },
    panel: plan.hasReview ? { members: staff.filter((s) => s.duty === "panel").length } : null,
    seating,
  };
}

/**
 * Opens a session for the exam when every staffing rule holds and the bank can fill the blueprint;
 * returns the broken rules otherwise. Every candidate's paper is drawn now, in the same transaction.
 */
export async function openSession(db: Db, sessionId: number, by: Actor): Promise<string[]> {
  const locked = sessionLocked((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!);
  if (locked) return [locked];
  const planned = await plannedStaffing(db, sessionId);
  const problems = checkStaffing(planned);
  if (planned.skill && planned.skill.candidates === 0) problems.unshift("还没有审核通过的申报，不能开考");
  if (planned.theoryRooms.some((r) => r.name === "（未安排考场）")) problems.push("考场容量不足，请增加考场或扩大容量");
  const { plan } = (await firstRow(db.select({ plan: assessmentPlans }).from(assessmentSessions).innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId)).where(eq(assessmentSessions.id, sessionId))))!;
  problems.push(...(await bankShortages(db, plan)).map(describeShortage));
  if (plan.skillTasks.length < plan.skillTasksPerCandidate) problems.push(`技能考核题库只有 ${plan.skillTasks.length} 个考核项目，每名考生须抽取 ${plan.skillTasksPerCandidate} 个`);
  if (problems.length > 0) return problems;
  return await db.transaction(async (tx) => {
    // Checked before this transaction: a session opened or called off since then is left as it is.
    const relocked = sessionLocked((await firstRow(tx.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!);
    if (relocked) return [relocked];
    for (const [applicationId, room] of planned.seating) await tx.update(applications).set({ room }).where(eq(applications.id, applicationId));
    const papers = await drawSessionPapers(tx, sessionId);
    await drawSessionSkillTasks(tx, sessionId);
    await tx.update(assessmentSessions).set({ status: "open", openedAt: new Date() }).where(eq(assessmentSessions.id, sessionId));
    await writeAudit(tx, { ...by, event: "assessment.session_opened", target: { table: "assessment_sessions", id: sessionId }, details: { candidates: planned.seating.size, papers } });
    return [];
  });
}

/**
 * Draws the skill operations of every approved candidate who sits the skill part and has none yet, each from its own
 * stored seed (re-created for an audit by `drawSkillTasks(plan.skillTasks, count, seed)`). Called when the session opens.
 */
export async function drawSessionSkillTasks(db: DbOrTx, sessionId: number, now = new Date()): Promise<number> {
  const { plan } = (await firstRow(db.select({ plan: assessmentPlans }).from(assessmentSessions).innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId)).where(eq(assessmentSessions.id, sessionId))))!;
  const waiting = (await db
    .select({ id: applications.id, resitParts: applications.resitParts })
    .from(applications)
    .leftJoin(skillTaskDraws, eq(skillTaskDraws.applicationId, applications.id))
    .where(and(eq(applications.sessionId, sessionId), eq(applications.status, "approved"), isNull(skillTaskDraws.applicationId))))
    .filter((a) => a.resitParts === null || a.resitParts.includes("skill"));
  for (const { id } of waiting) {
    const seed = randomInt(2 ** 31);
    await db.insert(skillTaskDraws).values({ applicationId: id, seed, taskIds: drawSkillTasks(plan.skillTasks, plan.skillTasksPerCandidate, seed), drawnAt: now });
  }
  return waiting.length;
}

/** The facts the system knows for an applicant, completed by what they declare (certificates from elsewhere among them). */
export async function applicantFacts(
  db: Db,
  userId: number,
  declared: Omit<ApplicantFacts, "certificates" | "completedCourses" | "passedModules"> & { declaredCertificates?: ApplicantFacts["certificates"] },
  onDate = chinaDate(new Date()),
): Promise<ApplicantFacts> {
  const { declaredCertificates = [], ...rest } = declared;
  const completed = await db
    .select({ occupation: courses.occupation, level: courses.level })
    .from(courseCompletions)
    .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
    .where(eq(courseCompletions.userId, userId));
  const { personId } = (await firstRow(db.select({ personId: users.personId }).from(users).where(eq(users.id, userId))))!;
  const certificates = (await skillCertificatesOf(db, personId)).map((c) => ({ occupation: c.occupation, level: c.level as SkillLevel, issuedOn: c.issuedOn, valid: certificateValidOn(c, onDate) }));
  return {
    ...rest,
    certificates: [...certificates, ...declaredCertificates],
    completedCourses: completed.map((c) => ({ occupation: c.occupation, level: c.level as SkillLevel | null })),
    passedModules: await passedModules(db, userId),
  };
}

export async function evaluateApplication(db: DbOrTx, plan: { occupation: Occupation; level: number }, facts: ApplicantFacts, onDate: string) {
  const rules = await firstRow(db.select().from(eligibilityRules).where(and(eq(eligibilityRules.occupation, plan.occupation), eq(eligibilityRules.level, plan.level))));
  return checkEligibility(rules ?? { routes: [], requirements: [] }, facts, onDate, occupationNames, relatedOccupations);
}
