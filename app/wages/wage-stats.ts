import { regionContains } from "../regions/region-code.ts";
import { occupationLevels, occupations, type Occupation, type SkillLevel } from "../occupations/occupations.ts";

/** Wage statistics (工资价位监测): pure functions over plain data, amounts in integer fen. */

/** Cells with fewer workers than this show no figures: with one or two wages a reader could tell whose they are. */
export const MIN_CELL_COUNT = 3;

/** One reported wage: the worker's institution's region, occupation, highest valid level (null = 无证) and 应发工资. */
export type WageFact = { regionCode: string; occupation: Occupation; level: SkillLevel | null; wageFen: number };

/** A published 工资价位 figure; level 0 stands for the occupation without a certificate level. */
export type GuidanceFact = { regionCode: string; year: number; occupation: Occupation; level: number; lowFen: number; medianFen: number; highFen: number };

export type WageSummary = { count: number; p25: number | null; median: number | null; p75: number | null };

/**
 * The p-th percentile (0 ≤ p ≤ 1) of values sorted ascending, by linear interpolation between closest ranks — the
 * method of Excel's PERCENTILE.INC and numpy's default: rank h = (n − 1)·p, value x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]),
 * rounded to the nearest fen (halves up). One value is every percentile; no values have none (null).
 */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return Math.round(sorted[low]! + (h - low) * (sorted[high]! - sorted[low]!));
}

export function summarise(wages: number[]): WageSummary {
  const sorted = [...wages].sort((a, b) => a - b);
  return { count: sorted.length, p25: percentile(sorted, 0.25), median: percentile(sorted, 0.5), p75: percentile(sorted, 0.75) };
}

/** A cell of the table: its figures, or none when hidden for privacy (the count still shows). */
export type WageCell = WageSummary & { occupation: Occupation; level: SkillLevel | null; hidden: boolean };

/** The occupation × level rows every table has, 无证 last within each occupation, so tables line up across regions. */
export function wageRows(): Array<{ occupation: Occupation; level: SkillLevel | null }> {
  return occupations.flatMap((occupation) => [...[...occupationLevels[occupation]].sort((a, b) => b - a).map((level) => ({ occupation, level })), { occupation, level: null }]);
}

/** The cells of one set of wages, by occupation and level; empty rows are left out. */
export function wageCells(facts: Array<Pick<WageFact, "occupation" | "level" | "wageFen">>): WageCell[] {
  const groups = new Map<string, number[]>();
  for (const f of facts) {
    const key = `${f.occupation}|${f.level ?? ""}`;
    const wages = groups.get(key);
    if (wages) wages.push(f.wageFen);
    else groups.set(key, [f.wageFen]);
  }
  return wageRows().flatMap(({ occupation, level }): WageCell[] => {
    const wages = groups.get(`${occupation}|${level ?? ""}`);
    if (!wages) return [];
    const summary = summarise(wages);
    if (summary.count >= MIN_CELL_COUNT) return [{ occupation, level, hidden: false, ...summary }];
    return [{ occupation, level, hidden: true, count: summary.count, p25: null, median: null, p75: null }];
  });
}

export type RegionWages = { code: string; name: string; count: number; cells: WageCell[] };

/** The region's cells and each child region's, every fact counted in the child whose subtree holds its region. */
export function regionWageTable(facts: WageFact[], root: { code: string; name: string }, children: Array<{ code: string; name: string }>): { root: RegionWages; children: RegionWages[] } {
  const inRoot = facts.filter((f) => regionContains(root.code, f.regionCode));
  return {
    root: { ...root, count: inRoot.length, cells: wageCells(inRoot) },
    children: children.map((child) => {
      const own = inRoot.filter((f) => regionContains(child.code, f.regionCode));
      return { ...child, count: own.length, cells: wageCells(own) };
    }),
  };
}

/**
 * The figure that applies to a region: its own for the year, else the nearest ancestor's (a city's guidance covers its
 * districts). `path` lists the region and its ancestors, the region first.
 */
export function guidanceFor(rows: GuidanceFact[], path: string[], year: number, occupation: Occupation, level: SkillLevel | null): GuidanceFact | null {
  for (const code of path) {
    const found = rows.find((g) => g.regionCode === code && g.year === year && g.occupation === occupation && g.level === (level ?? 0));
    if (found) return found;
  }
  return null;
}

export type GuidancePosition = "below_low" | "below_median" | "at_median" | "above_median" | "above_high";

export const guidancePositionLabels: Record<GuidancePosition, string> = {
  below_low: "低于价位低位数",
  below_median: "低于价位中位数",
  at_median: "与价位中位数持平",
  above_median: "高于价位中位数",
  above_high: "高于价位高位数",
};

/** Where a median wage sits against the guidance: below its low figure, under or over its median, above its high figure. */
export function guidancePosition(medianFen: number, guidance: Pick<GuidanceFact, "lowFen" | "medianFen" | "highFen">): GuidancePosition {
  if (medianFen < guidance.lowFen) return "below_low";
  if (medianFen > guidance.highFen) return "above_high";
  if (medianFen < guidance.medianFen) return "below_median";
  if (medianFen > guidance.medianFen) return "above_median";
  return "at_median";
}
