import { firstRow } from "../../db/query.ts";
import { and, asc, desc, eq, inArray, like, sql } from "drizzle-orm";
import { countRows, jsonArrayElements, likeAnyCase, rawWrite } from "../../db/dialect.ts";
import type { Db } from "../../db/client.ts";
import { populationStatistics, regions } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { regionPrefix } from "../regions/region-code.ts";
import { inChunks, runImport, type ImportOutcome } from "../imports/pipeline.server.ts";
import type { ImportProblem } from "../imports/table.server.ts";
import type { UploadedFile } from "../imports/upload-limit.ts";
import { populationHeaders, populationRowSchema, type PopulationRow } from "./population.ts";
import { regionNameSql } from "../regions/region-name.ts";

type PopulationPlan = { added: PopulationRow[]; updated: PopulationRow[]; unchanged: number };

/** The population file through the import pipeline: every row checked, all rows written or none. */
export function importPopulation(db: Db, file: UploadedFile, by: Pick<AuditEvent, "userId" | "realUserId" | "ip">): Promise<ImportOutcome> {
  return runImport<PopulationRow, PopulationPlan>(db, file, {
    headers: populationHeaders,
    schema: populationRowSchema,
    async check(db, rows) {
      const codes = [...new Set(rows.map((r) => r.data.regionCode))];
      const known = new Set((await inChunks(codes, async (chunk) => await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, chunk)))).map((r) => r.code));
      const recorded = new Map(
        (await inChunks(codes, async (chunk) => await db.select().from(populationStatistics).where(inArray(populationStatistics.regionCode, chunk)))).map((r) => [`${r.regionCode}|${r.year}`, r]),
      );
      const problems: ImportProblem[] = [];
      const plan: PopulationPlan = { added: [], updated: [], unchanged: 0 };
      const seen = new Map<string, number>();
      for (const { row, data } of rows) {
        if (!known.has(data.regionCode)) problems.push({ row, column: "区划代码", message: `没有行政区划代码 ${data.regionCode}` });
        const key = `${data.regionCode}|${data.year}`;
        const first = seen.get(key);
        if (first) problems.push({ row, column: "年份", message: `与第 ${first} 行的地区和年份重复` });
        else seen.set(key, row);
        const existing = recorded.get(key);
        if (!existing) plan.added.push(data);
        else if (existing.elderlyResidents !== data.elderlyResidents || existing.elderlyRegistered !== data.elderlyRegistered || existing.residents !== data.residents) plan.updated.push(data);
        else plan.unchanged++;
      }
      return { problems, plan };
    },
    async apply(tx, plan) {
      // One upsert for every row (a row another import added meanwhile is updated rather than refused).
      // The rows go in as one JSON parameter, one row per element (jsonArrayElements); `->>` gives text, which
      // PostgreSQL takes into an integer column only through a cast. The time is encoded by the column itself.
      const written = JSON.stringify([...plan.added, ...plan.updated]);
      const number = (key: string) => sql.raw(`CAST(j.value->>'${key}' AS integer)`);
      await rawWrite(tx, sql`INSERT INTO population_statistics (region_code, year, elderly_residents, elderly_registered, residents, updated_at)
        SELECT j.value->>'regionCode', ${number("year")}, ${number("elderlyResidents")}, ${number("elderlyRegistered")}, ${number("residents")}, ${sql.param(new Date(), populationStatistics.updatedAt)}
        FROM ${jsonArrayElements(written)} j WHERE true
        ON CONFLICT (region_code, year) DO UPDATE SET elderly_residents = excluded.elderly_residents, elderly_registered = excluded.elderly_registered, residents = excluded.residents, updated_at = excluded.updated_at`);
      const counts = { added: plan.added.length, updated: plan.updated.length, unchanged: plan.unchanged };
      await writeAudit(tx, { ...by, event: "indicators.population_imported", target: { table: "population_statistics", id: file.name }, details: { file: file.name, rows: counts.added + counts.updated + counts.unchanged, ...counts } });
      return `导入完成：新增 ${counts.added} 条，更新 ${counts.updated} 条，未变 ${counts.unchanged} 条`;
    },
  });
}

export type PopulationFilter = { regionCode?: string; name?: string; year?: number };

function populationCondition(filter: PopulationFilter) {
  return and(
    filter.regionCode ? like(populationStatistics.regionCode, `${regionPrefix(filter.regionCode)}%`) : undefined,
    filter.name ? likeAnyCase(regions.name, `%${filter.name}%`) : undefined,
    filter.year ? eq(populationStatistics.year, filter.year) : undefined,
  );
}

/** A page of the statistics on record (inside a region, by name, by year), by region code then year, and how many match. */
export async function listPopulation(db: Db, filter: PopulationFilter, range: { limit: number; offset: number }) {
  const where = populationCondition(filter);
  const rows = (await db
    .select({ stats: populationStatistics, name: regionNameSql, level: regions.level })
    .from(populationStatistics)
    .innerJoin(regions, eq(regions.code, populationStatistics.regionCode))
    .where(where)
    .orderBy(asc(populationStatistics.regionCode), asc(populationStatistics.year))
    .limit(range.limit)
    .offset(range.offset))
    .map(({ stats, name, level }) => ({ ...stats, name, level }));
  const total = (await firstRow(db.select({ n: countRows() }).from(populationStatistics).innerJoin(regions, eq(regions.code, populationStatistics.regionCode)).where(where)))!.n;
  return { rows, total };
}

/** The years that have statistics, newest first, for the year filter. */
export async function populationYears(db: Db): Promise<number[]> {
  return (await db.selectDistinct({ year: populationStatistics.year }).from(populationStatistics).orderBy(desc(populationStatistics.year))).map((r) => r.year);
}
