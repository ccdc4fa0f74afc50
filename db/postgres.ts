import { AsyncLocalStorage } from "node:async_hooks";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { QueryOutsideTransactionError } from "./client.ts";
import { parsePostgresUrl, type PostgresTarget } from "./engine.ts";

/**
 * The PostgreSQL engine (issue #16): a node-postgres pool, the drizzle database over it, the start-up checks and
 * migrations, and the test for a lost connection. Chosen when DATABASE_URL is a postgres:// URL (db/engine.ts).
 */

export const postgresMigrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations-pg");

// bigint (count(*), sum of integers, the bigint columns, the migrations table's created_at) and numeric (avg, sums of
// bigints) arrive as strings by default. SQLite hands back numbers for the same expressions, and every such value here
// is far below 2^53, so both become numbers for every query of this process. A bigint beyond 2^53 stays a string
// rather than losing digits.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));

export type PostgresOptions = {
  /** Connections in the pool (default 10). Each app process has its own pool. */
  max?: number;
  /** The server cancels a statement running longer than this (default 30 s). */
  statementTimeoutMs?: number;
  /** Waiting this long to connect, or for a free connection of the pool, fails the query (default 10 s). */
  connectionTimeoutMs?: number;
  /** The server ends a session that stays idle inside a transaction this long (default 60 s), releasing its locks. */
  idleInTransactionTimeoutMs?: number;
  /** Shown in pg_stat_activity (default "carecert"). */
  applicationName?: string;
};

export type PostgresDb = NodePgDatabase & { $client: pg.Pool };

const targets = new WeakMap<pg.Pool, PostgresTarget>();

/**
 * Opens a pool on `url` (checked by parsePostgresUrl) and the drizzle database over it. Nothing connects yet: the
 * first query does, so call applyPostgresMigrations at start-up to fail early with a clear message.
 */
export function openPostgres(url: string, options: PostgresOptions = {}): PostgresDb {
  const target = parsePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    lock_timeout: options.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 60_000,
    application_name: options.applicationName ?? "carecert",
    keepAlive: true,
  });
  // An idle client's error (the server restarted, a network cut) is emitted on the pool; unhandled, it would crash
  // the process. The pool drops that client and connects a new one for the next query.
  pool.on("error", (error) => {
    console.error(`[数据库] PostgreSQL 空闲连接中断（${target.host}:${target.port}），连接池将重新连接：${error.message}`);
  });
  targets.set(pool, target);
  return drizzle(pool) as PostgresDb;
}

/** Ends every connection of the pool. */
export async function closePostgres(db: PostgresDb): Promise<void> {
  await db.$client.end();
}

/** A start-up problem with the PostgreSQL database; the message (Chinese, for the operator) names it. */
export class PostgresStartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PostgresStartupError";
  }
}

type DriverError = { code?: unknown; message?: unknown; cause?: unknown };

/** The errors along an error's cause chain (drizzle wraps driver errors in DrizzleQueryError with the cause). */
function causeChain(error: unknown): DriverError[] {
  const chain: DriverError[] = [];
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 8; e = (e as DriverError).cause, depth++) chain.push(e as DriverError);
  return chain;
}

const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"]);

/** The Chinese start-up message for an error connecting to `target`, or undefined when it is not a connection problem. */
export function describePostgresStartupError(error: unknown, target: PostgresTarget): string | undefined {
  const where = `${target.host}:${target.port}`;
  for (const e of causeChain(error)) {
    const code = typeof e.code === "string" ? e.code : "";
    const message = typeof e.message === "string" ? e.message : "";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
      return `无法连接 PostgreSQL 服务器 ${where}：找不到主机“${target.host}”，请检查 DATABASE_URL 中的主机名`;
    }
    const sqlState = /^[0-9A-Z]{5}$/.test(code);
    if (CONNECT_CODES.has(code) || (!sqlState && /timeout|timed out|Connection terminated/i.test(message))) {
      return `无法连接 PostgreSQL 服务器 ${where}（${code || message}）：请确认服务器已启动、主机和端口正确、防火墙允许连接`;
    }
    if (code === "28P01" || code === "28000") {
      return `PostgreSQL 服务器 ${where} 拒绝了用户“${target.user ?? "(未指定)"}”登录（认证失败）：请检查 DATABASE_URL 中的用户名和密码，以及服务器的 pg_hba.conf 是否允许从这台机器连接`;
    }
    if (code === "3D000") {
      return `PostgreSQL 服务器 ${where} 上没有数据库“${target.database}”：请先创建它（如 createdb -O 用户名 ${target.database}），carecert 会在其中建表`;
    }
    if (code === "57P03") return `PostgreSQL 服务器 ${where} 正在启动或关闭，暂时不接受连接：请稍后再启动 carecert`;
    if (code === "53300") return `PostgreSQL 服务器 ${where} 的连接数已满（max_connections）：请减少连接池大小或应用进程数，或调大服务器的 max_connections`;
    if (code === "42501") {
      return `用户“${target.user ?? "(未指定)"}”在数据库“${target.database}”中没有建表的权限：请让数据库的所有者运行 carecert，或授予该用户 CREATE 权限`;
    }
  }
  return undefined;
}

const MIGRATION_LOCK = 16_160_016; // pg_advisory_lock key: one process migrates at a time (many servers may start together)

/**
 * Checks the server and applies db/migrations-pg. Refuses to start, with a PostgresStartupError, when the server is
 * unreachable, the login fails, the database does not exist, the server is older than PostgreSQL 15, or the database
 * was migrated by a newer carecert (its migrations table holds a migration this build does not know).
 * Runs on one connection of the pool, under an advisory lock and without the statement timeout.
 */
export async function applyPostgresMigrations(db: PostgresDb, migrationsFolder = postgresMigrationsFolder): Promise<void> {
  const pool = db.$client;
  const target = targets.get(pool) ?? parsePostgresUrl(String(pool.options.connectionString));
  const startupError = (error: unknown) => {
    if (error instanceof PostgresStartupError) return error;
    const message = describePostgresStartupError(error, target);
    return message ? new PostgresStartupError(message, { cause: error }) : error;
  };
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw startupError(error);
  }
  try {
    await client.query("SET statement_timeout = 0");
    await client.query("SET lock_timeout = 0");
    const { rows: version } = await client.query<{ server_version_num: string; server_version: string }>(
      "SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version",
    );
    if (Number(version[0]!.server_version_num) < 150000) {
      throw new PostgresStartupError(`PostgreSQL 服务器 ${target.host}:${target.port} 的版本是 ${version[0]!.server_version}，carecert 需要 PostgreSQL 15 或更高版本`);
    }
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await refuseNewerDatabase(client, migrationsFolder, target);
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
    await client.query("RESET statement_timeout");
    await client.query("RESET lock_timeout");
    client.release();
  } catch (error) {
    // A connection in an unknown state is not put back into the pool.
    client.release(true);
    throw startupError(error);
  }
}

/** Refuses a database whose drizzle migrations table records a migration this build's journal does not hold. */
async function refuseNewerDatabase(client: pg.PoolClient, migrationsFolder: string, target: PostgresTarget): Promise<void> {
  const { rows: exists } = await client.query<{ table: string | null }>("SELECT to_regclass('drizzle.__drizzle_migrations')::text AS table");
  if (!exists[0]?.table) return;
  const known = readMigrationFiles({ migrationsFolder });
  const hashes = new Set(known.map((m) => m.hash));
  const newest = Math.max(0, ...known.map((m) => m.folderMillis));
  const { rows } = await client.query<{ hash: string; created_at: number | string }>("SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY created_at");
  const unknown = rows.filter((row) => !hashes.has(row.hash) || Number(row.created_at) > newest);
  if (unknown.length === 0) return;
  const latest = new Date(Math.max(...unknown.map((row) => Number(row.created_at))));
  throw new PostgresStartupError(
    `数据库“${target.database}”（${target.host}:${target.port}）已由更新版本的 carecert 迁移：其中 ${unknown.length} 个迁移（最新的生成于 ${latest.toISOString()}）不在本版本之内。` +
      `请运行该更新版本，或从升级前的备份恢复；本版本拒绝启动，以免按旧的表结构写入数据`,
  );
}

/** SQLSTATE codes and driver errors that mean the connection to PostgreSQL went away or cannot be had right now. */
const LOST_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "57P01", "57P02", "57P03", "53300"]);

/**
 * True when a query failed because PostgreSQL is unreachable for now: the connection was terminated (server restart,
 * admin shutdown 57P01, crash 57P02, starting up 57P03), reset, refused, timed out getting a connection, the server's
 * connection slots are full (53300), or any SQLSTATE of class 08 (connection exception). The server answers 503 with
 * Retry-After, and the pool reconnects by itself once the server is back. Looks through drizzle's wrapping errors.
 */
export function isPostgresConnectionLost(error: unknown): boolean {
  return causeChain(error).some((e) => {
    const code = typeof e.code === "string" ? e.code : "";
    const message = typeof e.message === "string" ? e.message : "";
    if (LOST_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    return /Connection terminated|terminating connection|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended unexpectedly/i.test(message);
  });
}

/**
 * The same rule as the SQLite client's: inside `db.transaction`, a query sent to `db` (the pool) instead of `tx`
 * would run on another connection, outside the transaction, and commit even if the transaction rolls back. It is
 * refused with QueryOutsideTransactionError, so the mistake shows in the tests on both engines.
 */
export function guardTransactions(db: PostgresDb): PostgresDb {
  const scope = new AsyncLocalStorage<true>();
  const pool = db.$client;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    if (scope.getStore()) throw new QueryOutsideTransactionError();
    return query(...args);
  }) as typeof pool.query;
  const open = db.transaction.bind(db);
  db.transaction = ((transaction, config) => {
    if (scope.getStore()) return Promise.reject(new QueryOutsideTransactionError());
    return scope.run(true, () => open(transaction, config));
  }) as typeof db.transaction;
  return db;
}
