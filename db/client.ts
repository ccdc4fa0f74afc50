import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import { driverError } from "./errors.ts";

export type DatabaseOptions = {
  /**
   * How long a statement waits for another process's write lock before SQLITE_BUSY. better-sqlite3 waits
   * synchronously, so a server keeps this short and answers 503 rather than freezing every request.
   */
  busyTimeoutMs?: number;
};

type Method = "run" | "all" | "values" | "get";

/** Statements are compiled once per distinct SQL text; the cap keeps generated SQL (any number of ids) bounded. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * One SQLite connection behind an async data layer. Queries run synchronously on better-sqlite3; a transaction holds
 * the connection across its awaits, so every other query waits for it (as Kysely's SQLite driver serialises its
 * single connection) instead of slipping into it. Within a process writes never wait on SQLite's busy timeout.
 */
export function openDatabase(file: string, options: DatabaseOptions = {}): SqliteDb {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // WAL makes NORMAL durable across application crashes; only an OS crash can lose the last commit.
  sqlite.pragma("synchronous = NORMAL");

  const statements = new Map<string, Database.Statement>();
  function statementFor(text: string) {
    let statement = statements.get(text);
    if (statement) return statement;
    statement = sqlite.prepare(text);
    if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    statements.set(text, statement);
    return statement;
  }

  function execute(text: string, params: unknown[], method: Method) {
    const statement = statementFor(text);
    if (method === "run" || !statement.reader) {
      const { changes, lastInsertRowid } = statement.run(params);
      return { rows: [], changes, lastInsertRowid };
    }
    // Query builders map positional rows; raw `sql` reads (no fields) are not used through the proxy.
    statement.raw(true);
    if (method === "get") return { rows: statement.get(params) as unknown[] };
    return { rows: statement.all(params) as unknown[][] };
  }

  const connection = new ConnectionLock();
  const owner = {};

  const db = drizzle(
    async (text, params, method) => {
      if (transactionScope.getStore() === owner) throw new QueryOutsideTransactionError();
      if (connection.free) return execute(text, params, method);
      return connection.run(async () => execute(text, params, method));
    },
  );
  const inside = drizzle(async (text, params, method) => execute(text, params, method));

  // Write transactions take the write lock at BEGIN (IMMEDIATE): another process's commit between a read and a
  // write would otherwise fail the write at once with SQLITE_BUSY.
  db.transaction = (transaction, config) => {
    if (transactionScope.getStore() === owner) return Promise.reject(new QueryOutsideTransactionError());
    const run: typeof transaction = (tx) => {
      transactionConnections.set(tx, inside);
      return transaction(tx);
    };
    return connection.run(() => transactionScope.run(owner, () => inside.transaction(run, { behavior: "immediate", ...config })));
  };
  return Object.assign(db, { $sqlite: sqlite });
}

/** Which SQLite database's transaction this async context is in. */
const transactionScope = new AsyncLocalStorage<object>();
const transactionConnections = new WeakMap<object, Db>();

/**
 * For a SQLite transaction handle, the handle of the connection it runs on: every transaction of a database runs
 * on that one connection, so a statement prepared on it serves them all. Undefined otherwise (and on PostgreSQL).
 */
export function transactionConnectionOf(handle: DbOrTx): Db | undefined {
  return transactionConnections.get(handle);
}

/** A query or transaction on the database handle while a transaction is open: on a pool it would run outside it. */
export class QueryOutsideTransactionError extends Error {
  constructor() {
    super("A query used the database handle inside a transaction; pass the transaction's tx instead.");
  }
}

/** First come, first served: a transaction holds the connection until it commits or rolls back. */
class ConnectionLock {
  private tail: Promise<unknown> = Promise.resolve();
  private holders = 0;

  get free() {
    return this.holders === 0;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.holders++;
    const result = this.tail.then(work);
    const release = () => {
      this.holders--;
    };
    this.tail = result.then(release, release);
    return result;
  }
}

/** SQLITE_BUSY and its extended codes: another process holds the lock longer than the busy timeout. */
export function isDatabaseBusy(error: unknown): boolean {
  const cause = driverError(error);
  return cause instanceof Database.SqliteError && cause.code.startsWith("SQLITE_BUSY");
}

/**
 * The database on either engine: typed as SQLite's async API, which PostgreSQL's query builders share. Without
 * drizzle's relational schema (`db.query.*` is not used): with it, every transaction built a query builder per table.
 */
export type Db = SqliteRemoteDatabase;
/** The embedded engine's database, with its connection for backups. */
export type SqliteDb = Db & { $sqlite: Database.Database };
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

/** The embedded engine's connection behind a database handle, or null on PostgreSQL. */
export function sqliteConnectionOf(db: Db): Database.Database | null {
  return "$sqlite" in db ? (db as SqliteDb).$sqlite : null;
}

/** Closes the connection (SQLite) or ends the pool (PostgreSQL). */
export async function closeDatabase(db: Db): Promise<void> {
  const sqlite = sqliteConnectionOf(db);
  if (sqlite) sqlite.close();
  else await (db as unknown as { $client: { end(): Promise<void> } }).$client.end();
}
