import { asc, eq, sql, type SQL } from "drizzle-orm";
import { dayPlusMonthsCases } from "../unit/dialect-cases.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changedRows,
  chinaDayOf,
  countRows,
  countWhere,
  dayPlusMonths,
  dialect,
  greatest,
  groupConcat,
  groupConcatDistinct,
  inJsonIds,
  isUniqueViolation,
  jsonArrayContains,
  jsonArrayElements,
  jsonArrayLength,
  least,
  likeAnyCase,
  rawRows,
  rawWrite,
  sqlFalse,
  sqlTrue,
  textPosition,
} from "../../db/dialect.ts";
import { appliedMigrationCount } from "../../db/migrate.ts";
import { auditLog, organisations, people, regions, teachers, users } from "../../db/schema.ts";
import { migratedEmptyDatabase, type AppDb, type EmptyDatabase } from "./context.ts";

/** db/dialect.ts on PostgreSQL: the helpers the app imports, run through the app's query builder on a real server. */

let database: EmptyDatabase;
let db: AppDb;
const userIds: number[] = [];

beforeAll(async () => {
  database = await migratedEmptyDatabase();
  db = database.db;
  const names = ["甲", "乙", "丙"];
  for (const [i, name] of names.entries()) {
    const [person] = await db.insert(people).values({ name, idNumber: `ID${i}`, gender: "female", birthDate: "1990-01-01" }).returning();
    const [user] = await db.insert(users).values({ personId: person!.id, username: `u${i}`, passwordHash: "h" }).returning();
    userIds.push(user!.id);
  }
  // 2026-01-31 23:59:59.999, 2026-02-01 00:00 and 2026-03-01 00:00 in China
  for (const at of [Date.UTC(2026, 0, 31, 15, 59, 59, 999), Date.UTC(2026, 0, 31, 16, 0, 0), Date.UTC(2026, 1, 28, 16, 0, 0)]) {
    await db.insert(auditLog).values({ at: new Date(at), event: "e", component: "c", action: "a" });
  }
  await db.insert(regions).values({ code: "330522", name: "长兴县", level: "district" });
  const [org] = await db.insert(organisations).values({ type: "training_base", name: "基地", creditCode: "C", regionCode: "330522", evaluationKind: "Y", evaluatorCode: "E", siteCode: "S" }).returning();
  await db.insert(teachers).values([
    { organisationId: org!.id, name: "王", title: "t", specialty: "s", subjects: ["护理", "康复"], levels: [4, 5] },
    { organisationId: org!.id, name: "李", title: "t", specialty: "s", subjects: ["护理"], levels: [5] },
    { organisationId: org!.id, name: "赵", title: "t", specialty: "s" },
  ]);
});

afterAll(async () => {
  await database?.close();
});

describe("dialect on PostgreSQL", () => {
  it("is the PostgreSQL dialect", () => {
    expect(dialect.engine).toBe("postgres");
  });

  it("sqlFalse and sqlTrue filter out or keep every row", async () => {
    expect(await db.select({ id: users.id }).from(users).where(sqlFalse)).toEqual([]);
    expect(await db.select({ id: users.id }).from(users).where(sqlTrue)).toHaveLength(3);
  });

  it("inJsonIds selects the listed ids (integer and text columns), also as a prepared statement", async () => {
    const [first, , third] = userIds;
    expect(await db.select({ id: users.id }).from(users).where(inJsonIds(users.id, JSON.stringify([first, third, 999]))).orderBy(asc(users.id))).toEqual([{ id: first }, { id: third }]);
    expect(await db.select({ code: regions.code }).from(regions).where(inJsonIds(regions.code, '["330522","x"]'))).toEqual([{ code: "330522" }]);
    const prepared = db.select({ id: users.id }).from(users).where(inJsonIds(users.id, sql.placeholder("ids"))).orderBy(asc(users.id)).prepare();
    expect(await prepared.execute({ ids: JSON.stringify([third]) })).toEqual([{ id: third }]);
    expect(await prepared.execute({ ids: "[]" })).toEqual([]);
  });

  it("jsonArrayContains tests membership of a jsonb array column", async () => {
    expect(await db.select({ name: teachers.name }).from(teachers).where(jsonArrayContains(teachers.subjects, "护理")).orderBy(asc(teachers.id))).toEqual([{ name: "王" }, { name: "李" }]);
    expect(await db.select({ name: teachers.name }).from(teachers).where(jsonArrayContains(teachers.levels, 4))).toEqual([{ name: "王" }]);
    expect(await db.select({ name: teachers.name }).from(teachers).where(jsonArrayContains(teachers.levels, "4"))).toEqual([]);
  });

  it("groupConcat and groupConcatDistinct join a group's values; NULL for no rows", async () => {
    const [joined] = await db.select({ names: groupConcat(people.name, "、") }).from(people);
    expect(joined!.names!.split("、").sort()).toEqual(["丙", "乙", "甲"].sort());
    const [ids] = await db.select({ ids: groupConcatDistinct(users.personId) }).from(users);
    expect(ids!.ids!.split(",")).toHaveLength(3);
    expect(await db.select({ names: groupConcat(people.name, "、") }).from(people).where(sqlFalse)).toEqual([{ names: null }]);
  });

  it("chinaDayOf gives the China Standard Time day of a timestamptz, shifted by whole days", async () => {
    const days = await db.select({ day: chinaDayOf(auditLog.at), before: chinaDayOf(auditLog.at, -1), after: chinaDayOf(auditLog.at, 1) }).from(auditLog).orderBy(asc(auditLog.id));
    expect(days).toEqual([
      { day: "2026-01-31", before: "2026-01-30", after: "2026-02-01" },
      { day: "2026-02-01", before: "2026-01-31", after: "2026-02-02" },
      { day: "2026-03-01", before: "2026-02-28", after: "2026-03-02" },
    ]);
    // The session's time zone does not matter.
    const query = db.select({ day: chinaDayOf(auditLog.at) }).from(auditLog).orderBy(asc(auditLog.id)).toSQL();
    const client = await database.pg.$client.connect();
    try {
      await client.query("SET TIME ZONE 'America/New_York'");
      const { rows } = await client.query({ text: query.sql, values: query.params, rowMode: "array" });
      expect(rows.map((row: unknown[]) => row[0])).toEqual(["2026-01-31", "2026-02-01", "2026-03-01"]);
    } finally {
      client.release(true);
    }
  });

  it("textPosition finds a character; jsonArrayElements reads a JSON parameter as rows", async () => {
    expect(await rawRows(db, sql`SELECT ${textPosition(sql`'pair:a|b'`, "|")} AS p, ${textPosition(sql`'abc'`, "|")} AS none`)).toEqual([{ p: 7, none: 0 }]);
    const json = JSON.stringify([{ code: "1", year: 2026 }, { code: "2", year: 2027 }]);
    expect(await rawRows(db, sql`SELECT j.value->>'code' AS code, (j.value->>'year')::integer AS year FROM ${jsonArrayElements(json)} j ORDER BY 1`)).toEqual([
      { code: "1", year: 2026 },
      { code: "2", year: 2027 },
    ]);
  });

  it("greatest and least, jsonArrayLength", async () => {
    const one = async <T>(expression: SQL) => (await rawRows<{ v: T }>(db, sql`SELECT ${expression} AS v`))[0]!.v;
    expect(await one(greatest(sql`3 - 4`, 0))).toBe(0);
    expect(await one(greatest(1, sql`5`))).toBe(5);
    expect(await one(least(sql`'2026-02-28'::text`, sql`'2026-03-03'::text`))).toBe("2026-02-28");
    expect(await db.select({ n: jsonArrayLength(teachers.subjects) }).from(teachers).orderBy(asc(teachers.id))).toEqual([{ n: 2 }, { n: 1 }, { n: 0 }]);
  });

  it("likeAnyCase ignores ASCII case, as SQLite's LIKE does", async () => {
    expect(await db.select({ name: teachers.name }).from(teachers).where(likeAnyCase(teachers.title, "%T%")).orderBy(asc(teachers.id))).toEqual([{ name: "王" }, { name: "李" }, { name: "赵" }]);
    expect(await db.select({ name: teachers.name }).from(teachers).where(likeAnyCase(teachers.name, "%王%"))).toEqual([{ name: "王" }]);
  });

  it("dayPlusMonths counts months as date-fns does (kept within the target month) and shifts by days", async () => {
    for (const [day, months, shift, expected] of dayPlusMonthsCases) {
      const [row] = await rawRows<{ v: string }>(db, sql`SELECT ${dayPlusMonths(sql`${day}::text`, sql`${months}::integer`, shift)} AS v`);
      expect(row!.v, `${day} + ${months} months ${shift} days`).toBe(expected);
    }
  });

  it("countWhere counts the rows meeting a condition; a timestamp parameter encoded by its column", async () => {
    expect(await db.select({ early: countWhere(sql`${auditLog.at} < ${sql.param(new Date(Date.UTC(2026, 0, 31, 16)), auditLog.at)}`), none: countWhere(sqlFalse) }).from(auditLog)).toEqual([{ early: 1, none: 0 }]);
  });

  it("rawWrite runs a write and says how many rows it changed", async () => {
    expect(await rawWrite(db, sql`UPDATE ${teachers} SET title = 'u' WHERE ${teachers.name} IN ('王', '李')`)).toBe(2);
    expect(await rawWrite(db, sql`CREATE TEMP TABLE scratch (n integer)`)).toBe(0);
  });

  it("countRows is a number", async () => {
    expect(await db.select({ n: countRows() }).from(users)).toEqual([{ n: 3 }]);
    expect(await db.select({ n: countRows() }).from(users).where(sqlFalse)).toEqual([{ n: 0 }]);
  });

  it("rawRows runs raw SQL; appliedMigrationCount counts drizzle's migrations", async () => {
    expect(await appliedMigrationCount(db)).toBe(1);
    expect(await rawRows<{ n: number; s: string }>(db, sql`SELECT count(*) AS n, 'x' AS s FROM ${users}`)).toEqual([{ n: 3, s: "x" }]);
  });

  it("changedRows counts what an update or delete changed", async () => {
    expect(changedRows(await db.update(users).set({ mustChangePassword: true }).where(sqlTrue))).toBe(3);
    expect(changedRows(await db.delete(teachers).where(eq(teachers.name, "nobody")))).toBe(0);
  });

  it("isUniqueViolation recognises a duplicate through drizzle's error, and not another failure", async () => {
    const taken = await db
      .insert(users)
      .values({ personId: (await db.select({ id: people.id }).from(people).limit(1))[0]!.id, username: "u0", passwordHash: "h" })
      .then(() => undefined, (error: unknown) => error);
    expect(isUniqueViolation(taken)).toBe(true);
    const missingPerson = await db
      .insert(users)
      .values({ personId: 999_999, username: "fresh", passwordHash: "h" })
      .then(() => undefined, (error: unknown) => error);
    expect(missingPerson).toBeDefined();
    expect(isUniqueViolation(missingPerson)).toBe(false);
  });
});
