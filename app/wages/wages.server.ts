import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { certificates, organisations, regions, wageGuidance, workerMonths, workers } from "../../db/schema.ts";
import { highestValidLevel } from "../../certificates/status.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import type { Scope } from "../auth/permissions.ts";
import { monthBounds } from "../allowances/rules.ts";
import type { Occupation } from "../occupations/occupations.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { regionNameSql } from "../regions/region-name.ts";
import type { GuidanceFact, WageFact } from "./wage-stats.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;

/** Whose wages: a region's subtree (officers) or some institutions (their own admins). */
export type WageReach = { regionCode: string } | { organisationIds: number[] };

/** A reach as the scope it stands for, so it becomes SQL like every other scope. */
function reachScope(reach: WageReach): Scope {
  return "regionCode" in reach ? { any: false, own: false, organisationIds: [], regionCodes: [reach.regionCode] } : { any: false, own: false, organisationIds: reach.organisationIds, regionCodes: [] };
}

/**
 * Every wage reported for the month within the reach, with the worker's occupation and highest certificate level of
 * that occupation valid on the month's last day (null = 无证), and the region of the institution.
 */
export async function loadWageFacts(db: DbOrTx, reach: WageReach, month: string): Promise<WageFact[]> {
  const where = scopeCondition(reachScope(reach), { organisationId: organisations.id, regionCode: organisations.regionCode });
  const rows = await db
    .select({ personId: workers.personId, occupation: workers.occupation, regionCode: organisations.regionCode, wageFen: workerMonths.wageFen })
    .from(workerMonths)
    .innerJoin(workers, eq(workers.id, workerMonths.workerId))
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .where(and(eq(workerMonths.month, month), isNotNull(workerMonths.wageFen), where));
  const personIds = [...new Set(rows.map((r) => r.personId))];
  const held = new Map<number, Array<typeof certificates.$inferSelect>>();
  for (let i = 0; i < personIds.length; i += 500) {
    for (const c of await db.select().from(certificates).where(inArray(certificates.personId, personIds.slice(i, i + 500)))) {
      const list = held.get(c.personId!) ?? [];
      list.push(c);
      held.set(c.personId!, list);
    }
  }
  const { last } = monthBounds(month);
  return rows.map((r) => ({ regionCode: r.regionCode, occupation: r.occupation, level: highestValidLevel(held.get(r.personId) ?? [], r.occupation, last), wageFen: r.wageFen! }));
}

/** The newest month with a reported wage within the reach, for the page's default. */
export async function latestWageMonth(db: DbOrTx, reach: WageReach): Promise<string | null> {
  const where = scopeCondition(reachScope(reach), { organisationId: organisations.id, regionCode: organisations.regionCode });
  return (
    (await firstRow(db
      .select({ month: workerMonths.month })
      .from(workerMonths)
      .innerJoin(workers, eq(workers.id, workerMonths.workerId))
      .innerJoin(organisations, eq(organisations.id, workers.organisationId))
      .where(and(isNotNull(workerMonths.wageFen), where))
      .orderBy(desc(workerMonths.month))
      .limit(1)))?.month ?? null
  );
}

/** Guidance rows of these regions (a region and its ancestors) for the year. */
export async function guidanceRows(db: DbOrTx, regionCodes: string[], year: number): Promise<GuidanceFact[]> {
  if (regionCodes.length === 0) return [];
  return await db.select().from(wageGuidance).where(and(inArray(wageGuidance.regionCode, regionCodes), eq(wageGuidance.year, year)));
}

/** The guidance an officer keeps: every row in the scope's regions, newest year first. */
export async function listGuidance(db: DbOrTx, scope: Scope) {
  const inScope = scopeCondition(scope, { regionCode: wageGuidance.regionCode });
  return await db
    .select({ guidance: wageGuidance, regionName: regionNameSql })
    .from(wageGuidance)
    .innerJoin(regions, eq(regions.code, wageGuidance.regionCode))
    .where(inScope)
    .orderBy(desc(wageGuidance.year), asc(wageGuidance.regionCode), asc(wageGuidance.occupation), desc(wageGuidance.level));
}

export type GuidanceInput = { regionCode: string; year: number; occupation: Occupation; level: number; lowFen: number; medianFen: number; highFen: number; source: string | null };

/** Saves one figure (a new one, or a correction of the same region, year, occupation and level), audited. */
export async function saveGuidance(db: Db, input: GuidanceInput, by: Actor, now = new Date()): Promise<"added" | "updated" | "unchanged"> {
  return await db.transaction(async (tx) => {
    const key = and(eq(wageGuidance.regionCode, input.regionCode), eq(wageGuidance.year, input.year), eq(wageGuidance.occupation, input.occupation), eq(wageGuidance.level, input.level));
    const existing = await firstRow(tx.select().from(wageGuidance).where(key));
    const same = existing && existing.lowFen === input.lowFen && existing.medianFen === input.medianFen && existing.highFen === input.highFen && existing.source === input.source;
    if (same) return "unchanged";
    await tx.insert(wageGuidance)
      .values({ ...input, updatedAt: now })
      .onConflictDoUpdate({ target: [wageGuidance.regionCode, wageGuidance.year, wageGuidance.occupation, wageGuidance.level], set: { lowFen: input.lowFen, medianFen: input.medianFen, highFen: input.highFen, source: input.source, updatedAt: now } });
    await writeAudit(tx, { ...by, event: "wages.guidance_saved", target: { table: "wage_guidance", id: `${input.regionCode}/${input.year}/${input.occupation}/${input.level}` }, details: existing ? { previous: { lowFen: existing.lowFen, medianFen: existing.medianFen, highFen: existing.highFen }, ...input } : input }, now);
    return existing ? "updated" : "added";
  });
}

export async function removeGuidance(db: Db, key: Pick<GuidanceInput, "regionCode" | "year" | "occupation" | "level">, by: Actor): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const gone = await returnedRow(tx
      .delete(wageGuidance)
      .where(and(eq(wageGuidance.regionCode, key.regionCode), eq(wageGuidance.year, key.year), eq(wageGuidance.occupation, key.occupation), eq(wageGuidance.level, key.level)))
      .returning());
    if (!gone) return false;
    await writeAudit(tx, { ...by, event: "wages.guidance_removed", target: { table: "wage_guidance", id: `${key.regionCode}/${key.year}/${key.occupation}/${key.level}` }, details: { ...gone, updatedAt: undefined } });
    return true;
  });
}

/** The institutions a scope reaches, for an institution admin's own figures. */
export async function institutionsOf(db: DbOrTx, scope: Scope) {
  return await db
    .select({ id: organisations.id, name: organisations.name, regionCode: organisations.regionCode })
    .from(organisations)
    .where(and(scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode }), inArray(organisations.type, ["elderly_care", "childcare", "home_care"])))
    .orderBy(asc(organisations.name));
}
