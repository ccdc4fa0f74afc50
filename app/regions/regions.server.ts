import { asc, eq, isNull, like } from "drizzle-orm";
import { countRows } from "../../db/dialect.ts";
import { organisations, regions } from "../../db/schema.ts";
import { db } from "../db.server.ts";
import { regionPrefix } from "./region-code.ts";
import { regionDisplayName } from "./region-name.ts";

/** A region with its name as shown (已撤销 marked). */
export function getRegion(code: string) {
  const region = db.select().from(regions).where(eq(regions.code, code)).get();
  return region ? { ...region, name: regionDisplayName(region) } : null;
}

/** The region and its ancestors, province first, for breadcrumbs and "where is this" labels. */
export function regionPath(code: string): Array<{ code: string; name: string }> {
  const path: Array<{ code: string; name: string }> = [];
  for (let region = getRegion(code); region; region = region.parentCode ? getRegion(region.parentCode) : null) {
    path.unshift({ code: region.code, name: region.name });
  }
  return path;
}

/** Child regions with how many organisations of each lie inside them; a retired one only while it still has some. */
export function childRegionsWithCounts(code: string | null) {
  const children = db
    .select()
    .from(regions)
    .where(code === null ? isNull(regions.parentCode) : eq(regions.parentCode, code)).orderBy(asc(regions.code)).all();
  return children.map((child) => {
    const { count } = db
      .select({ count: countRows() })
      .from(organisations)
      .where(like(organisations.regionCode, `${regionPrefix(child.code)}%`))
      .get()!;
    return { ...child, name: regionDisplayName(child), organisations: count };
  }).filter((child) => !child.retired || child.organisations > 0);
}
