import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import Database from "better-sqlite3";
import { and, eq, getTableColumns, getTableName, is, isNotNull, or, sql, type Column } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle as pgDrizzle } from "drizzle-orm/node-postgres";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type pg from "pg";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { driverError } from "./errors.ts";
import type { PostgresDb } from "./postgres.ts";
import { postgresTables } from "./schema.pg.ts";
import * as sqliteSchema from "./schema.sqlite.ts";

/**
 * `db:copy` (issue #16): an installation on SQLite moves to PostgreSQL without losing history. The engine-independent
 * part lives here: the copy order from the schema's foreign keys, a consistent read of the SQLite file, the copy in
 * batches inside one PostgreSQL transaction, the identity sequences, and the checks that need nothing of `app/`.
 *
 * The source side reads through the SQLite tables of db/schema.sqlite.ts and the target side writes through
 * postgresTables() of db/schema.pg.ts, never through db/schema.ts (whose tables follow this process's engine), so
 * drizzle's column mapping converts each value by its column kind: epoch milliseconds → Date → timestamptz, 0/1 →
 * boolean, JSON text → jsonb, blob → bytea.
 */

/** A problem the operator can act on; the message (Chinese) names it. */
export class CopyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CopyError";
  }
}

/** The target database holds rows: db:copy writes into an empty database only. */
export class TargetNotEmptyError extends CopyError {}

/** The copy finished but a check failed; the transaction was rolled back, the target is empty again. */
export class CopyVerificationError extends CopyError {
  constructor(readonly problems: string[]) {
    super(`校验未通过，已回滚，目标数据库未写入任何数据：\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** One table on both engines: the same export of db/schema.sqlite.ts, as SQLite and as PostgreSQL table. */
export type TablePair = { name: string; source: SQLiteTable; target: PgTable };

/** Every table of the schema, paired with its PostgreSQL twin. */
export function schemaTablePairs(): TablePair[] {
  const targets = postgresTables() as unknown as Record<string, PgTable>;
  return (Object.entries(sqliteSchema) as [string, unknown][])
    .filter((entry): entry is [string, SQLiteTable] => is(entry[1], SQLiteTable))
    .map(([key, source]) => {
      const target = targets[key];
      if (!target) throw new Error(`db/copy: no PostgreSQL table for ${key}`);
      return { name: getTableName(source), source, target };
    });
}

/** The tables in copy order, and for each table that references itself, the JS keys of those columns. */
export type CopyPlan = { tables: TablePair[]; selfReferences: Map<string, string[]> };

/**
 * Orders the tables so every table comes after the tables its foreign keys reference (a stable topological order:
 * among tables that are ready, the schema's own order). A foreign key of a table to itself does not constrain the
 * order; its columns are written in a second pass (see copyTables), so they must be nullable. A cycle between
 * different tables cannot be copied in one order and is refused, naming the tables.
 */
export function planCopy(pairs: TablePair[]): CopyPlan {
  const byName = new Map(pairs.map((p) => [p.name, p]));
  const dependsOn = new Map<string, Set<string>>();
  const selfReferences = new Map<string, string[]>();
  for (const pair of pairs) {
    const needs = new Set<string>();
    const keyOf = new Map(Object.entries(getTableColumns(pair.source)).map(([key, column]) => [column.name, { key, column }]));
    for (const fk of getTableConfig(pair.source).foreignKeys) {
      const reference = fk.reference();
      const referenced = getTableName(reference.foreignTable);
      if (referenced === pair.name) {
        const keys = selfReferences.get(pair.name) ?? [];
        for (const column of reference.columns) {
          const found = keyOf.get(column.name)!;
          if (found.column.notNull) {
            throw new CopyError(`表 ${pair.name} 的列 ${column.name} 引用本表且不可为空，无法排出复制顺序`);
          }
          if (!keys.includes(found.key)) keys.push(found.key);
        }
        selfReferences.set(pair.name, keys);
      } else if (byName.has(referenced)) {
        needs.add(referenced);
      } else {
        throw new CopyError(`表 ${pair.name} 的外键引用了不在复制范围内的表 ${referenced}`);
      }
    }
    dependsOn.set(pair.name, needs);
  }
  const ordered: TablePair[] = [];
  const done = new Set<string>();
  while (ordered.length < pairs.length) {
    const ready = pairs.filter((p) => !done.has(p.name) && [...dependsOn.get(p.name)!].every((n) => done.has(n)));
    if (ready.length === 0) {
      const stuck = pairs.filter((p) => !done.has(p.name)).map((p) => p.name);
      throw new CopyError(`这些表之间的外键成环，无法排出复制顺序：${stuck.join("、")}`);
    }
    for (const pair of ready) {
      ordered.push(pair);
      done.add(pair.name);
    }
  }
  return { tables: ordered, selfReferences };
}

/** A read-only connection to the SQLite file, inside one read transaction: every read sees the same snapshot. */
export type SqliteSnapshot = { file: string; sqlite: Database.Database; db: BetterSQLite3Database; close(): void };

/**
 * Opens the SQLite file read-only on a connection of its own and starts a read transaction. In WAL mode (the app's
 * mode) the reads see the database as of that moment while the server keeps writing; the copy is consistent. Writes
 * after that moment are not copied, which is why the switch-over stops the server (or puts it in maintenance) first.
 */
export function openSqliteSnapshot(file: string): SqliteSnapshot {
  const resolved = path.resolve(file);
  if (!fs.existsSync(resolved)) throw new CopyError(`找不到来源 SQLite 数据库文件：${resolved}（DATABASE_PATH）`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(resolved, { readonly: true, fileMustExist: true });
    sqlite.pragma("busy_timeout = 5000");
    sqlite.exec("BEGIN");
    // A deferred transaction takes its snapshot at the first read.
    sqlite.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (error) {
    throw new CopyError(`无法打开来源 SQLite 数据库 ${resolved}：${messageOf(error)}`, { cause: error });
  }
  return {
    file: resolved,
    sqlite,
    db: drizzle({ client: sqlite }),
    close() {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      sqlite.close();
    },
  };
}

const sqliteMigrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Refuses a source whose tables are not this build's: not a carecert database, not yet migrated to this version
 * (starting the server or any `npm run cli` command once migrates it), or migrated by a newer version.
 */
export function checkSourceSchema(snapshot: SqliteSnapshot, migrationsFolder = sqliteMigrationsFolder): void {
  const { sqlite, file } = snapshot;
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) throw new CopyError(`来源 ${file} 不是 carecert 的数据库（没有迁移记录）`);
  const known = readMigrationFiles({ migrationsFolder });
  const applied = new Set((sqlite.prepare("SELECT hash FROM __drizzle_migrations").all() as { hash: string }[]).map((m) => m.hash));
  const knownHashes = new Set(known.map((m) => m.hash));
  if ([...applied].some((hash) => !knownHashes.has(hash))) {
    throw new CopyError(`来源 ${file} 已由更新版本的 carecert 迁移：请用该版本执行 db:copy`);
  }
  const missing = known.filter((m) => !applied.has(m.hash)).length;
  if (missing > 0) {
    throw new CopyError(`来源 ${file} 还差 ${missing} 个迁移，表结构不是本版本的：请先用本版本启动一次服务器（或运行任一 npm run cli 命令）完成迁移，再执行 db:copy`);
  }
}

/** The innermost driver message of an error (drizzle's DrizzleQueryError message repeats the whole query). */
export function messageOf(error: unknown): string {
  const cause = driverError(error);
  return cause instanceof Error ? cause.message : String(cause);
}

const rowCount = () => sql<number>`count(*)`.mapWith(Number);

/** Rows per table in the source snapshot. */
export function sourceCounts(snapshot: SqliteSnapshot, pairs: TablePair[]): Map<string, number> {
  return new Map(pairs.map((p) => [p.name, snapshot.db.select({ n: rowCount() }).from(p.source).get()!.n]));
}

/** A PostgreSQL transaction (or database) as the copy uses it. */
type PgQueries = Pick<PostgresDb, "select" | "insert" | "update" | "execute">;

/** The tables of the target that hold at least one row (empty when the target is empty). */
export async function nonEmptyTables(target: PgQueries, pairs: TablePair[]): Promise<string[]> {
  const found: string[] = [];
  for (const pair of pairs) {
    const rows = await target.select({ one: sql<number>`1` }).from(pair.target).limit(1);
    if (rows.length > 0) found.push(pair.name);
  }
  return found;
}

export type TableCopied = { table: string; rows: number; index: number; of: number };

export type CopyOptions = {
  /** Rows per INSERT (default 500; fewer for wide tables, keeping each statement under PostgreSQL's parameter limit). */
  batchSize?: number;
  /** Called after each table, and every 100,000 rows of a large one (`done: false`). */
  progress?: (event: TableCopied & { done: boolean }) => void;
  /**
   * More checks inside the copy's transaction, after the row counts (the approved lists' hashes, in app/cli). A
   * problem returned rolls the whole copy back.
   */
  verify?: (tx: PostgresDb) => Promise<string[]>;
  /** Called with a line of progress text (Chinese) between the steps. */
  out?: (line: string) => void;
};

export type CopyResult = { tables: number; rows: number; counts: Map<string, number>; sequences: number };

/** The checks' outcome lines for the summary, filled in by copyTables. */
export type CopyChecks = { lines: string[] };

/**
 * Copies every table of `pairs` from the snapshot into the target in one PostgreSQL transaction, on one connection of
 * the target's pool: refuses a target with any row (naming the tables), copies in foreign-key order and in batches
 * (the source is read page by page on its rowid, so memory stays bounded), fills self-references in a second pass,
 * advances every identity sequence past the copied ids, then checks the row counts, the signing keys and
 * `options.verify` before committing. Any failure rolls everything back: the target is left as empty as it was.
 */
export async function copyTables(snapshot: SqliteSnapshot, target: PostgresDb, pairs: TablePair[], options: CopyOptions = {}): Promise<CopyResult & CopyChecks> {
  const plan = planCopy(pairs);
  const out = options.out ?? (() => {});
  const expected = sourceCounts(snapshot, plan.tables);
  const counts = new Map<string, number>();
  const lines: string[] = [];
  const client = await target.$client.connect();
  // The transaction's drizzle handle, for reads and checks; the rows go in through the client itself (see insertRows).
  const tx = pgDrizzle(client, { schema: postgresTables() }) as unknown as PostgresDb;
  let broken: unknown;
  let sequences = 0;
  try {
    await client.query("BEGIN");
    const occupied = await nonEmptyTables(tx, plan.tables);
    if (occupied.length > 0) {
      const shown = occupied.slice(0, 5).join("、") + (occupied.length > 5 ? ` 等 ${occupied.length} 张表` : "");
      throw new TargetNotEmptyError(`目标数据库不是空的：${shown} 已有数据。db:copy 只写入新建的空数据库（不要先用它启动服务器），以免覆盖或混入数据`);
    }
    for (const [index, pair] of plan.tables.entries()) {
      const copied = await copyTable(snapshot, client, tx, pair, plan.selfReferences.get(pair.name) ?? [], options.batchSize ?? 500, (rows) =>
        options.progress?.({ table: pair.name, rows, index: index + 1, of: plan.tables.length, done: false }),
      );
      counts.set(pair.name, copied);
      options.progress?.({ table: pair.name, rows: copied, index: index + 1, of: plan.tables.length, done: true });
    }
    sequences = await advanceIdentitySequences(tx, plan.tables);

    out("正在校验……");
    const problems: string[] = [];
    let mismatched = 0;
    for (const pair of plan.tables) {
      const [row] = await tx.select({ n: rowCount() }).from(pair.target);
      const source = expected.get(pair.name)!;
      if (row!.n !== source || counts.get(pair.name) !== source) {
        mismatched++;
        problems.push(`表 ${pair.name} 行数不一致：来源 ${source} 行，目标 ${row!.n} 行`);
      }
    }
    if (mismatched === 0) lines.push(`${plan.tables.length} 张表的行数与来源一致`);
    const keys = await compareSigningKeys(snapshot, tx, pairs);
    if (keys.problem) problems.push(keys.problem);
    else lines.push(`证书签名公钥 ${keys.count} 个已复制且一致（signing_keys）`);
    if (options.verify) problems.push(...(await options.verify(tx)));
    if (problems.length > 0) throw new CopyVerificationError(problems);
    await client.query("COMMIT");
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollback) {
      // The connection is gone: the server rolls the transaction back itself.
      broken = rollback;
    }
    throw error;
  } finally {
    // A connection in an unknown state is not put back into the pool.
    client.release(broken === undefined ? undefined : true);
  }
  const rows = [...counts.values()].reduce((a, b) => a + b, 0);
  return { tables: plan.tables.length, rows, counts, sequences, lines };
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A multi-row INSERT of the table's columns, the values mapped by the PostgreSQL columns (drizzle's own conversion:
 * Date → ISO text for timestamptz, JSON → text for jsonb, Buffer for bytea), sent through the client without
 * drizzle's query builder, which costs more time per row than the database does for a copy of a million rows.
 */
function rowInserter(pair: TablePair): (client: pg.PoolClient, rows: Record<string, unknown>[]) => Promise<void> {
  const columns = Object.entries(getTableColumns(pair.target) as Record<string, PgColumn>);
  const head = `INSERT INTO ${quoteIdentifier(pair.name)} (${columns.map(([, c]) => quoteIdentifier(c.name)).join(", ")}) VALUES `;
  const texts = new Map<number, string>();
  const textFor = (rows: number) => {
    let text = texts.get(rows);
    if (!text) {
      const tuples: string[] = [];
      for (let r = 0, p = 1; r < rows; r++) tuples.push(`(${columns.map(() => `$${p++}`).join(", ")})`);
      text = head + tuples.join(", ");
      texts.set(rows, text);
    }
    return text;
  };
  return async (client, rows) => {
    const values: unknown[] = [];
    for (const row of rows) {
      for (const [key, column] of columns) {
        const value = row[key];
        values.push(value === null || value === undefined ? null : column.mapToDriverValue(value));
      }
    }
    await client.query(textFor(rows.length), values);
  };
}

/** Copies one table; returns its rows. Errors name the table. */
async function copyTable(snapshot: SqliteSnapshot, client: pg.PoolClient, tx: PostgresDb, pair: TablePair, selfReferenceKeys: string[], batchSize: number, progress: (rows: number) => void): Promise<number> {
  const columns = Object.keys(getTableColumns(pair.source)).length;
  // PostgreSQL takes at most 65,535 parameters per statement.
  const batch = Math.max(1, Math.min(batchSize, Math.floor(30_000 / columns)));
  const insert = rowInserter(pair);
  let copied = 0;
  let reported = 0;
  try {
    for (const page of pages(snapshot, pair.source, batch)) {
      const values = page.map((row) => {
        if (selfReferenceKeys.length === 0) return row;
        const copy = { ...row };
        for (const key of selfReferenceKeys) copy[key] = null;
        return copy;
      });
      await insert(client, values);
      copied += page.length;
      if (copied - reported >= 100_000) {
        reported = copied;
        progress(copied);
      }
    }
    if (selfReferenceKeys.length > 0) await fillSelfReferences(snapshot, tx, pair, selfReferenceKeys, batch);
  } catch (error) {
    if (error instanceof CopyError) throw error;
    throw new CopyError(`复制表 ${pair.name} 失败（该表已写入 ${copied} 行，整个复制已回滚）：${messageOf(error)}`, { cause: error });
  }
  return copied;
}

/** The table's rows in rowid order, one page at a time, mapped by the SQLite table's columns. */
function* pages(snapshot: SqliteSnapshot, table: SQLiteTable, size: number): Generator<Record<string, unknown>[]> {
  const rowid = sql<number>`_rowid_`;
  let last: number | null = null;
  for (;;) {
    const page = snapshot.db
      .select({ rowid, row: table })
      .from(table)
      .where(last === null ? undefined : sql`_rowid_ > ${last}`)
      .orderBy(rowid)
      .limit(size)
      .all() as { rowid: number; row: Record<string, unknown> }[];
    if (page.length === 0) return;
    last = page[page.length - 1]!.rowid;
    yield page.map((r) => r.row);
    if (page.length < size) return;
  }
}

/** The second pass for a table that references itself: each row's own references, once every row exists. */
async function fillSelfReferences(snapshot: SqliteSnapshot, tx: PostgresDb, pair: TablePair, keys: string[], batch: number): Promise<void> {
  const sourceColumns = getTableColumns(pair.source);
  const targetColumns = getTableColumns(pair.target) as Record<string, Column>;
  const config = getTableConfig(pair.source);
  const primaryKeys = config.primaryKeys[0]
    ? config.primaryKeys[0].columns.map((c) => Object.entries(sourceColumns).find(([, column]) => column.name === c.name)![0])
    : Object.entries(sourceColumns).filter(([, column]) => column.primary).map(([key]) => key);
  if (primaryKeys.length === 0) throw new CopyError(`表 ${pair.name} 引用本表但没有主键，无法回填`);
  const anySet = or(...keys.map((key) => isNotNull(sourceColumns[key]!)));
  const rowid = sql<number>`_rowid_`;
  let last: number | null = null;
  for (;;) {
    const page = snapshot.db
      .select({ rowid, row: pair.source })
      .from(pair.source)
      .where(and(anySet, last === null ? undefined : sql`_rowid_ > ${last}`))
      .orderBy(rowid)
      .limit(batch)
      .all() as { rowid: number; row: Record<string, unknown> }[];
    if (page.length === 0) return;
    last = page[page.length - 1]!.rowid;
    for (const { row } of page) {
      const set = Object.fromEntries(keys.map((key) => [key, row[key]]));
      const where = and(...primaryKeys.map((key) => eq(targetColumns[key]!, row[key])));
      await tx.update(pair.target).set(set as never).where(where);
    }
  }
}

/**
 * Every identity column's sequence is set so its next value is max(id) + 1 (1 for an empty table): explicit ids
 * written by the copy do not advance a sequence, and the next insert would otherwise collide with a copied row.
 */
async function advanceIdentitySequences(tx: PostgresDb, tables: TablePair[]): Promise<number> {
  const names = new Set(tables.map((t) => t.name));
  const { rows } = await tx.execute<{ table_name: string; column_name: string }>(
    sql`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`,
  );
  let advanced = 0;
  for (const { table_name: table, column_name: column } of rows) {
    if (!names.has(table)) continue;
    const quoted = `"${table.replaceAll('"', '""')}"`;
    await tx.execute(
      sql`SELECT setval(pg_get_serial_sequence(${quoted}, ${column}), coalesce((SELECT max(${sql.identifier(column)}) FROM ${sql.identifier(table)}), 0) + 1, false)`,
    );
    advanced++;
  }
  return advanced;
}

/** The signing keys' public halves on both sides: the same keys (kid, public JWK, creation time). */
async function compareSigningKeys(snapshot: SqliteSnapshot, tx: PostgresDb, pairs: TablePair[]): Promise<{ count: number; problem?: string }> {
  const pair = pairs.find((p) => p.source === sqliteSchema.signingKeys);
  if (!pair) return { count: 0 };
  const source = snapshot.db.select().from(sqliteSchema.signingKeys).orderBy(sqliteSchema.signingKeys.kid).all();
  const copied = ((await tx.select().from(pair.target)) as typeof source).sort((a, b) => (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0));
  const same =
    source.length === copied.length &&
    source.every((key, i) => key.kid === copied[i]!.kid && isDeepStrictEqual(key.publicJwk, copied[i]!.publicJwk) && key.createdAt.getTime() === copied[i]!.createdAt.getTime());
  return same ? { count: source.length } : { count: source.length, problem: `证书签名公钥（signing_keys）不一致：来源 ${source.length} 个，目标 ${copied.length} 个` };
}
