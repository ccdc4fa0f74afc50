import { firstRow } from "../../db/query.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { isDatabaseBusy, openDatabase, type Db, closeDatabase } from "../../db/client.ts";
import { regions } from "../../db/schema.ts";
import { TEMPLATE_DB } from "../setup/paths.ts";

const open: Db[] = [];
function twoConnections() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "carecert-tx-")), "c.db");
  fs.copyFileSync(TEMPLATE_DB, file);
  const a = openDatabase(file);
  const b = openDatabase(file, { busyTimeoutMs: 50 });
  open.push(a, b);
  return { a, b };
}
afterEach(async () => {
  for (const db of open.splice(0)) await closeDatabase(db);
});

describe("write transactions", () => {
  it("take the write lock at BEGIN, so a read-then-write transaction cannot lose a race to another connection", async () => {
    const { a, b } = twoConnections();
    let otherWrite: unknown = null;
    await a.transaction(async (tx) => {
      const region = (await firstRow(tx.select().from(regions).limit(1)))!;
      try {
        await b.update(regions).set({ name: "另一个连接" }).where(eq(regions.code, region.code));
      } catch (error) {
        otherWrite = error;
      }
      await tx.update(regions).set({ name: "本事务" }).where(eq(regions.code, region.code));
    });
    expect(isDatabaseBusy(otherWrite)).toBe(true);
  });

  it("report a lock held past the busy timeout as busy", async () => {
    const { a, b } = twoConnections();
    a.$sqlite.exec("BEGIN IMMEDIATE");
    let thrown: unknown = null;
    try {
      await b.transaction(async (tx) => await firstRow(tx.select().from(regions).limit(1)));
    } catch (error) {
      thrown = error;
    }
    a.$sqlite.exec("ROLLBACK");
    expect(isDatabaseBusy(thrown)).toBe(true);
    expect(isDatabaseBusy(new Error("SQLITE_BUSY"))).toBe(false);
  });
});
