import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TMP_DIR } from "../setup/paths.ts";
import { childEnv } from "../setup/test-database.ts";
import { send, startOwnServer, startedCandidates, type Candidate, type OwnServer, type Reply } from "../setup/own-server.ts";

/**
 * SQLite only (vitest.config.ts leaves this file out on PostgreSQL): another process holding SQLite's write lock, and
 * online backups and restore, are about the embedded engine's file. The rest of the server's resilience is in
 * resilience.test.ts on both engines; a PostgreSQL restart during saves is in tests/postgres/restart.test.ts.
 */

const HOST = "carecert.example.cn";
const ORIGIN = `http://${HOST}`;
let server: OwnServer;
let candidates: Candidate[];

/** A request as a browser on our public address sends it. */
const ours = (pathname: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  send(`${server.url}${pathname}`, { ...init, headers: { Host: HOST, Origin: ORIGIN, ...init.headers } });
const form = (fields: Record<string, string>) => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
const save = (c: Candidate, question: number, choice: number, seq: number) =>
  ours(`/api/exam/${c.attemptId}/answers`, { ...form({ questionId: c.questionIds[question]!, choice: String(choice), seq: String(seq) }), headers: { Cookie: c.cookie, "Content-Type": "application/x-www-form-urlencoded" } });
const saved = (reply: Reply) => reply.status === 200 && JSON.parse(reply.text).status === "saved";

function cli(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: childEnv(server.database, { DEMO: "0" }) });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code: code ?? -1, output }));
  });
}

/** Every stored answer of these candidates, as attempt|question → choice JSON. */
function answersIn(file: string, list: Candidate[]) {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare(`SELECT attempt_id AS a, question_id AS q, choice AS c FROM attempt_answers WHERE attempt_id IN (${list.map((c) => c.attemptId).join(",")})`).all() as Array<{ a: number; q: string; c: string }>;
  db.close();
  return new Map(rows.map((r) => [`${r.a}|${r.q}`, r.c]));
}

beforeAll(async () => {
  server = await startOwnServer({ PUBLIC_URL: ORIGIN, TRUST_PROXY: "loopback" });
  candidates = await startedCandidates(server.url, server.database, 4, ORIGIN, HOST);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("a write-locked database", () => {
  it("answers 503 with Retry-After while another process holds the lock past the busy timeout, stays up, and loses nothing", async () => {
    for (const c of candidates) expect(saved(await save(c, 0, 0, 1))).toBe(true);

    const locker = new Database(server.database.path);
    locker.exec("BEGIN IMMEDIATE");
    const lockedAt = Date.now();
    let during: Reply[];
    let login: Reply;
    let health: Reply;
    try {
      [login, ...during] = await Promise.all([ours("/login", { ...form({ username: "trainee", password: "wrong-password" }), headers: { Accept: "text/html", "Content-Type": "application/x-www-form-urlencoded" } }), ...candidates.map((c) => save(c, 1, 1, 2))]);
      health = await ours("/healthz");
    } finally {
      locker.exec("ROLLBACK");
      locker.close();
    }
    // Longer than the server's busy timeout (250 ms) and its retries.
    expect(Date.now() - lockedAt).toBeGreaterThan(1000);
    for (const reply of during) {
      expect(reply.status).toBe(503);
      expect(reply.headers["retry-after"]).toBe("3");
      expect(JSON.parse(reply.text)).toEqual({ status: "busy", reason: "database_busy", message: expect.stringContaining("系统正忙"), retryAfter: 3 });
    }
    expect(login.status).toBe(503);
    expect(login.headers["retry-after"]).toBe("3");
    expect(login.text).toContain("系统繁忙");
    expect(health.status).toBe(200);
    expect(server.child.exitCode).toBeNull();

    // The page resends what was refused; once the lock is gone every save lands.
    for (const c of candidates) expect(saved(await save(c, 1, 1, 2))).toBe(true);
    const stored = answersIn(server.database.path, candidates);
    for (const c of candidates) {
      expect(stored.get(`${c.attemptId}|${c.questionIds[0]}`)).toBe("[0]");
      expect(stored.get(`${c.attemptId}|${c.questionIds[1]}`)).toBe("[1]");
    }
  });
});

describe("backups", () => {
  const backupFile = path.join(TMP_DIR, `backup-${process.pid}.db`);

  it("taken while answers are saved hold every answer acknowledged before the backup began", async () => {
    const acknowledged: Array<{ key: string; at: number }> = [];
    let stop = false;
    // Each candidate keeps answering (round the paper again, each save newer) until the backup has finished.
    const savers = candidates.map(async (c) => {
      for (let i = 0, seq = 10; !stop; i++, seq++) {
        const q = 2 + (i % (c.questionIds.length - 2));
        if (saved(await save(c, q, 0, seq))) acknowledged.push({ key: `${c.attemptId}|${c.questionIds[q]}`, at: Date.now() });
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const startedAt = Date.now();
    const backup = await cli("backup", backupFile);
    stop = true;
    await Promise.all(savers);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toContain("已备份到");

    const before = acknowledged.filter((a) => a.at < startedAt);
    expect(before.length).toBeGreaterThan(4);
    expect(acknowledged.length).toBeGreaterThan(before.length);
    const inBackup = answersIn(backupFile, candidates);
    expect(before.filter((a) => !inBackup.has(a.key))).toEqual([]);
    const check = new Database(backupFile, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();
  }, 60_000);

  it("are restored only once the server on the database has stopped", async () => {
    const refused = await cli("restore", backupFile);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("服务器正在使用该数据库");

    const exited = new Promise((r) => server.child.once("exit", r));
    server.child.kill("SIGTERM");
    await exited;
    const restored = await cli("restore", backupFile);
    expect(restored.code, restored.output).toBe(0);
    expect(answersIn(server.database.path, candidates)).toEqual(answersIn(backupFile, candidates));
    expect(fs.readdirSync(path.dirname(server.database.path)).some((f) => f.startsWith(`${path.basename(server.database.path)}.before-restore-`))).toBe(true);
  }, 60_000);
});
