import { inArray, like, or, type Column, type SQL, type SQLWrapper } from "drizzle-orm";
import { sqlFalse } from "../../db/dialect.ts";
import { regionPrefix } from "../regions/region-code.ts";
import type { Scope } from "./permissions.ts";

/**
 * The columns through which a table's rows fall inside a scope. A reach the table does not offer grants nothing
 * there: an officer's region grant does not reach sessions, which offer only their organisation.
 */
export type ScopeColumns = {
  /** The organisation the row belongs to: a grant on that organisation reaches it. */
  organisationId?: SQLWrapper;
  /** The row's region code: a grant on that region or any region above it reaches it (长兴县 covers its streets). */
  regionCode?: Column | SQL;
};

/**
 * The SQL condition that keeps a query inside a scope: undefined for `any` (everything), otherwise the rows any
 * of the scope's organisations or regions reach through the given columns, or none. Free of the app's database
 * connection so seeds, the CLI and benchmarks can use it on their own databases.
 */
export function scopeCondition(scope: Scope, columns: ScopeColumns): SQL | undefined {
  if (scope.any) return undefined;
  const parts: SQL[] = [];
  if (columns.organisationId && scope.organisationIds.length > 0) parts.push(inArray(columns.organisationId, scope.organisationIds));
  if (columns.regionCode) for (const code of scope.regionCodes) parts.push(like(columns.regionCode, `${regionPrefix(code)}%`));
  return parts.length > 0 ? or(...parts) : sqlFalse;
}
