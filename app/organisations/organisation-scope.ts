import { inArray, like, or, sql, type SQL } from "drizzle-orm";
import { organisations } from "../../db/schema.ts";
import type { Scope } from "../auth/permissions.ts";
import { regionPrefix } from "../regions/region-code.ts";

/**
 * The SQL condition that keeps a query on organisations inside a scope (undefined = everything). Kept free of
 * the app's database connection so seeds, the CLI and benchmarks can use it on their own databases.
 */
export function organisationScopeCondition(scope: Scope): SQL | undefined {
  if (scope.any) return undefined;
  const parts: SQL[] = [];
  if (scope.organisationIds.length > 0) parts.push(inArray(organisations.id, scope.organisationIds));
  for (const code of scope.regionCodes) parts.push(like(organisations.regionCode, `${regionPrefix(code)}%`));
  return parts.length > 0 ? or(...parts) : sql`0`;
}
