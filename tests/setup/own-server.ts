import { firstRow, returnedRow } from "../../db/query.ts";
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { and, eq } from "drizzle-orm";
import { drawSessionPapers } from "../../app/assessment/exam.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { closeDatabase } from "../../db/client.ts";
import { createPerson } from "../../seeds/factories.ts";
import { applications, assessmentPlans, assessmentSessions, organisations, partAttendance, roleAssignments, roles, theoryAttempts, users } from "../../db/schema.ts";
import { freePort, waitForHealth } from "./global-setup.ts";
import { childEnv, createDatabase, dropDatabase, openTestDatabase, type TestDatabase } from "./test-database.ts";

export type OwnServer = {
  url: string;
  port: number;
  /** Its own database: a copy of the template on the suite's engine (tests/setup/test-database.ts). */
  database: TestDatabase;
  child: ChildProcess;
  log(): string;
  /** Stops the server (if still running) and drops its database. */
  stop(): Promise<void>;
};

/**
 * A built server of a test file's own (demo data, its own database), for tests that lock, back up, stop or restart its
 * database, or start it with settings the shared one does not have. Started as `npm run serve` would, without NODE_ENV.
 * `database` is made for it unless given (e.g. one on another PostgreSQL server); `stop()` drops only one it made.
 */
export async function startOwnServer(env: Record<string, string>, options: { database?: TestDatabase } = {}): Promise<OwnServer> {
  const port = await freePort();
  const database = options.database ?? (await createDatabase({ name: `own-${port}` }));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: childEnv(database, { PORT: String(port), DEMO: "1", PUBLIC_URL: "", ...env, NODE_ENV: undefined }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    }
    if (!options.database) await dropDatabase(database);
  };
  try {
    await waitForHealth(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, database, child, log: () => log, stop };
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; text: string };

/** A request written by hand, so Host and Accept-Encoding are what the test says. */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method ?? "GET", headers: { ...(init.body !== undefined ? { "Content-Length": String(Buffer.byteLength(init.body)) } : {}), ...init.headers } });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: response.statusCode!, headers: response.headers, body, text: body.toString("utf8") });
      });
    });
    request.on("error", reject);
    request.end(init.body);
  });
}

export type Candidate = { attemptId: number; questionIds: string[]; cookie: string };

/** Candidates signed in (sessions made directly) with their theory exam started through the page. */
export async function startedCandidates(url: string, database: TestDatabase, count: number, origin: string, host?: string): Promise<Candidate[]> {
  const db = openTestDatabase(database);
  const org = (await firstRow(db.select().from(organisations).where(eq(organisations.type, "training_base"))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(and(eq(assessmentPlans.occupation, "elderly_caregiver"), eq(assessmentPlans.level, 5)))))!;
  const session = await returnedRow(db
    .insert(assessmentSessions)
    .values({ organisationId: org.id, planId: plan.id, name: "测试批次", theoryStartsAt: new Date(Date.now() - 60_000), venue: "测试", rooms: [{ name: "大厅", capacity: count }], status: "open" })
    .returning());
  const traineeRole = (await firstRow(db.select().from(roles).where(eq(roles.key, "trainee"))))!;
  const sessionCookies = await db.transaction(async (tx) => {
    const cookies: { userId: number; cookie: string }[] = [];
    for (let i = 0; i < count; i++) {
      const birthDate = new Date(Date.UTC(1965, 0, 1) + (i + session.id * 500) * 86_400_000).toISOString().slice(0, 10);
      const person = await createPerson(tx, { birthDate });
      const user = await returnedRow(tx.insert(users).values({ personId: person.id, username: `candidate-${session.id}-${i}`, passwordHash: "unused" }).returning());
      await tx.insert(roleAssignments).values({ userId: user.id, roleId: traineeRole.id });
      const application = await returnedRow(tx.insert(applications).values({ sessionId: session.id, userId: user.id, facts: { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "测试", routes: [] }, status: "approved", room: "大厅" }).returning());
      // Checked in at the door: only then may a candidate start the paper.
      await tx.insert(partAttendance).values({ applicationId: application.id, part: "theory", status: "present", seat: String(i + 1), recordedBy: user.id, recordedAt: new Date() });
      cookies.push({ userId: user.id, cookie: `carecert_session=${(await createSession(tx, user.id)).token}` });
    }
    return cookies;
  });
  await db.transaction(async (tx) => drawSessionPapers(tx, session.id));
  const candidates: Candidate[] = [];
  for (const { userId, cookie } of sessionCookies) {
    const started = await send(`${url}/exam/${session.id}`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded", ...(host ? { Host: host } : {}) },
      body: "intent=start",
    });
    const device = String(started.headers["set-cookie"] ?? "").match(/carecert_exam_device=[^;]+/)?.[0];
    if (started.status !== 302 || !device) throw new Error(`start answered ${started.status}: ${started.text.slice(0, 200)}`);
    const attempt = (await firstRow(db
      .select({ attempt: theoryAttempts })
      .from(theoryAttempts)
      .innerJoin(applications, eq(applications.id, theoryAttempts.applicationId))
      .where(and(eq(applications.sessionId, session.id), eq(applications.userId, userId)))))!.attempt;
    candidates.push({ attemptId: attempt.id, questionIds: attempt.paper.map((q) => q.questionId), cookie: `${cookie}; ${device}` });
  }
  await closeDatabase(db);
  return candidates;
}
