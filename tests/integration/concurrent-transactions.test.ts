import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { QueryOutsideTransactionError } from "../../db/client.ts";
import { driverError } from "../../db/errors.ts";
import { organisations } from "../../db/schema.ts";
import { createOrganisation } from "../../seeds/factories.ts";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Runs on both engines: on SQLite the transaction holds the one connection, on PostgreSQL a pooled one.
describe("transactions that overlap in time", () => {
  it("keep each one's writes to itself: a rolled-back transaction leaves nothing, however the other one ends", async () => {
    const failing = db.transaction(async (tx) => {
      await createOrganisation(tx, { type: "elderly_care", name: "重叠事务甲（回滚）", regionCode: "330522001" });
      await pause(50);
      throw new Error("rolled back on purpose");
    });
    const committing = db.transaction(async (tx) => {
      await createOrganisation(tx, { type: "elderly_care", name: "重叠事务乙（提交）", regionCode: "330522001" });
      await pause(10);
    });
    // A read sent while they are open never sees the row that is rolled back (SQLite runs it after both, PostgreSQL at once).
    const meanwhile = await db.select({ name: organisations.name }).from(organisations).where(like(organisations.name, "重叠事务%"));
    await expect(failing).rejects.toThrow("rolled back on purpose");
    await committing;
    expect(meanwhile.map((o) => o.name)).not.toContain("重叠事务甲（回滚）");
    const after = await db.select({ name: organisations.name }).from(organisations).where(like(organisations.name, "重叠事务%"));
    expect(after.map((o) => o.name)).toEqual(["重叠事务乙（提交）"]);
  });

  it("refuse a query sent to the database handle from inside a transaction, which a pool would run outside it", async () => {
    const attempt = db.transaction(async (tx) => {
      const org = await createOrganisation(tx, { type: "elderly_care", name: "事务内误用 db", regionCode: "330522001" });
      // The mistake the exam service once made: a write through `db` inside `tx`'s transaction.
      await db.update(organisations).set({ name: "漏出的写入" }).where(eq(organisations.id, org.id));
    });
    await expect(attempt.catch((error: unknown) => Promise.reject(driverError(error)))).rejects.toThrow(QueryOutsideTransactionError);
    expect(await db.select().from(organisations).where(like(organisations.name, "%漏出的写入%"))).toEqual([]);
    expect(await db.select().from(organisations).where(eq(organisations.name, "事务内误用 db"))).toEqual([]);
  });

  it("let other requests' queries wait for an open transaction rather than fail", async () => {
    let inside = 0;
    const slow = db.transaction(async (tx) => {
      await createOrganisation(tx, { type: "elderly_care", name: "慢事务", regionCode: "330522001" });
      await pause(30);
      inside = (await tx.select().from(organisations).where(eq(organisations.name, "慢事务"))).length;
    });
    const reads = await Promise.all(Array.from({ length: 5 }, () => db.select({ id: organisations.id }).from(organisations).limit(1)));
    await slow;
    expect(inside).toBe(1);
    expect(reads.every((rows) => rows.length === 1)).toBe(true);
  });
});
