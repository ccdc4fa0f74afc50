import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { indicatorTargets, regions } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import type { IndicatorKey } from "./catalogue.ts";
import { planTargets } from "./target-defaults.ts";
import { regionNameSql } from "../regions/region-name.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;
type TargetInput = { regionCode: string; indicator: IndicatorKey; year: number; value: number; basis: string | null };

export async function listTargets(db: Db) {
  return (await db
    .select({ target: indicatorTargets, regionName: regionNameSql })
    .from(indicatorTargets)
    .innerJoin(regions, eq(regions.code, indicatorTargets.regionCode))
    .orderBy(asc(indicatorTargets.regionCode), asc(indicatorTargets.indicator), asc(indicatorTargets.year)))
    .map(({ target, regionName }) => ({ ...target, regionName }));
}

/** Sets (or changes) one region's target for one year; the old value goes into the log. */
export async function setTarget(db: Db, input: TargetInput, by: Actor) {
  await db.transaction(async (tx) => {
    const where = and(eq(indicatorTargets.regionCode, input.regionCode), eq(indicatorTargets.indicator, input.indicator), eq(indicatorTargets.year, input.year));
    const before = await firstRow(tx.select().from(indicatorTargets).where(where));
    await tx.insert(indicatorTargets)
      .values({ ...input, updatedAt: new Date() })
      .onConflictDoUpdate({ target: [indicatorTargets.regionCode, indicatorTargets.indicator, indicatorTargets.year], set: { value: input.value, basis: input.basis, updatedAt: new Date() } });
    await writeAudit(tx, { ...by, event: "indicators.target_set", target: { table: "indicator_targets", id: `${input.regionCode}/${input.indicator}/${input.year}` }, details: { ...input, previous: before?.value ?? null } });
  });
}

/** Removes a target; the region then inherits its ancestor's again. */
export async function removeTarget(db: Db, key: { regionCode: string; indicator: IndicatorKey; year: number }, by: Actor): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const removed = await returnedRow(tx
      .delete(indicatorTargets)
      .where(and(eq(indicatorTargets.regionCode, key.regionCode), eq(indicatorTargets.indicator, key.indicator), eq(indicatorTargets.year, key.year)))
      .returning());
    if (removed) await writeAudit(tx, { ...by, event: "indicators.target_removed", target: { table: "indicator_targets", id: `${key.regionCode}/${key.indicator}/${key.year}` }, details: { value: removed.value } });
    return removed !== undefined;
  });
}

/** Gives a region the plans' targets (target-defaults.ts) where it has none for that indicator and year. */
export async function insertPlanTargets(db: DbOrTx, regionCode: string): Promise<number> {
  let added = 0;
  for (const t of planTargets) added += (await db.insert(indicatorTargets).values({ regionCode, ...t, updatedAt: new Date() }).onConflictDoNothing().returning({ regionCode: indicatorTargets.regionCode })).length;
  return added;
}

export async function applyPlanTargets(db: Db, regionCode: string, by: Actor): Promise<number> {
  return await db.transaction(async (tx) => {
    const added = await insertPlanTargets(tx, regionCode);
    if (added > 0) await writeAudit(tx, { ...by, event: "indicators.plan_targets_applied", target: { table: "regions", id: regionCode }, details: { added } });
    return added;
  });
}
