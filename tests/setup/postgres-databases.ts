import { randomBytes } from "node:crypto";
import pg from "pg";
import { parsePostgresUrl } from "../../db/engine.ts";
import { applyPostgresMigrations, closePostgres, openPostgres, type PostgresDb } from "../../db/postgres.ts";

/**
 * Test databases on PostgreSQL (issue #16), the counterpart of copying the SQLite template file: the global setup
 * builds one migrated template database, and each test file gets its own copy (CREATE DATABASE … TEMPLATE, a file
 * copy on the server, about as fast as migrating nothing) and drops it at the end.
 *
 *   global setup:  await createTemplateDatabase(adminUrl, { prepare: async (db) => { …reference data… } })
 *   per test file: const { url, drop } = await createTestDatabase(adminUrl); process.env.DATABASE_URL = url; …
 *                  afterAll(drop)
 *   teardown:      await dropTestDatabases(adminUrl)
 *
 * `adminUrl` is the DATABASE_URL the suite was started with (scripts/pg-cluster.sh gives one); its user must be
 * allowed to create databases. Its own database is only used to connect and is never written.
 */

export const TEMPLATE_DATABASE = "carecert_template";
const TEST_PREFIX = "carecert_test_";

/** The URL of another database on the same server, with the same user and settings. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  parsePostgresUrl(adminUrl);
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  const { rows } = await client.query<{ datistemplate: boolean }>("SELECT datistemplate FROM pg_database WHERE datname = $1", [name]);
  if (rows.length === 0) return;
  if (rows[0]!.datistemplate) await client.query(`ALTER DATABASE ${quoted(name)} WITH IS_TEMPLATE false`);
  await client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
}

/** CREATE DATABASE, retried while the template is briefly in use (SQLSTATE 55006), e.g. by a concurrent copy. */
async function createDatabase(client: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${quoted(name)} TEMPLATE ${quoted(template)}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/**
 * (Re)creates the template database: empty, migrated with db/migrations-pg, then `prepare` (reference data), then
 * marked as a template that accepts no connections, so nothing changes it while test files copy it. Returns its URL.
 */
export async function createTemplateDatabase(
  adminUrl: string,
  options: { name?: string; prepare?: (db: PostgresDb, url: string) => Promise<void> } = {},
): Promise<string> {
  const name = options.name ?? TEMPLATE_DATABASE;
  await withAdmin(adminUrl, async (client) => {
    await dropDatabase(client, name);
    await client.query(`CREATE DATABASE ${quoted(name)} TEMPLATE template0 ENCODING 'UTF8'`);
  });
  const url = databaseUrlFor(adminUrl, name);
  const db = openPostgres(url, { max: 4, statementTimeoutMs: 600_000 });
  try {
    await applyPostgresMigrations(db);
    await options.prepare?.(db, url);
  } finally {
    await closePostgres(db);
  }
  await withAdmin(adminUrl, (client) => client.query(`ALTER DATABASE ${quoted(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`));
  return url;
}

/** Drops the template database (the global teardown, or a test's own template). */
export async function dropTemplateDatabase(adminUrl: string, name = TEMPLATE_DATABASE): Promise<void> {
  await withAdmin(adminUrl, (client) => dropDatabase(client, name));
}

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

/**
 * A new database copied from `template` (default: the migrated template; `template0` gives an empty database), with a
 * unique name. `drop()` removes it, ending any connection still open to it.
 */
export async function createTestDatabase(adminUrl: string, template = TEMPLATE_DATABASE): Promise<TestDatabase> {
  const name = `${TEST_PREFIX}${randomBytes(8).toString("hex")}`;
  await withAdmin(adminUrl, (client) => createDatabase(client, name, template));
  return {
    name,
    url: databaseUrlFor(adminUrl, name),
    drop: () => withAdmin(adminUrl, (client) => dropDatabase(client, name)),
  };
}

/** Drops one database by name (a test database, or any other the suite made), ending connections still open to it. */
export async function dropTestDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (client) => dropDatabase(client, name));
}

/** The database a PostgreSQL URL names. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}

/** Drops every test database a run left behind (a killed worker never dropped its copy), and the template. */
export async function dropTestDatabases(adminUrl: string, options: { template?: string | false } = {}): Promise<string[]> {
  return withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [TEST_PREFIX]);
    const names = rows.map((row) => row.datname);
    const template = options.template ?? TEMPLATE_DATABASE;
    if (template) names.push(template);
    for (const name of names) await dropDatabase(client, name);
    return names;
  });
}
