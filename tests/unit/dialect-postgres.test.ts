import { DrizzleQueryError, sql, type SQL } from "drizzle-orm";
import { bigint, integer, jsonb, PgDialect, pgTable, QueryBuilder, text, timestamp } from "drizzle-orm/pg-core";
import { QueryBuilder as SQLiteQueryBuilder, sqliteTable, integer as sqliteInteger } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { changedRows, isUniqueViolation, postgresDialect as pg, sqliteDialect } from "../../db/dialect.ts";
import { describePostgresStartupError, isPostgresConnectionLost } from "../../db/postgres.ts";

/** The PostgreSQL spelling of each helper, as SQL text (the suite on PostgreSQL runs them: tests/postgres). */

const things = pgTable("things", {
  id: integer("id").primaryKey(),
  big: bigint("big", { mode: "number" }),
  name: text("name").notNull(),
  tags: jsonb("tags").notNull(),
  at: timestamp("at", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
});

const dialect = new PgDialect();
const query = (condition: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(condition);
  return { sql: text, params };
};

describe("dialect: the PostgreSQL spelling of each helper", () => {
  it("sqlFalse and sqlTrue are false and true", () => {
    expect(query(pg.sqlFalse)).toEqual({ sql: "false", params: [] });
    expect(query(pg.sqlTrue)).toEqual({ sql: "true", params: [] });
  });

  it("inJsonIds expands the JSON array parameter and casts to the column's type", () => {
    expect(query(pg.inJsonIds(things.id, "[1,2]"))).toEqual({
      sql: `"things"."id" IN (SELECT (jsonb_array_elements_text($1::jsonb))::integer)`,
      params: ["[1,2]"],
    });
    expect(query(pg.inJsonIds(things.name, sql.placeholder("ids"))).sql).toBe(`"things"."name" IN (SELECT (jsonb_array_elements_text($1::jsonb))::text)`);
    expect(query(pg.inJsonIds(things.big, "[]")).sql).toContain("::bigint)");
    expect(query(pg.inJsonIds(sql`lower(${things.name})`, "[]", "text")).sql).toContain("::text)");
    expect(() => pg.inJsonIds(sql`lower(${things.name})`, "[]")).toThrow(/column type/);
    expect(() => pg.inJsonIds(things.tags, "[]")).toThrow(/jsonb/);
  });

  it("jsonArrayContains is jsonb containment of a one-element array", () => {
    expect(query(pg.jsonArrayContains(things.tags, "b"))).toEqual({ sql: `"things"."tags" @> $1::jsonb`, params: ['["b"]'] });
    expect(query(pg.jsonArrayContains(things.tags, 3)).params).toEqual(["[3]"]);
  });

  it("groupConcat and groupConcatDistinct are string_agg over text", () => {
    expect(query(pg.groupConcatDistinct(things.name))).toEqual({ sql: `string_agg(DISTINCT "things"."name"::text, ',')`, params: [] });
    expect(query(pg.groupConcat(things.id, "、"))).toEqual({ sql: `string_agg("things"."id"::text, $1)`, params: ["、"] });
  });

  it("chinaDayOf reads the timestamptz in Asia/Shanghai, shifted by whole days", () => {
    expect(query(pg.chinaDayOf(things.at)).sql).toBe(`to_char("things"."at" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`);
    expect(query(pg.chinaDayOf(things.at, -1)).sql).toBe(`to_char(("things"."at" AT TIME ZONE 'Asia/Shanghai') + -1 * interval '1 day', 'YYYY-MM-DD')`);
    expect(query(pg.chinaDayOf(things.at, 2)).sql).toBe(`to_char(("things"."at" AT TIME ZONE 'Asia/Shanghai') + 2 * interval '1 day', 'YYYY-MM-DD')`);
    expect(() => pg.chinaDayOf(things.at, 1.5)).toThrow();
  });

  it("textPosition is strpos, jsonArrayElements is jsonb_array_elements over the parameter", () => {
    expect(query(pg.textPosition(things.name, "|"))).toEqual({ sql: `strpos("things"."name", $1)`, params: ["|"] });
    expect(query(sqliteDialect.textPosition(sql`x`, "|")).sql).toBe("instr(x, $1)");
    expect(query(sql`SELECT j.value->>'k' FROM ${pg.jsonArrayElements('[{"k":1}]')} j`)).toEqual({
      sql: `SELECT j.value->>'k' FROM jsonb_array_elements($1::jsonb) j`,
      params: ['[{"k":1}]'],
    });
  });

  it("jsonArrayLength, greatest and least, dayPlusMonths", () => {
    expect(query(pg.jsonArrayLength(things.tags))).toEqual({ sql: `jsonb_array_length("things"."tags")`, params: [] });
    expect(query(pg.greatest(sql`${things.id} - 1`, 0))).toEqual({ sql: `greatest("things"."id" - 1, $1)`, params: [0] });
    expect(query(pg.least(things.id, things.big)).sql).toBe(`least("things"."id", "things"."big")`);
    expect(query(pg.dayPlusMonths(things.name, things.id, -1)).sql).toBe(`to_char("things"."name"::date + make_interval(months => "things"."id") + -1 * interval '1 day', 'YYYY-MM-DD')`);
    expect(() => pg.dayPlusMonths(things.name, things.id, 0.5)).toThrow();
  });

  it("likeAnyCase is ilike on PostgreSQL, like on SQLite", () => {
    expect(query(pg.likeAnyCase(things.name, "%x%"))).toEqual({ sql: `"things"."name" ilike $1`, params: ["%x%"] });
    expect(query(sqliteDialect.likeAnyCase(things.name, "%x%")).sql).toBe(`"things"."name" like $1`);
  });

  it("rawRows returns row objects from either driver", async () => {
    const rows = [{ applied: 3 }];
    expect(await pg.rawRows({ all: () => [], execute: async () => ({ rows }) } as never, sql`SELECT 1`)).toEqual(rows);
    expect(await sqliteDialect.rawRows({ all: async () => rows }, sql`SELECT 1`)).toEqual(rows);
    await expect(sqliteDialect.rawRows({ all: async () => [[3]] }, sql`SELECT 1`)).rejects.toThrow(/\$sqlite/);
  });

  it("rawWrite reads node-postgres's rowCount", async () => {
    expect(await pg.rawWrite({ run: () => undefined, execute: async () => ({ rowCount: 4, rows: [] }) } as never, sql`UPDATE x SET y = 1`)).toBe(4);
    expect(await pg.rawWrite({ run: () => undefined, execute: async () => ({ rowCount: null, rows: [] }) } as never, sql`CREATE TEMP TABLE x (y integer)`)).toBe(0);
  });

  it("lockedForUpdate appends FOR UPDATE (OF the tables given) on PostgreSQL and leaves SQLite's query as it is", () => {
    const owners = pgTable("owners", { id: integer("id").primaryKey() });
    const select = () => new QueryBuilder().select({ id: things.id }).from(things).where(sql`${things.id} = 1`);
    expect(pg.lockedForUpdate(select()).toSQL().sql).toBe(`select "id" from "things" where "things"."id" = 1 for update`);
    const joined = new QueryBuilder().select({ id: things.id, owner: owners.id }).from(things).innerJoin(owners, sql`${owners.id} = ${things.id}`);
    expect(pg.lockedForUpdate(joined, things).toSQL().sql).toBe(`select "things"."id", "owners"."id" from "things" inner join "owners" on "owners"."id" = "things"."id" for update of "things"`);
    expect(() => pg.lockedForUpdate(sql`SELECT 1`)).toThrow(/not a PostgreSQL select/);
    const sqliteThings = sqliteTable("things", { id: sqliteInteger("id").primaryKey() });
    const sqliteSelect = new SQLiteQueryBuilder().select().from(sqliteThings);
    expect(sqliteDialect.lockedForUpdate(sqliteSelect)).toBe(sqliteSelect);
    expect(sqliteSelect.toSQL().sql).toBe(`select "id" from "things"`);
  });
});

describe("dialect: engine-neutral helpers", () => {
  it("isUniqueViolation knows both engines' codes, also inside drizzle's DrizzleQueryError", () => {
    const pgUnique = Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" });
    expect(isUniqueViolation(pgUnique)).toBe(true);
    expect(isUniqueViolation(new DrizzleQueryError("insert …", [], pgUnique))).toBe(true);
    const sqliteUnique = Object.assign(new Error("UNIQUE constraint failed"), { code: "SQLITE_CONSTRAINT_UNIQUE" });
    expect(isUniqueViolation(new DrizzleQueryError("insert …", [], sqliteUnique))).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error("check"), { code: "23514" }))).toBe(false);
    expect(isUniqueViolation(new DrizzleQueryError("insert …", [], Object.assign(new Error("fk"), { code: "23503" })))).toBe(false);
    for (const other of [null, undefined, "23505", { code: 23505 }]) expect(isUniqueViolation(other)).toBe(false);
  });

  it("changedRows reads SQLite's changes and node-postgres's rowCount", () => {
    expect(changedRows({ changes: 2, lastInsertRowid: 9 })).toBe(2);
    expect(changedRows({ rows: { changes: 1 } })).toBe(1);
    expect(changedRows({ rowCount: 3, rows: [] })).toBe(3);
    expect(changedRows({ rowCount: 0, rows: [] })).toBe(0);
    expect(() => changedRows({ rowCount: null })).toThrow();
    expect(() => changedRows(undefined)).toThrow();
  });
});

describe("postgres: lost connections and start-up messages", () => {
  const err = (code: string, message = "x") => Object.assign(new Error(message), { code });

  it("isPostgresConnectionLost: terminated, reset, refused, admin shutdown, class 08, pool timeout; not a constraint", () => {
    for (const lost of [
      new Error("Connection terminated unexpectedly"),
      new Error("Connection terminated due to connection timeout"),
      new Error("timeout exceeded when trying to connect"),
      err("ECONNRESET"),
      err("ECONNREFUSED"),
      err("57P01", "terminating connection due to administrator command"),
      err("08006"),
      err("08P01"),
      new DrizzleQueryError("select 1", [], err("57P01")),
    ]) {
      expect(isPostgresConnectionLost(lost), String(lost)).toBe(true);
    }
    for (const other of [err("23505"), err("22003"), err("57014", "canceling statement due to statement timeout"), new Error("boom"), null, "08006"]) {
      expect(isPostgresConnectionLost(other), String(other)).toBe(false);
    }
  });

  it("names the problem at start-up in Chinese", () => {
    const target = { host: "db.example.cn", port: 5433, database: "carecert", user: "app" };
    expect(describePostgresStartupError(err("ECONNREFUSED"), target)).toMatch(/无法连接 PostgreSQL 服务器 db\.example\.cn:5433/);
    expect(describePostgresStartupError(err("ENOTFOUND"), target)).toMatch(/找不到主机“db\.example\.cn”/);
    expect(describePostgresStartupError(new Error("timeout expired"), target)).toMatch(/无法连接.*db\.example\.cn:5433/);
    expect(describePostgresStartupError(err("28P01"), target)).toMatch(/拒绝了用户“app”登录（认证失败）/);
    expect(describePostgresStartupError(err("3D000"), target)).toMatch(/没有数据库“carecert”/);
    expect(describePostgresStartupError(err("23505"), target)).toBeUndefined();
  });
});
