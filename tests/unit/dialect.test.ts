import { firstRow } from "../../db/query.ts";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { integer, sqliteTable, SQLiteSyncDialect, text } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { chinaDayOf, countRows, groupConcat, groupConcatDistinct, inJsonIds, isUniqueViolation, jsonArrayContains, sqlFalse, sqlTrue } from "../../db/dialect.ts";

const things = sqliteTable("things", {
  id: integer("id").primaryKey(),
  name: text("name").notNull().unique(),
  tags: text("tags").notNull(),
  at: integer("at").notNull(),
});

const dialect = new SQLiteSyncDialect();
const query = (condition: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(condition);
  return { sql: text, params };
};

async function database() {
  const client = new Database(":memory:");
  client.exec("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, tags TEXT NOT NULL, at INTEGER NOT NULL)");
  const db = drizzle(client);
  await db.insert(things)
    .values([
      { id: 1, name: "甲", tags: '["a","b"]', at: Date.UTC(2026, 0, 31, 15, 59, 59) }, // 2026-01-31 23:59:59 in China
      { id: 2, name: "乙", tags: '["b"]', at: Date.UTC(2026, 0, 31, 16, 0, 0) }, // 2026-02-01 00:00 in China
      { id: 3, name: "丙", tags: "[]", at: Date.UTC(2026, 1, 28, 16, 0, 0) }, // 2026-03-01 00:00 in China
    ]);
  return db;
}

describe("dialect: the SQLite spelling of each helper", () => {
  it("sqlFalse and sqlTrue are 0 and 1, and filter out or keep every row", async () => {
    expect(query(sqlFalse)).toEqual({ sql: "0", params: [] });
    expect(query(sqlTrue)).toEqual({ sql: "1", params: [] });
    const db = await database();
    expect(await db.select({ id: things.id }).from(things).where(sqlFalse)).toEqual([]);
    expect(await db.select({ id: things.id }).from(things).where(sqlTrue)).toHaveLength(3);
  });

  it("isUniqueViolation recognises better-sqlite3's unique error and nothing else", async () => {
    const db = await database();
    let unique: unknown;
    try {
      await db.insert(things).values({ id: 9, name: "甲", tags: "[]", at: 0 });
    } catch (error) {
      unique = error;
    }
    expect(unique).toBeDefined();
    expect(isUniqueViolation(unique)).toBe(true);
    let notNull: unknown;
    try {
      db.run(sql`INSERT INTO things (id, name, tags, at) VALUES (10, NULL, '[]', 0)`);
    } catch (error) {
      notNull = error;
    }
    expect(isUniqueViolation(notNull)).toBe(false);
    for (const other of [null, undefined, "SQLITE_CONSTRAINT_UNIQUE", new Error("x"), { code: "SQLITE_BUSY" }]) expect(isUniqueViolation(other)).toBe(false);
  });

  it("inJsonIds keeps the exam's prepared statement SQL as it was and selects the listed ids", async () => {
    const db = await database();
    const select = db.select({ id: things.id }).from(things).where(inJsonIds(things.id, sql.placeholder("ids")));
    expect(select.toSQL().sql).toBe('select "id" from "things" where "things"."id" IN (SELECT value FROM json_each(?))');
    expect(await select.prepare().execute({ ids: JSON.stringify([1, 3, 7]) })).toEqual([{ id: 1 }, { id: 3 }]);
    expect(await select.prepare().execute({ ids: "[]" })).toEqual([]);
    expect(query(inJsonIds(things.id, "[2]"))).toEqual({ sql: '"things"."id" IN (SELECT value FROM json_each(?))', params: ["[2]"] });
  });

  it("jsonArrayContains tests membership of a JSON array column", async () => {
    expect(query(jsonArrayContains(things.tags, "b"))).toEqual({ sql: 'EXISTS (SELECT 1 FROM json_each("things"."tags") WHERE value = ?)', params: ["b"] });
    const db = await database();
    expect(await db.select({ id: things.id }).from(things).where(jsonArrayContains(things.tags, "a"))).toEqual([{ id: 1 }]);
    expect(await db.select({ id: things.id }).from(things).where(jsonArrayContains(things.tags, "b")).orderBy(things.id)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("groupConcatDistinct and groupConcat join a group's values", async () => {
    expect(query(groupConcatDistinct(things.name))).toEqual({ sql: 'group_concat(DISTINCT "things"."name")', params: [] });
    expect(query(groupConcat(things.name, "、"))).toEqual({ sql: 'group_concat("things"."name", ?)', params: ["、"] });
    const db = await database();
    // Every tags value starts with "[": three rows, one distinct value.
    expect(await firstRow(db.select({ first: groupConcatDistinct(sql`substr(${things.tags}, 1, 1)`) }).from(things))).toEqual({ first: "[" });
    const joined = (await firstRow(db.select({ names: groupConcat(things.name, "、") }).from(things)))!.names!;
    expect(joined.split("、").sort()).toEqual(["丙", "乙", "甲"].sort());
    expect((await firstRow(db.select({ names: groupConcat(things.name, "、") }).from(things).where(sqlFalse)))!.names).toBeNull();
  });

  it("chinaDayOf gives the China Standard Time calendar day of a millisecond timestamp, shifted by whole days", async () => {
    expect(query(chinaDayOf(things.at))).toEqual({ sql: `date("things"."at" / 1000, 'unixepoch', '+8 hours')`, params: [] });
    expect(query(chinaDayOf(things.at, -1))).toEqual({ sql: `date("things"."at" / 1000, 'unixepoch', '+8 hours', '-1 day')`, params: [] });
    expect(query(chinaDayOf(things.at, 2))).toEqual({ sql: `date("things"."at" / 1000, 'unixepoch', '+8 hours', '+2 day')`, params: [] });
    expect(() => chinaDayOf(things.at, 0.5)).toThrow();
    const db = await database();
    const days = await db.select({ day: chinaDayOf(things.at), before: chinaDayOf(things.at, -1) }).from(things).orderBy(things.id);
    expect(days).toEqual([
      { day: "2026-01-31", before: "2026-01-30" },
      { day: "2026-02-01", before: "2026-01-31" },
      { day: "2026-03-01", before: "2026-02-28" },
    ]);
  });

  it("countRows is count(*) read as a number", async () => {
    expect(query(countRows())).toEqual({ sql: "count(*)", params: [] });
    const db = await database();
    expect(await firstRow(db.select({ n: countRows() }).from(things))).toEqual({ n: 3 });
    expect(await firstRow(db.select({ n: countRows() }).from(things).where(sqlFalse))).toEqual({ n: 0 });
  });
});
