import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { drizzle as drizzleProxy } from "drizzle-orm/sqlite-proxy";
import { describe, expect, it } from "vitest";
import { changedRows, countWhere, sqliteDialect } from "../../db/dialect.ts";
import { dayPlusMonthsCases } from "./dialect-cases.ts";

/** The helpers added for the second engine (issue #16), in their SQLite spelling on a real SQLite database. */

function database() {
  const client = new Database(":memory:");
  client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT)");
  return drizzle({ client });
}

describe("dialect: SQLite spelling of the newer helpers", () => {
  it("textPosition is instr: 1-based, 0 when absent", async () => {
    const db = database();
    expect(await sqliteDialect.rawRows(db, sql`SELECT ${sqliteDialect.textPosition(sql`'pair:a|b'`, "|")} AS p, ${sqliteDialect.textPosition(sql`'abc'`, "|")} AS none`)).toEqual([{ p: 7, none: 0 }]);
  });

  it("jsonArrayElements reads a JSON array parameter as rows with a value column", async () => {
    const db = database();
    const json = JSON.stringify([{ code: "1", year: 2026 }, { code: "2", year: 2027 }]);
    expect(await sqliteDialect.rawRows(db, sql`SELECT j.value->>'code' AS code, j.value->>'year' AS year FROM ${sqliteDialect.jsonArrayElements(json)} j ORDER BY 1`)).toEqual([
      { code: "1", year: 2026 },
      { code: "2", year: 2027 },
    ]);
  });

  it("rawRows names the positional rows of the app's sqlite-proxy client from the statement's columns", async () => {
    const client = new Database(":memory:");
    client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT); INSERT INTO t (k) VALUES ('x'), ('y')");
    // As db/client.ts: the proxy returns rows as arrays, and the handle carries its connection as $sqlite.
    const positional = async (text: string, params: unknown[]) => ({ rows: client.prepare(text).raw(true).all(params) as unknown[][] });
    const db = Object.assign(drizzleProxy(positional), { $sqlite: client });
    expect(await sqliteDialect.rawRows(db, sql`SELECT id, k AS key, count(*) OVER () AS n FROM t ORDER BY id`)).toEqual([
      { id: 1, key: "x", n: 2 },
      { id: 2, key: "y", n: 2 },
    ]);
    expect(await sqliteDialect.rawRows(db, sql`SELECT id FROM t WHERE 0`)).toEqual([]);
    await expect(sqliteDialect.rawRows(drizzleProxy(positional), sql`SELECT id FROM t`)).rejects.toThrow(/\$sqlite/);
  });

  it("changedRows of a run result", () => {
    const db = database();
    expect(changedRows(db.run(sql`INSERT INTO t (k) VALUES ('x'), ('y')`))).toBe(2);
    expect(changedRows(db.run(sql`UPDATE t SET k = 'z' WHERE k = 'none'`))).toBe(0);
  });
});

describe("dialect: SQLite spelling of the helpers the app's own SQL needed on PostgreSQL", () => {
  const one = async <T>(expression: SQL) => (await sqliteDialect.rawRows<{ v: T }>(database(), sql`SELECT ${expression} AS v`))[0]!.v;

  it("greatest and least are the two-argument max and min", async () => {
    expect(await one(sqliteDialect.greatest(sql`3 - 4`, 0))).toBe(0);
    expect(await one(sqliteDialect.greatest(1, sql`5`))).toBe(5);
    expect(await one(sqliteDialect.least(sql`'2026-02-28'`, sql`'2026-03-03'`))).toBe("2026-02-28");
  });

  it("likeAnyCase ignores ASCII case, as SQLite's LIKE does", async () => {
    expect(await one(sqliteDialect.likeAnyCase(sql`'CPR 培训讲师'`, "%cpr%"))).toBe(1);
    expect(await one(sqliteDialect.likeAnyCase(sql`'CPR 培训讲师'`, "%护理%"))).toBe(0);
  });

  it("jsonArrayLength counts a JSON array's elements", async () => {
    expect(await one(sqliteDialect.jsonArrayLength(sql`'["a","b","c"]'`))).toBe(3);
    expect(await one(sqliteDialect.jsonArrayLength(sql`'[]'`))).toBe(0);
  });

  it("dayPlusMonths counts months as date-fns does (kept within the target month) and shifts by days", async () => {
    for (const [day, months, shift, expected] of dayPlusMonthsCases) {
      expect(await one(sqliteDialect.dayPlusMonths(sql`${day}`, sql`${months}`, shift)), `${day} + ${months} months ${shift} days`).toBe(expected);
    }
  });

  it("countWhere counts the rows meeting a condition, 0 for none", async () => {
    const db = database();
    db.run(sql`INSERT INTO t (k) VALUES ('online'), ('paper'), ('online'), (NULL)`);
    expect(await sqliteDialect.rawRows(db, sql`SELECT ${countWhere(sql`k = 'online'`)} AS online, ${countWhere(sql`k IS NULL`)} AS unknown, ${countWhere(sql`k = 'x'`)} AS none FROM t`)).toEqual([{ online: 2, unknown: 1, none: 0 }]);
  });

  it("rawWrite runs a write and says how many rows it changed", async () => {
    const db = database();
    expect(await sqliteDialect.rawWrite(db, sql`INSERT INTO t (k) SELECT j.value FROM ${sqliteDialect.jsonArrayElements('["x","y"]')} j`)).toBe(2);
    expect(await sqliteDialect.rawWrite(db, sql`UPDATE t SET k = 'z' WHERE k = 'none'`)).toBe(0);
  });
});

