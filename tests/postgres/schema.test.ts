import Database from "better-sqlite3";
import { eq, is, sql } from "drizzle-orm";
import { drizzle as sqliteDrizzle } from "drizzle-orm/better-sqlite3";
import { migrate as sqliteMigrate } from "drizzle-orm/better-sqlite3/migrator";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema.ts";
import * as sqliteSchema from "../../db/schema.sqlite.ts";
import { postgresMigrationsFolder } from "../../db/postgres.ts";
import { migratedEmptyDatabase, type AppDb, type EmptyDatabase } from "./context.ts";

/**
 * The converted tables on a real PostgreSQL server: an empty database migrated with db/migrations-pg, rows written and
 * read back through the tables db/schema.ts hands out (typed as SQLite's, PostgreSQL's at run time, exactly as the
 * app uses them), and the constraints refusing what SQLite refuses.
 */

const { people, users, sessions, auditLog, regions, organisations, teachers, verificationCounters } = schema;

let database: EmptyDatabase;
let db: AppDb;

beforeAll(async () => {
  database = await migratedEmptyDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.close();
});

describe("PostgreSQL migrations", () => {
  it("migrate an empty database to every table, once", async () => {
    const tables = await database.pg.$client.query<{ n: number }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'");
    const sqliteTableCount = Object.values(sqliteSchema).filter((v) => is(v, SQLiteTable)).length;
    expect(tables.rows[0]!.n).toBe(sqliteTableCount);
    const applied = await database.pg.$client.query<{ n: number }>("SELECT count(*) AS n FROM drizzle.__drizzle_migrations");
    expect(applied.rows[0]!.n).toBe(readMigrationFiles({ migrationsFolder: postgresMigrationsFolder }).length);
  });
});

describe("the converted tables through the app's query builder", () => {
  it("identity keys, timestamps, booleans, JSON, bytea and bigints round-trip", async () => {
    const before = Date.now();
    const [person] = await db.insert(people).values({ name: "张三", idNumber: "330522199001011234", gender: "female", birthDate: "1990-01-01" }).returning();
    const [other] = await db.insert(people).values({ name: "李四", idNumber: "330522199202023456", gender: "male", birthDate: "1992-02-02" }).returning();
    expect(typeof person!.id).toBe("number");
    expect(other!.id).toBe(person!.id + 1);

    // timestamp: default now(), and a given Date keeps its milliseconds; boolean: default false
    const expires = new Date(Date.UTC(2026, 4, 20, 1, 2, 3, 456));
    const [user] = await db.insert(users).values({ personId: person!.id, username: "zhangsan", passwordHash: "h", passwordExpiresAt: expires }).returning();
    expect(user!.createdAt).toBeInstanceOf(Date);
    expect(user!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(user!.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(user!.passwordExpiresAt).toEqual(expires);
    expect(user!.mustChangePassword).toBe(false);
    expect(user!.disabledAt).toBeNull();
    await db.update(users).set({ mustChangePassword: true }).where(eq(users.id, user!.id));
    const [read] = await db.select().from(users).where(eq(users.id, user!.id));
    expect(read).toEqual({ ...user, mustChangePassword: true });
    expect(await db.select({ id: users.id }).from(users).where(eq(users.mustChangePassword, true))).toEqual([{ id: user!.id }]);

    // JSON (jsonb): nested values and Chinese text come back as written
    const details = { 字段: "值", nested: { list: [1, "二", null, 3.5], flag: true }, empty: [] };
    const [entry] = await db.insert(auditLog).values({ at: expires, event: "test.event", component: "test", action: "created", userId: user!.id, details }).returning();
    expect((await db.select().from(auditLog).where(eq(auditLog.id, entry!.id)))[0]).toEqual({ ...entry, details });

    // a JSON default ('[]'::jsonb) and a text enum
    await db.insert(regions).values({ code: "330522", name: "长兴县", level: "district" });
    const [org] = await db.insert(organisations).values({ type: "elderly_care", name: "长兴县社会福利中心", creditCode: "12330522MB0000000X", regionCode: "330522", beds: 100 }).returning();
    const [teacher] = await db.insert(teachers).values({ organisationId: org!.id, name: "王老师", title: "讲师", specialty: "护理" }).returning();
    expect(teacher!.subjects).toEqual([]);
    expect(teacher!.levels).toEqual([]);

    // bytea as a Buffer
    const secretHash = Buffer.from([0, 1, 2, 254, 255]);
    await db.insert(sessions).values({ id: "s1", userId: user!.id, secretHash, createdAt: expires, lastVerifiedAt: expires });
    const [session] = await db.select({ secretHash: sessions.secretHash }).from(sessions).where(eq(sessions.id, "s1"));
    expect(Buffer.isBuffer(session!.secretHash)).toBe(true);
    expect(session!.secretHash.equals(secretHash)).toBe(true);

    // bigint (mode number): epoch milliseconds beyond int4
    const windowStartedAt = 1_800_000_000_123;
    await db.insert(verificationCounters).values({ key: "addr:127.0.0.1", windowStartedAt, count: 1 });
    expect(await db.select({ w: verificationCounters.windowStartedAt }).from(verificationCounters)).toEqual([{ w: windowStartedAt }]);

    // an upsert spelled the same on both engines
    await db
      .insert(verificationCounters)
      .values({ key: "addr:127.0.0.1", windowStartedAt, count: 1 })
      .onConflictDoUpdate({ target: verificationCounters.key, set: { count: sql`${verificationCounters.count} + 1` } });
    expect(await db.select({ count: verificationCounters.count }).from(verificationCounters)).toEqual([{ count: 2 }]);
  });
});

// ── The same writes on both engines: the constraints refuse the same rows ─────────────────────────

type Tables = typeof schema;
type Outcome = "ok" | "unique" | "check" | "foreign key" | "not null";

function outcomeOf(error: unknown): Outcome {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return "unique";
    if (code === "23514" || code === "SQLITE_CONSTRAINT_CHECK") return "check";
    if (code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY") return "foreign key";
    if (code === "23502" || code === "SQLITE_CONSTRAINT_NOTNULL") return "not null";
  }
  throw error;
}

async function attempt(write: () => Promise<unknown>): Promise<Outcome> {
  try {
    await write();
    return "ok";
  } catch (error) {
    return outcomeOf(error);
  }
}

/** Writes the same rows through either engine's tables and reports what each write came to. */
async function constraintScenario(db: AppDb, t: Tables): Promise<Record<string, Outcome>> {
  await db.insert(t.regions).values({ code: "330500", name: "湖州市", level: "city" });
  const [org] = await db.insert(t.organisations).values({ type: "elderly_care", name: "颐养院", creditCode: "C1", regionCode: "330500", beds: 10 }).returning();
  const [person] = await db.insert(t.people).values({ name: "赵六", idNumber: "330500199001011111", gender: "female", birthDate: "1990-01-01" }).returning();
  const [worker] = await db.insert(t.workers).values({ organisationId: org!.id, personId: person!.id, occupation: "elderly_caregiver", post: "caregiver", hiredOn: "2026-01-01" }).returning();
  const [policy] = await db.insert(t.allowancePolicies).values({ regionCode: "330500", name: "岗位补贴", kind: "monthly", occupation: "elderly_caregiver" }).returning();
  const [version] = await db
    .insert(t.allowancePolicyVersions)
    .values({ policyId: policy!.id, version: 1, effectiveFrom: "2026-01-01", amounts: { "5": 100 }, conditions: [] })
    .returning();
  const [list] = await db
    .insert(t.allowanceLists)
    .values({ policyId: policy!.id, policyVersionId: version!.id, organisationId: org!.id, month: "2026-10", computedAt: new Date() })
    .returning();
  const line = (claimed: boolean) =>
    db.insert(t.allowanceLines).values({ listId: list!.id, policyId: policy!.id, workerId: worker!.id, personId: person!.id, awardKey: "2026-10", name: "赵六", idNumber: "330500199001011111", amount: 100, rule: "r", claimed });

  const results: Record<string, Outcome> = {};
  // checks
  results["training base without its codes"] = await attempt(() => db.insert(t.organisations).values({ type: "training_base", name: "基地", creditCode: "C2", regionCode: "330500" }));
  results["training base with its codes"] = await attempt(() =>
    db.insert(t.organisations).values({ type: "training_base", name: "基地", creditCode: "C3", regionCode: "330500", evaluationKind: "Y", evaluatorCode: "E", siteCode: "S" }),
  );
  results["more nursing beds than beds"] = await attempt(() => db.insert(t.organisations).values({ type: "elderly_care", name: "院", creditCode: "C4", regionCode: "330500", beds: 5, nursingBeds: 6 }));
  results["credit entry about nobody"] = await attempt(() =>
    db.insert(t.creditEntries).values({ list: "red", regionCode: "330500", startsOn: "2026-01-01", title: "先进", awardingBody: "民政局" }),
  );
  results["credit entry about a person"] = await attempt(() =>
    db.insert(t.creditEntries).values({ list: "red", personId: person!.id, regionCode: "330500", startsOn: "2026-01-01", title: "先进", awardingBody: "民政局" }),
  );
  results["skill certificate without a level"] = await attempt(() =>
    db.insert(t.certificates).values({ kind: "skill_level", number: "N1", personId: person!.id, holderName: "赵六", idNumber: "x", occupation: "elderly_caregiver", issuerName: "i", issuedOn: "2026-01-01", source: "external" }),
  );
  // partial unique index on a boolean: one claimed line per person and award key
  results["first claimed line"] = await attempt(() => line(true));
  results["second claimed line, same key"] = await attempt(() => line(true));
  results["unclaimed line, same key"] = await attempt(() => line(false));
  results["another unclaimed line, same key"] = await attempt(() => line(false));
  // partial unique index on IS NOT NULL: any number of external certificates without an application
  results["external certificate without an application"] = await attempt(() =>
    db.insert(t.certificates).values({ kind: "training_completion", number: "N2", personId: person!.id, holderName: "赵六", idNumber: "x", occupation: "family_caregiver", issuerName: "i", issuedOn: "2026-01-01", source: "external" }),
  );
  results["another external certificate without an application"] = await attempt(() =>
    db.insert(t.certificates).values({ kind: "training_completion", number: "N3", personId: person!.id, holderName: "赵六", idNumber: "x", occupation: "family_caregiver", issuerName: "i", issuedOn: "2026-01-01", source: "external" }),
  );
  // unique index, foreign key, not null
  results["a second organisation with the same credit code"] = await attempt(() => db.insert(t.organisations).values({ type: "elderly_care", name: "重复", creditCode: "C1", regionCode: "330500" }));
  results["a worker of no organisation"] = await attempt(() =>
    db.insert(t.workers).values({ organisationId: 999_999, personId: person!.id, occupation: "elderly_caregiver", post: "caregiver", hiredOn: "2026-01-01" }),
  );
  results["a person without a name"] = await attempt(() => db.insert(t.people).values({ name: null as unknown as string, idNumber: "y", gender: "male", birthDate: "1990-01-01" }));
  return results;
}

describe("constraints refuse on PostgreSQL what they refuse on SQLite", () => {
  it("checks, partial unique indexes (boolean and IS NOT NULL), unique indexes, foreign keys, not null", async () => {
    const client = new Database(":memory:");
    client.pragma("foreign_keys = ON");
    const sqliteDb = sqliteDrizzle({ client });
    sqliteMigrate(sqliteDb, { migrationsFolder: "db/migrations" });
    const onSqlite = await constraintScenario(sqliteDb as unknown as AppDb, sqliteSchema as unknown as Tables);
    client.close();

    const onPostgres = await constraintScenario(db, schema);
    expect(onPostgres).toEqual(onSqlite);
    expect(onPostgres).toEqual({
      "training base without its codes": "check",
      "training base with its codes": "ok",
      "more nursing beds than beds": "check",
      "credit entry about nobody": "check",
      "credit entry about a person": "ok",
      "skill certificate without a level": "check",
      "first claimed line": "ok",
      "second claimed line, same key": "unique",
      "unclaimed line, same key": "ok",
      "another unclaimed line, same key": "ok",
      "external certificate without an application": "ok",
      "another external certificate without an application": "ok",
      "a second organisation with the same credit code": "unique",
      "a worker of no organisation": "foreign key",
      "a person without a name": "not null",
    });
  });
});
