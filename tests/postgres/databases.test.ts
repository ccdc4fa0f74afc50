import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { closePostgres, openPostgres } from "../../db/postgres.ts";
import { createTemplateDatabase, createTestDatabase, dropTemplateDatabase } from "../setup/postgres-databases.ts";
import { adminUrl } from "./context.ts";

/** tests/setup/postgres-databases.ts: a template built once, copied for several test files at once, each dropped. */

describe("test databases from a template", () => {
  it("copies a migrated, prepared template concurrently; copies are independent and dropped", async () => {
    const template = "carecert_template_selftest";
    await createTemplateDatabase(adminUrl, {
      name: template,
      prepare: async (db) => {
        await db.execute(sql`INSERT INTO regions (code, name, level) VALUES ('330000', '浙江省', 'province')`);
      },
    });
    try {
      // The template accepts no connections, so nothing can change it while it is copied.
      const direct = new pg.Client({ connectionString: adminUrl.replace(/\/[^/?]*(\?|$)/, `/${template}$1`) });
      await expect(direct.connect()).rejects.toThrow(/not currently accepting connections/);

      const copies = await Promise.all([1, 2, 3, 4].map(() => createTestDatabase(adminUrl, template)));
      expect(new Set(copies.map((c) => c.name)).size).toBe(4);
      for (const [i, copy] of copies.entries()) {
        const db = openPostgres(copy.url, { max: 1 });
        try {
          await db.execute(sql`INSERT INTO regions (code, name, level) VALUES (${`33050${i}`}, ${`市${i}`}, 'city')`);
          const { rows } = await db.execute<{ n: number }>(sql`SELECT count(*) AS n FROM regions`);
          expect(rows).toEqual([{ n: 2 }]);
        } finally {
          await closePostgres(db);
        }
      }
      await Promise.all(copies.map((c) => c.drop()));
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname = ANY($1)", [copies.map((c) => c.name)]);
        expect(rows).toEqual([]);
      } finally {
        await admin.end();
      }
    } finally {
      await dropTemplateDatabase(adminUrl, template);
    }
  });
});
