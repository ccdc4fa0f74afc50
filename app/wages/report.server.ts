import { firstRow } from "../../db/query.ts";
import { asc, desc, eq, isNotNull } from "drizzle-orm";
import { organisations, regions, workerMonths, workers } from "../../db/schema.ts";
import { requireUserWithPermission } from "../auth/auth.server.ts";
import { scopeCoversRegion } from "../auth/permissions.ts";
import { db } from "../db.server.ts";
import { levelShortLabel, occupationNames } from "../occupations/occupations.ts";
import { getRegion, regionPath } from "../regions/regions.server.ts";
import { lastEndedMonth } from "../home/todo-rules.ts";
import { chinaDate } from "../utils/dates.ts";
import { notFound } from "../utils/http.ts";
import { regionDisplayName } from "../regions/region-name.ts";
import { guidanceFor, guidancePosition, guidancePositionLabels, regionWageTable, wageCells, type GuidanceFact, type WageCell } from "./wage-stats.ts";
import { guidanceRows, institutionsOf, latestWageMonth, loadWageFacts, type WageReach } from "./wages.server.ts";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Where a system-wide reader starts: the city of the newest reported wage, else the first city. */
async function firstCityWithWages(): Promise<string> {
  const latest = await firstRow(db
    .select({ regionCode: organisations.regionCode })
    .from(workerMonths)
    .innerJoin(workers, eq(workers.id, workerMonths.workerId))
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .where(isNotNull(workerMonths.wageFen))
    .orderBy(desc(workerMonths.month))
    .limit(1));
  if (latest) return `${latest.regionCode.slice(0, 4)}00`;
  return (await firstRow(db.select({ code: regions.code }).from(regions).where(eq(regions.level, "city")).orderBy(asc(regions.code)).limit(1)))?.code ?? "";
}

/**
 * The guard of the wage page and its export, scoped as the indicators are: an officer reads their region (or a
 * region below it, ?code=), a system-wide reader any region they choose, an institution admin their own institutions.
 */
export async function requireWageView(request: Request) {
  const { user, scope } = await requireUserWithPermission(request, "read:wages");
  const params = new URL(request.url).searchParams;
  const wanted = params.get("code");
  const regionScoped = scope.any || scope.regionCodes.length > 0;
  let reach: WageReach;
  let region: { code: string; name: string } | null = null;
  let institutions: Array<{ id: number; name: string; regionCode: string }> = [];
  if (regionScoped) {
    const code = wanted ?? scope.regionCodes[0] ?? await firstCityWithWages();
    const found = await getRegion(code);
    if (!found || !scopeCoversRegion(scope, code)) notFound("未找到该地区，或该地区不在您的管辖范围内");
    region = { code: found.code, name: found.name };
    reach = { regionCode: found.code };
  } else {
    if (wanted) notFound("未找到该地区，或该地区不在您的管辖范围内");
    institutions = await institutionsOf(db, scope);
    reach = { organisationIds: institutions.map((o) => o.id) };
  }
  const requested = params.get("month");
  const month = requested && MONTH.test(requested) ? requested : (await latestWageMonth(db, reach) ?? lastEndedMonth(chinaDate(new Date())));
  return { user, scope, region, institutions, reach, month };
}

export type WageRow = {
  key: string;
  area: string;
  occupation: string;
  level: string;
  count: number;
  hidden: boolean;
  p25: number | null;
  median: number | null;
  p75: number | null;
  guidance: { lowFen: number; medianFen: number; highFen: number } | null;
  position: string | null;
};

function rowsOf(area: string, cells: WageCell[], guidance: GuidanceFact[], path: string[], year: number): WageRow[] {
  return cells.map((c) => {
    const g = guidanceFor(guidance, path, year, c.occupation, c.level);
    return {
      key: `${area}|${c.occupation}|${c.level ?? 0}`,
      area,
      occupation: occupationNames[c.occupation],
      level: c.level === null ? "无证" : levelShortLabel(c.level),
      count: c.count,
      hidden: c.hidden,
      p25: c.p25,
      median: c.median,
      p75: c.p75,
      guidance: g ? { lowFen: g.lowFen, medianFen: g.medianFen, highFen: g.highFen } : null,
      position: g && c.median !== null ? guidancePositionLabels[guidancePosition(c.median, g)] : null,
    };
  });
}

/** The month's table for the view: the region (or the institutions together) and each sub-region, against guidance. */
export async function wageReport(view: Awaited<ReturnType<typeof requireWageView>>) {
  const year = Number(view.month.slice(0, 4));
  const facts = await loadWageFacts(db, view.reach, view.month);
  if (view.region) {
    const path = (await regionPath(view.region.code)).map((r) => r.code).reverse();
    const children = await db.select().from(regions).where(eq(regions.parentCode, view.region.code)).orderBy(asc(regions.code));
    const guidance = await guidanceRows(db, [...path, ...children.map((c) => c.code)], year);
    const table = regionWageTable(facts, view.region, children.map((c) => ({ code: c.code, name: regionDisplayName(c) })));
    return {
      year,
      total: table.root.count,
      rows: rowsOf(view.region.name, table.root.cells, guidance, path, year),
      children: table.children.filter((c) => c.count > 0).flatMap((c) => rowsOf(c.name, c.cells, guidance, [c.code, ...path], year)),
    };
  }
  // An institution's own figures, against the guidance of its region (each of an admin's institutions is in one region in practice).
  const home = view.institutions[0];
  const path = home ? (await regionPath(home.regionCode)).map((r) => r.code).reverse() : [];
  const guidance = await guidanceRows(db, path, year);
  return { year, total: facts.length, rows: rowsOf(view.institutions.map((o) => o.name).join("、"), wageCells(facts), guidance, path, year), children: [] };
}
