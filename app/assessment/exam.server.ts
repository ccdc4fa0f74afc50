import { firstRow, returnedRow } from "../../db/query.ts";
import { randomBytes, randomInt } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "../../db/client.ts";
import { prepared } from "../../db/prepared.ts";
import { inJsonIds, lockedForUpdate } from "../../db/dialect.ts";
import { applications, assessmentPlans, assessmentSessions, attemptAnswers, examQuestions, theoryAttempts, theoryPapers } from "../../db/schema.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { cookieAttributes, readCookie } from "../utils/http.ts";
import { deadlineFor, decideSave } from "./answers.ts";
import { drawPaper, gradePaper, type BankQuestion, type PaperQuestion, type Shortage } from "./blueprint.ts";
import type { Actor } from "./sessions.server.ts";

/** The exam binds an attempt to one browser: this cookie names the device. */
export const EXAM_DEVICE_COOKIE = "carecert_exam_device";

export function examDeviceCookie(request: Request, deviceId: string): string {
  return `${EXAM_DEVICE_COOKIE}=${deviceId}; ${cookieAttributes(request, 86_400)}`;
}

export function deviceIdFrom(request: Request): string | null {
  return readCookie(request, EXAM_DEVICE_COOKIE);
}

const newDeviceId = () => randomBytes(18).toString("base64url");

/** The trainee's approved application for a session that has opened, with its plan; none for a 补考 that keeps the theory score. */
export async function approvedSeat(db: Db, userId: number, sessionId: number) {
  const seat =
    await firstRow(db
      .select({ application: applications, session: assessmentSessions, plan: assessmentPlans })
      .from(applications)
      .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
      .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
      .where(and(eq(applications.userId, userId), eq(applications.sessionId, sessionId), eq(applications.status, "approved")))) ?? null;
  return seat && (seat.application.resitParts === null || seat.application.resitParts.includes("theory")) ? seat : null;
}

export async function attemptOf(db: DbOrTx, applicationId: number) {
  return await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, applicationId))) ?? null;
}

type Seat = NonNullable<Awaited<ReturnType<typeof approvedSeat>>>;
type Plan = typeof assessmentPlans.$inferSelect;

/** The live questions of the confidential exam pool of the plan's occupation and level; practice questions never. */
async function bankFor(db: DbOrTx, plan: Plan): Promise<BankQuestion[]> {
  return (await db
    .select({ id: examQuestions.id, type: examQuestions.type, area: examQuestions.area, options: examQuestions.options })
    .from(examQuestions)
    .where(and(eq(examQuestions.occupation, plan.occupation), eq(examQuestions.level, plan.level), isNull(examQuestions.retiredAt))))
    .map((q) => ({ id: q.id, type: q.type, area: q.area, optionCount: q.options.length }));
}

/** What the bank lacks to fill the plan's blueprint; a shortage does not depend on the seed. */
export async function bankShortages(db: DbOrTx, plan: Plan): Promise<Shortage[]> {
  const drawn = drawPaper(plan.blueprint, await bankFor(db, plan), 0);
  return drawn.ok ? [] : drawn.shortages;
}

/**
 * Draws the paper of every approved candidate of the session who has none yet, each from its own
 * stored seed. Called when the session opens, so that starting the exam draws nothing; the bank is
 * read once for all of them.
 */
export async function drawSessionPapers(db: DbOrTx, sessionId: number, now = new Date()): Promise<number> {
  const { plan } = (await firstRow(db.select({ plan: assessmentPlans }).from(assessmentSessions).innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId)).where(eq(assessmentSessions.id, sessionId))))!;
  const waiting = (await db
    .select({ id: applications.id, resitParts: applications.resitParts })
    .from(applications)
    .leftJoin(theoryPapers, eq(theoryPapers.applicationId, applications.id))
    .where(and(eq(applications.sessionId, sessionId), eq(applications.status, "approved"), isNull(theoryPapers.applicationId))))
    // A 补考 keeping the theory score sits no paper.
    .filter((a) => a.resitParts === null || a.resitParts.includes("theory"));
  const bank = await bankFor(db, plan);
  for (const { id } of waiting) {
    const seed = randomInt(2 ** 31);
    const drawn = drawPaper(plan.blueprint, bank, seed);
    if (!drawn.ok) throw new Error(`question bank cannot fill the blueprint: ${JSON.stringify(drawn.shortages)}`);
    await db.insert(theoryPapers).values({ applicationId: id, seed, paper: drawn.paper, drawnAt: now });
  }
  return waiting.length;
}

const paperOf = prepared((tx) => tx.select().from(theoryPapers).where(eq(theoryPapers.applicationId, sql.placeholder("applicationId"))).prepare());

/**
 * Starts the candidate's attempt on the paper drawn for them; the deadline is fixed now by the server's clock.
 * `recordedBy`: the invigilator who starts a 口试 for the candidate, logged as the actor.
 */
export async function startAttempt(db: Db, seat: Seat, ip: string, now = new Date(), recordedBy?: Actor) {
  return await db.transaction(async (tx) => {
    // A session opened before papers were drawn at opening draws them at its first start.
    const drawnPaper = paperOf(tx);
    if (!await firstRow(drawnPaper.execute({ applicationId: seat.application.id }))) await drawSessionPapers(tx, seat.session.id, now);
    const { seed, paper } = (await firstRow(drawnPaper.execute({ applicationId: seat.application.id })))!;
    const attempt = await returnedRow(tx
      .insert(theoryAttempts)
      .values({ applicationId: seat.application.id, seed, paper, startedAt: now, deadline: deadlineFor(now, seat.plan.blueprint.durationMinutes), deviceId: newDeviceId() })
      .onConflictDoNothing()
      .returning());
    // Two clicks at once: the first start wins, the second resumes it.
    if (!attempt) return (await attemptOf(tx, seat.application.id))!;
    const who = recordedBy ? { ...recordedBy, relatedUserId: seat.application.userId } : { userId: seat.application.userId, ip };
    await writeAudit(tx, { ...who, event: "assessment.exam_started", target: { table: "theory_attempts", id: attempt.id }, details: { seed, oral: Boolean(recordedBy) } }, now);
    return attempt;
  });
}

/** A second device asks to continue; the invigilator must approve before it may save. */
export async function requestTakeover(db: Db, attemptId: number, userId: number, ip: string): Promise<string> {
  const deviceId = newDeviceId();
  await db.transaction(async (tx) => {
    await tx.update(theoryAttempts).set({ pendingDeviceId: deviceId }).where(eq(theoryAttempts.id, attemptId));
    await writeAudit(tx, { event: "assessment.takeover_requested", target: { table: "theory_attempts", id: attemptId }, userId, ip });
  });
  return deviceId;
}

export async function approveTakeover(db: Db, attemptId: number, by: { userId: number; realUserId?: number; ip: string }): Promise<boolean> {
  return await db.transaction(async (tx) => {
    // Locked: a second approval, a newer takeover request or a hand-in takes its turn after this one.
    const attempt = await firstRow(lockedForUpdate(tx.select().from(theoryAttempts).where(eq(theoryAttempts.id, attemptId))));
    if (!attempt?.pendingDeviceId) return false;
    await tx.update(theoryAttempts).set({ deviceId: attempt.pendingDeviceId, pendingDeviceId: null }).where(eq(theoryAttempts.id, attemptId));
    const candidate = (await firstRow(tx.select({ userId: applications.userId }).from(applications).where(eq(applications.id, attempt.applicationId))))!;
    await writeAudit(tx, { ...by, event: "assessment.takeover_approved", target: { table: "theory_attempts", id: attemptId }, relatedUserId: candidate.userId });
    return true;
  });
}

const answersOf = prepared((db) => db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, sql.placeholder("attemptId"))).prepare());

export async function savedAnswers(db: Db, attemptId: number) {
  return await answersOf(db).execute({ attemptId });
}

// Answer saves are the exam's hot path (thousands of candidates every few seconds), hand-ins its last wave.
// Saves and hand-ins read the attempt in their transaction; on SQLite all transactions share one prepared statement.
// The read locks the attempt's row (PostgreSQL): a save and a hand-in of one attempt take turns, so a save either
// lands before the hand-in grades the paper or sees it handed in; two hand-ins grade it once.
const attemptWithCandidate = prepared((db) =>
  lockedForUpdate(
    db
      .select({ attempt: theoryAttempts, userId: applications.userId })
      .from(theoryAttempts)
      .innerJoin(applications, eq(applications.id, theoryAttempts.applicationId))
      .where(eq(theoryAttempts.id, sql.placeholder("attemptId"))),
    theoryAttempts,
  ).prepare(),
);
// A save reads the attempt and the question's stored answer in one query: on PostgreSQL every query is a round trip.
const attemptWithStoredAnswer = prepared((db) =>
  lockedForUpdate(
    db
      .select({ attempt: theoryAttempts, userId: applications.userId, stored: attemptAnswers })
      .from(theoryAttempts)
      .innerJoin(applications, eq(applications.id, theoryAttempts.applicationId))
      .leftJoin(attemptAnswers, and(eq(attemptAnswers.attemptId, theoryAttempts.id), eq(attemptAnswers.questionId, sql.placeholder("questionId"))))
      .where(eq(theoryAttempts.id, sql.placeholder("attemptId"))),
    theoryAttempts,
  ).prepare(),
);

// The newest save per question wins: a row is replaced only by a save with a higher sequence number.
const upsertAnswer = prepared((tx) =>
  tx
    .insert(attemptAnswers)
    .values({ attemptId: sql.placeholder("attemptId"), questionId: sql.placeholder("questionId"), choice: sql.placeholder("choice"), seq: sql.placeholder("seq"), savedAt: sql.placeholder("savedAt") })
    .onConflictDoUpdate({
      target: [attemptAnswers.attemptId, attemptAnswers.questionId],
      set: { choice: sql`excluded.choice`, seq: sql`excluded.seq`, savedAt: sql`excluded.saved_at` },
      setWhere: sql`${attemptAnswers.seq} < excluded.seq`,
    })
    .prepare(),
);

/** The choice as stored (distinct, ascending), or null when an option does not exist or a one-answer question has several. */
export function normalisedChoice(question: PaperQuestion, choice: number[]): number[] | null {
  const distinct = [...new Set(choice)].sort((a, b) => a - b);
  const valid = distinct.every((i) => Number.isInteger(i) && i >= 0 && i < question.optionOrder.length) && (question.type === "multiple" || distinct.length <= 1);
  return valid ? distinct : null;
}

/** Writes one answer unless a save with a higher sequence number is already stored. */
export async function storeAnswer(tx: Tx, answer: { attemptId: number; questionId: string; choice: number[]; seq: number; savedAt: Date }) {
  await upsertAnswer(tx).execute(answer);
}

export type SaveOutcome = { status: "saved" | "duplicate" | "stale" } | { status: "refused"; reason: "not_found" | "other_device" | "not_in_paper" | "bad_choice" | "closed" };

/**
 * Saves one answer. Refused (and logged): another candidate's attempt, a device not approved, a
 * question not on the paper, options that do not exist, after the deadline or submission.
 * Ignored: a repeat, or an older save arriving late (logged).
 */
export async function saveAnswer(db: Db, input: { attemptId: number; userId: number; deviceId: string | null; questionId: string; choice: number[]; seq: number; ip: string }, now = new Date()): Promise<SaveOutcome> {
  // Checked and written in one transaction: a hand-in, a takeover or another save of the question cannot come between.
  return await db.transaction(async (tx) => {
    const found = await firstRow(attemptWithStoredAnswer(tx).execute({ attemptId: input.attemptId, questionId: input.questionId }));
    const refuse = async (reason: Extract<SaveOutcome, { status: "refused" }>["reason"]): Promise<SaveOutcome> => {
      await writeAudit(tx, { event: "assessment.answer_refused", target: { table: "theory_attempts", id: input.attemptId }, userId: input.userId, ip: input.ip, details: { reason, questionId: input.questionId, seq: input.seq } }, now);
      return { status: "refused", reason };
    };
    if (!found || found.userId !== input.userId) return refuse("not_found");
    const { attempt } = found;
    if (attempt.submittedAt || now.getTime() >= attempt.deadline.getTime()) return refuse("closed");
    if (input.deviceId !== attempt.deviceId) return refuse("other_device");
    const question = attempt.paper.find((q) => q.questionId === input.questionId);
    if (!question) return refuse("not_in_paper");
    const choice = normalisedChoice(question, input.choice);
    if (!choice) return refuse("bad_choice");
    const current = found.stored ?? undefined;
    const decision = decideSave(current, { choice, seq: input.seq });
    if (!decision.apply) {
      // A repeat is a client retrying; an older save arriving late is worth a line in the log.
      if (decision.reason === "stale") await writeAudit(tx, { event: "assessment.answer_ignored", target: { table: "theory_attempts", id: attempt.id }, userId: input.userId, ip: input.ip, details: { questionId: input.questionId, seq: input.seq, kept: current!.seq } }, now);
      return { status: decision.reason };
    }
    await storeAnswer(tx, { attemptId: attempt.id, questionId: input.questionId, choice, seq: input.seq, savedAt: now });
    return { status: "saved" };
  });
}

/**
 * The exam page went out of sight (another app, another tab, the screen locked): logged for the
 * invigilator, never blocked. Only the candidate's own running attempt counts.
 */
export async function logPageLeft(db: Db, input: { attemptId: number; userId: number; ip: string }, now = new Date()): Promise<boolean> {
  // Checked in the note's transaction: a hand-in cannot come between, so no note follows the hand-in in the log.
  return await db.transaction(async (tx) => {
    const found = await firstRow(attemptWithCandidate(tx).execute({ attemptId: input.attemptId }));
    if (!found || found.userId !== input.userId || found.attempt.submittedAt || now.getTime() >= found.attempt.deadline.getTime()) return false;
    await writeAudit(tx, { event: "assessment.exam_page_left", target: { table: "theory_attempts", id: input.attemptId }, userId: input.userId, ip: input.ip }, now);
    return true;
  });
}

export type SubmitOutcome = { status: "submitted"; auto: boolean } | { status: "refused"; reason: "not_found" | "other_device" };

/**
 * The candidate hands in their own paper from the device the attempt is bound to (交卷). Handing in
 * again changes nothing; at or after the deadline the paper closes as submitted automatically.
 * Refusals are logged like refused saves.
 */
export async function submitOwnAttempt(db: Db, input: { attemptId: number; userId: number; deviceId: string | null; ip: string }, now = new Date()): Promise<SubmitOutcome> {
  // Checked in the hand-in's transaction: a takeover approved meanwhile cannot come between.
  return await db.transaction(async (tx): Promise<SubmitOutcome> => {
    const found = await firstRow(attemptWithCandidate(tx).execute({ attemptId: input.attemptId }));
    const reason = !found || found.userId !== input.userId ? "not_found" : input.deviceId !== found.attempt.deviceId ? "other_device" : null;
    if (reason) {
      await writeAudit(tx, { event: "assessment.submit_refused", target: { table: "theory_attempts", id: input.attemptId }, userId: input.userId, ip: input.ip, details: { reason } }, now);
      return { status: "refused", reason };
    }
    return { status: "submitted", auto: (await closeLockedAttempt(tx, found!, input.ip, now)).autoSubmitted };
  });
}

// Handing in comes in a wave at the end of the exam: the paper's key and the saved answers in one prepared query.
const keyAndAnswers = prepared((tx) =>
  tx
    .select({ id: examQuestions.id, answer: examQuestions.answer, choice: attemptAnswers.choice })
    .from(examQuestions)
    .leftJoin(attemptAnswers, and(eq(attemptAnswers.attemptId, sql.placeholder("attemptId")), eq(attemptAnswers.questionId, examQuestions.id)))
    .where(inJsonIds(examQuestions.id, sql.placeholder("ids")))
    .prepare(),
);

/**
 * Grades and closes an attempt with what was saved; at or after the deadline it counts as submitted automatically.
 * `recordedBy`: the invigilator handing in a 口试 for the candidate, logged as the actor.
 */
export async function submitAttempt(db: Db, attemptId: number, ip: string | null, now = new Date(), recordedBy?: Actor) {
  return await db.transaction(async (tx) => closeAttempt(tx, attemptId, ip, now, recordedBy));
}

/** submitAttempt inside the caller's transaction; the attempt's row stays locked until it ends (PostgreSQL). */
export async function closeAttempt(tx: Tx, attemptId: number, ip: string | null, now: Date, recordedBy?: Actor) {
  return await closeLockedAttempt(tx, (await firstRow(attemptWithCandidate(tx).execute({ attemptId })))!, ip, now, recordedBy);
}

/** closeAttempt for an attempt the transaction has already read with its row locked. */
async function closeLockedAttempt(tx: Tx, { attempt, userId }: { attempt: typeof theoryAttempts.$inferSelect; userId: number }, ip: string | null, now: Date, recordedBy?: Actor) {
  if (attempt.submittedAt) return attempt;
  const rows = await keyAndAnswers(tx).execute({ attemptId: attempt.id, ids: JSON.stringify(attempt.paper.map((q) => q.questionId)) });
  const key = Object.fromEntries(rows.map((q) => [q.id, q.answer]));
  const answers = Object.fromEntries(rows.flatMap((q) => (q.choice ? [[q.id, q.choice]] : [])));
  const auto = now.getTime() >= attempt.deadline.getTime();
  const closing = { submittedAt: auto ? attempt.deadline : now, autoSubmitted: auto, score: gradePaper(attempt.paper, answers, key) };
  await tx.update(theoryAttempts).set(closing).where(eq(theoryAttempts.id, attempt.id));
  const who = recordedBy && !auto ? { ...recordedBy, relatedUserId: userId } : { userId, ip };
  await writeAudit(tx, { ...who, event: auto ? "assessment.exam_auto_submitted" : "assessment.exam_submitted", target: { table: "theory_attempts", id: attempt.id }, details: { answered: Object.keys(answers).length } }, now);
  return { ...attempt, ...closing };
}

/**
 * Applies the deadline lazily: whoever touches an overdue attempt first closes it. Given a transaction, it closes the
 * paper inside it (a savepoint), so a caller can read results and act on them in one transaction.
 */
export async function closeIfOverdue(db: DbOrTx, attempt: typeof theoryAttempts.$inferSelect, now = new Date()) {
  if (attempt.submittedAt || now.getTime() < attempt.deadline.getTime()) return attempt;
  return await db.transaction(async (tx) => closeAttempt(tx, attempt.id, null, now));
}
