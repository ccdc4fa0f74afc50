import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbOrTx } from "../../db/client.ts";
import { closePostgres, openPostgres } from "../../db/postgres.ts";
import { prepared } from "../../db/prepared.ts";
import { people } from "../../db/schema.ts";
import { migratedEmptyDatabase, type AppDb, type EmptyDatabase } from "./context.ts";

/** db/prepared.ts on PostgreSQL: a prepared query is built once per pooled connection and runs as a named statement. */

let database: EmptyDatabase;
let db: AppDb;

const personByIdNumber = prepared((handle: DbOrTx) => handle.select({ name: people.name }).from(people).where(eq(people.idNumber, sql.placeholder("idNumber"))).prepare());

beforeAll(async () => {
  database = await migratedEmptyDatabase();
  db = database.db;
  await db.insert(people).values([
    { name: "甲", idNumber: "A1", gender: "female", birthDate: "1990-01-01" },
    { name: "乙", idNumber: "B2", gender: "male", birthDate: "1991-01-01" },
  ]);
});

afterAll(async () => {
  await database?.close();
});

describe("prepared queries on PostgreSQL", () => {
  it("reuses one transaction's statement in the next transaction on the same pooled connection, as a named statement", async () => {
    const pool = openPostgres(database.url, { max: 1 });
    const single = pool as unknown as AppDb;
    try {
      const seen: unknown[] = [];
      for (const idNumber of ["A1", "B2"]) {
        const name = await single.transaction(async (tx) => {
          const statement = personByIdNumber(tx);
          seen.push(statement);
          return (await statement.execute({ idNumber }))[0]?.name;
        });
        expect(name).toBe(idNumber === "A1" ? "甲" : "乙");
      }
      expect(seen[1]).toBe(seen[0]);
      expect((seen[0] as { queryConfig: { name?: string } }).queryConfig.name).toMatch(/^carecert_[0-9a-f]{20}$/);
      // The connection parsed it once: PostgreSQL lists it among the session's prepared statements.
      const { rows } = await pool.execute<{ n: number }>(sql`SELECT count(*)::integer AS n FROM pg_prepared_statements WHERE name LIKE 'carecert_%'`);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await closePostgres(pool);
    }
  });

  it("gives overlapping transactions on different connections their own statements, each answering for its own transaction", async () => {
    let release!: () => void;
    const bothOpen = new Promise<void>((resolve) => (release = resolve));
    let opened = 0;
    const statements: unknown[] = [];
    const names = await Promise.all(
      ["A1", "B2"].map((idNumber) =>
        db.transaction(async (tx) => {
          const statement = personByIdNumber(tx);
          statements.push(statement);
          if (++opened === 2) release();
          await bothOpen;
          return (await statement.execute({ idNumber }))[0]?.name;
        }),
      ),
    );
    expect(names).toEqual(["甲", "乙"]);
    expect(statements[0]).not.toBe(statements[1]);
  });
});
