import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, closeDatabase } from "../../db/client.ts";
import { courses } from "../../db/schema.ts";
import { validCourseFiles, validQuestions, writeContent } from "../setup/content-fixture.ts";

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, NODE_ENV: "production", DEMO: "0", ...env },
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
    const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "carecert-start-")), "c.db");
    const content = writeContent(validCourseFiles({ "demo-5/questions.yaml": validQuestions.replace("answer: B", "answer: Z") }));
    const result = start({ DATABASE_PATH: database, CONTENT_PATH: content, PORT: "3999" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("课程内容有误");
    expect(result.stderr).toMatch(/demo-5\/questions\.yaml:8 \[0\]\.answer：单选题答案须为 A–D 中的一个字母/);
    const db = openDatabase(database);
    expect(await db.select().from(courses)).toEqual([]);
    await closeDatabase(db);
  });
});
