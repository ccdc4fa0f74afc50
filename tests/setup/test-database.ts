import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { closeDatabase, openDatabase, type Db, type SqliteDb } from "../../db/client.ts";
import { openConfiguredDatabase } from "../../db/connect.ts";
import { applyMigrations } from "../../db/migrate.ts";
import { syncReferenceData } from "../../seeds/reference.ts";
import { TEMPLATE_DB, TMP_DIR } from "./paths.ts";
import {
  createTemplateDatabase,
  createTestDatabase,
  databaseNameOf,
  dropTestDatabase,
  dropTestDatabases,
  TEMPLATE_DATABASE,
} from "./postgres-databases.ts";

/**
 * Every database the tests make or open, on the engine the suite runs on (issue #16):
 *
 *   SQLite (DATABASE_URL unset)      the template is a migrated file with reference data; a database is a copy of it
 *   PostgreSQL (DATABASE_URL=pg://)  the template is a template database (tests/setup/postgres-databases.ts); a
 *                                    database is CREATE DATABASE … TEMPLATE on the same server
 *
 * The URL the suite was started with stays in CARECERT_TEST_ADMIN_URL: each test file's own database replaces
 * DATABASE_URL in its process, and the admin URL is what creates and drops the others.
 */

/** The environment variable holding the PostgreSQL URL the suite was started with (empty on SQLite). */
export const ADMIN_URL_VARIABLE = "CARECERT_TEST_ADMIN_URL";

export type TestEngine = "sqlite" | "postgres";

/**
 * The URL the suite was started with, or undefined on SQLite. The first call in a process (the global setup, each
 * test file's setup) keeps DATABASE_URL in CARECERT_TEST_ADMIN_URL before anything replaces it.
 */
export function suiteAdminUrl(): string | undefined {
  if (process.env[ADMIN_URL_VARIABLE] === undefined) process.env[ADMIN_URL_VARIABLE] = process.env.DATABASE_URL?.trim() ?? "";
  return process.env[ADMIN_URL_VARIABLE] || undefined;
}

export function testEngine(): TestEngine {
  return suiteAdminUrl() ? "postgres" : "sqlite";
}

function adminUrlOrThrow(): string {
  const url = suiteAdminUrl();
  if (!url) throw new Error("the suite runs on SQLite: no PostgreSQL admin URL");
  return url;
}

/**
 * One test database, serialisable (the global setup hands the HTTP server's to the test files).
 * `path`: on SQLite the database file; on PostgreSQL a path in the test folder that no one opens, given as
 * DATABASE_PATH so that what lives beside the database (FILES_DIR by default, the signing key) has a place.
 * `url`: the PostgreSQL database's URL, null on SQLite.
 */
export type TestDatabase = { engine: TestEngine; path: string; url: string | null };

/** Builds the template every database is copied from: migrated, with the reference data synced. Global setup only. */
export async function prepareTemplate(): Promise<void> {
  fs.rmSync(TMP_DIR, { recursive: true, force: true });
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const adminUrl = suiteAdminUrl();
  if (adminUrl) {
    await createTemplateDatabase(adminUrl, { prepare: (db) => syncReferenceData(db as unknown as Db) });
    return;
  }
  const template = openDatabase(TEMPLATE_DB);
  await applyMigrations(template);
  await syncReferenceData(template);
  template.$sqlite.pragma("wal_checkpoint(TRUNCATE)");
  await closeDatabase(template);
}

/**
 * A new database: a copy of the template, or with `empty` one with no tables at all (what a first start sees).
 * `name` names the SQLite file (and the PostgreSQL database's DATABASE_PATH); PostgreSQL names its database itself.
 */
export async function createDatabase(options: { name?: string; empty?: boolean } = {}): Promise<TestDatabase> {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const file = path.join(TMP_DIR, `${options.name ?? `test-${randomUUID()}`}.db`);
  const adminUrl = suiteAdminUrl();
  if (adminUrl) {
    const { url } = await createTestDatabase(adminUrl, options.empty ? "template0" : TEMPLATE_DATABASE);
    return { engine: "postgres", path: file, url };
  }
  if (!options.empty) fs.copyFileSync(TEMPLATE_DB, file);
  return { engine: "sqlite", path: file, url: null };
}

/** Removes a database made by createDatabase, ending any connection still open to it (PostgreSQL). */
export async function dropDatabase(database: TestDatabase): Promise<void> {
  if (database.url) {
    await dropTestDatabase(adminUrlOrThrow(), databaseNameOf(database.url));
    return;
  }
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${database.path}${suffix}`, { force: true });
}

/** Drops every PostgreSQL test database and the template (the global teardown). SQLite's files stay until the next run. */
export async function dropAllDatabases(): Promise<void> {
  const adminUrl = suiteAdminUrl();
  if (adminUrl) await dropTestDatabases(adminUrl);
}

/** The settings that point the app (a server, the CLI, a child script) at the database. */
export function databaseEnv(database: TestDatabase): { DATABASE_PATH: string; DATABASE_URL?: string } {
  return database.url ? { DATABASE_PATH: database.path, DATABASE_URL: database.url } : { DATABASE_PATH: database.path };
}

/**
 * The environment of a process started on the database: this process's, the database's settings, then `extra`.
 * On SQLite DATABASE_URL is removed, so nothing inherited points the child at another engine.
 */
export function childEnv(database: TestDatabase, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, ...databaseEnv(database), ...extra };
  if (!database.url) delete env.DATABASE_URL;
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

/**
 * Opens a database the test did not get through app/db.server.ts (a server's, another file's copy), as the app opens
 * its own: the SQLite file, or a pool guarded like the app's. Close it with closeDatabase.
 */
export function openTestDatabase(database: TestDatabase, options: { busyTimeoutMs?: number } = {}): Db {
  if (database.engine === "sqlite") return openDatabase(database.path, options) as SqliteDb;
  return openConfiguredDatabase({ databasePath: database.path, databaseUrl: database.url, databasePoolSize: 4 });
}

/** The database this process was pointed at (DATABASE_PATH, DATABASE_URL): a child script's, or a test file's own. */
export function databaseFromEnv(): TestDatabase {
  const url = process.env.DATABASE_URL?.trim() || null;
  const file = process.env.DATABASE_PATH;
  if (!file) throw new Error("DATABASE_PATH is not set");
  return { engine: url ? "postgres" : "sqlite", path: file, url };
}
