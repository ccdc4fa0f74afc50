import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, desc, eq, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { countRows, isUniqueViolation } from "../../db/dialect.ts";
import { regions, subsidyApplications, subsidyLists, subsidyObjections, subsidyPolicies, subsidyPolicyVersions, type ApprovedSubsidyHeader, type SubsidyListStatus } from "../../db/schema.ts";
import { contentHash, ListError, type Actor } from "../allowances/lists.server.ts";
import { noticeEndsOn } from "../allowances/rules.ts";
import { writeAudit } from "../audit/audit.server.ts";
import type { Scope } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { chinaDate } from "../utils/dates.ts";
import { subsidyStepRefusal, type SubsidyListFacts, type SubsidyStep } from "./list-status.ts";
import { subsidyKindNames } from "./rules.ts";

/** Monthly subsidy lists per district: the district's review, 公示, the city's approval and the lock. */

type ListRow = typeof subsidyLists.$inferSelect;
type ApplicationRow = typeof subsidyApplications.$inferSelect;

const payTotal = sql<number>`coalesce((SELECT sum(a.amount) FROM subsidy_applications a WHERE a.list_id = ${subsidyLists.id} AND a.status = 'pending'), 0)`;
const payCount = sql<number>`(SELECT count(*) FROM subsidy_applications a WHERE a.list_id = ${subsidyLists.id} AND a.status = 'pending')`;

export async function subsidyListsInScope(db: DbOrTx, scope: Scope, filter: { month?: string; status?: SubsidyListStatus; work?: SubsidyWork } = {}, page: { limit: number; offset: number } = { limit: 1000, offset: 0 }) {
  return await db
    .select({ list: subsidyLists, policyName: subsidyPolicies.name, kind: subsidyPolicies.kind, districtName: regions.name, total: payTotal, payees: payCount })
    .from(subsidyLists)
    .innerJoin(subsidyPolicies, eq(subsidyPolicies.id, subsidyLists.policyId))
    .innerJoin(regions, eq(regions.code, subsidyLists.districtCode))
    .where(and(scopeCondition(scope, { regionCode: subsidyLists.districtCode }), filter.month ? eq(subsidyLists.month, filter.month) : undefined, filter.status ? eq(subsidyLists.status, filter.status) : undefined, filter.work ? waitingCondition(filter.work, new Date()) : undefined))
    .orderBy(desc(subsidyLists.month), asc(subsidyLists.districtCode), asc(subsidyLists.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function getSubsidyListInScope(db: DbOrTx, scope: Scope, listId: number) {
  if (!Number.isInteger(listId)) return null;
  return (
    await firstRow(db
      .select({ list: subsidyLists, policy: subsidyPolicies, districtName: regions.name })
      .from(subsidyLists)
      .innerJoin(subsidyPolicies, eq(subsidyPolicies.id, subsidyLists.policyId))
      .innerJoin(regions, eq(regions.code, subsidyLists.districtCode))
      .where(and(eq(subsidyLists.id, listId), scopeCondition(scope, { regionCode: subsidyLists.districtCode })))) ?? null
  );
}
export type SubsidyListInScope = NonNullable<Awaited<ReturnType<typeof getSubsidyListInScope>>>;
const everywhere: Scope = { any: true, own: false, organisationIds: [], regionCodes: [] };

/** The list's lines: every application except withdrawn ones, which never were the district's to review. */
export async function applicationsOn(db: DbOrTx, listId: number) {
  return (await db
    .select({ application: subsidyApplications, version: subsidyPolicyVersions.version })
    .from(subsidyApplications)
    .innerJoin(subsidyPolicyVersions, eq(subsidyPolicyVersions.id, subsidyApplications.policyVersionId))
    .where(and(eq(subsidyApplications.listId, listId), ne(subsidyApplications.status, "withdrawn")))
    .orderBy(asc(subsidyApplications.id)))
    .map(({ application, version }) => ({ ...application, version }));
}

export async function objectionsOn(db: DbOrTx, listId: number) {
  return await db.select().from(subsidyObjections).where(eq(subsidyObjections.listId, listId)).orderBy(asc(subsidyObjections.id));
}

export async function listFacts(db: DbOrTx, list: Pick<ListRow, "id" | "status" | "month" | "noticeEndsOn">, now = new Date()): Promise<SubsidyListFacts> {
  const payees = (await firstRow(db.select({ n: countRows() }).from(subsidyApplications).where(and(eq(subsidyApplications.listId, list.id), eq(subsidyApplications.status, "pending")))))!.n;
  const open = (await firstRow(db.select({ n: countRows() }).from(subsidyObjections).where(and(eq(subsidyObjections.listId, list.id), isNull(subsidyObjections.resolvedAt)))))!.n;
  return { status: list.status, month: list.month, today: chinaDate(now), payees, openObjections: open, noticeEndsOn: list.noticeEndsOn };
}

/** Paid lines and their total (integer yuan), and the lines not paid: what a step's confirmation states. */
export async function subsidyListSummary(db: DbOrTx, listId: number) {
  const lines = await applicationsOn(db, listId);
  const paid = lines.filter((l) => l.status === "pending");
  return { payees: paid.length, total: paid.reduce((n, l) => n + l.amount, 0), excluded: lines.filter((l) => l.status === "excluded").length, returned: lines.filter((l) => l.status === "returned").length };
}

/** Re-reads the list inside the step's transaction and refuses unless the workflow allows the step now. */
async function guarded(tx: DbOrTx, listId: number, step: SubsidyStep, now: Date, lineId?: number): Promise<{ list: ListRow; line: ApplicationRow | null }> {
  const list = await firstRow(tx.select().from(subsidyLists).where(eq(subsidyLists.id, listId)));
  if (!list) throw new ListError("没有这份名册");
  let line: ApplicationRow | null = null;
  if (lineId !== undefined) {
    line = await firstRow(tx.select().from(subsidyApplications).where(and(eq(subsidyApplications.id, lineId), eq(subsidyApplications.listId, listId)))) ?? null;
    if (!line || line.status === "withdrawn") throw new ListError("名册中没有这条申请");
  }
  const refusal = subsidyStepRefusal(step, await listFacts(tx, list, now), line ?? undefined);
  if (refusal) throw new ListError(refusal);
  return { list, line };
}

/** 剔除: the district takes an application off the list with its reason; the person may apply again later. */
export async function excludeApplication(db: DbOrTx, listId: number, applicationId: number, reason: string, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    const { line } = await guarded(tx, listId, "exclude", now, applicationId);
    await tx.update(subsidyApplications).set({ status: "excluded", claimed: false, decidedAt: now, decidedBy: by.userId ?? null, decisionReason: reason }).where(eq(subsidyApplications.id, applicationId));
    await writeAudit(tx, { ...by, event: "subsidy.application_excluded", target: { table: "subsidy_applications", id: applicationId }, details: { listId, name: line!.name, amount: line!.amount, reason } }, now);
    return line!;
  });
}

/** 撤销剔除: before 公示, unless the person has applied again meanwhile (the once-per-level index answers). */
export async function undoExclusion(db: DbOrTx, listId: number, applicationId: number, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    const { line } = await guarded(tx, listId, "undo-exclusion", now, applicationId);
    try {
      await tx.update(subsidyApplications).set({ status: "pending", claimed: true, decidedAt: null, decidedBy: null, decisionReason: null }).where(eq(subsidyApplications.id, applicationId));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ListError(`${line!.name}已另行申请同一等级的补贴，不能撤销剔除`);
      throw error;
    }
    await writeAudit(tx, { ...by, event: "subsidy.exclusion_undone", target: { table: "subsidy_applications", id: applicationId }, details: { listId, name: line!.name, amount: line!.amount, reason: line!.decisionReason } }, now);
    return line!;
  });
}

/** 退回申请人: the application leaves the list with the reason shown to the applicant, who may correct it and apply again. */
export async function returnApplication(db: DbOrTx, listId: number, applicationId: number, reason: string, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    const { line } = await guarded(tx, listId, "return", now, applicationId);
    await tx.update(subsidyApplications).set({ status: "returned", claimed: false, decidedAt: now, decidedBy: by.userId ?? null, decisionReason: reason }).where(eq(subsidyApplications.id, applicationId));
    await writeAudit(tx, { ...by, event: "subsidy.application_returned", target: { table: "subsidy_applications", id: applicationId }, details: { listId, name: line!.name, amount: line!.amount, reason } }, now);
    return line!;
  });
}

/** 开启公示: `days` days from today, after the month has ended; approval comes after it. */
export async function openSubsidyNotice(db: DbOrTx, listId: number, days: number, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    await guarded(tx, listId, "open-notice", now);
    const startsOn = chinaDate(now);
    const endsOn = noticeEndsOn(startsOn, days);
    await tx.update(subsidyLists).set({ status: "publicised", noticeStartsOn: startsOn, noticeEndsOn: endsOn, noticeOpenedBy: by.userId ?? null }).where(eq(subsidyLists.id, listId));
    const summary = await subsidyListSummary(tx, listId);
    await writeAudit(tx, { ...by, event: "subsidy.notice_opened", target: { table: "subsidy_lists", id: listId }, details: { startsOn, endsOn, days, payees: summary.payees, total: summary.total } }, now);
    return { startsOn, endsOn };
  });
}

const sameText = (a: string, b: string) => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();

/**
 * An objection received during 公示, in writing to the district (recorded by the officer) or from the worker's own
 * account (`by.userId` is then the worker). The same open objection is recorded once.
 */
export async function recordSubsidyObjection(db: DbOrTx, listId: number, input: { raisedBy: string; content: string; applicationId: number | null }, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    await guarded(tx, listId, "record-objection", now, input.applicationId ?? undefined);
    const open = await tx.select().from(subsidyObjections).where(and(eq(subsidyObjections.listId, listId), isNull(subsidyObjections.resolvedAt)));
    if (open.some((o) => sameText(o.raisedBy, input.raisedBy) && sameText(o.content, input.content))) throw new ListError("这条异议已登记（提出人、内容相同，尚未答复），不再重复登记");
    const objection = await returnedRow(tx.insert(subsidyObjections).values({ listId, applicationId: input.applicationId, raisedBy: input.raisedBy, content: input.content, recordedBy: by.userId ?? null, recordedAt: now }).returning());
    await writeAudit(tx, { ...by, event: "subsidy.objection_recorded", target: { table: "subsidy_objections", id: objection.id }, details: { listId, applicationId: input.applicationId } }, now);
    return objection;
  });
}

export async function resolveSubsidyObjection(db: DbOrTx, listId: number, objectionId: number, resolution: string, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    await guarded(tx, listId, "resolve-objection", now);
    const objection = await firstRow(tx.select().from(subsidyObjections).where(and(eq(subsidyObjections.id, objectionId), eq(subsidyObjections.listId, listId))));
    if (!objection) throw new ListError("没有这条异议");
    if (objection.resolvedAt) throw new ListError("这条异议已答复");
    await tx.update(subsidyObjections).set({ resolution, resolvedBy: by.userId ?? null, resolvedAt: now }).where(eq(subsidyObjections.id, objectionId));
    await writeAudit(tx, { ...by, event: "subsidy.objection_resolved", target: { table: "subsidy_objections", id: objectionId }, details: { listId } }, now);
  });
}

/**
 * What an approved list's hash covers: the header as approved and the stored lines (their own copies of names,
 * accounts, amounts and reasons), in a fixed order; renaming a policy or a person leaves it alone. The header's
 * fields are named one by one: the stored header is JSON, and PostgreSQL's jsonb gives its keys back in its own order.
 */
async function listContent(db: DbOrTx, list: Pick<ListRow, "id" | "month" | "noticeStartsOn" | "noticeEndsOn">, header: ApprovedSubsidyHeader) {
  return {
    policy: header.policy,
    kind: header.kind,
    district: { code: header.district.code, name: header.district.name },
    month: list.month,
    notice: { startsOn: list.noticeStartsOn, endsOn: list.noticeEndsOn },
    lines: (await applicationsOn(db, list.id)).map((l) => ({ name: l.name, idNumber: l.idNumber, bankAccount: l.bankAccount, occupation: l.occupation, level: l.level, amount: l.amount, version: l.version, status: l.status, reasons: l.reasons, decisionReason: l.decisionReason })),
  };
}

export async function subsidyListIntact(db: DbOrTx, list: ListRow): Promise<boolean> {
  return list.contentHash !== null && list.approvedHeader !== null && contentHash(await listContent(db, list, list.approvedHeader)) === list.contentHash;
}

/** 市级审批: after the notice with every objection answered; the header is copied and the content hashed and locked. */
export async function approveSubsidyList(db: DbOrTx, listId: number, by: Actor, now = new Date()): Promise<string> {
  return await db.transaction(async (tx) => {
    const { list } = await guarded(tx, listId, "approve", now);
    const found = (await getSubsidyListInScope(tx, everywhere, listId))!;
    const header: ApprovedSubsidyHeader = { policy: found.policy.name, kind: subsidyKindNames[found.policy.kind], district: { code: list.districtCode, name: found.districtName } };
    const hash = contentHash(await listContent(tx, list, header));
    await tx.update(subsidyLists).set({ status: "approved", approvedAt: now, approvedBy: by.userId ?? null, contentHash: hash, approvedHeader: header }).where(eq(subsidyLists.id, listId));
    const summary = await subsidyListSummary(tx, listId);
    await writeAudit(tx, { ...by, event: "subsidy.list_approved", target: { table: "subsidy_lists", id: listId }, details: { contentHash: hash, payees: summary.payees, total: summary.total } }, now);
    return hash;
  });
}

export type SubsidyWork = "review" | "approve";

/** Lists with work waiting: an ended month's applications to review and put to 公示 (district), or an ended 公示 (city). */
export function waitingCondition(work: SubsidyWork, now: Date): SQL {
  const today = chinaDate(now);
  if (work === "approve") return and(eq(subsidyLists.status, "publicised"), sql`${subsidyLists.noticeEndsOn} < ${today}`)!;
  const pending = sql`EXISTS (SELECT 1 FROM subsidy_applications a WHERE a.list_id = ${subsidyLists.id} AND a.status = 'pending')`;
  return and(eq(subsidyLists.status, "collecting"), sql`${subsidyLists.month} < ${today.slice(0, 7)}`, pending)!;
}

/** Counts for the officers' to-dos, over the rows `/subsidies?work=…` lists. */
export async function subsidyListsWaiting(db: DbOrTx, scope: Scope, now = new Date()) {
  const count = async (work: SubsidyWork) => (await firstRow(db.select({ n: countRows() }).from(subsidyLists).where(and(scopeCondition(scope, { regionCode: subsidyLists.districtCode }), waitingCondition(work, now)))))!.n;
  return { toReview: await count("review"), toApprove: await count("approve") };
}

/** A list in 公示 for the public page, or null (any other state answers 404). */
export async function publicSubsidyList(db: DbOrTx, listId: number) {
  const found = await getSubsidyListInScope(db, everywhere, listId);
  if (!found || found.list.status !== "publicised") return null;
  return { ...found, lines: (await applicationsOn(db, listId)).filter((l) => l.status === "pending") };
}

