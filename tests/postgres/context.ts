import type { SqliteRemoteDatabase } from "drizzle-orm/sqlite-proxy";
import { databaseEngine } from "../../db/engine.ts";
import { applyPostgresMigrations, closePostgres, openPostgres, type PostgresDb } from "../../db/postgres.ts";
import { createTestDatabase, type TestDatabase } from "../setup/postgres-databases.ts";

/**
 * Shared by tests/postgres: these files run only in the PostgreSQL suite (DATABASE_URL=postgres://…, e.g.
 * `scripts/pg-cluster.sh -- npx vitest run`), which includes tests/postgres; the SQLite suite never lists them.
 */

if (databaseEngine() !== "postgres") {
  throw new Error("tests/postgres runs in the PostgreSQL suite only: start it with DATABASE_URL=postgres://… (scripts/pg-cluster.sh -- …)");
}

/** The app's static view of the database: SQLite's async drizzle API, which the PostgreSQL database serves at run time. */
export type AppDb = SqliteRemoteDatabase;

/** The server the suite runs against; any database on it serves to create and drop others. */
export const adminUrl = process.env.DATABASE_URL!;

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
