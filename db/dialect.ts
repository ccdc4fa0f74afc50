import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { driverError } from "./errors.ts";

/**
 * The SQL that only SQLite speaks, in one place: when PostgreSQL joins as a second engine (issue #16) each helper
 * gains its other spelling here and the call sites stay as they are. Portable SQL (like, in) needs no helper.
 */

/** A condition that holds for no row (`false` on PostgreSQL). */
export const sqlFalse = sql`0`;

/** A condition that holds for every row (`true` on PostgreSQL). */
export const sqlTrue = sql`1`;

/** True when a write failed on a UNIQUE constraint (PostgreSQL: SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const cause = driverError(error);
  return typeof cause === "object" && cause !== null && (cause as { code?: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** `column IN (ids)` with the ids as one JSON array parameter, so one prepared statement serves any number of ids. */
export function inJsonIds(column: SQLWrapper, jsonIds: SQLWrapper | string): SQL<boolean> {
  return sql<boolean>`${column} IN (SELECT value FROM json_each(${jsonIds}))`;
}

/** Whether the JSON array in `jsonArray` holds `value`. */
export function jsonArrayContains(jsonArray: SQLWrapper, value: string | number): SQL<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM json_each(${jsonArray}) WHERE value = ${value})`;
}

/** The distinct non-null values of a group joined by commas (order unspecified). */
export function groupConcatDistinct(column: SQLWrapper): SQL<string | null> {
  return sql<string | null>`group_concat(DISTINCT ${column})`;
}

/** The values of a group joined by `separator` (order unspecified). */
export function groupConcat(column: SQLWrapper, separator: string): SQL<string | null> {
  return sql<string | null>`group_concat(${column}, ${separator})`;
}

/**
 * The calendar day (`YYYY-MM-DD`, China Standard Time) of a timestamp column stored in milliseconds, optionally
 * shifted by whole days (`-1`: the day before).
 */
export function chinaDayOf(timestampMs: SQLWrapper, shiftDays = 0): SQL<string | null> {
  if (!Number.isInteger(shiftDays)) throw new Error(`chinaDayOf: shiftDays must be a whole number, got ${shiftDays}`);
  if (shiftDays === 0) return sql<string | null>`date(${timestampMs} / 1000, 'unixepoch', '+8 hours')`;
  const shift = sql.raw(`'${shiftDays > 0 ? "+" : ""}${shiftDays} day'`);
  return sql<string | null>`date(${timestampMs} / 1000, 'unixepoch', '+8 hours', ${shift})`;
}

/** `count(*)` read as a number (PostgreSQL returns a bigint, which its driver hands over as a string). */
export function countRows(): SQL<number> {
  return sql<number>`count(*)`.mapWith(Number);
}
