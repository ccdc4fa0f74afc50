import { firstRow, returnedRow } from "../../db/query.ts";
import { createHash } from "node:crypto";
import { addDays, format, parseISO } from "date-fns";
import { and, asc, between, desc, eq, gt, gte, inArray, isNull, like, lt, lte, ne, or, sql } from "drizzle-orm";
import { countRows, isUniqueViolation } from "../../db/dialect.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
  allowanceAdjustments,
  allowanceExclusions,
  allowanceLines,
  allowanceLists,
  allowanceObjections,
  allowancePolicies,
  allowancePolicyVersions,
  certificates,
  courseCompletions,
  courses,
  organisations,
  people,
  workerMonths,
  workers,
  type ApprovedListHeader,
} from "../../db/schema.ts";
import type { CertificateFacts } from "../../certificates/status.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { blackListFacts } from "../credit/credit.server.ts";
import type { Scope } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { regionContains, regionPrefix } from "../regions/region-code.ts";
import { chinaDate, chinaMidnight } from "../utils/dates.ts";
import { listStepRefusal, onlineObjectionRefusal, type ListFacts, type ListStep } from "./list-status.ts";
import { allocateMonth, last12Months, monthBounds, noticeEndsOn, versionForMonth, type ExclusionDraft, type LineDraft, type PolicyRule, type WorkerFacts } from "./rules.ts";

/** Monthly allowance lists (补贴发放名册): computing them from the registry, and the review workflow up to the lock. */

export type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;
/** A step refused for a reason the user can act on; the message is shown as is. */
export class ListError extends Error {}


type PolicyRow = typeof allowancePolicies.$inferSelect;
type VersionRow = typeof allowancePolicyVersions.$inferSelect;
type ListRow = typeof allowanceLists.$inferSelect;

function ruleOf(policy: PolicyRow, version: VersionRow): PolicyRule {
  return { policyId: policy.id, versionId: version.id, name: policy.name, version: version.version, kind: policy.kind, occupation: policy.occupation, amounts: version.amounts, instalments: version.instalments, conditions: version.conditions };
}

/** Policies reaching a region (its own, its ancestors', its sub-regions'), each with the version in force that month. */
async function rulesFor(db: DbOrTx, regionCode: string, month: string): Promise<Array<{ policy: PolicyRow; version: VersionRow; rule: PolicyRule }>> {
  const policies = (await db.select().from(allowancePolicies)).filter((p) => regionContains(p.regionCode, regionCode) || regionContains(regionCode, p.regionCode));
  if (policies.length === 0) return [];
  const versions = await db.select().from(allowancePolicyVersions).where(inArray(allowancePolicyVersions.policyId, policies.map((p) => p.id)));
  return policies.flatMap((policy) => {
    const version = versionForMonth(versions.filter((v) => v.policyId === policy.id), month);
    return version ? [{ policy, version, rule: ruleOf(policy, version) }] : [];
  });
}

type Registered = WorkerFacts & { name: string; idNumber: string; bankAccount: string | null; organisationRegion: string };

/**
 * The engine's facts for every worker record employed during the month at an institution inside the region;
 * with `personsOf`, only the records of people registered at that institution (enough to pay each once).
 */
async function loadWorkerFacts(db: DbOrTx, regionCode: string, month: string, options: { personsOf?: number; educationHours?: boolean } = {}): Promise<Registered[]> {
  const { personsOf } = options;
  const { first, last } = monthBounds(month);
  const population = and(
    like(organisations.regionCode, `${regionPrefix(regionCode)}%`),
    personsOf === undefined ? undefined : inArray(workers.personId, db.select({ id: workers.personId }).from(workers).where(eq(workers.organisationId, personsOf))),
  );
  const regionWorkers = db.select({ id: workers.id }).from(workers).innerJoin(organisations, eq(organisations.id, workers.organisationId)).where(population);
  const regionPeople = db.select({ id: workers.personId }).from(workers).innerJoin(organisations, eq(organisations.id, workers.organisationId)).where(population);
  const rows = await db
    .select({
      workerId: workers.id,
      personId: workers.personId,
      organisationId: workers.organisationId,
      organisationName: organisations.name,
      organisationType: organisations.type,
      organisationRegion: organisations.regionCode,
      occupation: workers.occupation,
      hiredOn: workers.hiredOn,
      contractEndsOn: workers.contractEndsOn,
      leftOn: workers.leftOn,
      schooling: workers.schooling,
      bankAccount: workers.bankAccount,
      name: people.name,
      idNumber: people.idNumber,
    })
    .from(workers)
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .innerJoin(people, eq(people.id, workers.personId))
    .where(and(population, lte(workers.hiredOn, last), or(isNull(workers.leftOn), gt(workers.leftOn, first))));
  const held = new Map<number, CertificateFacts[]>();
  for (const { personId, ...c } of await db
    .select({ personId: certificates.personId, kind: certificates.kind, occupation: certificates.occupation, level: certificates.level, issuedOn: certificates.issuedOn, source: certificates.source, verifiedAt: certificates.verifiedAt, revokedAt: certificates.revokedAt })
    .from(certificates)
    .where(and(eq(certificates.kind, "skill_level"), inArray(certificates.personId, regionPeople)))) {
    const list = held.get(personId) ?? [];
    list.push(c);
    held.set(personId, list);
  }
  const monthRecords = new Map(
    (await db
      .select({ workerId: workerMonths.workerId, attendanceDays: workerMonths.attendanceDays, socialInsurancePaid: workerMonths.socialInsurancePaid, liabilityIncident: workerMonths.liabilityIncident })
      .from(workerMonths)
      .where(and(eq(workerMonths.month, month), inArray(workerMonths.workerId, regionWorkers))))
      .map(({ workerId, ...m }) => [workerId, m]),
  );
  // The 12-month sum is read only when a policy asks for it: it is the costliest query of a city's month.
  const window = last12Months(month);
  const hours = new Map(
    !options.educationHours
      ? []
      : (await db
          .select({ workerId: workerMonths.workerId, hours: sql<number>`sum(${workerMonths.continuingEducationHours})` })
          .from(workerMonths)
          .where(and(between(workerMonths.month, window.from, window.to), inArray(workerMonths.workerId, regionWorkers)))
          .groupBy(workerMonths.workerId))
          .map((h) => [h.workerId, h.hours]),
  );
  // Continuing-education courses completed on the platform count for the person, whichever institution employs them.
  const platformHours = new Map(
    !options.educationHours
      ? []
      : (await db
          .select({ personId: courseCompletions.personId, hours: sql<number>`sum(${courses.requiredHours})` })
          .from(courseCompletions)
          .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
          .where(
            and(
              eq(courses.audience, "continuing_education"),
              gte(courseCompletions.completedAt, chinaMidnight(`${window.from}-01`)),
              lt(courseCompletions.completedAt, chinaMidnight(format(addDays(parseISO(last), 1), "yyyy-MM-dd"))),
              inArray(courseCompletions.personId, regionPeople),
            ),
          )
          .groupBy(courseCompletions.personId))
          .map((h) => [h.personId, h.hours]),
  );
  const regionOrganisations = db.select({ id: organisations.id }).from(organisations).where(like(organisations.regionCode, `${regionPrefix(regionCode)}%`));
  const blackList = await blackListFacts(db, { personIds: regionPeople, organisationIds: regionOrganisations });
  return rows.map((r) => ({
    ...r,
    certificates: held.get(r.personId) ?? [],
    month: monthRecords.get(r.workerId) ?? null,
    educationHours: (hours.get(r.workerId) ?? 0) + (platformHours.get(r.personId) ?? 0),
    blackList: blackList.byPerson.get(r.personId) ?? [],
    employerBlackList: blackList.byOrganisation.get(r.organisationId) ?? [],
  }));
}

/** Award keys already standing on declared lists, with the institution holding each. */
async function claimedKeys(db: DbOrTx, rules: PolicyRule[], month: string): Promise<Map<string, string>> {
  const claimed = new Map<string, string>();
  for (const rule of rules) {
    const rows = await db
      .select({ personId: allowanceLines.personId, awardKey: allowanceLines.awardKey, organisationName: organisations.name })
      .from(allowanceLines)
      .innerJoin(allowanceLists, eq(allowanceLists.id, allowanceLines.listId))
      .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
      .where(and(eq(allowanceLines.claimed, true), eq(allowanceLines.kind, "allowance"), eq(allowanceLines.policyId, rule.policyId), rule.kind === "monthly" ? eq(allowanceLines.awardKey, month) : undefined));
    for (const r of rows) claimed.set(`${rule.policyId}|${r.personId}|${r.awardKey}`, r.organisationName);
  }
  return claimed;
}

export type ComputedLine = LineDraft & { name: string; idNumber: string; bankAccount: string | null; organisationName: string; policyName: string };
type ComputedExclusion = ExclusionDraft & { name: string; idNumber: string; organisationName: string; policyName: string };

/**
 * What the engine pays for a region and month: lines and exclusions of the institutions inside it. Each
 * policy is evaluated over its whole region, so a person registered by two institutions is paid once;
 * `personsOf` narrows that to the people of one institution, for its own list.
 */
export async function computeAllowances(db: DbOrTx, regionCode: string, month: string, options: { personsOf?: number } = {}) {
  const rules = await rulesFor(db, regionCode, month);
  const claimed = await claimedKeys(db, rules.map((r) => r.rule), month);
  const lines: ComputedLine[] = [];
  const excluded: ComputedExclusion[] = [];
  const factsByRegion = new Map<string, Registered[]>();
  const educationHours = rules.some(({ rule }) => rule.conditions.some((c) => c.type === "continuing_education_hours"));
  for (const { policy, rule } of rules) {
    const facts = factsByRegion.get(policy.regionCode) ?? await loadWorkerFacts(db, policy.regionCode, month, { personsOf: options.personsOf, educationHours });
    factsByRegion.set(policy.regionCode, facts);
    const byWorker = new Map(facts.map((f) => [f.workerId, f]));
    const allocated = allocateMonth([rule], facts, month, claimed);
    const policyName = `${rule.name}（第 ${rule.version} 版）`;
    for (const line of allocated.lines) {
      const f = byWorker.get(line.workerId)!;
      if (regionContains(regionCode, f.organisationRegion)) lines.push({ ...line, name: f.name, idNumber: f.idNumber, bankAccount: f.bankAccount, organisationName: f.organisationName, policyName });
    }
    for (const e of allocated.excluded) {
      const f = byWorker.get(e.workerId)!;
      if (regionContains(regionCode, f.organisationRegion)) excluded.push({ ...e, name: f.name, idNumber: f.idNumber, organisationName: f.organisationName, policyName });
    }
  }
  return { rules, lines, excluded, total: lines.reduce((sum, l) => sum + l.amount, 0) };
}

/**
 * Computes (or recomputes) an institution's lists for a month, one per policy in force; a list already
 * declared is left as it is. Adjustments of earlier locked lists due that month become lines too.
 */
export async function refreshInstitutionLists(db: DbOrTx, organisationId: number, month: string, by: Actor, now = new Date()): Promise<number[]> {
  return await db.transaction(async (tx) => {
    const org = (await firstRow(tx.select().from(organisations).where(eq(organisations.id, organisationId))))!;
    const computed = await computeAllowances(tx, org.regionCode, month, { personsOf: org.id });
    if (computed.rules.length === 0) throw new ListError(`${month} 没有适用于本机构的补贴政策`);
    const ids: number[] = [];
    for (const { policy, version } of computed.rules) {
      const existing = await firstRow(tx.select().from(allowanceLists).where(and(eq(allowanceLists.policyId, policy.id), eq(allowanceLists.organisationId, org.id), eq(allowanceLists.month, month))));
      if (existing && existing.status !== "draft") {
        ids.push(existing.id);
        continue;
      }
      let list: ListRow;
      if (existing) {
        await tx.delete(allowanceLines).where(eq(allowanceLines.listId, existing.id));
        await tx.delete(allowanceExclusions).where(eq(allowanceExclusions.listId, existing.id));
        list = await returnedRow(tx.update(allowanceLists).set({ policyVersionId: version.id, computedAt: now }).where(eq(allowanceLists.id, existing.id)).returning());
      } else {
        list = await returnedRow(tx.insert(allowanceLists).values({ policyId: policy.id, policyVersionId: version.id, organisationId: org.id, month, computedAt: now }).returning());
      }
      const lines = computed.lines.filter((l) => l.policyId === policy.id && l.organisationId === org.id);
      for (const l of lines) {
        await tx.insert(allowanceLines).values({ listId: list.id, policyId: policy.id, workerId: l.workerId, personId: l.personId, awardKey: l.awardKey, name: l.name, idNumber: l.idNumber, bankAccount: l.bankAccount, level: l.level, amount: l.amount, rule: l.rule });
      }
      const adjustments = await adjustmentsDue(tx, org.id, policy.id, month);
      for (const a of adjustments) {
        await tx.insert(allowanceLines)
          .values({ listId: list.id, policyId: policy.id, workerId: a.workerId, personId: a.personId, kind: "adjustment", awardKey: `adjustment:${a.id}`, name: a.name, idNumber: a.idNumber, bankAccount: a.bankAccount, level: null, amount: a.amount, rule: `更正 ${a.sourceMonth} 名册：${a.reason}` });
      }
      const exclusions = computed.excluded.filter((e) => e.policyId === policy.id && e.organisationId === org.id);
      for (const e of exclusions) await tx.insert(allowanceExclusions).values({ listId: list.id, workerId: e.workerId, name: e.name, idNumber: e.idNumber, reasons: e.reasons });
      await writeAudit(tx, { ...by, event: "allowance.list_computed", target: { table: "allowance_lists", id: list.id }, details: { month, policyId: policy.id, version: version.version, lines: lines.length, adjustments: adjustments.length, excluded: exclusions.length } }, now);
      ids.push(list.id);
    }
    return ids;
  });
}

/** The institution's "recompute" on one list: refused once the list is declared. */
export async function refreshList(db: DbOrTx, listId: number, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    const list = await guardedStep(tx, listId, "refresh", now);
    await refreshInstitutionLists(tx, list.organisationId, list.month, by, now);
  });
}

async function adjustmentsDue(tx: DbOrTx, organisationId: number, policyId: number, month: string) {
  return await tx
    .select({ id: allowanceAdjustments.id, workerId: allowanceAdjustments.workerId, amount: allowanceAdjustments.amount, reason: allowanceAdjustments.reason, sourceMonth: allowanceLists.month, personId: workers.personId, name: people.name, idNumber: people.idNumber, bankAccount: workers.bankAccount })
    .from(allowanceAdjustments)
    .innerJoin(allowanceLists, eq(allowanceLists.id, allowanceAdjustments.sourceListId))
    .innerJoin(workers, eq(workers.id, allowanceAdjustments.workerId))
    .innerJoin(people, eq(people.id, workers.personId))
    .where(and(eq(allowanceAdjustments.month, month), eq(workers.organisationId, organisationId), eq(allowanceLists.policyId, policyId)))
    .orderBy(asc(allowanceAdjustments.id));
}

/** A list's paid total and payees (lines not excluded), as columns of a query over allowance_lists. */
export const lineTotal = sql<number>`coalesce((SELECT sum(l.amount) FROM allowance_lines l WHERE l.list_id = ${allowanceLists.id} AND l.excluded_at IS NULL), 0)`;
export const lineCount = sql<number>`(SELECT count(*) FROM allowance_lines l WHERE l.list_id = ${allowanceLists.id} AND l.excluded_at IS NULL)`;

/** Lists inside a scope (an institution's own, or a region's), newest month first. */
export async function listsInScope(db: DbOrTx, scope: Scope, filter: { month?: string; organisationId?: number } = {}) {
  return await db
    .select({ list: allowanceLists, organisationName: organisations.name, regionCode: organisations.regionCode, policyName: allowancePolicies.name, total: lineTotal, lines: lineCount })
    .from(allowanceLists)
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .innerJoin(allowancePolicies, eq(allowancePolicies.id, allowanceLists.policyId))
    .where(and(scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode }), filter.month ? eq(allowanceLists.month, filter.month) : undefined, filter.organisationId ? eq(allowanceLists.organisationId, filter.organisationId) : undefined))
    .orderBy(desc(allowanceLists.month), asc(organisations.regionCode), asc(organisations.name));
}

/** One list, or null when missing or outside the scope (callers answer 404 either way). */
export async function getListInScope(db: DbOrTx, scope: Scope, listId: number) {
  return (
    await firstRow(db
      .select({ list: allowanceLists, organisation: organisations, policy: allowancePolicies, version: allowancePolicyVersions })
      .from(allowanceLists)
      .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
      .innerJoin(allowancePolicies, eq(allowancePolicies.id, allowanceLists.policyId))
      .innerJoin(allowancePolicyVersions, eq(allowancePolicyVersions.id, allowanceLists.policyVersionId))
      .where(and(eq(allowanceLists.id, listId), scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode })))) ?? null
  );
}
export type ListInScope = NonNullable<Awaited<ReturnType<typeof getListInScope>>>;

export async function linesOf(db: DbOrTx, listId: number) {
  return await db.select().from(allowanceLines).where(eq(allowanceLines.listId, listId)).orderBy(asc(allowanceLines.id));
}
export async function exclusionsOf(db: DbOrTx, listId: number) {
  return await db.select().from(allowanceExclusions).where(eq(allowanceExclusions.listId, listId)).orderBy(asc(allowanceExclusions.id));
}
export async function objectionsOf(db: DbOrTx, listId: number) {
  return await db.select().from(allowanceObjections).where(eq(allowanceObjections.listId, listId)).orderBy(asc(allowanceObjections.id));
}
export async function adjustmentsFrom(db: DbOrTx, listId: number) {
  return await db.select().from(allowanceAdjustments).where(eq(allowanceAdjustments.sourceListId, listId)).orderBy(asc(allowanceAdjustments.id));
}

/** The list's header from live rows: what approval copies into `approvedHeader`. */
async function liveHeader(db: DbOrTx, listId: number): Promise<ApprovedListHeader> {
  const { organisation, policy, version } = (await getListInScope(db, { any: true, own: false, organisationIds: [], regionCodes: [] }, listId))!;
  return { policy: policy.name, version: version.version, organisation: { name: organisation.name, creditCode: organisation.creditCode } };
}

/**
 * What an approved list's hash covers: the header as approved and the stored lines, in a fixed order. Lines and
 * exclusions keep their own copies of names, so renaming an institution, a policy or a person leaves the hash alone.
 */
async function listContent(db: DbOrTx, list: Pick<ListRow, "id" | "month" | "noticeStartsOn" | "noticeEndsOn">, header: ApprovedListHeader) {
  return {
    policy: header.policy,
    version: header.version,
    organisation: { name: header.organisation.name, creditCode: header.organisation.creditCode },
    month: list.month,
    notice: { startsOn: list.noticeStartsOn, endsOn: list.noticeEndsOn },
    lines: (await linesOf(db, list.id)).map((l) => ({ kind: l.kind, name: l.name, idNumber: l.idNumber, bankAccount: l.bankAccount, level: l.level, amount: l.amount, rule: l.rule, excluded: l.excludedReason })),
    exclusions: (await exclusionsOf(db, list.id)).map((e) => ({ name: e.name, idNumber: e.idNumber, reasons: e.reasons })),
  };
}

export function contentHash(content: unknown): string {
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

/** Whether an approved list still holds exactly what was hashed when it was locked. */
export async function listIntact(db: DbOrTx, list: ListRow): Promise<boolean> {
  return list.contentHash !== null && list.approvedHeader !== null && contentHash(await listContent(db, list, list.approvedHeader)) === list.contentHash;
}

/** What the workflow's guards read about a list (`list-status.ts`), from its stored rows. */
export async function listFacts(db: DbOrTx, list: Pick<ListRow, "id" | "status" | "month" | "noticeEndsOn">, now = new Date()): Promise<ListFacts> {
  const lines = (await firstRow(db
    // count(column) counts the non-null values: portable, where sum(boolean) is SQLite's alone.
    .select({ payees: sql<number>`count(*) - count(${allowanceLines.excludedAt})`, excluded: sql<number>`count(${allowanceLines.excludedAt})` })
    .from(allowanceLines)
    .where(eq(allowanceLines.listId, list.id))))!;
  const open = (await firstRow(db.select({ n: countRows() }).from(allowanceObjections).where(and(eq(allowanceObjections.listId, list.id), isNull(allowanceObjections.resolvedAt)))))!;
  return { status: list.status, month: list.month, today: chinaDate(now), payees: lines.payees, excludedLines: lines.excluded, openObjections: open.n, noticeEndsOn: list.noticeEndsOn };
}

/** Paid lines, their total (integer yuan) and the workers the engine left out: what a step's confirmation states. */
export async function listSummary(db: DbOrTx, listId: number) {
  const paid = (await linesOf(db, listId)).filter((l) => l.excludedAt === null);
  return { payees: paid.length, total: paid.reduce((n, l) => n + l.amount, 0), exclusions: (await exclusionsOf(db, listId)).length };
}

/** Re-reads the list inside the step's transaction and refuses unless the workflow allows the step now. */
async function guardedStep(tx: DbOrTx, listId: number, step: ListStep, now: Date, input: { zeroPayeesConfirmed?: boolean } = {}): Promise<ListRow> {
  const list = (await firstRow(tx.select().from(allowanceLists).where(eq(allowanceLists.id, listId))))!;
  const refusal = listStepRefusal(step, await listFacts(tx, list, now), input);
  if (refusal) throw new ListError(refusal);
  return list;
}

/** Marks the list's paid lines as claimed (or releases them): a person claimed by another declared list is refused. */
async function claimLines(tx: DbOrTx, lines: Array<typeof allowanceLines.$inferSelect>, claimed: boolean) {
  for (const line of lines) {
    try {
      await tx.update(allowanceLines).set({ claimed }).where(eq(allowanceLines.id, line.id));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ListError(`${line.name}（${line.idNumber}）已列入其他机构已申报的名册，请重新生成本名册`);
      throw error;
    }
  }
}

/**
 * 机构申报: the institution declares a month that has ended; its lines are claimed, so no other list pays them too.
 * A list without payees is declared only when the institution confirmed that nobody qualifies.
 */
export async function declareList(db: DbOrTx, listId: number, by: Actor, now = new Date(), input: { zeroPayeesConfirmed?: boolean } = {}) {
  return await db.transaction(async (tx) => {
    await guardedStep(tx, listId, "declare", now, input);
    await claimLines(tx, (await linesOf(tx, listId)).filter((l) => l.excludedAt === null), true);
    await tx.update(allowanceLists).set({ status: "declared", declaredAt: now, declaredBy: by.userId ?? null, returnedAt: null, returnedBy: null, returnedReason: null }).where(eq(allowanceLists.id, listId));
    const summary = await listSummary(tx, listId);
    await writeAudit(tx, { ...by, event: "allowance.list_declared", target: { table: "allowance_lists", id: listId }, details: { payees: summary.payees, total: summary.total, excluded: summary.exclusions } }, now);
    return summary;
  });
}

/** Back to draft with the lines released: the institution's withdrawal and the district's return share this. */
async function backToDraft(tx: DbOrTx, listId: number, returned: { at: Date; by: number | null; reason: string } | null) {
  await claimLines(tx, await linesOf(tx, listId), false);
  await tx.update(allowanceLists)
    .set({ status: "draft", declaredAt: null, declaredBy: null, returnedAt: returned?.at ?? null, returnedBy: returned?.by ?? null, returnedReason: returned?.reason ?? null })
    .where(eq(allowanceLists.id, listId));
}

/** 撤回申报: the institution takes its declared list back while the district has not acted on it. */
export async function withdrawList(db: DbOrTx, listId: number, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    const list = await guardedStep(tx, listId, "withdraw", now);
    await backToDraft(tx, listId, null);
    await writeAudit(tx, { ...by, event: "allowance.list_withdrawn", target: { table: "allowance_lists", id: listId }, details: { month: list.month, declaredAt: list.declaredAt?.toISOString() ?? null } }, now);
  });
}

/** 退回: the district sends a declared list back to the institution, editable, with the reason shown on it. */
export async function returnList(db: DbOrTx, listId: number, reason: string, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    const list = await guardedStep(tx, listId, "return", now);
    await backToDraft(tx, listId, { at: now, by: by.userId ?? null, reason });
    await writeAudit(tx, { ...by, event: "allowance.list_returned", target: { table: "allowance_lists", id: listId }, details: { month: list.month, reason } }, now);
  });
}

/** 区县审核: the district takes a line off the list, with its reason. */
export async function excludeLine(db: DbOrTx, listId: number, lineId: number, reason: string, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    await guardedStep(tx, listId, "exclude", now);
    const line = await firstRow(tx.select().from(allowanceLines).where(and(eq(allowanceLines.id, lineId), eq(allowanceLines.listId, listId))));
    if (!line) throw new ListError("名册中没有这条记录");
    if (line.excludedAt) throw new ListError("这条记录已被剔除");
    await tx.update(allowanceLines).set({ excludedAt: now, excludedBy: by.userId ?? null, excludedReason: reason, claimed: false }).where(eq(allowanceLines.id, lineId));
    await writeAudit(tx, { ...by, event: "allowance.line_excluded", target: { table: "allowance_lines", id: lineId }, details: { listId, name: line.name, amount: line.amount, reason } }, now);
    return line;
  });
}

/** 撤销剔除: before 公示 the district puts an excluded line back; it is claimed again like a declared line. */
export async function undoExclusion(db: DbOrTx, listId: number, lineId: number, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    await guardedStep(tx, listId, "undo-exclusion", now);
    const line = await firstRow(tx.select().from(allowanceLines).where(and(eq(allowanceLines.id, lineId), eq(allowanceLines.listId, listId))));
    if (!line) throw new ListError("名册中没有这条记录");
    if (!line.excludedAt) throw new ListError("这条记录没有被剔除");
    await tx.update(allowanceLines).set({ excludedAt: null, excludedBy: null, excludedReason: null }).where(eq(allowanceLines.id, lineId));
    await claimLines(tx, [line], true);
    await writeAudit(tx, { ...by, event: "allowance.exclusion_undone", target: { table: "allowance_lines", id: lineId }, details: { listId, name: line.name, amount: line.amount, reason: line.excludedReason } }, now);
    return line;
  });
}

/** 开启公示: the public notice runs `days` days from today; approval comes after it ends. */
export async function openNotice(db: DbOrTx, listId: number, days: number, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    await guardedStep(tx, listId, "open-notice", now);
    const startsOn = chinaDate(now);
    const endsOn = noticeEndsOn(startsOn, days);
    await tx.update(allowanceLists).set({ status: "publicised", noticeStartsOn: startsOn, noticeEndsOn: endsOn, noticeOpenedBy: by.userId ?? null }).where(eq(allowanceLists.id, listId));
    await writeAudit(tx, { ...by, event: "allowance.notice_opened", target: { table: "allowance_lists", id: listId }, details: { startsOn, endsOn, days } }, now);
    return { startsOn, endsOn };
  });
}

/** Objection texts compare without surrounding or repeated whitespace. */
const sameText = (a: string, b: string) => a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();

type ObjectionInput = { raisedBy: string; content: string; lineId: number | null };

/**
 * Adds an open objection. The same objection (same person, same text) is held once while it is open, whoever
 * brings it: a double submission, or a letter repeating what the worker raised online, adds nothing.
 */
async function insertObjection(tx: DbOrTx, listId: number, input: ObjectionInput & { source: "written" | "online"; personId: number | null }, by: Actor & { userId: number }, now: Date) {
  if (input.lineId !== null && !await firstRow(tx.select().from(allowanceLines).where(and(eq(allowanceLines.id, input.lineId), eq(allowanceLines.listId, listId))))) throw new ListError("名册中没有这条记录");
  const open = await tx.select().from(allowanceObjections).where(and(eq(allowanceObjections.listId, listId), isNull(allowanceObjections.resolvedAt)));
  if (open.some((o) => sameText(o.raisedBy, input.raisedBy) && sameText(o.content, input.content))) throw new ListError("这条异议已登记（提出人、内容相同，尚未答复），不再重复登记");
  const objection = await returnedRow(tx
    .insert(allowanceObjections)
    .values({ listId, lineId: input.lineId, raisedBy: input.raisedBy, content: input.content, source: input.source, raisedByPersonId: input.personId, recordedBy: by.userId, recordedAt: now })
    .returning());
  const event = input.source === "online" ? "allowance.objection_raised" : "allowance.objection_recorded";
  await writeAudit(tx, { ...by, event, target: { table: "allowance_objections", id: objection.id }, details: { listId, lineId: input.lineId } }, now);
  return objection;
}

/** A written objection (书面) received during the notice, from the public or a worker, recorded by the district. */
export async function recordObjection(db: DbOrTx, listId: number, input: ObjectionInput, by: Actor & { userId: number }, now = new Date()) {
  await db.transaction(async (tx) => {
    await guardedStep(tx, listId, "record-objection", now);
    await insertObjection(tx, listId, { ...input, source: "written", personId: null }, by, now);
  });
}

/**
 * 本人在线提出: a signed-in worker objects while the 公示 runs, about one line of their own or the list as a whole
 * (a worker left out has no line to point at). The district answers it like a written one.
 */
export async function raiseObjection(db: DbOrTx, listId: number, input: { person: { id: number; name: string }; content: string; lineId: number | null }, by: Actor & { userId: number }, now = new Date()) {
  return await db.transaction(async (tx) => {
    const list = await firstRow(tx.select().from(allowanceLists).where(eq(allowanceLists.id, listId)));
    if (!list) throw new ListError("没有这份名册");
    const refusal = onlineObjectionRefusal(list, chinaDate(now));
    if (refusal) throw new ListError(refusal);
    if (input.lineId !== null) {
      const line = await firstRow(tx.select({ personId: allowanceLines.personId }).from(allowanceLines).where(and(eq(allowanceLines.id, input.lineId), eq(allowanceLines.listId, listId))));
      if (!line || line.personId !== input.person.id) throw new ListError("名册中没有您的这条记录");
    }
    return insertObjection(tx, listId, { raisedBy: input.person.name, content: input.content, lineId: input.lineId, source: "online", personId: input.person.id }, by, now);
  });
}

export async function resolveObjection(db: DbOrTx, listId: number, objectionId: number, resolution: string, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    await guardedStep(tx, listId, "resolve-objection", now);
    const objection = await firstRow(tx.select().from(allowanceObjections).where(and(eq(allowanceObjections.id, objectionId), eq(allowanceObjections.listId, listId))));
    if (!objection) throw new ListError("没有这条异议");
    if (objection.resolvedAt) throw new ListError("这条异议已答复");
    await tx.update(allowanceObjections).set({ resolution, resolvedBy: by.userId ?? null, resolvedAt: now }).where(eq(allowanceObjections.id, objectionId));
    await writeAudit(tx, { ...by, event: "allowance.objection_resolved", target: { table: "allowance_objections", id: objectionId }, details: { listId } }, now);
  });
}

/** 市级审批: after the notice has ended with every objection answered; the content is hashed and locked. */
export async function approveList(db: DbOrTx, listId: number, by: Actor, now = new Date()): Promise<string> {
  return await db.transaction(async (tx) => {
    const list = await guardedStep(tx, listId, "approve", now);
    const header = await liveHeader(tx, listId);
    const hash = contentHash(await listContent(tx, list, header));
    await tx.update(allowanceLists).set({ status: "approved", approvedAt: now, approvedBy: by.userId ?? null, contentHash: hash, approvedHeader: header }).where(eq(allowanceLists.id, listId));
    await writeAudit(tx, { ...by, event: "allowance.list_approved", target: { table: "allowance_lists", id: listId }, details: { contentHash: hash } }, now);
    return hash;
  });
}

/** A correction of a locked list: paid (or recovered) as a line of the institution's list for a later month. */
export async function addAdjustment(db: DbOrTx, listId: number, input: { workerId: number; month: string; amount: number; reason: string }, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    const list = await guardedStep(tx, listId, "adjust", now);
    if (input.month <= list.month) throw new ListError("调整只能计入以后月份的名册");
    const onList = (await linesOf(tx, listId)).some((l) => l.workerId === input.workerId) || (await exclusionsOf(tx, listId)).some((e) => e.workerId === input.workerId);
    if (!onList) throw new ListError("该人员不在这份名册中");
    const target = await firstRow(tx.select().from(allowanceLists).where(and(eq(allowanceLists.policyId, list.policyId), eq(allowanceLists.organisationId, list.organisationId), eq(allowanceLists.month, input.month), ne(allowanceLists.status, "draft"))));
    if (target) throw new ListError(`${input.month} 的名册已申报，请选择以后的月份`);
    const adjustment = await returnedRow(tx.insert(allowanceAdjustments).values({ sourceListId: listId, workerId: input.workerId, month: input.month, amount: input.amount, reason: input.reason, createdBy: by.userId ?? null }).returning());
    await writeAudit(tx, { ...by, event: "allowance.adjustment_added", target: { table: "allowance_adjustments", id: adjustment.id }, details: { listId, month: input.month, amount: input.amount, reason: input.reason } }, now);
  });
}
