import { and, asc, eq, inArray, like } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { populationStatistics, regions } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { regionPrefix } from "../regions/region-code.ts";
import { ImportFileError, readTable, validateTable, type ImportProblem } from "../imports/table.server.ts";
import { populationHeaders, populationRowSchema } from "./population.ts";
import { regionNameSql } from "../regions/region-name.ts";

export type PopulationImportResult = { ok: true; added: number; updated: number; unchanged: number } | { ok: false; problems: ImportProblem[] };

/** Reads, validates every row, then writes all rows in one transaction or none (the import pipeline). */
export async function importPopulation(db: Db, file: { name: string; bytes: Uint8Array }, by: Pick<AuditEvent, "userId" | "realUserId" | "ip">): Promise<PopulationImportResult> {
  let table;
  try {
    table = await readTable(file);
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, problems: [{ row: null, column: null, message: error.message }] };
    throw error;
  }
  const checked = validateTable(table, [...populationHeaders], populationRowSchema);
  if (!checked.ok) return checked;

  const codes = [...new Set(checked.rows.map((r) => r.data.regionCode))];
  const known = new Set(db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes)).all().map((r) => r.code));
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  for (const { row, data } of checked.rows) {
    if (!known.has(data.regionCode)) problems.push({ row, column: "区划代码", message: `没有行政区划代码 ${data.regionCode}` });
    const key = `${data.regionCode}|${data.year}`;
    const first = seen.get(key);
    if (first) problems.push({ row, column: "年份", message: `与第 ${first} 行的地区和年份重复` });
    else seen.set(key, row);
  }
  if (problems.length > 0) return { ok: false, problems };

  return db.transaction((tx) => {
    const counts = { added: 0, updated: 0, unchanged: 0 };
    const now = new Date();
    for (const { data } of checked.rows) {
      const where = and(eq(populationStatistics.regionCode, data.regionCode), eq(populationStatistics.year, data.year));
      const existing = tx.select().from(populationStatistics).where(where).get();
      if (!existing) {
        tx.insert(populationStatistics).values({ ...data, updatedAt: now }).run();
        counts.added++;
      } else if (existing.elderlyResidents !== data.elderlyResidents || existing.elderlyRegistered !== data.elderlyRegistered || existing.residents !== data.residents) {
        tx.update(populationStatistics).set({ ...data, updatedAt: now }).where(where).run();
        counts.updated++;
      } else counts.unchanged++;
    }
    writeAudit(tx, { ...by, event: "indicators.population_imported", target: { table: "population_statistics", id: file.name }, details: { file: file.name, rows: checked.rows.length, ...counts } });
    return { ok: true as const, ...counts };
  });
}

/** The statistics on record inside a region (all when none given), by region code then year, at most `limit` rows. */
export function listPopulation(db: Db, filter: { regionCode?: string; limit: number }) {
  return db
    .select({ stats: populationStatistics, name: regionNameSql, level: regions.level })
    .from(populationStatistics)
    .innerJoin(regions, eq(regions.code, populationStatistics.regionCode))
    .where(filter.regionCode ? like(populationStatistics.regionCode, `${regionPrefix(filter.regionCode)}%`) : undefined)
    .orderBy(asc(populationStatistics.regionCode), asc(populationStatistics.year))
    .limit(filter.limit)
    .all()
    .map(({ stats, name, level }) => ({ ...stats, name, level }));
}
