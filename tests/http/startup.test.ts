import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { closeDatabase } from "../../db/client.ts";
import { courses } from "../../db/schema.ts";
import { validCourseFiles, validQuestions, writeContent } from "../setup/content-fixture.ts";
import { childEnv, createDatabase, dropDatabase, openTestDatabase, type TestDatabase } from "../setup/test-database.ts";

/** The built server started on `database` (this file's own when not given), until it exits. */
function start(env: Record<string, string>, database?: TestDatabase) {
  return spawnSync(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: database ? childEnv(database, { NODE_ENV: "production", DEMO: "0", ...env }) : { ...process.env, NODE_ENV: "production", DEMO: "0", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("start-up", () => {
  it("stops on a wrong setting and names it", () => {
    const result = start({ PORT: "http" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PORT: 须为整数");
  });

  it("stops on a broken content file, names file, line and field, and syncs nothing", async () => {
    // A first start: a database with no tables yet (an empty SQLite file, or an empty PostgreSQL database).
    const database = await createDatabase({ empty: true });
    try {
      const content = writeContent(validCourseFiles({ "demo-5/questions.yaml": validQuestions.replace("answer: B", "answer: Z") }));
      const result = start({ CONTENT_PATH: content, PORT: "3999" }, database);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("课程内容有误");
      expect(result.stderr).toMatch(/demo-5\/questions\.yaml:8 \[0\]\.answer：单选题答案须为 A–D 中的一个字母/);
      const db = openTestDatabase(database);
      try {
        expect(await db.select().from(courses)).toEqual([]);
      } finally {
        await closeDatabase(db);
      }
    } finally {
      await dropDatabase(database);
    }
  });
});
