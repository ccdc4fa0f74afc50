import { firstRow, returnedRow } from "../../db/query.ts";
import { addDays, format, parseISO } from "date-fns";
import { asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { allowancePolicies, allowancePolicyVersions, regions } from "../../db/schema.ts";
import { writeAudit } from "../audit/audit.server.ts";
import type { Actor } from "./lists.server.ts";
import type { PolicyDefinition } from "./policy-defaults.ts";
import { RETIRED_REGION_MESSAGE, regionNameSql } from "../regions/region-name.ts";

/** Policies as data (system admin): a policy per region and allowance, its rules in dated versions. */

export async function listPolicies(db: DbOrTx) {
  const policies = await db.select({ policy: allowancePolicies, regionName: regionNameSql }).from(allowancePolicies).innerJoin(regions, eq(regions.code, allowancePolicies.regionCode)).orderBy(asc(allowancePolicies.regionCode), asc(allowancePolicies.name));
  const versions = await db.select().from(allowancePolicyVersions).orderBy(asc(allowancePolicyVersions.version));
  return policies.map(({ policy, regionName }) => ({ ...policy, regionName, versions: versions.filter((v) => v.policyId === policy.id) }));
}

export type VersionInput = Omit<PolicyDefinition, "regionCode" | "name" | "kind" | "occupation">;
export type SaveResult = { ok: true; policyId: number; version: number } | { ok: false; field: string; message: string };

const dayBefore = (date: string) => format(addDays(parseISO(date), -1), "yyyy-MM-dd");

/**
 * Adds a version to a policy (or creates the policy with its first version). An open-ended version that
 * started earlier is closed the day before the new one starts; any other overlap is refused.
 */
export async function savePolicyVersion(db: Db, target: { policyId: number } | Pick<PolicyDefinition, "regionCode" | "name" | "kind" | "occupation">, input: VersionInput, by: Actor): Promise<SaveResult> {
  return await db.transaction(async (tx): Promise<SaveResult> => {
    let policyId: number;
    if ("policyId" in target) {
      if (!await firstRow(tx.select().from(allowancePolicies).where(eq(allowancePolicies.id, target.policyId)))) return { ok: false, field: "policyId", message: "没有这项政策" };
      policyId = target.policyId;
    } else {
      const region = await firstRow(tx.select().from(regions).where(eq(regions.code, target.regionCode)));
      if (!region) return { ok: false, field: "regionCode", message: "没有这个行政区划代码" };
      if (region.retired) return { ok: false, field: "regionCode", message: RETIRED_REGION_MESSAGE };
      const clash = (await tx.select().from(allowancePolicies)).find((p) => p.regionCode === target.regionCode && p.name === target.name);
      if (clash) return { ok: false, field: "name", message: "该地区已有同名政策，请为它新增版本" };
      policyId = (await returnedRow(tx.insert(allowancePolicies).values(target).returning())).id;
    }
    const versions = await tx.select().from(allowancePolicyVersions).where(eq(allowancePolicyVersions.policyId, policyId));
    for (const v of versions) {
      const openBefore = v.effectiveTo === null && v.effectiveFrom < input.effectiveFrom;
      if (openBefore) continue;
      const overlaps = v.effectiveFrom <= (input.effectiveTo ?? "9999-12-31") && input.effectiveFrom <= (v.effectiveTo ?? "9999-12-31");
      if (overlaps) return { ok: false, field: "effectiveFrom", message: `与第 ${v.version} 版的有效期（${v.effectiveFrom} 至 ${v.effectiveTo ?? "长期"}）重叠` };
    }
    for (const v of versions.filter((v) => v.effectiveTo === null && v.effectiveFrom < input.effectiveFrom)) {
      await tx.update(allowancePolicyVersions).set({ effectiveTo: dayBefore(input.effectiveFrom) }).where(eq(allowancePolicyVersions.id, v.id));
    }
    const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
    const created = await returnedRow(tx.insert(allowancePolicyVersions).values({ policyId, version, ...input, createdBy: by.userId ?? null }).returning());
    await writeAudit(tx, { ...by, event: "allowance.policy_version_added", target: { table: "allowance_policy_versions", id: created.id }, details: { policyId, version, effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo } });
    return { ok: true, policyId, version };
  });
}
