import { firstRow, returnedRow } from "../../db/query.ts";
import { addDays, format, parseISO } from "date-fns";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { regions, subsidyApplications, subsidyLists, subsidyPolicies, subsidyPolicyVersions } from "../../db/schema.ts";
import { ListError, type Actor } from "../allowances/lists.server.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { regionContains } from "../regions/region-code.ts";
import { RETIRED_REGION_MESSAGE, regionNameSql } from "../regions/region-name.ts";
import { sameJson } from "../utils/json.ts";
import type { SubsidyPolicyDefinition } from "./policy-defaults.ts";
import type { SubsidyRule } from "./rules.ts";

/** Subsidy policies as data (system admin): a policy per region and kind, its money and conditions in dated versions. */

export type PolicyRow = typeof subsidyPolicies.$inferSelect;
export type VersionRow = typeof subsidyPolicyVersions.$inferSelect;
export type VersionInput = Pick<SubsidyPolicyDefinition, "effectiveFrom" | "effectiveTo" | "amounts" | "conditions" | "noticeDays" | "note">;

export function ruleOf(policy: PolicyRow, version: VersionRow): SubsidyRule {
  return { name: policy.name, kind: policy.kind, regionCode: policy.regionCode, version: version.version, effectiveFrom: version.effectiveFrom, effectiveTo: version.effectiveTo, retired: policy.retiredAt !== null, amounts: version.amounts, conditions: version.conditions };
}

export async function listSubsidyPolicies(db: DbOrTx) {
  const policies = await db.select({ policy: subsidyPolicies, regionName: regionNameSql }).from(subsidyPolicies).innerJoin(regions, eq(regions.code, subsidyPolicies.regionCode)).orderBy(asc(subsidyPolicies.regionCode), asc(subsidyPolicies.name));
  const versions = await db.select().from(subsidyPolicyVersions).orderBy(asc(subsidyPolicyVersions.version));
  return policies.map(({ policy, regionName }) => ({ ...policy, regionName, versions: versions.filter((v) => v.policyId === policy.id) }));
}

export async function getSubsidyPolicy(db: DbOrTx, policyId: number) {
  return (await listSubsidyPolicies(db)).find((p) => p.id === policyId) ?? null;
}

/** The version in force on a date, if any. */
export function versionOn<V extends Pick<VersionRow, "effectiveFrom" | "effectiveTo">>(versions: V[], date: string): V | null {
  return versions.find((v) => v.effectiveFrom <= date && (v.effectiveTo === null || date <= v.effectiveTo)) ?? null;
}

/** Policies that reach a district on a date (not retired, a version in force), each with that version. */
export async function policiesReaching(db: DbOrTx, districtCode: string, date: string) {
  return (await listSubsidyPolicies(db)).flatMap((p) => {
    const version = p.retiredAt === null && regionContains(p.regionCode, districtCode) ? versionOn(p.versions, date) : null;
    return version ? [{ policy: p, version }] : [];
  });
}

/** The 公示 days the policy sets on a date (its version then, else its latest). */
export async function noticeDaysOf(db: DbOrTx, policyId: number, date: string): Promise<number> {
  const versions = await db.select().from(subsidyPolicyVersions).where(eq(subsidyPolicyVersions.policyId, policyId)).orderBy(asc(subsidyPolicyVersions.version));
  return (versionOn(versions, date) ?? versions.at(-1))!.noticeDays;
}

/** Versions an approved list paid from: their money and their note are history. */
async function versionsUsedByApprovedLists(db: DbOrTx, versionIds: number[]): Promise<Set<number>> {
  if (versionIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ id: subsidyApplications.policyVersionId })
    .from(subsidyApplications)
    .innerJoin(subsidyLists, eq(subsidyLists.id, subsidyApplications.listId))
    .where(and(inArray(subsidyApplications.policyVersionId, versionIds), eq(subsidyLists.status, "approved")));
  return new Set(rows.map((r) => r.id));
}

export async function lockedVersionIds(db: DbOrTx): Promise<Set<number>> {
  return versionsUsedByApprovedLists(db, (await db.select({ id: subsidyPolicyVersions.id }).from(subsidyPolicyVersions)).map((v) => v.id));
}

const dayBefore = (date: string) => format(addDays(parseISO(date), -1), "yyyy-MM-dd");
const sameMoney = (a: VersionInput, b: VersionRow) =>
  a.effectiveFrom === b.effectiveFrom && a.effectiveTo === b.effectiveTo && a.noticeDays === b.noticeDays && sameJson(a.amounts, b.amounts) && sameJson(a.conditions, b.conditions);

export type SaveOutcome = { kind: "created"; policyId: number; version: number } | { kind: "version-added"; policyId: number; version: number } | { kind: "note-updated"; policyId: number; version: number };

/** A new policy with its first version. */
export async function createSubsidyPolicy(db: DbOrTx, target: Pick<SubsidyPolicyDefinition, "regionCode" | "name" | "kind">, input: VersionInput, by: Actor, now = new Date()): Promise<SaveOutcome> {
  return await db.transaction(async (tx) => {
    const region = await firstRow(tx.select().from(regions).where(eq(regions.code, target.regionCode)));
    if (!region) throw new ListError("没有这个行政区划代码");
    if (region.retired) throw new ListError(RETIRED_REGION_MESSAGE);
    if (await firstRow(tx.select().from(subsidyPolicies).where(and(eq(subsidyPolicies.regionCode, target.regionCode), eq(subsidyPolicies.name, target.name))))) throw new ListError("该地区已有同名政策，请为它保存新版本");
    const policy = await returnedRow(tx.insert(subsidyPolicies).values(target).returning());
    const version = await returnedRow(tx.insert(subsidyPolicyVersions).values({ policyId: policy.id, version: 1, ...input, createdBy: by.userId ?? null }).returning());
    await writeAudit(tx, { ...by, event: "subsidy.policy_created", target: { table: "subsidy_policy_versions", id: version.id }, details: { policyId: policy.id, name: target.name, regionCode: target.regionCode, kind: target.kind } }, now);
    return { kind: "created" as const, policyId: policy.id, version: 1 };
  });
}

/**
 * Saves an edit of a policy's latest version. Anything that changes money (amounts, conditions, dates, notice days)
 * becomes a new version: an open-ended version that started earlier is closed the day before it starts, any other
 * overlap is refused. A change of the note alone edits the version in place, unless an approved list used it.
 */
export async function saveSubsidyVersion(db: DbOrTx, policyId: number, input: VersionInput, by: Actor, now = new Date()): Promise<SaveOutcome> {
  return await db.transaction(async (tx): Promise<SaveOutcome> => {
    const policy = await firstRow(tx.select().from(subsidyPolicies).where(eq(subsidyPolicies.id, policyId)));
    if (!policy) throw new ListError("没有这项政策");
    if (policy.retiredAt) throw new ListError("政策已停止受理，不能再修改");
    const versions = await tx.select().from(subsidyPolicyVersions).where(eq(subsidyPolicyVersions.policyId, policyId)).orderBy(asc(subsidyPolicyVersions.version));
    const latest = versions.at(-1)!;
    if (sameMoney(input, latest)) {
      if (input.note === latest.note) throw new ListError("没有改动");
      if ((await versionsUsedByApprovedLists(tx, [latest.id])).size > 0) throw new ListError(`第 ${latest.version} 版已用于审批通过的名册，不能再修改；请以新的生效日期保存新版本`);
      await tx.update(subsidyPolicyVersions).set({ note: input.note }).where(eq(subsidyPolicyVersions.id, latest.id));
      await writeAudit(tx, { ...by, event: "subsidy.policy_note_edited", target: { table: "subsidy_policy_versions", id: latest.id }, details: { policyId, version: latest.version, changes: { note: { from: latest.note, to: input.note } } } }, now);
      return { kind: "note-updated", policyId, version: latest.version };
    }
    for (const v of versions) {
      if (v.effectiveTo === null && v.effectiveFrom < input.effectiveFrom) continue;
      const overlaps = v.effectiveFrom <= (input.effectiveTo ?? "9999-12-31") && input.effectiveFrom <= (v.effectiveTo ?? "9999-12-31");
      if (overlaps) throw new ListError(`与第 ${v.version} 版的有效期（${v.effectiveFrom} 至 ${v.effectiveTo ?? "长期"}）重叠；改动金额或条件须以新的生效日期保存为新版本`);
    }
    for (const v of versions.filter((v) => v.effectiveTo === null && v.effectiveFrom < input.effectiveFrom)) {
      await tx.update(subsidyPolicyVersions).set({ effectiveTo: dayBefore(input.effectiveFrom) }).where(eq(subsidyPolicyVersions.id, v.id));
    }
    const version = latest.version + 1;
    const created = await returnedRow(tx.insert(subsidyPolicyVersions).values({ policyId, version, ...input, createdBy: by.userId ?? null }).returning());
    await writeAudit(tx, { ...by, event: "subsidy.policy_version_added", target: { table: "subsidy_policy_versions", id: created.id }, details: { policyId, version, effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo } }, now);
    return { kind: "version-added", policyId, version };
  });
}

/** 停止受理: no new applications; lists already collecting carry on through review and approval. */
export async function retireSubsidyPolicy(db: DbOrTx, policyId: number, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    const policy = await firstRow(tx.select().from(subsidyPolicies).where(eq(subsidyPolicies.id, policyId)));
    if (!policy) throw new ListError("没有这项政策");
    if (policy.retiredAt) throw new ListError("政策已停止受理");
    await tx.update(subsidyPolicies).set({ retiredAt: now }).where(eq(subsidyPolicies.id, policyId));
    await writeAudit(tx, { ...by, event: "subsidy.policy_retired", target: { table: "subsidy_policies", id: policyId }, details: { name: policy.name } }, now);
  });
}

/** A policy with its first version, straight from a definition: demo data and tests. */
export async function insertSubsidyPolicy(db: DbOrTx, definition: SubsidyPolicyDefinition) {
  const { regionCode, name, kind, ...version } = definition;
  const policy = await returnedRow(db.insert(subsidyPolicies).values({ regionCode, name, kind }).returning());
  const first = await returnedRow(db.insert(subsidyPolicyVersions).values({ policyId: policy.id, version: 1, ...version }).returning());
  return { policy, version: first };
}
