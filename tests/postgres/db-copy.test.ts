import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { asc, getTableColumns, getTableName, is, sql } from "drizzle-orm";
import { drizzle as sqliteDrizzle } from "drizzle-orm/better-sqlite3";
import { blob, getTableConfig, integer, real, sqliteTable, SQLiteTable, text } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listIntact } from "../../app/allowances/lists.server.ts";
import { runCli } from "../../app/cli/cli.server.ts";
import { copyCommands } from "../../app/cli/copy.server.ts";
import { subsidyListIntact } from "../../app/subsidies/lists.server.ts";
import type { Db } from "../../db/client.ts";
import { copyTables, CopyError, openSqliteSnapshot, schemaTablePairs, type TablePair } from "../../db/copy.ts";
import { closePostgres, openPostgres, type PostgresDb } from "../../db/postgres.ts";
import { allowanceLists, people, subsidyLists } from "../../db/schema.ts";
import { toPgTables } from "../../db/schema.pg.ts";
import * as sqliteSchema from "../../db/schema.sqlite.ts";
import { createTestDatabase, type TestDatabase } from "../setup/postgres-databases.ts";
import { adminUrl } from "./context.ts";

/**
 * `npm run cli -- db:copy --to postgres://…` (issue #16): the demo database, built on SQLite by a child process of
 * its own (this process runs on PostgreSQL), copied into an empty PostgreSQL database and checked there.
 */

const root = path.resolve(import.meta.dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "carecert-db-copy-"));
const sourcePath = path.join(work, "demo.db");

type Run = { code: number | null; stdout: string; stderr: string };

/** A child process in the project, with DATABASE_URL removed (the SQLite engine) unless `env` sets it. */
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _engine, ...inherited } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const dbCopy = (url: string) => run(["scripts/cli.ts", "db:copy", "--to", url], { DATABASE_PATH: sourcePath });

let target: TestDatabase;
let pg: PostgresDb;
let first: Run;

beforeAll(async () => {
  const built = await run(["tests/setup/demo-sqlite.ts", sourcePath]);
  if (built.code !== 0) throw new Error(`demo database not built:\n${built.stdout}\n${built.stderr}`);
  // An empty database, not even migrated: db:copy migrates it.
  target = await createTestDatabase(adminUrl, "template0");
  pg = openPostgres(target.url, { max: 2 });
  first = await dbCopy(target.url);
}, 300_000);

afterAll(async () => {
  await closePostgres(pg);
  await target.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Every table's rows through drizzle, sorted by primary key: SQLite's tables on the source, PostgreSQL's on the target. */
function primaryKeyOf(pair: TablePair): string[] {
  const columns = Object.entries(getTableColumns(pair.source));
  const config = getTableConfig(pair.source);
  if (config.primaryKeys[0]) return config.primaryKeys[0].columns.map((c) => columns.find(([, column]) => column.name === c.name)![0]);
  return columns.filter(([, column]) => column.primary).map(([key]) => key);
}
const sortedBy = (keys: string[]) => (rows: Record<string, unknown>[]) =>
  rows.map((row) => [JSON.stringify(keys.map((k) => row[k])), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);

describe("db:copy of the demo database", () => {
  it("copies every table, checks it and prints a summary in Chinese", () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("正在复制 76 张表");
    expect(first.stdout).toMatch(/\[76\/76\]/);
    expect(first.stdout).toContain("校验通过");
    expect(first.stdout).toContain("76 张表的行数与来源一致");
    expect(first.stdout).toMatch(/已批准的补贴发放名册 [1-9]\d* 份、补贴名册 [1-9]\d* 份/);
    expect(first.stdout).toMatch(/完成：复制 76 张表、[\d,]+ 行，用时 [\d.]+ 秒/);
    expect(first.stdout).toContain("签名私钥");
  });

  it("holds every row of every table, each value converted by its column kind", async () => {
    const source = new Database(sourcePath, { readonly: true });
    const sdb = sqliteDrizzle({ client: source });
    try {
      const pairs = schemaTablePairs();
      expect(pairs).toHaveLength(76);
      for (const pair of pairs) {
        const sort = sortedBy(primaryKeyOf(pair));
        const expected = sort(sdb.select().from(pair.source).all() as Record<string, unknown>[]);
        const actual = sort((await pg.select().from(pair.target)) as Record<string, unknown>[]);
        expect(actual.length, pair.name).toBe(expected.length);
        expect(actual, pair.name).toEqual(expected);
      }
      // The demo fills the tables that matter for the move; the comparison above is not of empty tables.
      for (const table of ["users", "certificates", "allowance_lines", "attempt_answers", "audit_log", "signing_keys", "worker_months"]) {
        const { n } = source.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number };
        expect(n, table).toBeGreaterThan(0);
      }
      // Values of each kind arrive as PostgreSQL's types, not as SQLite's integers and text.
      const { rows } = await pg.execute<{ created: string; flag: string; jwk: string }>(sql`
        SELECT pg_typeof(u.created_at)::text AS created, pg_typeof(k.public_jwk)::text AS jwk, (SELECT pg_typeof(a.claimed)::text FROM subsidy_applications a LIMIT 1) AS flag
        FROM users u, signing_keys k LIMIT 1`);
      expect(rows[0]).toEqual({ created: "timestamp with time zone", jwk: "jsonb", flag: "boolean" });
    } finally {
      source.close();
    }
  });

  it("keeps the approved lists intact: their stored hashes match a recomputation on PostgreSQL", async () => {
    const db = pg as unknown as Db;
    const source = new Database(sourcePath, { readonly: true });
    try {
      const approved = await db.select().from(allowanceLists).where(sql`${allowanceLists.status} = 'approved'`).orderBy(asc(allowanceLists.id));
      expect(approved.length).toBeGreaterThan(0);
      for (const list of approved) {
        const stored = source.prepare("SELECT content_hash AS hash FROM allowance_lists WHERE id = ?").get(list.id) as { hash: string };
        expect(list.contentHash).toBe(stored.hash);
        expect(await listIntact(db, list), `allowance list ${list.id}`).toBe(true);
      }
      const subsidy = await db.select().from(subsidyLists).where(sql`${subsidyLists.status} = 'approved'`);
      expect(subsidy.length).toBeGreaterThan(0);
      for (const list of subsidy) expect(await subsidyListIntact(db, list), `subsidy list ${list.id}`).toBe(true);
    } finally {
      source.close();
    }
  });

  it("refuses a second run into the now non-empty target, naming a table with rows, and changes nothing", async () => {
    const before = await pg.execute<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`);
    const again = await dbCopy(target.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/目标数据库不是空的：[a-z_]+(、[a-z_]+)*.*已有数据/);
    const after = await pg.execute<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`);
    expect(after.rows).toEqual(before.rows);
  }, 60_000);

  it("advanced the identity sequences: a new row gets the next id after the copied ones", async () => {
    const db = pg as unknown as Db;
    const [{ max }] = (await pg.execute<{ max: number }>(sql`SELECT max(id) AS max FROM people`)).rows as [{ max: number }];
    const [person] = await db.insert(people).values({ name: "迁移后新增", idNumber: "11010519491231002X", gender: "female", birthDate: "1949-12-31" }).returning();
    expect(person!.id).toBe(max + 1);
    expect(person!.createdAt).toBeInstanceOf(Date);
  });
});

describe("db:copy refuses what it cannot copy", () => {
  const err: string[] = [];
  const cli = (db: unknown, argv: string[]) => runCli(db as Db, copyCommands, argv, () => {}, (line) => err.push(line));

  it("a PostgreSQL source (DATABASE_URL set)", async () => {
    err.length = 0;
    expect(await cli(pg, ["db:copy", "--to", target.url])).toBe(1);
    expect(err.join("\n")).toContain("当前设置了 DATABASE_URL");
  });

  it("a target that is not a PostgreSQL URL, or none", async () => {
    const sqlite = { $sqlite: { name: sourcePath } };
    err.length = 0;
    expect(await cli(sqlite, ["db:copy", "--to", "mysql://db.example/carecert"])).toBe(1);
    expect(err.join("\n")).toMatch(/--to 给出的目标数据库地址有误：.*只支持 PostgreSQL/);
    err.length = 0;
    expect(await cli(sqlite, ["db:copy"])).toBe(1);
    expect(err.join("\n")).toContain("缺少参数 --to");
  });
});

describe("copyTables on a schema of its own", () => {
  // A table that references itself (children written before their parents) and one that references it.
  const nodes = sqliteTable("nodes", {
    id: integer("id").primaryKey({ autoIncrement: true }),
    parentId: integer("parent_id").references((): never => nodes.id as never),
    name: text("name").notNull(),
    // One column of each kind the demo leaves empty or that differs between the engines.
    hash: blob("hash", { mode: "buffer" }),
    at: integer("at", { mode: "timestamp_ms" }),
    flag: integer("flag", { mode: "boolean" }),
    meta: text("meta", { mode: "json" }),
    score: real("score"),
  });
  const tags = sqliteTable("tags", {
    id: integer("id").primaryKey({ autoIncrement: true }),
    nodeId: integer("node_id").notNull().references(() => nodes.id),
    weight: integer("weight").notNull(),
  });
  const pgTables = toPgTables({ nodes, tags });
  // Deliberately listed child table first: the order comes from the foreign keys.
  const pairs: TablePair[] = [
    { name: "tags", source: tags, target: pgTables.tags },
    { name: "nodes", source: nodes, target: pgTables.nodes },
  ];

  function sourceFile(weight: number): string {
    const file = path.join(work, `own-${weight}.db`);
    const sqlite = new Database(file);
    sqlite.exec(`
      CREATE TABLE nodes (id integer PRIMARY KEY AUTOINCREMENT, parent_id integer REFERENCES nodes(id), name text NOT NULL,
        hash blob, at integer, flag integer, meta text, score real);
      CREATE TABLE tags (id integer PRIMARY KEY AUTOINCREMENT, node_id integer NOT NULL REFERENCES nodes(id), weight integer NOT NULL);
      INSERT INTO nodes (id, parent_id, name, hash, at, flag, meta, score) VALUES
        (1, NULL, '根', x'00ff10', 1767196800123, 1, '{"b":1,"a":["x",null,"引号\\"和\\\\"]}', 0.1),
        (2, 5, '孙', NULL, NULL, 0, 'null', NULL),
        (5, 1, '子', x'', 0, NULL, '[]', -2.5);
      INSERT INTO tags (id, node_id, weight) VALUES (7, 2, 1), (8, 5, ${weight});
    `);
    sqlite.close();
    return file;
  }

  async function emptyTarget(): Promise<{ db: PostgresDb; close(): Promise<void> }> {
    const database = await createTestDatabase(adminUrl, "template0");
    const db = openPostgres(database.url, { max: 2 });
    await db.execute(sql.raw(`
      CREATE TABLE nodes (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, parent_id integer REFERENCES nodes(id), name text NOT NULL,
        hash bytea, at timestamp(3) with time zone, flag boolean, meta jsonb, score double precision);
      CREATE TABLE tags (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, node_id integer NOT NULL REFERENCES nodes(id), weight integer NOT NULL);
    `));
    return { db, close: async () => (await closePostgres(db), await database.drop()) };
  }

  it("orders tables by their foreign keys and fills a table's references to itself after its rows", async () => {
    const snapshot = openSqliteSnapshot(sourceFile(3));
    const { db, close } = await emptyTarget();
    try {
      const result = await copyTables(snapshot, db, pairs);
      expect(result.rows).toBe(5);
      expect(result.sequences).toBe(2);
      const copied = await db.select().from(pgTables.nodes).orderBy(sql`id`);
      expect(copied).toEqual(snapshot.db.select().from(nodes).orderBy(nodes.id).all());
      expect(copied).toEqual([
        { id: 1, parentId: null, name: "根", hash: Buffer.from([0, 255, 16]), at: new Date(1767196800123), flag: true, meta: { b: 1, a: ["x", null, '引号"和\\'] }, score: 0.1 },
        { id: 2, parentId: 5, name: "孙", hash: null, at: null, flag: false, meta: null, score: null },
        { id: 5, parentId: 1, name: "子", hash: Buffer.alloc(0), at: new Date(0), flag: null, meta: [], score: -2.5 },
      ]);
      const { rows } = await db.execute(sql`SELECT pg_typeof(meta)::text AS meta, meta->>'b' AS b FROM nodes WHERE id = 1`);
      expect(rows).toEqual([{ meta: "jsonb", b: "1" }]);
      const inserted = await db.execute(sql`INSERT INTO tags (node_id, weight) VALUES (1, 1) RETURNING id`);
      expect(inserted.rows).toEqual([{ id: 9 }]);
    } finally {
      snapshot.close();
      await close();
    }
  });

  it("rolls everything back when a table fails, naming it: the target stays empty", async () => {
    // SQLite stores 2^31 in an integer column; PostgreSQL's integer refuses it.
    const snapshot = openSqliteSnapshot(sourceFile(2 ** 31));
    const { db, close } = await emptyTarget();
    try {
      const copying = copyTables(snapshot, db, pairs);
      await expect(copying).rejects.toThrow(CopyError);
      await expect(copying).rejects.toThrow(/复制表 tags 失败.*已回滚.*out of range/);
      const { rows } = await db.execute(sql`SELECT (SELECT count(*) FROM nodes) AS nodes, (SELECT count(*) FROM tags) AS tags`);
      expect(rows).toEqual([{ nodes: 0, tags: 0 }]);
    } finally {
      snapshot.close();
      await close();
    }
  });

  it("covers every table of the schema", () => {
    const tables = Object.values(sqliteSchema).filter((value) => is(value, SQLiteTable));
    expect(schemaTablePairs().map((p) => p.name).sort()).toEqual(tables.map((t) => getTableName(t)).sort());
  });
});
