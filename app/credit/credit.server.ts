import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { chinaDayOf, countRows, dayPlusMonths, likeAnyCase } from "../../db/dialect.ts";
import { certificates, creditAppeals, creditEntries, organisations, people, regions, users, workers } from "../../db/schema.ts";
import { maskHolderName } from "../../certificates/mask.ts";
import { ListError, type Actor } from "../allowances/lists.server.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { scopeCoversOrganisation, type Scope } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { chinaDate } from "../utils/dates.ts";
import {
  blackListCategoryNames,
  creditEndsOn,
  creditEntryState,
  creditLists,
  creditStates,
  creditMoveRefusal,
  describeTerm,
  type BlackListCategory,
  type BlackListFact,
  type CreditList,
  type CreditMove,
  type CreditState,
} from "./rules.ts";

/** Red and black lists: placing, editing and revoking entries, appeals, and where entries show. */

/** Officers place, correct and revoke entries and decide appeals within their region. */
export const CREDIT_PERMISSION = "manage:credit-list:region";

export type CreditEntryRow = typeof creditEntries.$inferSelect;
export type CreditSubject = { personId: number } | { organisationId: number };

type Term = { startsOn: string; termMonths: number | null };
export type RedEntryFields = Term & { title: string; awardingBody: string; sourceDocument: string | null };
export type BlackEntryFields = Term & { category: BlackListCategory; reason: string; evidence: string | null; decisionNumber: string; published: boolean };
export type CreditEntryInput = ({ list: "red" } & RedEntryFields) | ({ list: "black" } & BlackEntryFields);

const revokedOn = (e: Pick<CreditEntryRow, "revokedAt">) => (e.revokedAt ? chinaDate(e.revokedAt) : null);
export const entryTerm = (e: Pick<CreditEntryRow, "startsOn" | "termMonths" | "revokedAt">) => ({ startsOn: e.startsOn, termMonths: e.termMonths, revokedOn: revokedOn(e) });
export const entryState = (e: Pick<CreditEntryRow, "startsOn" | "termMonths" | "revokedAt">, today: string): CreditState => creditEntryState(entryTerm(e), today);

function columnsOf(input: CreditEntryInput) {
  const blank = { title: null, awardingBody: null, sourceDocument: null, category: null, reason: null, evidence: null, decisionNumber: null };
  const term = { startsOn: input.startsOn, termMonths: input.termMonths };
  return input.list === "red"
    ? { ...blank, ...term, title: input.title, awardingBody: input.awardingBody, sourceDocument: input.sourceDocument, published: true }
    : { ...blank, ...term, category: input.category, reason: input.reason, evidence: input.evidence, decisionNumber: input.decisionNumber, published: input.published };
}

/**
 * Puts a person or an institution on the red or black list inside the caller's transaction, with its audit row.
 * Other features call it through `addRedListEntry` (a competition award, for instance).
 */
async function insertEntry(tx: DbOrTx, subject: CreditSubject, regionCode: string, input: CreditEntryInput, by: Actor, now: Date): Promise<CreditEntryRow> {
  const entry = await returnedRow(tx
    .insert(creditEntries)
    .values({ list: input.list, ...subject, regionCode, ...columnsOf(input), createdBy: by.userId ?? null, createdAt: now })
    .returning());
  await writeAudit(tx, { ...by, event: "credit.entry_placed", target: { table: "credit_entries", id: entry.id }, details: { list: input.list, ...subject, regionCode, effectiveFrom: input.startsOn, termMonths: input.termMonths } }, now);
  return entry;
}

/** 表彰 for other features: a red-list entry written in the caller's transaction (no term unless given). */
export async function addRedListEntry(tx: DbOrTx, subject: CreditSubject, regionCode: string, fields: RedEntryFields, by: Actor, now = new Date()): Promise<CreditEntryRow> {
  return await insertEntry(tx, subject, regionCode, { list: "red", ...fields }, by, now);
}

export async function placeCreditEntry(db: DbOrTx, subject: CreditSubject, regionCode: string, input: CreditEntryInput, by: Actor, now = new Date()): Promise<CreditEntryRow> {
  return await db.transaction(async (tx) => insertEntry(tx, subject, regionCode, input, by, now));
}

async function openAppealOf(db: DbOrTx, entryId: number) {
  return await firstRow(db.select().from(creditAppeals).where(and(eq(creditAppeals.entryId, entryId), isNull(creditAppeals.decision)))) ?? null;
}

async function refuseUnless(db: DbOrTx, entry: CreditEntryRow, move: CreditMove, today: string) {
  const refusal = creditMoveRefusal({ list: entry.list, state: entryState(entry, today), openAppeal: await openAppealOf(db, entry.id) !== null }, move);
  if (refusal) throw new ListError(refusal);
}

const current = async (tx: DbOrTx, id: number) => (await firstRow(tx.select().from(creditEntries).where(eq(creditEntries.id, id))))!;

/** Corrects an entry before it takes effect; the list (red or black) and the subject stay. */
export async function editCreditEntry(db: DbOrTx, entryId: number, input: CreditEntryInput, by: Actor, now = new Date()): Promise<CreditEntryRow> {
  return await db.transaction(async (tx) => {
    const entry = await current(tx, entryId);
    await refuseUnless(tx, entry, "edit", chinaDate(now));
    if (input.list !== entry.list) throw new ListError("不能把红名单记录改为黑名单记录（或反之），请撤销后重新列入");
    const values = columnsOf(input);
    // "startsOn" is the notice start in the audit log's vocabulary; an entry's start is its effective date.
    const changed = Object.fromEntries(
      Object.entries(values)
        .filter(([k, v]) => entry[k as keyof CreditEntryRow] !== v)
        .map(([k, v]) => [k === "startsOn" ? "effectiveFrom" : k, { before: entry[k as keyof CreditEntryRow], after: v }]),
    );
    await tx.update(creditEntries).set({ ...values, updatedAt: now }).where(eq(creditEntries.id, entryId));
    await writeAudit(tx, { ...by, event: "credit.entry_updated", target: { table: "credit_entries", id: entryId }, details: { changed } }, now);
    return current(tx, entryId);
  });
}

async function revoke(tx: DbOrTx, entry: CreditEntryRow, reason: string, by: Actor, now: Date) {
  await tx.update(creditEntries).set({ revokedAt: now, revokedBy: by.userId ?? null, revokedReason: reason }).where(eq(creditEntries.id, entry.id));
  await writeAudit(tx, { ...by, event: "credit.entry_revoked", target: { table: "credit_entries", id: entry.id }, details: { list: entry.list, reason } }, now);
}

/** 提前撤销: the entry stops being in force today; its history stays. */
export async function revokeCreditEntry(db: DbOrTx, entryId: number, reason: string, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    const entry = await current(tx, entryId);
    await refuseUnless(tx, entry, "revoke", chinaDate(now));
    await revoke(tx, entry, reason, by, now);
  });
}

/** 申诉: the listed worker or the institution's admin asks for a black-list entry to be revoked. */
export async function lodgeAppeal(db: DbOrTx, entryId: number, content: string, by: Actor & { userId: number }, now = new Date()) {
  return await db.transaction(async (tx) => {
    const entry = await current(tx, entryId);
    await refuseUnless(tx, entry, "appeal", chinaDate(now));
    const appeal = await returnedRow(tx.insert(creditAppeals).values({ entryId, lodgedBy: by.userId, lodgedAt: now, content }).returning());
    await writeAudit(tx, { ...by, event: "credit.appeal_lodged", target: { table: "credit_appeals", id: appeal.id }, details: { entryId } }, now);
    return appeal;
  });
}

/** The officer's decision: upheld revokes the entry with the reason given; dismissed leaves it standing. */
export async function decideAppeal(db: DbOrTx, entryId: number, decision: "upheld" | "dismissed", reason: string, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    const entry = await current(tx, entryId);
    await refuseUnless(tx, entry, "decide_appeal", chinaDate(now));
    const appeal = (await openAppealOf(tx, entryId))!;
    await tx.update(creditAppeals).set({ decision, decisionReason: reason, decidedBy: by.userId ?? null, decidedAt: now }).where(eq(creditAppeals.id, appeal.id));
    await writeAudit(tx, { ...by, event: "credit.appeal_decided", target: { table: "credit_appeals", id: appeal.id }, details: { entryId, decision, reason } }, now);
    const state = entryState(entry, chinaDate(now));
    if (decision === "upheld" && (state === "pending" || state === "active")) await revoke(tx, entry, `申诉成立：${reason}`, by, now);
  });
}

// ── Reading ────────────────────────────────────────────────────────────────

const subjectName = sql<string>`coalesce(${people.name}, ${organisations.name})`;
const listColumns = {
  entry: creditEntries,
  subjectName,
  idNumber: people.idNumber,
  creditCode: organisations.creditCode,
  regionName: regions.name,
  openAppeals: sql<number>`(SELECT count(*) FROM credit_appeals a WHERE a.entry_id = ${creditEntries.id} AND a.decision IS NULL)`,
};

function listQuery(db: DbOrTx) {
  return db
    .select(listColumns)
    .from(creditEntries)
    .leftJoin(people, eq(people.id, creditEntries.personId))
    .leftJoin(organisations, eq(organisations.id, creditEntries.organisationId))
    .innerJoin(regions, eq(regions.code, creditEntries.regionCode));
}
export type CreditListRow = Awaited<ReturnType<typeof listQuery>>[number];

/** SQL for "in state S on `today`", mirroring `creditEntryState` (covered by the same tests through the pages). */
function stateCondition(state: CreditState, today: string): SQL {
  const revokedDay = chinaDayOf(creditEntries.revokedAt);
  const notRevoked = sql`(${creditEntries.revokedAt} IS NULL OR ${revokedDay} > ${today})`;
  // The last day in force: `termMonths` after the start (as date-fns counts months, creditEndsOn), less one day.
  const endsOn = dayPlusMonths(creditEntries.startsOn, creditEntries.termMonths, -1);
  switch (state) {
    case "revoked":
      return sql`(${creditEntries.revokedAt} IS NOT NULL AND ${revokedDay} <= ${today})`;
    case "pending":
      return sql`${notRevoked} AND ${creditEntries.startsOn} > ${today}`;
    case "expired":
      return sql`${notRevoked} AND ${creditEntries.startsOn} <= ${today} AND ${creditEntries.termMonths} IS NOT NULL AND ${endsOn} < ${today}`;
    case "active":
      return sql`${notRevoked} AND ${creditEntries.startsOn} <= ${today} AND (${creditEntries.termMonths} IS NULL OR ${endsOn} >= ${today})`;
  }
}

export type CreditFilter = { list?: CreditList; state?: CreditState; subject?: "person" | "organisation"; q?: string; appeal?: "open" };

/** The filters of the list page and of its export, read from the URL (unknown values are ignored). */
export function creditFilterOf(url: URL): CreditFilter {
  const p = url.searchParams;
  const pick = <T extends string>(name: string, values: readonly T[]) => (values as readonly string[]).includes(p.get(name) ?? "") ? (p.get(name) as T) : undefined;
  return {
    list: pick<CreditList>("list", creditLists),
    state: pick<CreditState>("state", creditStates),
    subject: pick("subject", ["person", "organisation"] as const),
    appeal: pick("appeal", ["open"] as const),
    q: p.get("q")?.trim() || undefined,
  };
}


export async function creditEntriesInScope(db: DbOrTx, scope: Scope, filter: CreditFilter, today: string, range?: { limit: number; offset: number }) {
  const q = filter.q?.trim();
  const where = and(
    scopeCondition(scope, { regionCode: creditEntries.regionCode }),
    filter.list ? eq(creditEntries.list, filter.list) : undefined,
    filter.state ? stateCondition(filter.state, today) : undefined,
    filter.subject === "person" ? isNotNull(creditEntries.personId) : filter.subject === "organisation" ? isNotNull(creditEntries.organisationId) : undefined,
    filter.appeal === "open" ? sql`EXISTS (SELECT 1 FROM credit_appeals a WHERE a.entry_id = ${creditEntries.id} AND a.decision IS NULL)` : undefined,
    q ? or(eq(people.name, q), eq(people.idNumber, q.toUpperCase()), likeAnyCase(organisations.name, `%${q}%`), eq(organisations.creditCode, q.toUpperCase()), eq(creditEntries.decisionNumber, q)) : undefined,
  );
  const query = listQuery(db).where(where).orderBy(desc(creditEntries.startsOn), desc(creditEntries.id));
  const rows = range ? await query.limit(range.limit).offset(range.offset) : await query;
  const total = (await firstRow(db
    .select({ n: countRows() })
    .from(creditEntries)
    .leftJoin(people, eq(people.id, creditEntries.personId))
    .leftJoin(organisations, eq(organisations.id, creditEntries.organisationId))
    .where(where)))!.n;
  return { rows, total };
}

/** One entry with its subject and appeals, or null when missing or outside the scope (the page answers 404). */
export async function creditEntryInScope(db: DbOrTx, scope: Scope, entryId: number) {
  const row = await firstRow(listQuery(db).where(and(eq(creditEntries.id, entryId), scopeCondition(scope, { regionCode: creditEntries.regionCode }))));
  if (!row) return null;
  return { ...row, appeals: await appealsOf(db, entryId) };
}

export async function appealsOf(db: DbOrTx, entryId: number) {
  return await db
    .select({ appeal: creditAppeals, lodgedByName: people.name })
    .from(creditAppeals)
    .innerJoin(users, eq(users.id, creditAppeals.lodgedBy))
    .innerJoin(people, eq(people.id, users.personId))
    .where(eq(creditAppeals.entryId, entryId))
    .orderBy(asc(creditAppeals.id));
}

/** Whether a person is on the roster of an institution inside the scope: who an officer may list. */
export async function personInScope(db: DbOrTx, scope: Scope, idNumber: string) {
  return (
    await firstRow(db
      .select({ id: people.id, name: people.name })
      .from(people)
      .innerJoin(workers, eq(workers.personId, people.id))
      .innerJoin(organisations, eq(organisations.id, workers.organisationId))
      .where(and(eq(people.idNumber, idNumber), scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode })))) ?? null
  );
}

export async function organisationInScope(db: DbOrTx, scope: Scope, creditCode: string) {
  const org = await firstRow(db.select().from(organisations).where(eq(organisations.creditCode, creditCode)));
  return org && scopeCoversOrganisation(scope, org) ? org : null;
}

/** Entries concerning a subject in force today (or, with `all`, every entry), newest first: what its pages show. */
export async function entriesOf(db: DbOrTx, subject: CreditSubject, today: string, options: { all?: boolean } = {}) {
  const rows = await db
    .select()
    .from(creditEntries)
    .where("personId" in subject ? eq(creditEntries.personId, subject.personId) : eq(creditEntries.organisationId, subject.organisationId))
    .orderBy(desc(creditEntries.startsOn), desc(creditEntries.id));
  return rows.filter((e) => options.all || entryState(e, today) === "active");
}

/** Entries in force today for each of the people (roster pages show them beside the name). */
export async function activeEntriesByPerson(db: DbOrTx, personIds: number[], today: string): Promise<Map<number, Array<{ list: CreditList; text: string }>>> {
  const byPerson = new Map<number, Array<{ list: CreditList; text: string }>>();
  if (personIds.length === 0) return byPerson;
  for (const e of await db.select().from(creditEntries).where(inArray(creditEntries.personId, personIds)).orderBy(desc(creditEntries.startsOn))) {
    if (entryState(e, today) !== "active") continue;
    byPerson.set(e.personId!, [...(byPerson.get(e.personId!) ?? []), { list: e.list, text: describeEntry(e) }]);
  }
  return byPerson;
}

/** One line for a page: "黑名单 · 骗取、套取补贴资金 · 2026-03-01 起 24 个月（至 2028-02-29）". */
export function describeEntry(e: CreditEntryRow): string {
  const what = e.list === "red" ? `表彰：${e.title}（${e.awardingBody}）` : `黑名单：${blackListCategoryNames[e.category as BlackListCategory]}（${e.decisionNumber}）`;
  return `${what} · ${describeTerm(e)}`;
}

/** The black-list facts the allowance engine reads, for the given people and institutions. */
export async function blackListFacts(db: DbOrTx, who: { personIds: SQLWrapper | number[]; organisationIds: SQLWrapper | number[] }) {
  const rows = await db
    .select()
    .from(creditEntries)
    .where(and(eq(creditEntries.list, "black"), or(inArray(creditEntries.personId, who.personIds), inArray(creditEntries.organisationId, who.organisationIds))));
  const byPerson = new Map<number, BlackListFact[]>();
  const byOrganisation = new Map<number, BlackListFact[]>();
  for (const e of rows) {
    const fact: BlackListFact = { ...entryTerm(e), category: e.category as BlackListCategory, decisionNumber: e.decisionNumber! };
    const [map, key] = e.personId !== null ? [byPerson, e.personId] : [byOrganisation, e.organisationId!];
    map.set(key, [...(map.get(key) ?? []), fact]);
  }
  return { byPerson, byOrganisation };
}

/**
 * What public verification says about a certificate's holder: 表彰 in force, and black-list entries in force
 * with their category, term and deciding region only; never the reason text, the evidence or the decision's file.
 */
export type PublicCreditNotice = { list: CreditList; text: string };

export async function publicCreditOfHolder(db: DbOrTx, certificateNumber: string, today: string): Promise<PublicCreditNotice[]> {
  const holder = await firstRow(db.select({ personId: certificates.personId }).from(certificates).where(eq(certificates.number, certificateNumber)));
  if (!holder) return [];
  const regionNames = new Map((await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, db.select({ code: creditEntries.regionCode }).from(creditEntries).where(eq(creditEntries.personId, holder.personId))))).map((r) => [r.code, r.name]));
  return (await entriesOf(db, { personId: holder.personId }, today)).map((e) => ({
    list: e.list,
    text:
      e.list === "red"
        ? `表彰：${e.title}（${e.awardingBody}，${e.startsOn}）`
        : `该持证人已被${regionNames.get(e.regionCode) ?? ""}民政部门列入黑名单：${blackListCategoryNames[e.category as BlackListCategory]}，${describeTerm(e)}`,
  }));
}

/** The public credit notice (/notices/credit): red entries and published black entries in force, names masked. */
export async function publicCreditEntries(db: DbOrTx, list: CreditList, today: string, range: { limit: number; offset: number }) {
  const where = and(eq(creditEntries.list, list), eq(creditEntries.published, true), stateCondition("active", today));
  const rows = await listQuery(db).where(where).orderBy(desc(creditEntries.startsOn), desc(creditEntries.id)).limit(range.limit).offset(range.offset);
  const total = (await firstRow(db.select({ n: countRows() }).from(creditEntries).where(where)))!.n;
  return {
    total,
    rows: rows.map((r) => ({
      id: r.entry.id,
      // A person's name masked as on verification; an institution is a legal entity and named in full.
      subject: r.entry.personId !== null ? maskHolderName(r.subjectName) : r.subjectName,
      kind: r.entry.personId !== null ? "从业人员" : "机构",
      region: r.regionName,
      what: r.entry.list === "red" ? `${r.entry.title}（${r.entry.awardingBody}）` : blackListCategoryNames[r.entry.category as BlackListCategory],
      term: describeTerm(r.entry),
      endsOn: creditEndsOn(r.entry),
    })),
  };
}

/** Entries an appellant may see: their own person's entries and those of the institutions their grant reaches. */
export async function entriesConcerning(db: DbOrTx, scope: Scope, personId: number) {
  const mine = scope.own ? eq(creditEntries.personId, personId) : undefined;
  const orgs = scope.organisationIds.length > 0 ? inArray(creditEntries.organisationId, scope.organisationIds) : undefined;
  if (!mine && !orgs) return [];
  return await listQuery(db).where(or(mine, orgs)).orderBy(desc(creditEntries.startsOn), desc(creditEntries.id));
}

/** Whether the appeal scope reaches an entry (the listed person themself, or an admin of the listed institution). */
export function mayAppeal(scope: Scope, personId: number, entry: Pick<CreditEntryRow, "personId" | "organisationId">): boolean {
  return (scope.own && entry.personId === personId) || (entry.organisationId !== null && scope.organisationIds.includes(entry.organisationId));
}

// ── To-dos ─────────────────────────────────────────────────────────────────

/** Appeals waiting for an officer's decision within the scope. */
export async function openAppealCount(db: DbOrTx, scope: Scope): Promise<number> {
  return (await firstRow(db
    .select({ n: countRows() })
    .from(creditAppeals)
    .innerJoin(creditEntries, eq(creditEntries.id, creditAppeals.entryId))
    .where(and(isNull(creditAppeals.decision), scopeCondition(scope, { regionCode: creditEntries.regionCode })))))!.n;
}

/** Black-list entries in force about the user (own) or their institutions (org) that nobody has appealed yet. */
export async function appealableCount(db: DbOrTx, scope: Scope, personId: number, today: string): Promise<number> {
  const mine = scope.own ? eq(creditEntries.personId, personId) : undefined;
  const orgs = scope.organisationIds.length > 0 ? inArray(creditEntries.organisationId, scope.organisationIds) : undefined;
  if (!mine && !orgs) return 0;
  return (await firstRow(db
    .select({ n: countRows() })
    .from(creditEntries)
    .where(and(eq(creditEntries.list, "black"), or(mine, orgs), stateCondition("active", today), sql`NOT EXISTS (SELECT 1 FROM credit_appeals a WHERE a.entry_id = ${creditEntries.id})`))))!.n;
}
