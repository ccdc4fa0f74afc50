import { Column, is, sql, type SQL, type SQLWrapper, type Table } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { databaseEngine, type DatabaseEngine } from "./engine.ts";

/**
 * The SQL the two engines spell differently, in one place (issue #16): each helper has its SQLite and its PostgreSQL
 * spelling, and the named exports below are the ones of the engine this process runs on, chosen once at module load
 * from DATABASE_URL (db/engine.ts). Call sites stay the same on both engines. Portable SQL (like, in) needs no helper.
 * `sqliteDialect` and `postgresDialect` are exported for tests that exercise one engine's spelling explicitly.
 */

/** Anything raw SQL can be run on: the app's database or a transaction. */
type RawQueryable = { all(query: SQL): unknown };
/** Anything a raw write can be run on: the app's database or a transaction. */
type RawWritable = { run(query: SQL): unknown };

export type Dialect = {
  engine: DatabaseEngine;
  /** A condition that holds for no row. */
  sqlFalse: SQL;
  /** A condition that holds for every row. */
  sqlTrue: SQL;
  /**
   * `column IN (ids)` with the ids as one JSON array string parameter, so one prepared statement serves any number
   * of ids. `columnType` is needed on PostgreSQL only when `column` is not a table column (an expression).
   */
  inJsonIds(column: SQLWrapper, jsonIds: SQLWrapper | string, columnType?: "integer" | "bigint" | "text"): SQL<boolean>;
  /** Whether the JSON array in `jsonArray` (a JSON column) holds `value`. */
  jsonArrayContains(jsonArray: SQLWrapper, value: string | number): SQL<boolean>;
  /** The distinct non-null values of a group joined by commas (order unspecified). */
  groupConcatDistinct(column: SQLWrapper): SQL<string | null>;
  /** The values of a group joined by `separator` (order unspecified). */
  groupConcat(column: SQLWrapper, separator: string): SQL<string | null>;
  /**
   * The calendar day (`YYYY-MM-DD`, China Standard Time) of a timestamp column, optionally shifted by whole days
   * (`-1`: the day before). SQLite stores the column as epoch milliseconds, PostgreSQL as timestamptz.
   */
  chinaDayOf(timestamp: SQLWrapper, shiftDays?: number): SQL<string | null>;
  /** The 1-based position of `search` in `text`, 0 when absent (SQLite `instr`, PostgreSQL `strpos`). */
  textPosition(text: SQLWrapper, search: SQLWrapper | string): SQL<number>;
  /**
   * A JSON array parameter as a row source for FROM, one row per element in a column `value`: write
   * `FROM ${jsonArrayElements(json)} j` and read `j.value->>'key'` on both engines. `->>` gives text: on PostgreSQL cast
   * it to the target column's type (`(j.value->>'year')::integer`).
   */
  jsonArrayElements(json: SQLWrapper | string): SQL;
  /** The number of elements of the JSON array in `json` (a JSON column). */
  jsonArrayLength(json: SQLWrapper): SQL<number>;
  /**
   * The larger of two values (SQLite's two-argument `max`, PostgreSQL's `greatest`). Only for values that are never
   * NULL: SQLite answers NULL when either is, PostgreSQL ignores the NULL.
   */
  greatest(a: SQLWrapper | number, b: SQLWrapper | number): SQL<number>;
  /** The smaller of two values (SQLite's two-argument `min`, PostgreSQL's `least`); never-NULL values only, as `greatest`. */
  least(a: SQLWrapper | number, b: SQLWrapper | number): SQL<number>;
  /**
   * The calendar day `months` whole months after `day` (a `YYYY-MM-DD` text column), kept within the target month
   * as date-fns `addMonths` does (01-31 + 1 month is 02-28), then shifted by `shiftDays` whole days; `YYYY-MM-DD` text.
   */
  dayPlusMonths(day: SQLWrapper, months: SQLWrapper, shiftDays?: number): SQL<string>;
  /**
   * `column LIKE pattern` ignoring ASCII case, as SQLite's LIKE does (PostgreSQL's LIKE is case-sensitive: `ilike`).
   * For what a user types into a search box; codes stored in one case are matched with `like` on the normalised term.
   */
  likeAnyCase(column: SQLWrapper, pattern: string): SQL<boolean>;
  /** Runs a raw `sql` query and returns its rows as objects keyed by column name. */
  rawRows<T>(db: RawQueryable, query: SQL): Promise<T[]>;
  /** Runs a raw `sql` insert, update, delete or DDL statement; how many rows it changed. */
  rawWrite(db: RawWritable, query: SQL): Promise<number>;
  /**
   * A select that locks the rows it reads until its transaction ends, for a check followed by a write that depends on
   * it: PostgreSQL appends `FOR UPDATE` (`OF` the tables given, for a join: the other tables' rows stay unlocked), so a
   * second transaction locking the same row waits for the first to commit and then reads what it wrote. SQLite returns
   * the query as is: a write transaction holds the database's write lock from `BEGIN IMMEDIATE`, and the app's
   * transactions take turns on its one connection. Use it on `tx`, inside a transaction.
   */
  lockedForUpdate<Q>(query: Q, of?: Table | Table[]): Q;
};

function checkShift(shiftDays: number) {
  if (!Number.isInteger(shiftDays)) throw new Error(`chinaDayOf: shiftDays must be a whole number, got ${shiftDays}`);
}

function rowObjects<T>(rows: unknown): T[] {
  if (!Array.isArray(rows)) throw new Error("rawRows: the driver returned no row list");
  if (rows.length > 0 && Array.isArray(rows[0])) throw new Error("rawRows: the driver returned rows as arrays, without column names");
  return rows as T[];
}

/** The better-sqlite3 connection the app's SQLite handle carries (db/client.ts), for statement metadata. */
type WithConnection = { $sqlite?: { prepare(text: string): { columns(): Array<{ name: string }> } } };

const sqliteText = new SQLiteAsyncDialect();

/**
 * SQLite rows as objects. The app's sqlite-proxy client hands every query's rows over as arrays (drizzle maps a
 * query builder's rows by position), so a raw query's rows are named here from the statement's columns, read from the
 * handle's connection without running anything; the query itself runs through the handle, in its turn.
 */
async function sqliteRawRows<T>(db: RawQueryable, query: SQL): Promise<T[]> {
  const rows = await db.all(query);
  if (!Array.isArray(rows) || rows.length === 0 || !Array.isArray(rows[0])) return rowObjects<T>(rows);
  const connection = (db as WithConnection).$sqlite;
  if (!connection) throw new Error("rawRows: rows came back as arrays and this handle has no $sqlite connection to name them (pass the database, not a transaction)");
  const names = connection.prepare(sqliteText.sqlToQuery(query).sql).columns().map((c) => c.name);
  return (rows as unknown[][]).map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])) as T);
}

export const sqliteDialect: Dialect = {
  engine: "sqlite",
  sqlFalse: sql`0`,
  sqlTrue: sql`1`,
  inJsonIds: (column, jsonIds) => sql<boolean>`${column} IN (SELECT value FROM json_each(${jsonIds}))`,
  jsonArrayContains: (jsonArray, value) => sql<boolean>`EXISTS (SELECT 1 FROM json_each(${jsonArray}) WHERE value = ${value})`,
  groupConcatDistinct: (column) => sql<string | null>`group_concat(DISTINCT ${column})`,
  groupConcat: (column, separator) => sql<string | null>`group_concat(${column}, ${separator})`,
  chinaDayOf(timestampMs, shiftDays = 0) {
    checkShift(shiftDays);
    if (shiftDays === 0) return sql<string | null>`date(${timestampMs} / 1000, 'unixepoch', '+8 hours')`;
    const shift = sql.raw(`'${shiftDays > 0 ? "+" : ""}${shiftDays} day'`);
    return sql<string | null>`date(${timestampMs} / 1000, 'unixepoch', '+8 hours', ${shift})`;
  },
  textPosition: (text, search) => sql<number>`instr(${text}, ${search})`,
  jsonArrayElements: (json) => sql`json_each(${json})`,
  jsonArrayLength: (json) => sql<number>`json_array_length(${json})`,
  likeAnyCase: (column, pattern) => sql<boolean>`${column} like ${pattern}`,
  greatest: (a, b) => sql<number>`max(${a}, ${b})`,
  least: (a, b) => sql<number>`min(${a}, ${b})`,
  dayPlusMonths(day, months, shiftDays = 0) {
    checkShift(shiftDays);
    // SQLite's '+N months' rolls 01-31 + 1 month over to 03-03; the last day of the target month caps it.
    const plain = sql`date(${day}, '+' || ${months} || ' months')`;
    const monthEnd = sql`date(${day}, 'start of month', '+' || (${months} + 1) || ' months', '-1 day')`;
    return sql<string>`date(min(${plain}, ${monthEnd}), ${sql.raw(`'${shiftDays >= 0 ? "+" : ""}${shiftDays} day'`)})`;
  },
  rawRows: sqliteRawRows,
  rawWrite: async (db, query) => changedRows(await db.run(query)),
  lockedForUpdate: (query) => query,
};

/** The PostgreSQL type of a column, for casting the text of JSON array elements to it. */
function pgColumnType(column: SQLWrapper, explicit: string | undefined): string {
  if (explicit) return explicit;
  if (is(column, Column)) {
    const type = column.getSQLType();
    if (type === "integer" || type === "bigint" || type === "text") return type;
    throw new Error(`inJsonIds: no cast for a ${type} column`);
  }
  throw new Error("inJsonIds: pass the column type for an expression on PostgreSQL");
}

export const postgresDialect: Dialect = {
  engine: "postgres",
  sqlFalse: sql`false`,
  sqlTrue: sql`true`,
  // jsonb_array_elements_text gives text; the cast makes the comparison use the column's type (and its index).
  inJsonIds: (column, jsonIds, columnType) =>
    sql<boolean>`${column} IN (SELECT (jsonb_array_elements_text(${jsonIds}::jsonb))::${sql.raw(pgColumnType(column, columnType))})`,
  // jsonb containment: ["b"] @> ["b"]; a number matches a JSON number, a string a JSON string, as on SQLite.
  jsonArrayContains: (jsonArray, value) => sql<boolean>`${jsonArray} @> ${JSON.stringify([value])}::jsonb`,
  groupConcatDistinct: (column) => sql<string | null>`string_agg(DISTINCT ${column}::text, ',')`,
  groupConcat: (column, separator) => sql<string | null>`string_agg(${column}::text, ${separator})`,
  chinaDayOf(timestamp, shiftDays = 0) {
    checkShift(shiftDays);
    if (shiftDays === 0) return sql<string | null>`to_char(${timestamp} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
    return sql<string | null>`to_char((${timestamp} AT TIME ZONE 'Asia/Shanghai') + ${sql.raw(String(shiftDays))} * interval '1 day', 'YYYY-MM-DD')`;
  },
  textPosition: (text, search) => sql<number>`strpos(${text}, ${search})`,
  // jsonb_array_elements names its one output column `value`, as SQLite's json_each does.
  jsonArrayElements: (json) => sql`jsonb_array_elements(${json}::jsonb)`,
  jsonArrayLength: (json) => sql<number>`jsonb_array_length(${json})`,
  likeAnyCase: (column, pattern) => sql<boolean>`${column} ilike ${pattern}`,
  greatest: (a, b) => sql<number>`greatest(${a}, ${b})`,
  least: (a, b) => sql<number>`least(${a}, ${b})`,
  // date + interval keeps the day within the target month, as date-fns does.
  dayPlusMonths: (day, months, shiftDays = 0) => {
    checkShift(shiftDays);
    return sql<string>`to_char(${day}::date + make_interval(months => ${months}) + ${sql.raw(String(shiftDays))} * interval '1 day', 'YYYY-MM-DD')`;
  },
  rawRows: async <T>(db: RawQueryable, query: SQL) => {
    const result = await (db as unknown as { execute(query: SQL): Promise<{ rows: unknown }> }).execute(query);
    return rowObjects<T>(result.rows);
  },
  rawWrite: async (db, query) => {
    const result = await (db as unknown as { execute(query: SQL): Promise<{ rowCount: number | null }> }).execute(query);
    return result.rowCount ?? 0;
  },
  lockedForUpdate<Q>(query: Q, of?: Table | Table[]): Q {
    const select = query as { for?: (strength: "update", config: { of?: Table | Table[] }) => Q };
    if (typeof select.for !== "function") throw new Error("lockedForUpdate: not a PostgreSQL select query");
    return select.for("update", of ? { of } : {});
  },
};

/** The dialect of the engine this process runs on. */
export const dialect: Dialect = databaseEngine() === "postgres" ? postgresDialect : sqliteDialect;

export const {
  sqlFalse,
  sqlTrue,
  inJsonIds,
  jsonArrayContains,
  groupConcatDistinct,
  groupConcat,
  chinaDayOf,
  textPosition,
  jsonArrayElements,
  jsonArrayLength,
  greatest,
  least,
  dayPlusMonths,
  likeAnyCase,
  lockedForUpdate,
} = dialect;

/** Runs a raw `sql` query on either engine and returns its rows as objects. */
export function rawRows<T>(db: RawQueryable, query: SQL): Promise<T[]> {
  return dialect.rawRows<T>(db, query);
}

/** Runs a raw `sql` write on either engine (SQLite's `run`, PostgreSQL's `execute`); how many rows it changed. */
export function rawWrite(db: RawWritable, query: SQL): Promise<number> {
  return dialect.rawWrite(db, query);
}

/** The error a driver raised, looking through drizzle's DrizzleQueryError (async drivers wrap it as `cause`). */
function driverCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

/** True when a write failed on a UNIQUE constraint or index: SQLite's SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505. */
export function isUniqueViolation(error: unknown): boolean {
  return driverCodes(error).some((code) => code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505");
}

/**
 * How many rows an insert, update or delete changed: SQLite's run result `{ changes }` (also when a sqlite-proxy
 * callback wraps it as `{ rows: { changes } }`), node-postgres's `{ rowCount }`.
 */
export function changedRows(result: unknown): number {
  const r = result as { changes?: unknown; rowCount?: unknown; rows?: { changes?: unknown } } | null | undefined;
  if (typeof r?.changes === "number") return r.changes;
  if (typeof r?.rowCount === "number") return r.rowCount;
  if (typeof r?.rows === "object" && r.rows !== null && typeof r.rows.changes === "number") return r.rows.changes;
  throw new Error("changedRows: not the result of an insert, update or delete");
}

/** `count(*)` read as a number (PostgreSQL returns a bigint, which its driver hands over as a string). */
export function countRows(): SQL<number> {
  return sql<number>`count(*)`.mapWith(Number);
}

/**
 * How many rows of the group meet `condition`, read as a number; 0 for none or an empty group. The same SQL on both
 * engines: `sum(condition)` is SQLite's alone (PostgreSQL has no sum of booleans).
 */
export function countWhere(condition: SQLWrapper): SQL<number> {
  return sql<number>`count(CASE WHEN ${condition} THEN 1 END)`.mapWith(Number);
}
