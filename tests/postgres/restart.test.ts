import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerQueue, type PendingAnswer, type SendOutcome } from "../../app/assessment/answer-queue.ts";
import { closeDatabase } from "../../db/client.ts";
import { rawRows } from "../../db/dialect.ts";
import { createOrganisation } from "../../seeds/factories.ts";
import { attemptAnswers } from "../../db/schema.ts";
import { send, startOwnServer, startedCandidates, type Candidate, type OwnServer } from "../setup/own-server.ts";
import { TMP_DIR } from "../setup/paths.ts";
import { openTestDatabase, type TestDatabase } from "../setup/test-database.ts";
import "./context.ts";

/**
 * Issue #16, bad input: PostgreSQL restarted while candidates save exam answers. A server of its own on a cluster of
 * its own (scripts/pg-cluster.sh, so restarting it disturbs no other test file's database), candidates saving through
 * the real endpoint with the exam page's own AnswerQueue (503 or a network error: keep the answer, resend it after
 * Retry-After), and `pg_ctl restart` in the middle. Every save the server acknowledged must be in the database.
 */

type Cluster = { child: ChildProcess; env: Record<string, string> };
const CLUSTER_VARIABLES = ["DATABASE_URL", "CARECERT_PG_CTL", "CARECERT_PG_DATA", "CARECERT_PG_LOG", "CARECERT_PG_USER"];

/** A throw-away cluster of this file's own, kept running until stopCluster; resolves with what the script prints. */
function startCluster(): Promise<Cluster> {
  return new Promise((resolve, reject) => {
    const child = spawn("scripts/pg-cluster.sh", [], { stdio: ["ignore", "pipe", "pipe"] });
    const env: Record<string, string> = {};
    let out = "";
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => {
      out += d;
      for (const line of out.split("\n")) {
        const [key, ...value] = line.split("=");
        if (key && CLUSTER_VARIABLES.includes(key) && value.length > 0) env[key] = value.join("=");
      }
      if (CLUSTER_VARIABLES.every((key) => env[key])) resolve({ child, env });
    });
    child.once("exit", (code) => reject(new Error(`pg-cluster.sh exited (${code}) before the cluster was up:\n${out}${err}`)));
  });
}

async function stopCluster(cluster: Cluster): Promise<void> {
  if (cluster.child.exitCode !== null || cluster.child.signalCode !== null) return;
  const exited = new Promise((resolve) => cluster.child.once("exit", resolve));
  cluster.child.kill("SIGTERM");
  await exited;
}

/** pg_ctl on the cluster, as the user it runs as (as root: the `postgres` user). */
function pgCtl(cluster: Cluster, ...args: string[]): Promise<{ code: number | null; output: string; ms: number }> {
  const { CARECERT_PG_CTL: pgctl, CARECERT_PG_DATA: data, CARECERT_PG_LOG: log, CARECERT_PG_USER: user } = cluster.env;
  const command = [pgctl!, ...args, "-D", data!, "-l", log!];
  const [program, ...rest] = user === os.userInfo().username ? command : ["runuser", "-u", user!, "--", ...command];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(program!, rest, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cluster: Cluster;
let database: TestDatabase;
let server: OwnServer;
let candidates: Candidate[];

beforeAll(async () => {
  cluster = await startCluster();
  database = { engine: "postgres", path: path.join(TMP_DIR, "restart-server.db"), url: cluster.env.DATABASE_URL! };
  // The server migrates the cluster's empty database as a first start does (no demo: only a base is needed).
  server = await startOwnServer({ DEMO: "0" }, { database });
  const db = openTestDatabase(database);
  try {
    await createOrganisation(db, { type: "training_base", regionCode: "330522001", evaluationKind: "Y", evaluatorCode: "0420", siteCode: "052299" });
  } finally {
    await closeDatabase(db);
  }
  candidates = await startedCandidates(server.url, database, 8, server.url);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (cluster) await stopCluster(cluster);
});

describe("PostgreSQL restarted while candidates save answers", () => {
  it("answers 503 meanwhile, keeps serving, and every acknowledged save is in the database", async () => {
    const statuses = new Map<number, number>();
    let networkErrors = 0;
    type Answer = { attemptId: number; questionId: string; choice: number[]; seq: number };
    const acknowledged: Answer[] = [];
    const refused: string[] = [];

    /** The exam page's sendAnswer (app/assessment/routes/exam.tsx), over this test's HTTP client. */
    const sendAnswer = async (c: Candidate, answer: PendingAnswer): Promise<SendOutcome> => {
      let reply;
      try {
        reply = await send(`${server.url}/api/exam/${c.attemptId}/answers`, {
          method: "POST",
          headers: { Cookie: c.cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ questionId: answer.questionId, choice: answer.choice.join(","), seq: String(answer.seq) }).toString(),
        });
      } catch (error) {
        networkErrors++;
        throw error; // the queue keeps the answer and resends it
      }
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      if (reply.status === 503 || reply.status >= 500) return { kind: "retry", afterSeconds: Number(reply.headers["retry-after"]) || 3 };
      const result = (() => {
        try {
          return JSON.parse(reply.text) as { status: string; reason?: string };
        } catch {
          return null;
        }
      })();
      if (result?.status === "refused" || reply.status >= 300) {
        refused.push(`${reply.status} ${reply.text.slice(0, 100)}`);
        return { kind: "refused", reason: result?.reason ?? "error" };
      }
      acknowledged.push({ attemptId: c.attemptId, ...answer });
      return { kind: "kept" };
    };

    const memory = { load: () => [], save: () => undefined };
    const queues = candidates.map((c) => new AnswerQueue((answer) => sendAnswer(c, answer), () => undefined, memory));
    /** The last answer given to each question, attempt|question → answer. */
    const latest = new Map<string, Answer>();
    let stop = false;
    // Each candidate answers a question every 100 ms, going round the paper and changing earlier answers, until told.
    const answering = candidates.map(async (c, i) => {
      for (let seq = 1; !stop; seq++) {
        const answer = { questionId: c.questionIds[(seq - 1) % c.questionIds.length]!, choice: [seq % 2], seq };
        latest.set(`${c.attemptId}|${answer.questionId}`, { attemptId: c.attemptId, ...answer });
        queues[i]!.add(answer);
        await sleep(100);
      }
    });

    const admin = openTestDatabase(database);
    try {
      const startedAt = async () => (await rawRows<{ at: string }>(admin, sql`SELECT pg_postmaster_start_time()::text AS at`))[0]!.at;
      const before = await startedAt();
      await sleep(1500);
      expect(acknowledged.length).toBeGreaterThan(0);
      // A quick restart: the server's own retries (3 tries, 250 ms apart) may ride it out.
      const restart = await pgCtl(cluster, "restart", "-w", "-t", "60", "-m", "fast");
      expect(restart.code, restart.output).toBe(0);
      await sleep(1500);
      // A restart as long as a production server's (recovery, a large shared buffer): longer than the retries.
      const stopped = await pgCtl(cluster, "stop", "-w", "-t", "60", "-m", "fast");
      expect(stopped.code, stopped.output).toBe(0);
      await sleep(2500);
      const started = await pgCtl(cluster, "start", "-w", "-t", "60");
      expect(started.code, started.output).toBe(0);
      await sleep(1500);
      stop = true;
      await Promise.all(answering);
      // Everything still waiting is resent by the queues (after Retry-After) until the server keeps it.
      const emptied = await Promise.all(queues.map((q) => q.whenEmpty(90_000)));
      expect(emptied.every(Boolean), `answers still waiting: ${queues.map((q) => q.size).join(",")}`).toBe(true);

      // PostgreSQL did restart, during the saves.
      expect(await startedAt()).not.toBe(before);
      // Some saves met the restart and were answered 503 (never 500); none was refused for good.
      const seen = `statuses ${JSON.stringify([...statuses])}, network errors ${networkErrors}, restart ${restart.ms} ms`;
      expect(statuses.get(503) ?? 0, seen).toBeGreaterThan(0);
      expect([...statuses.keys()].filter((s) => s >= 500 && s !== 503), seen).toEqual([]);
      expect(refused).toEqual([]);

      // The server stayed up and is healthy.
      expect(server.child.exitCode).toBeNull();
      expect((await send(`${server.url}/healthz`)).status).toBe(200);

      // Every acknowledged save is in the database: each question holds its last answer, at or after every
      // acknowledged sequence number for it.
      const rows = await admin
        .select({ attemptId: attemptAnswers.attemptId, questionId: attemptAnswers.questionId, choice: attemptAnswers.choice, seq: attemptAnswers.seq })
        .from(attemptAnswers)
        .where(inArray(attemptAnswers.attemptId, candidates.map((c) => c.attemptId)));
      const stored = new Map(rows.map((r) => [`${r.attemptId}|${r.questionId}`, r]));
      expect(acknowledged.filter((a) => (stored.get(`${a.attemptId}|${a.questionId}`)?.seq ?? -1) < a.seq)).toEqual([]);
      expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(latest));
    } finally {
      stop = true;
      for (const q of queues) q.dispose();
      await closeDatabase(admin);
    }
  }, 180_000);
});
