import { firstRow } from "../../db/query.ts";
import { asc, eq, isNull, like } from "drizzle-orm";
import { countRows } from "../../db/dialect.ts";
import { organisations, regions } from "../../db/schema.ts";
import { db } from "../db.server.ts";
import { regionPrefix } from "./region-code.ts";
import { regionDisplayName } from "./region-name.ts";

/** A region with its name as shown (已撤销 marked). */
export async function getRegion(code: string) {
  const region = await firstRow(db.select().from(regions).where(eq(regions.code, code)));
  return region ? { ...region, name: regionDisplayName(region) } : null;
}

/** The region and its ancestors, province first, for breadcrumbs and "where is this" labels. */
export async function regionPath(code: string): Promise<Array<{ code: string; name: string }>> {
  const path: Array<{ code: string; name: string }> = [];
  for (let region = await getRegion(code); region; region = region.parentCode ? await getRegion(region.parentCode) : null) {
    path.unshift({ code: region.code, name: region.name });
  }
  return path;
}

/** Child regions with how many organisations of each lie inside them; a retired one only while it still has some. */
export async function childRegionsWithCounts(code: string | null) {
  const children = await db
    .select()
    .from(regions)
    .where(code === null ? isNull(regions.parentCode) : eq(regions.parentCode, code)).orderBy(asc(regions.code));
  return (await Promise.all(children.map(async (child) => {
    const { count } = (await firstRow(db
      .select({ count: countRows() })
      .from(organisations)
      .where(like(organisations.regionCode, `${regionPrefix(child.code)}%`))))!;
    return { ...child, name: regionDisplayName(child), organisations: count };
  }))).filter((child) => !child.retired || child.organisations > 0);
}
