import { isDatabaseBusy, openDatabase, type Db } from "./client.ts";
import { guardTransactions, isPostgresConnectionLost, openPostgres } from "./postgres.ts";

export type DatabaseSettings = { databasePath: string; databaseUrl: string | null; databasePoolSize?: number };

/**
 * The configured engine's database: PostgreSQL through a pool when DATABASE_URL is set, else the SQLite file.
 * `db/schema.ts` hands out the same engine's tables (both read DATABASE_URL).
 */
export function openConfiguredDatabase(settings: DatabaseSettings, options: { busyTimeoutMs?: number } = {}): Db {
  if (settings.databaseUrl) return guardTransactions(openPostgres(settings.databaseUrl, { max: settings.databasePoolSize })) as unknown as Db;
  return openDatabase(settings.databasePath, options);
}

/** The database cannot answer right now (SQLite locked by another process, PostgreSQL unreachable): 503, retry. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return isDatabaseBusy(error) || isPostgresConnectionLost(error);
}
