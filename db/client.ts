import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema.ts";

export type DatabaseOptions = {
  /**
   * How long a statement waits for another connection's write lock before SQLITE_BUSY. better-sqlite3 waits
   * synchronously, so a server keeps this short and answers 503 rather than freezing every request.
   */
  busyTimeoutMs?: number;
};

export function openDatabase(file: string, options: DatabaseOptions = {}) {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // WAL makes NORMAL durable across application crashes; only an OS crash can lose the last commit.
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle({ client: sqlite, schema });
  // Every transaction takes the write lock at BEGIN (IMMEDIATE). A deferred one that reads, then writes, fails
  // with SQLITE_BUSY at once (no busy wait) when another connection committed in between.
  const open = db.transaction.bind(db);
  db.transaction = (transaction, config) => open(transaction, { behavior: "immediate", ...config });
  return db;
}

/** SQLITE_BUSY and its extended codes: another connection holds the lock longer than the busy timeout. */
export function isDatabaseBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY");
}

export type Db = ReturnType<typeof openDatabase>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
