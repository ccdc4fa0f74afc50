import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPostgresMigrations, closePostgres, isPostgresConnectionLost, openPostgres, PostgresStartupError } from "../../db/postgres.ts";
import { createTestDatabase, databaseUrlFor } from "../setup/postgres-databases.ts";
import { adminUrl, migratedEmptyDatabase, type EmptyDatabase } from "./context.ts";

/** Start-up refusals naming the problem, concurrent start-ups, and a connection lost mid-query on a real server. */

let database: EmptyDatabase;

beforeAll(async () => {
  database = await migratedEmptyDatabase();
});

afterAll(async () => {
  await database?.close();
});

async function startupFailure(url: string): Promise<PostgresStartupError> {
  const db = openPostgres(url, { max: 1, connectionTimeoutMs: 3_000 });
  try {
    await applyPostgresMigrations(db);
  } catch (error) {
    expect(error).toBeInstanceOf(PostgresStartupError);
    return error as PostgresStartupError;
  } finally {
    await closePostgres(db);
  }
  throw new Error(`started on ${url}`);
}

describe("start-up refusals", () => {
  it("an unreachable server names host and port", async () => {
    const { message } = await startupFailure("postgres://postgres@127.0.0.1:1/carecert");
    expect(message).toMatch(/^无法连接 PostgreSQL 服务器 127\.0\.0\.1:1（ECONNREFUSED）/);
  });

  it("a database that does not exist is named", async () => {
    const { message } = await startupFailure(databaseUrlFor(adminUrl, "carecert_no_such_db"));
    expect(message).toMatch(/上没有数据库“carecert_no_such_db”/);
  });

  it("a refused login names the user", async () => {
    const url = new URL(database.url);
    url.username = "nobody_here";
    const { message } = await startupFailure(url.toString());
    expect(message).toMatch(/拒绝了用户“nobody_here”登录（认证失败）/);
  });

  it("a database migrated by a newer version is refused, and accepted again once the newer migration is gone", async () => {
    const future = Date.now() + 365 * 86_400_000;
    await database.pg.$client.query("INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)", ["f".repeat(64), future]);
    try {
      await expect(applyPostgresMigrations(database.pg)).rejects.toThrow(/已由更新版本的 carecert 迁移：其中 1 个迁移/);
    } finally {
      await database.pg.$client.query("DELETE FROM drizzle.__drizzle_migrations WHERE hash = $1", ["f".repeat(64)]);
    }
    await applyPostgresMigrations(database.pg);
  });

  it("several servers starting together on an empty database migrate it once", async () => {
    const empty = await createTestDatabase(adminUrl, "template0");
    const servers = [1, 2, 3].map(() => openPostgres(empty.url, { max: 2 }));
    try {
      await Promise.all(servers.map((db) => applyPostgresMigrations(db)));
      const { rows } = await servers[0]!.$client.query<{ n: number }>("SELECT count(*) AS n FROM drizzle.__drizzle_migrations");
      expect(rows[0]!.n).toBe(1);
    } finally {
      await Promise.all(servers.map((db) => closePostgres(db)));
      await empty.drop();
    }
  });
});

describe("a connection lost mid-query", () => {
  it("is recognised, and the pool serves the next query on a new connection", async () => {
    const db = openPostgres(database.url, { max: 1 });
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const [{ pid }] = (await db.execute<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid`)).rows as [{ pid: number }];
      const sleeping = db.execute(sql`SELECT pg_sleep(30)`).then(() => undefined, (error: unknown) => error);
      // Wait until the sleep is running on that backend, then end it as an administrator (or a restart) would.
      for (let i = 0; i < 100; i++) {
        const { rows } = await admin.query("SELECT state, query FROM pg_stat_activity WHERE pid = $1", [pid]);
        if (rows[0]?.state === "active" && String(rows[0].query).includes("pg_sleep")) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      const lost = await sleeping;
      expect(lost).toBeDefined();
      expect(isPostgresConnectionLost(lost)).toBe(true);
      const after = await db.execute<{ one: number }>(sql`SELECT 1 AS one`);
      expect(after.rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await closePostgres(db);
    }
  });

  it("is not confused with a failed statement", async () => {
    const failed = await database.pg.execute(sql`SELECT 1 / 0`).then(() => undefined, (error: unknown) => error);
    expect(failed).toBeDefined();
    expect(isPostgresConnectionLost(failed)).toBe(false);
  });
});
