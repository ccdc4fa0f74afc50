import { sql } from "drizzle-orm";
import { regions } from "../../db/schema.ts";

/** A region's name as shown: a retired code keeps its name, marked 已撤销, so old records still read right. */
export function regionDisplayName(region: { name: string; retired: string | null }): string {
  return region.retired ? `${region.name}（已撤销）` : region.name;
}

/** The same in SQL, for queries that join regions. */
export const regionNameSql = sql<string>`(${regions.name} || CASE WHEN ${regions.retired} IS NULL THEN '' ELSE '（已撤销）' END)`;

export const RETIRED_REGION_MESSAGE = "该行政区划代码已撤销，请使用现行代码";
