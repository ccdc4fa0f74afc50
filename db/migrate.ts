import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { sqliteConnectionOf, type Db } from "./client.ts";
import { countRows } from "./dialect.ts";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export async function applyMigrations(db: Db) {
  const sqlite = sqliteConnectionOf(db);
  if (!sqlite) throw new Error("applyMigrations: no SQLite connection");
  // Start-up work on the one connection, before any request: the synchronous migrator is fine here.
  migrate(drizzle({ client: sqlite }), { migrationsFolder });
}

/** How many migrations the database has applied (drizzle's bookkeeping table). */
export async function appliedMigrationCount(db: Db): Promise<number> {
  const [row] = await db.select({ applied: countRows() }).from(sql`__drizzle_migrations`);
  return row?.applied ?? 0;
}
