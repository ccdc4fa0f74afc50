import type { SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import { applyPostgresMigrations, closePostgres, openPostgres, type PostgresDb } from "../../db/postgres.ts";
import { createTestDatabase, type TestDatabase } from "../setup/postgres-databases.ts";
import { suiteAdminUrl } from "../setup/test-database.ts";

/**
 * Shared by tests/postgres: these files run only in the PostgreSQL suite (DATABASE_URL=postgres://…, e.g.
 * `npm run test:pg`), which includes tests/postgres (vitest.config.ts); the SQLite suite never lists them.
 */

if (!suiteAdminUrl()) {
  throw new Error("tests/postgres runs in the PostgreSQL suite only: start it with DATABASE_URL=postgres://… (scripts/pg-cluster.sh -- …)");
}

/** The app's static view of the database: SQLite's async drizzle API, which the PostgreSQL database serves at run time. */
export type AppDb = SqliteRemoteDatabase;

/**
 * The URL the suite was started with (kept in CARECERT_TEST_ADMIN_URL: DATABASE_URL names this file's own database
 * by now); it creates and drops the others.
 */
export const adminUrl = suiteAdminUrl()!;

export type EmptyDatabase = TestDatabase & { pg: PostgresDb; db: AppDb; close(): Promise<void> };

/** A new empty database (from template0), migrated; `close()` ends its pool and drops it. */
export async function migratedEmptyDatabase(): Promise<EmptyDatabase> {
  const database = await createTestDatabase(adminUrl, "template0");
  const pg = openPostgres(database.url, { max: 4 });
  await applyPostgresMigrations(pg);
  return {
    ...database,
    pg,
    db: pg as unknown as AppDb,
    close: async () => {
      await closePostgres(pg);
      await database.drop();
    },
  };
}
