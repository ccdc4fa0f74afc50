import { firstRow, returnedRow } from "../../db/query.ts";
import { randomInt } from "node:crypto";
import { and, asc, eq, inArray, isNull, or, gt, sql } from "drizzle-orm";
import { countRows, lockedForUpdate } from "../../db/dialect.ts";
import type { Db, DbOrTx, Tx } from "../../db/client.ts";
import {
  applications,
  assessmentPlans,
  assessmentSessions,
  classMembers,
  competitionEntries,
  competitionJudges,
  competitionResults,
  competitionScores,
  competitionSittings,
  competitionSpreadResolutions,
  competitions,
  competitionTheorySeats,
  organisations,
  partAttendance,
  people,
  roleAssignments,
  roles,
  sessionStaff,
  theoryAttempts,
  trainingClasses,
  users,
  workers,
  type CompetitionStage,
} from "../../db/schema.ts";
import { maskHolderName } from "../../certificates/mask.ts";
import { describeShortage } from "../assessment/blueprint.ts";
import { bankShortages, closeIfOverdue, drawSessionPapers } from "../assessment/exam.server.ts";
import { checkItemScores, drawSkillTasks, scoredPartResult, taskScore, type PartTask } from "../assessment/scoring.ts";
import { examinerQualifiedFor } from "../assessment/staff.server.ts";
import type { Actor } from "../assessment/sessions.server.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { scopeCoversRegion, type Scope } from "../auth/permissions.ts";
import { levelShortLabel, occupationNames, type SkillLevel } from "../occupations/occupations.ts";
import { regionContains } from "../regions/region-code.ts";
import { chinaDate } from "../utils/dates.ts";
import { advancing, assignAwards, awardNames, rankCompetitors, scoringRefusal, stageNames, stepRefusal, entryRefusal, type CompetitionFacts, type CompetitionStep, type Ranked } from "./rules.ts";

/** The one refusal of this domain: a Chinese message, nothing written. Routes answer it with 409. */
export class CompetitionRefusal extends Error {}

export type Competition = typeof competitions.$inferSelect;
export type Entry = typeof competitionEntries.$inferSelect;

/** The theory room every competition sitting uses; the host base's invigilation pages read it. */
const ROOM = "竞赛考场";

export function competitionLabel(c: Pick<Competition, "occupation" | "levels">): string {
  return `${occupationNames[c.occupation]}（${c.levels.map((l) => levelShortLabel(l as SkillLevel)).join("、")}）`;
}

// ── Reading ──────────────────────────────────────────────────────────────

/** Competitions organised within an officer's region scope, newest first. */
export async function competitionsInScope(db: DbOrTx, scope: Scope) {
  return (await db
    .select()
    .from(competitions)
    .orderBy(sql`${competitions.id} DESC`))
    .filter((c) => scopeCoversRegion(scope, c.regionCode));
}

/** The competition when it lies in the officer's scope; null otherwise (the routes answer 404). */
export async function competitionInScope(db: DbOrTx, scope: Scope, id: number): Promise<Competition | null> {
  const found = await firstRow(db.select().from(competitions).where(eq(competitions.id, id)));
  return found && scopeCoversRegion(scope, found.regionCode) ? found : null;
}

/** Competitions whose region holds one of the organisations (an entrant's institution or base). */
export async function competitionsForOrganisations(db: DbOrTx, organisationIds: number[]) {
  if (organisationIds.length === 0) return [];
  const orgs = await db.select().from(organisations).where(inArray(organisations.id, organisationIds));
  return (await db
    .select()
    .from(competitions)
    .orderBy(sql`${competitions.id} DESC`))
    .filter((c) => orgs.some((o) => regionContains(c.regionCode, o.regionCode)));
}

/** The organisations of the user's org scope that may enter the competition (inside its region). */
export async function enteringOrganisations(db: DbOrTx, scope: Scope, competition: Competition) {
  if (scope.organisationIds.length === 0) return [];
  return (await db
    .select()
    .from(organisations)
    .where(inArray(organisations.id, scope.organisationIds)))
    .filter((o) => regionContains(competition.regionCode, o.regionCode) && (o.type === "training_base" || o.type === "elderly_care" || o.type === "childcare"));
}

/**
 * Who an organisation may enter: an institution its current workers of the competition's occupation, a training base
 * the people on its classes' rosters; only people with an account, who sit the theory paper from it.
 */
export async function entrantCandidates(db: DbOrTx, org: typeof organisations.$inferSelect, competition: Competition, today: string) {
  const base = db.select({ userId: users.id, name: people.name }).from(users).innerJoin(people, eq(people.id, users.personId));
  const rows =
    org.type === "training_base"
      ? await base
          .innerJoin(classMembers, eq(classMembers.personId, people.id))
          .innerJoin(trainingClasses, eq(trainingClasses.id, classMembers.classId))
          .where(and(eq(trainingClasses.organisationId, org.id), isNull(trainingClasses.retiredAt), isNull(users.disabledAt)))
      : await base
          .innerJoin(workers, eq(workers.personId, people.id))
          .where(and(eq(workers.organisationId, org.id), eq(workers.occupation, competition.occupation), or(isNull(workers.leftOn), gt(workers.leftOn, today)), isNull(users.disabledAt)));
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(r.userId) && seen.add(r.userId)).sort((a, b) => a.name.localeCompare(b.name, "zh"));
}

export async function entriesOf(db: DbOrTx, competitionId: number, organisationIds?: number[]) {
  return await db
    .select({ entry: competitionEntries, name: people.name, organisation: organisations.name })
    .from(competitionEntries)
    .innerJoin(users, eq(users.id, competitionEntries.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .innerJoin(organisations, eq(organisations.id, competitionEntries.organisationId))
    .where(and(eq(competitionEntries.competitionId, competitionId), organisationIds ? inArray(competitionEntries.organisationId, organisationIds.length ? organisationIds : [-1]) : undefined))
    .orderBy(asc(competitionEntries.level), asc(competitionEntries.id));
}

/** Examiner accounts of the bases in the competition's region qualified for every level it holds: who may judge. */
export async function eligibleJudges(db: DbOrTx, competition: Competition) {
  const rows = await db
    .selectDistinct({ userId: users.id, name: people.name, organisation: organisations.name, regionCode: organisations.regionCode })
    .from(roleAssignments)
    .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(and(eq(roles.key, "examiner"), isNull(users.disabledAt)));
  const eligible: typeof rows = [];
  for (const r of rows) {
    if (!regionContains(competition.regionCode, r.regionCode)) continue;
    let qualified = true;
    for (const level of competition.levels) {
      if (!(await examinerQualifiedFor(db, r.userId, { occupation: competition.occupation, level }))) {
        qualified = false;
        break;
      }
    }
    if (qualified) eligible.push(r);
  }
  return eligible.sort((a, b) => a.name.localeCompare(b.name, "zh"));
}

export async function judgesOf(db: DbOrTx, competitionId: number) {
  return await db
    .select({ userId: users.id, name: people.name })
    .from(competitionJudges)
    .innerJoin(users, eq(users.id, competitionJudges.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .where(eq(competitionJudges.competitionId, competitionId))
    .orderBy(asc(people.name));
}

export async function isJudge(db: DbOrTx, competitionId: number, userId: number): Promise<boolean> {
  return Boolean(await firstRow(db.select().from(competitionJudges).where(and(eq(competitionJudges.competitionId, competitionId), eq(competitionJudges.userId, userId)))));
}

export async function competitionsJudgedBy(db: DbOrTx, userId: number) {
  return (await db.select({ competition: competitions }).from(competitionJudges).innerJoin(competitions, eq(competitions.id, competitionJudges.competitionId)).where(eq(competitionJudges.userId, userId)).orderBy(sql`${competitions.id} DESC`)).map((r) => r.competition);
}

async function sittingsOf(db: DbOrTx, competitionId: number, stage: CompetitionStage) {
  return await db.select().from(competitionSittings).where(and(eq(competitionSittings.competitionId, competitionId), eq(competitionSittings.stage, stage)));
}

async function planFor(db: DbOrTx, competition: Competition, level: number) {
  return await firstRow(db.select().from(assessmentPlans).where(and(eq(assessmentPlans.occupation, competition.occupation), eq(assessmentPlans.level, level)))) ?? null;
}

/** The stage the competition is running (or last ran), whose scores the pages show. */
export function runningStage(c: Pick<Competition, "status">): CompetitionStage | null {
  return c.status === "preliminary" ? "preliminary" : c.status === "entries" ? null : "final";
}

export type StageCompetitor = {
  entryId: number;
  userId: number;
  name: string;
  organisation: string;
  level: number;
  theory: number | null;
  theoryState: "scored" | "absent" | "missing" | "not_held";
  handedInAt: number | null;
  practical: number | null;
  practicalState: "scored" | "absent" | "missing" | "not_held";
  judgesDone: number;
  spread: number | null;
  unresolvedSpread: boolean;
  resolution: { decision: "rescore" | "confirm"; score: number | null; reason: string } | null;
  applicationId: number | null;
};

/**
 * Every competitor of a stage with their theory paper (from the exam engine's attempt, closed lazily at its deadline),
 * the panel's practical scores combined like the skill part, and the ranking per level.
 */
export async function stageStandings(db: DbOrTx, competition: Competition, stage: CompetitionStage, now = new Date()) {
  const weights = stage === "preliminary" ? competition.preliminaryWeights : competition.finalWeights;
  const sittings = await sittingsOf(db, competition.id, stage);
  const panel = (await judgesOf(db, competition.id)).length;
  const rows = await db
    .select({ entry: competitionEntries, name: people.name, organisation: organisations.name, seat: competitionTheorySeats })
    .from(competitionEntries)
    .innerJoin(users, eq(users.id, competitionEntries.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .innerJoin(organisations, eq(organisations.id, competitionEntries.organisationId))
    .innerJoin(competitionTheorySeats, and(eq(competitionTheorySeats.entryId, competitionEntries.id), eq(competitionTheorySeats.stage, stage)))
    .where(eq(competitionEntries.competitionId, competition.id))
    .orderBy(asc(competitionEntries.id));
  // One competitor after another: closing an overdue paper writes, in row order as before.
  const competitors: StageCompetitor[] = [];
  for (const { entry, name, organisation, seat } of rows) {
    const absent = new Set((await db.select().from(partAttendance).where(and(eq(partAttendance.applicationId, seat.applicationId), eq(partAttendance.status, "absent")))).map((a) => a.part));
    const attempt = await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, seat.applicationId)));
    const closed = attempt && !absent.has("theory") ? await closeIfOverdue(db, attempt, now) : null;
    const theoryState = weights.theory === 0 ? "not_held" : absent.has("theory") ? "absent" : closed?.submittedAt ? "scored" : "missing";
    const sitting = sittings.find((s) => s.level === entry.level);
    const plan = await planFor(db, competition, entry.level);
    const task = plan?.skillTasks.find((t) => t.id === sitting?.practicalTaskId);
    const totals = (await db.select({ total: competitionScores.total }).from(competitionScores).where(and(eq(competitionScores.entryId, entry.id), eq(competitionScores.stage, stage)))).map((s) => s.total);
    const resolution = await firstRow(db.select().from(competitionSpreadResolutions).where(and(eq(competitionSpreadResolutions.entryId, entry.id), eq(competitionSpreadResolutions.stage, stage)))) ?? null;
    const part = task ? scoredPartResult([task], { [task.id]: totals }, plan!.spreadThreshold, Math.max(panel, 1), resolution ? { [task.id]: resolution } : {}) : null;
    const taskResult = part?.tasks[0];
    const practicalState = weights.practical === 0 || !task ? "not_held" : absent.has("skill") ? "absent" : part?.score !== null && part?.score !== undefined && !taskResult?.unresolved ? "scored" : "missing";
    competitors.push({
      entryId: entry.id,
      userId: entry.userId,
      name,
      organisation,
      level: entry.level,
      theory: theoryState === "scored" ? closed!.score : null,
      theoryState,
      handedInAt: closed?.submittedAt?.getTime() ?? null,
      practical: practicalState === "scored" ? part!.score : null,
      practicalState,
      judgesDone: totals.length,
      spread: taskResult?.spread ?? null,
      unresolvedSpread: Boolean(taskResult?.unresolved),
      resolution: resolution ? { decision: resolution.decision, score: resolution.score, reason: resolution.reason } : null,
      applicationId: seat.applicationId,
    });
  }
  const levels = [...new Set(competitors.map((c) => c.level))].sort((a, b) => b - a);
  const byLevel = levels.map((level) => {
    const group = competitors.filter((c) => c.level === level);
    return { level, ranked: rankCompetitors(weights, group), competitors: group };
  });
  const complete = competitors.length > 0 && competitors.every((c) => c.theoryState !== "missing" && c.practicalState !== "missing");
  return { weights, sittings, competitors, byLevel, complete };
}

async function factsOf(db: DbOrTx, competition: Competition, now: Date): Promise<CompetitionFacts> {
  const count = async (status: Entry["status"]) => (await firstRow(db.select({ n: countRows() }).from(competitionEntries).where(and(eq(competitionEntries.competitionId, competition.id), eq(competitionEntries.status, status)))))!.n;
  const stage = runningStage(competition);
  const stageOpened = stage ? (await sittingsOf(db, competition.id, stage)).length > 0 : false;
  return {
    status: competition.status,
    today: chinaDate(now),
    entriesCloseOn: competition.entriesCloseOn,
    preliminaryOn: competition.preliminaryOn,
    finalOn: competition.finalOn,
    pendingEntries: await count("pending"),
    acceptedEntries: await count("accepted"),
    panelSize: (await judgesOf(db, competition.id)).length,
    stageOpened,
    stageComplete: stage !== null && stageOpened && (await stageStandings(db, competition, stage, now)).complete,
    needsPanel: { preliminary: competition.preliminaryWeights.practical > 0, final: competition.finalWeights.practical > 0 },
  };
}

/** Why each step cannot be taken now (null: it can), for the buttons and for the guards. */
export async function stepRefusals(db: DbOrTx, competition: Competition, now = new Date()): Promise<Record<CompetitionStep, string | null>> {
  const facts = await factsOf(db, competition, now);
  return {
    "open-preliminary": stepRefusal("open-preliminary", facts),
    advance: stepRefusal("advance", facts),
    "open-final": stepRefusal("open-final", facts),
    publish: stepRefusal("publish", facts),
    "withdraw-results": stepRefusal("withdraw-results", facts),
    finalise: stepRefusal("finalise", facts),
  };
}

// ── Writing ──────────────────────────────────────────────────────────────

/**
 * The competition's row as committed, locked until the transaction ends (PostgreSQL). Every write that depends on the
 * competition's state (a step, the panel, a score, 缺赛, a spread decision) reads it here, in its own transaction,
 * rather than trusting the row the page loaded: two such writes take turns, and the second sees what the first did.
 */
async function lockCompetition(tx: Tx, id: number): Promise<Competition> {
  const competition = await firstRow(lockedForUpdate(tx.select().from(competitions).where(eq(competitions.id, id))));
  if (!competition) throw new CompetitionRefusal("未找到该竞赛");
  return competition;
}

export type CompetitionInput = Omit<typeof competitions.$inferInsert, "id" | "status" | "publishedAt" | "closedAt" | "createdAt" | "createdBy">;

export async function createCompetition(db: Db, input: CompetitionInput, by: Actor): Promise<Competition> {
  return await db.transaction(async (tx) => {
    const created = await returnedRow(tx.insert(competitions).values({ ...input, createdBy: by.userId! }).returning());
    await writeAudit(tx, { ...by, event: "competition.created", target: { table: "competitions", id: created.id }, details: { title: input.title, regionCode: input.regionCode, levels: input.levels } });
    return created;
  });
}

export async function enter(db: Db, competition: Competition, input: { userId: number; organisationId: number; level: number }, by: Actor, now = new Date()): Promise<Entry> {
  const refusal = entryRefusal({ status: competition.status, today: chinaDate(now), entriesCloseOn: competition.entriesCloseOn });
  if (refusal) throw new CompetitionRefusal(refusal);
  if (!competition.levels.includes(input.level)) throw new CompetitionRefusal("本竞赛没有该等级组别");
  return await db.transaction(async (tx) => {
    const existing = await firstRow(tx.select().from(competitionEntries).where(and(eq(competitionEntries.competitionId, competition.id), eq(competitionEntries.userId, input.userId))));
    if (existing && existing.status !== "withdrawn") throw new CompetitionRefusal("该人员已报名本竞赛");
    const values = { ...input, status: "pending" as const, decisionReason: null, decidedBy: null, decidedAt: null, enteredBy: by.userId! };
    const entry = existing
      ? await returnedRow(tx.update(competitionEntries).set(values).where(eq(competitionEntries.id, existing.id)).returning())
      : await returnedRow(tx.insert(competitionEntries).values({ competitionId: competition.id, ...values }).returning());
    await writeAudit(tx, { ...by, event: "competition.entered", target: { table: "competition_entries", id: entry.id }, relatedUserId: input.userId, details: { competitionId: competition.id, level: input.level } }, now);
    return entry;
  });
}

export async function withdrawEntry(db: Db, competition: Competition, entryId: number, organisationIds: number[], by: Actor, now = new Date()) {
  const refusal = entryRefusal({ status: competition.status, today: chinaDate(now), entriesCloseOn: competition.entriesCloseOn }, "撤回报名");
  if (refusal) throw new CompetitionRefusal(refusal);
  await db.transaction(async (tx) => {
    const entry = await firstRow(tx.select().from(competitionEntries).where(and(eq(competitionEntries.id, entryId), eq(competitionEntries.competitionId, competition.id))));
    if (!entry || !organisationIds.includes(entry.organisationId)) throw new CompetitionRefusal("未找到本单位的这份报名");
    if (entry.status === "withdrawn") throw new CompetitionRefusal("该报名已撤回");
    await tx.update(competitionEntries).set({ status: "withdrawn" }).where(eq(competitionEntries.id, entry.id));
    await writeAudit(tx, { ...by, event: "competition.entry_withdrawn", target: { table: "competition_entries", id: entry.id }, relatedUserId: entry.userId }, now);
  });
}

export async function decideEntry(db: Db, competition: Competition, input: { entryId: number; decision: "accepted" | "rejected"; reason: string }, by: Actor, now = new Date()) {
  if (competition.status !== "entries") throw new CompetitionRefusal("初赛已开始，报名审核已结束");
  if (input.decision === "rejected" && input.reason.trim() === "") throw new CompetitionRefusal("不予通过须写明理由");
  await db.transaction(async (tx) => {
    const entry = await firstRow(tx.select().from(competitionEntries).where(and(eq(competitionEntries.id, input.entryId), eq(competitionEntries.competitionId, competition.id))));
    if (!entry || entry.status === "withdrawn") throw new CompetitionRefusal("未找到该报名，或已撤回");
    await tx.update(competitionEntries).set({ status: input.decision, decisionReason: input.reason.trim() || null, decidedBy: by.userId!, decidedAt: now }).where(eq(competitionEntries.id, entry.id));
    await writeAudit(tx, { ...by, event: input.decision === "accepted" ? "competition.entry_accepted" : "competition.entry_rejected", target: { table: "competition_entries", id: entry.id }, relatedUserId: entry.userId, details: { reason: input.reason.trim() || null } }, now);
  });
}

/** Sets the judge panel from the region's qualified examiners; only before the practical part is scored. */
export async function setPanel(db: Db, given: Competition, userIds: number[], by: Actor) {
  await db.transaction(async (tx) => {
    // Checked under the competition's lock: a judge's first score cannot land between the check and the new panel.
    const competition = await lockCompetition(tx, given.id);
    if (competition.status === "published" || competition.status === "closed") throw new CompetitionRefusal("结果已发布，不能再调整评委");
    const scored = (await firstRow(tx.select({ n: countRows() }).from(competitionScores).innerJoin(competitionEntries, eq(competitionEntries.id, competitionScores.entryId)).where(eq(competitionEntries.competitionId, competition.id))))!.n;
    if (scored > 0) throw new CompetitionRefusal("评委已开始评分，不能再调整评委");
    const allowed = new Set((await eligibleJudges(tx, competition)).map((j) => j.userId));
    const outside = userIds.filter((id) => !allowed.has(id));
    if (outside.length > 0) throw new CompetitionRefusal("只能指派本辖区培训基地中具备该职业等级考评员资格的考评员");
    await tx.delete(competitionJudges).where(eq(competitionJudges.competitionId, competition.id));
    for (const userId of new Set(userIds)) await tx.insert(competitionJudges).values({ competitionId: competition.id, userId });
    await writeAudit(tx, { ...by, event: "competition.panel_set", target: { table: "competitions", id: competition.id }, details: { judges: [...new Set(userIds)] } });
  });
}

/**
 * Holds a stage: per level, an assessment session at the host base owned by the competition, with every competitor an
 * approved candidate in one room and the panel as its invigilators, papers drawn from the level's EXAM pool by the
 * plan's blueprint (the exam engine's own code); the practical operation drawn from the level's skill task bank.
 */
async function openStage(tx: DbOrTx, competition: Competition, stage: CompetitionStage, entries: Entry[], by: Actor, now: Date) {
  const weights = stage === "preliminary" ? competition.preliminaryWeights : competition.finalWeights;
  const judges = await judgesOf(tx, competition.id);
  const host = (await firstRow(tx.select().from(organisations).where(eq(organisations.id, competition.hostOrganisationId))))!;
  for (const level of [...new Set(entries.map((e) => e.level))]) {
    const plan = await planFor(tx, competition, level);
    if (!plan) throw new CompetitionRefusal(`${levelShortLabel(level as SkillLevel)}没有认定方案，无法组卷`);
    const shortages = await bankShortages(tx, plan);
    if (shortages.length > 0) throw new CompetitionRefusal(`${levelShortLabel(level as SkillLevel)}考试题库不足：${shortages.map(describeShortage).join("；")}`);
    const group = entries.filter((e) => e.level === level);
    const session = await returnedRow(tx
      .insert(assessmentSessions)
      .values({ organisationId: host.id, planId: plan.id, name: `${competition.title}·${stageNames[stage]}理论（${levelShortLabel(level as SkillLevel)}）`, theoryStartsAt: now, applicationsCloseOn: competition.entriesCloseOn, venue: host.name, rooms: [{ name: ROOM, capacity: group.length }], status: "open", openedAt: now })
      .returning());
    for (const entry of group) {
      const application = await returnedRow(tx
        .insert(applications)
        .values({
          sessionId: session.id,
          userId: entry.userId,
          facts: { certificates: [], workYears: 0, apprenticeshipCompleted: false, schooling: [], completedCourses: [] },
          eligibility: { eligible: true, metRoute: "技能竞赛", routes: [] },
          status: "approved",
          decidedBy: by.userId!,
          decidedAt: now,
          room: ROOM,
        })
        .returning());
      await tx.insert(competitionTheorySeats).values({ entryId: entry.id, stage, applicationId: application.id });
    }
    for (const judge of judges) await tx.insert(sessionStaff).values({ sessionId: session.id, userId: judge.userId, duty: "invigilator", room: ROOM });
    await drawSessionPapers(tx, session.id, now);
    const practicalTaskId = weights.practical > 0 ? (drawSkillTasks(plan.skillTasks, 1, randomInt(2 ** 31))[0] ?? null) : null;
    await tx.insert(competitionSittings).values({ competitionId: competition.id, stage, level, theorySessionId: session.id, practicalTaskId, openedAt: now });
  }
  await writeAudit(tx, { ...by, event: stage === "preliminary" ? "competition.preliminary_opened" : "competition.final_opened", target: { table: "competitions", id: competition.id }, details: { competitors: entries.length } }, now);
}

/**
 * A stage's paper sessions close once the stage is decided, so no invigilation duty, exam-day to-do or open application
 * outlives it; "published" is the sessions' closed state (they are never the base's to publish).
 */
async function closeStageSessions(tx: DbOrTx, competitionId: number, stage: CompetitionStage, now: Date) {
  const ids = (await sittingsOf(tx, competitionId, stage)).flatMap((s) => (s.theorySessionId === null ? [] : [s.theorySessionId]));
  if (ids.length > 0) await tx.update(assessmentSessions).set({ status: "published", publishedAt: now }).where(inArray(assessmentSessions.id, ids));
}

export type StepOutcome = { message: string };

/**
 * Takes one workflow step after its guard; every write of a step commits together or not at all. The guard, the
 * standings and the results are read in the step's transaction, from the competition's row as committed and locked
 * (PostgreSQL): two officers taking a step at once take turns, and the second finds the step taken.
 */
export async function takeStep(db: Db, given: Competition, step: CompetitionStep, by: Actor, now = new Date()): Promise<StepOutcome> {
  return await db.transaction(async (tx) => {
    const competition = await lockCompetition(tx, given.id);
    const refusal = (await stepRefusals(tx, competition, now))[step];
    if (refusal) throw new CompetitionRefusal(refusal);
    // Overdue papers are closed in this transaction as the standings are read.
    const standings = step === "advance" ? await stageStandings(tx, competition, "preliminary", now) : null;
    const results = step === "publish" ? await finalResults(tx, competition, now) : null;
    const setStatus = async (status: Competition["status"], extra: Partial<Competition> = {}) => await tx.update(competitions).set({ status, ...extra }).where(eq(competitions.id, competition.id));
    switch (step) {
      case "open-preliminary": {
        const accepted = await tx.select().from(competitionEntries).where(and(eq(competitionEntries.competitionId, competition.id), eq(competitionEntries.status, "accepted")));
        await openStage(tx, competition, "preliminary", accepted, by, now);
        await setStatus("preliminary");
        return { message: `初赛已开始：${accepted.length} 名选手的理论试卷已从考试题库抽取` };
      }
      case "advance": {
        const finalists = standings!.byLevel.flatMap((g) => advancing(g.ranked, competition.advanceCount));
        if (finalists.length > 0) await tx.update(competitionEntries).set({ finalist: true }).where(inArray(competitionEntries.id, finalists));
        await closeStageSessions(tx, competition.id, "preliminary", now);
        await setStatus("final");
        await writeAudit(tx, { ...by, event: "competition.finalists_announced", target: { table: "competitions", id: competition.id }, details: { finalists } }, now);
        return { message: `已公布晋级名单：${finalists.length} 名选手进入决赛` };
      }
      case "open-final": {
        const finalists = await tx.select().from(competitionEntries).where(and(eq(competitionEntries.competitionId, competition.id), eq(competitionEntries.finalist, true)));
        await openStage(tx, competition, "final", finalists, by, now);
        return { message: `决赛已开始：${finalists.length} 名选手` };
      }
      case "publish": {
        for (const r of results!) await tx.insert(competitionResults).values({ ...r, publishedAt: now });
        await closeStageSessions(tx, competition.id, "final", now);
        await setStatus("published", { publishedAt: now });
        const summary = resultSummary(results!);
        await writeAudit(tx, { ...by, event: "competition.results_published", target: { table: "competitions", id: competition.id }, details: summary }, now);
        return { message: `已发布竞赛结果：决赛选手 ${summary.competitors} 人，获奖 ${summary.awarded} 人，奖金合计 ¥${summary.amount.toLocaleString("en-US")}` };
      }
      case "withdraw-results": {
        const ids = (await tx.select({ id: competitionEntries.id }).from(competitionEntries).where(eq(competitionEntries.competitionId, competition.id))).map((e) => e.id);
        if (ids.length > 0) await tx.delete(competitionResults).where(inArray(competitionResults.entryId, ids));
        await setStatus("final", { publishedAt: null });
        await writeAudit(tx, { ...by, event: "competition.results_withdrawn", target: { table: "competitions", id: competition.id } }, now);
        return { message: "已撤回竞赛结果，公示页面不再显示" };
      }
      case "finalise": {
        await setStatus("closed", { closedAt: now });
        await writeAudit(tx, { ...by, event: "competition.results_finalised", target: { table: "competitions", id: competition.id } }, now);
        return { message: "竞赛结果已定稿，不能再撤回" };
      }
    }
  });
}

/** The 决赛 ranking per level with awards, as publishing would write it. */
export async function finalResults(db: DbOrTx, competition: Competition, now = new Date()) {
  const standings = await stageStandings(db, competition, "final", now);
  return standings.byLevel.flatMap(({ level, ranked }) => {
    const awards = new Map(assignAwards(ranked, competition.awards, level).map((a) => [a.entryId, a]));
    return ranked
      .filter((r): r is Ranked & { rank: number } => r.rank !== null)
      .map((r) => ({ entryId: r.entryId, theoryScore: r.theory, practicalScore: r.practical, total: r.total, rank: r.rank, award: awards.get(r.entryId)!.award, promotionLevel: awards.get(r.entryId)!.promotionLevel, amount: awards.get(r.entryId)!.amount }));
  });
}

export function resultSummary(results: Array<{ award: string | null; amount: number }>) {
  const byAward = Object.fromEntries(Object.keys(awardNames).map((a) => [a, results.filter((r) => r.award === a).length]));
  return { competitors: results.length, awarded: results.filter((r) => r.award).length, amount: results.reduce((n, r) => n + r.amount, 0), byAward };
}

// ── Scoring ─────────────────────────────────────────────────────────────

/** The practical task of a competitor in the running stage, with the panel's rubric. */
export async function practicalTaskOf(db: DbOrTx, competition: Competition, stage: CompetitionStage, level: number): Promise<PartTask | null> {
  const sitting = (await sittingsOf(db, competition.id, stage)).find((s) => s.level === level);
  return (await planFor(db, competition, level))?.skillTasks.find((t) => t.id === sitting?.practicalTaskId) ?? null;
}

/** One judge's item scores for one competitor, once; refused before the stage's day or outside the running stage. */
export async function submitPracticalScores(db: Db, given: Competition, input: { entryId: number; judgeId: number; items: Record<string, number> }, by: Actor, now = new Date()): Promise<string[]> {
  // Checked and written under the competition's lock: a new panel, 缺赛 or the stage's close cannot come between.
  return await db.transaction(async (tx) => {
    const competition = await lockCompetition(tx, given.id);
    const stage = runningStage(competition);
    const refusal = stage ? scoringRefusal(stage, { status: competition.status, today: chinaDate(now), preliminaryOn: competition.preliminaryOn, finalOn: competition.finalOn }) : "竞赛尚未开赛，不能评分";
    if (refusal) return [refusal];
    if (!await isJudge(tx, competition.id, input.judgeId)) return ["您不是本竞赛的评委"];
    const seat = await firstRow(tx
      .select({ entry: competitionEntries, applicationId: competitionTheorySeats.applicationId })
      .from(competitionEntries)
      .innerJoin(competitionTheorySeats, and(eq(competitionTheorySeats.entryId, competitionEntries.id), eq(competitionTheorySeats.stage, stage!)))
      .where(and(eq(competitionEntries.id, input.entryId), eq(competitionEntries.competitionId, competition.id))));
    const task = seat ? await practicalTaskOf(tx, competition, stage!, seat.entry.level) : null;
    if (!seat || !task) return ["未找到该选手，或本阶段没有实操比赛"];
    if (await firstRow(tx.select().from(partAttendance).where(and(eq(partAttendance.applicationId, seat.applicationId), eq(partAttendance.part, "skill"), eq(partAttendance.status, "absent"))))) return ["该选手实操已记为缺赛"];
    const problems = checkItemScores(task.rubric, input.items);
    if (problems.length > 0) return problems;
    const { score, criticalFailed } = taskScore(task.rubric, input.items);
    const saved = await returnedRow(tx.insert(competitionScores).values({ entryId: input.entryId, stage: stage!, judgeId: input.judgeId, items: input.items, total: score, criticalFailed, submittedAt: now }).onConflictDoNothing().returning());
    if (!saved) return ["您已提交过该选手的评分，不能修改"];
    await writeAudit(tx, { ...by, event: "competition.practical_scored", target: { table: "competition_entries", id: input.entryId }, relatedUserId: seat.entry.userId, details: { stage, total: score, criticalFailed } }, now);
    return [];
  });
}

/** The entries a judge has still to score in the running stage. */
export async function entriesToScore(db: Db, competition: Competition, judgeId: number) {
  const stage = runningStage(competition);
  if (!stage || competition.status === "published" || competition.status === "closed") return [];
  const done = new Set((await db.select({ entryId: competitionScores.entryId }).from(competitionScores).where(and(eq(competitionScores.stage, stage), eq(competitionScores.judgeId, judgeId)))).map((s) => s.entryId));
  return (await stageStandings(db, competition, stage)).competitors.filter((c) => c.practicalState !== "not_held" && c.practicalState !== "absent" && !done.has(c.entryId));
}

/** 缺赛 at the practical part, recorded on the competitor's stage seat like an assessment's 缺考. */
export async function markPracticalAbsent(db: Db, given: Competition, entryId: number, by: Actor, now = new Date()) {
  // Checked and written under the competition's lock: a judge's score cannot land between the check and the 缺赛.
  await db.transaction(async (tx) => {
    const competition = await lockCompetition(tx, given.id);
    const stage = runningStage(competition);
    if (!stage || competition.status !== stage) throw new CompetitionRefusal("没有进行中的比赛");
    const seat = await firstRow(tx.select().from(competitionTheorySeats).where(and(eq(competitionTheorySeats.entryId, entryId), eq(competitionTheorySeats.stage, stage))));
    if (!seat) throw new CompetitionRefusal("未找到该选手");
    const scored = await firstRow(tx.select().from(competitionScores).where(and(eq(competitionScores.entryId, entryId), eq(competitionScores.stage, stage))));
    if (scored) throw new CompetitionRefusal("该选手已有评委评分，不能记为缺赛");
    await tx.insert(partAttendance).values({ applicationId: seat.applicationId, part: "skill", status: "absent", recordedBy: by.userId!, recordedAt: now }).onConflictDoNothing();
    await writeAudit(tx, { ...by, event: "competition.practical_absent", target: { table: "competition_entries", id: entryId }, details: { stage } }, now);
  });
}

/** The organiser's decision on a spread between judges beyond the threshold: a rescore or the mean confirmed, with a reason. */
export async function resolveSpread(db: Db, given: Competition, input: { entryId: number; decision: "rescore" | "confirm"; score: number | null; reason: string }, by: Actor, now = new Date()) {
  // Checked and written under the competition's lock: a second organiser deciding at once finds the spread resolved.
  await db.transaction(async (tx) => {
    const competition = await lockCompetition(tx, given.id);
    const stage = runningStage(competition);
    if (!stage || competition.status !== stage) throw new CompetitionRefusal("没有进行中的比赛");
    const competitor = (await stageStandings(tx, competition, stage, now)).competitors.find((c) => c.entryId === input.entryId);
    if (!competitor?.unresolvedSpread) throw new CompetitionRefusal("该选手没有待处理的评分差异");
    if (input.reason.trim() === "") throw new CompetitionRefusal("须写明处理理由");
    if (input.decision === "rescore" && (input.score === null || input.score < 0 || input.score > 100)) throw new CompetitionRefusal("复评分数须在 0–100 之间");
    await tx.insert(competitionSpreadResolutions).values({ entryId: input.entryId, stage, decision: input.decision, score: input.decision === "rescore" ? input.score : null, reason: input.reason.trim(), decidedBy: by.userId!, decidedAt: now });
    await writeAudit(tx, { ...by, event: "competition.spread_resolved", target: { table: "competition_entries", id: input.entryId }, details: { stage, decision: input.decision, score: input.score, reason: input.reason.trim() } }, now);
  });
}

// ── Public results and the worker's own view ───────────────────────────────

/** The published results with masked names, per level; null unless published or final. */
export async function publicResults(db: DbOrTx, competitionId: number) {
  const competition = await firstRow(db.select().from(competitions).where(eq(competitions.id, competitionId)));
  if (!competition || (competition.status !== "published" && competition.status !== "closed")) return null;
  const rows = await db
    .select({ result: competitionResults, level: competitionEntries.level, name: people.name, organisation: organisations.name })
    .from(competitionResults)
    .innerJoin(competitionEntries, eq(competitionEntries.id, competitionResults.entryId))
    .innerJoin(users, eq(users.id, competitionEntries.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .innerJoin(organisations, eq(organisations.id, competitionEntries.organisationId))
    .where(eq(competitionEntries.competitionId, competitionId))
    .orderBy(asc(competitionEntries.level), asc(competitionResults.rank), asc(competitionResults.entryId));
  return { competition, rows: rows.map((r) => ({ ...r.result, level: r.level, name: maskHolderName(r.name), organisation: r.organisation })) };
}

/** A person's published competition results (for the worker's own page). */
export async function competitionResultsForPerson(db: DbOrTx, personId: number) {
  return (await db
    .select({ competitionId: competitions.id, title: competitions.title, occupation: competitions.occupation, level: competitionEntries.level, status: competitions.status, result: competitionResults })
    .from(competitionResults)
    .innerJoin(competitionEntries, eq(competitionEntries.id, competitionResults.entryId))
    .innerJoin(competitions, eq(competitions.id, competitionEntries.competitionId))
    .innerJoin(users, eq(users.id, competitionEntries.userId))
    .where(and(eq(users.personId, personId), inArray(competitions.status, ["published", "closed"])))
    .orderBy(sql`${competitions.id} DESC`))
    .map((r) => ({ competitionId: r.competitionId, title: r.title, occupation: r.occupation, level: r.level, final: r.status === "closed", rank: r.result.rank, total: r.result.total, theoryScore: r.result.theoryScore, practicalScore: r.result.practicalScore, award: r.result.award, promotionLevel: r.result.promotionLevel, amount: r.result.amount }));
}
