import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { sqliteConnectionOf, type Db } from "./client.ts";
import { countRows } from "./dialect.ts";
import { applyPostgresMigrations, type PostgresDb } from "./postgres.ts";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** A database this build must not open (migrated by a newer version); the message names what to do. */
export class NewerDatabaseError extends Error {}

/** Brings the database to this build's schema, on either engine; refuses one a newer version migrated. */
export async function applyMigrations(db: Db) {
  const sqlite = sqliteConnectionOf(db);
  if (!sqlite) return applyPostgresMigrations(db as unknown as PostgresDb);
  refuseNewerSqlite(sqlite);
  // Start-up work on the one connection, before any request: the synchronous migrator is fine here.
  migrate(drizzle({ client: sqlite }), { migrationsFolder });
}

function refuseNewerSqlite(sqlite: NonNullable<ReturnType<typeof sqliteConnectionOf>>) {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return;
  const known = readMigrationFiles({ migrationsFolder });
  const hashes = new Set(known.map((m) => m.hash));
  const newest = Math.max(0, ...known.map((m) => m.folderMillis));
  const applied = sqlite.prepare("SELECT hash, created_at AS createdAt FROM __drizzle_migrations").all() as { hash: string; createdAt: number }[];
  const unknown = applied.filter((m) => !hashes.has(m.hash) || Number(m.createdAt) > newest);
  if (unknown.length === 0) return;
  throw new NewerDatabaseError(
    `数据库 ${sqlite.name} 已由更新版本的 carecert 迁移：其中 ${unknown.length} 个迁移不在本版本之内。请运行该更新版本，或从升级前的备份恢复；本版本拒绝启动，以免按旧的表结构写入数据`,
  );
}

/** How many migrations the database has applied (drizzle's bookkeeping table: schema `drizzle` on PostgreSQL). */
export async function appliedMigrationCount(db: Db): Promise<number> {
  const table = sqliteConnectionOf(db) ? sql`__drizzle_migrations` : sql`drizzle.__drizzle_migrations`;
  const [row] = await db.select({ applied: countRows() }).from(table);
  return row?.applied ?? 0;
}
