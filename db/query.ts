/** The first row of a query, or undefined: the one-row read both engines share (SQLite's `.get()` has no PostgreSQL twin). */
export async function firstRow<Row>(query: PromiseLike<Row[]>): Promise<Row | undefined> {
  return (await query)[0];
}

/**
 * The row an insert, update or delete `returning()` gave back. Typed as present, as drizzle typed SQLite's `.get()` on
 * such a query: callers that can match no row (a conflict skipped, an update of a missing id) check it themselves.
 */
export async function returnedRow<Row>(query: PromiseLike<Row[]>): Promise<Row> {
  return (await query)[0] as Row;
}
