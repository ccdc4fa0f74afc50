import { firstRow, returnedRow } from "../db/query.ts";
import http from "node:http";
import { and, eq } from "drizzle-orm";
import { hashPassword } from "../app/auth/password.server.ts";
import { createSession } from "../app/auth/session.server.ts";
import { closeDatabase } from "../db/client.ts";
import { openConfiguredDatabase, type DatabaseSettings } from "../db/connect.ts";
import { drawSessionPapers } from "../app/assessment/exam.server.ts";
import { createPerson } from "../seeds/factories.ts";
import { applications, assessmentPlans, assessmentSessions, attemptAnswers, organisations, partAttendance, roleAssignments, roles, theoryAttempts, users } from "../db/schema.ts";

/**
 * The exam-day benchmark: N candidates' papers are drawn as the session opens, then they start the
 * same exam at the same moment, save an answer every few seconds and hand in. Lost answers are counted against the database: every answer the server
 * acknowledged must be there with the last choice sent. The database is opened the way the server opens it (the SQLite
 * file, or PostgreSQL when `databaseUrl` is set); `hooks` mark the moments the candidates start and the last one has
 * handed in, for measuring what runs in between (the PostgreSQL server's CPU).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

function request(base: string, path: string, cookie: string, body: string): Promise<{ status: number; setCookie: string[]; text: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(`${base}${path}`, { method: "POST", agent, headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, setCookie: res.headers["set-cookie"] ?? [], text, ms: performance.now() - started }));
    });
    // A failed request is counted as an error, not a crash of the benchmark.
    req.on("error", () => resolve({ status: 0, setCookie: [], text: "", ms: performance.now() - started }));
    req.end(body);
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
};

export async function examDay(
  base: string,
  database: DatabaseSettings,
  candidates: number,
  savesEach = 10,
  spacingMs = 3000,
  hooks: { dayStarts?: () => void; dayEnds?: () => void } = {},
) {
  const db = openConfiguredDatabase(database);
  const org = (await firstRow(db.select().from(organisations).where(eq(organisations.type, "training_base"))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(and(eq(assessmentPlans.occupation, "elderly_caregiver"), eq(assessmentPlans.level, 5)))))!;
  const session = await returnedRow(db
    .insert(assessmentSessions)
    .values({ organisationId: org.id, planId: plan.id, name: `压测批次 ${candidates}`, theoryStartsAt: new Date(Date.now() - 60_000), venue: "压测", rooms: [{ name: "大厅", capacity: candidates }], status: "open" })
    .returning());
  const traineeRole = (await firstRow(db.select().from(roles).where(eq(roles.key, "trainee"))))!;
  const passwordHash = await hashPassword("benchmark-only");
  // One candidate after another: a transaction's queries run in sequence.
  const cookies = await db.transaction(async (tx) => {
    const made: string[] = [];
    for (let i = 0; i < candidates; i++) {
      const birthDate = new Date(Date.UTC(1960, 0, 1) + (i + session.id * 5000) * 86_400_000).toISOString().slice(0, 10);
      const person = await createPerson(tx, { birthDate });
      const user = await returnedRow(tx.insert(users).values({ personId: person.id, username: `bench-${session.id}-${i}`, passwordHash }).returning());
      await tx.insert(roleAssignments).values({ userId: user.id, roleId: traineeRole.id });
      const application = await returnedRow(tx.insert(applications).values({ sessionId: session.id, userId: user.id, facts: { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "压测", routes: [] }, status: "approved", room: "大厅" }).returning());
      // Everyone was checked in at the door before the start.
      await tx.insert(partAttendance).values({ applicationId: application.id, part: "theory", status: "present", seat: String(i + 1), recordedBy: user.id, recordedAt: new Date() });
      made.push(`carecert_session=${(await createSession(tx, user.id)).token}`);
    }
    return made;
  });
  // Opening a session draws every candidate's paper (openSession does this with its staffing checks).
  const drawStarted = performance.now();
  await db.transaction(async (tx) => drawSessionPapers(tx, session.id));
  const papersDrawnInMs = Math.round(performance.now() - drawStarted);

  // Everyone presses 开始考试 at once.
  hooks.dayStarts?.();
  const startedAt = performance.now();
  const starts = await Promise.all(cookies.map((cookie) => request(base, `/exam/${session.id}`, cookie, "intent=start")));
  const startWall = performance.now() - startedAt;
  const devices = starts.map((s) => s.setCookie.find((c) => c.startsWith("carecert_exam_device="))?.split(";")[0] ?? "");
  const attempts = await db.select({ attempt: theoryAttempts, userId: applications.userId }).from(theoryAttempts).innerJoin(applications, eq(applications.id, theoryAttempts.applicationId)).where(eq(applications.sessionId, session.id));
  const byUser = new Map(attempts.map((a) => [a.userId, a.attempt]));
  const userIds = (await db.select({ id: applications.userId }).from(applications).where(eq(applications.sessionId, session.id))).map((r) => r.id);

  // Then each saves an answer every few seconds, at staggered moments, and the last one sent must win.
  const saveLatencies: number[] = [];
  const submitLatencies: number[] = [];
  let errors = starts.filter((s) => s.status !== 302).length;
  const expected = new Map<string, string>();
  await Promise.all(
    userIds.map(async (userId, i) => {
      const attempt = byUser.get(userId);
      if (!attempt) return;
      await new Promise((r) => setTimeout(r, Math.random() * spacingMs));
      for (let k = 0; k < savesEach; k++) {
        const question = attempt.paper[k % attempt.paper.length]!;
        const choice = String(k % 2);
        const res = await request(base, `/api/exam/${attempt.id}/answers`, `${cookies[i]}; ${devices[i]}`, `questionId=${question.questionId}&choice=${choice}&seq=${k + 1}`);
        saveLatencies.push(res.ms);
        if (res.status === 200 && res.text.includes('"saved"')) expected.set(`${attempt.id}|${question.questionId}`, `[${choice}]`);
        else errors++;
        await new Promise((r) => setTimeout(r, spacingMs * (0.8 + Math.random() * 0.4)));
      }
      // 交卷 as the exam page sends it with JavaScript.
      const submitted = await request(base, `/api/exam/${attempt.id}/submit`, `${cookies[i]}; ${devices[i]}`, "");
      submitLatencies.push(submitted.ms);
      if (submitted.status !== 200) errors++;
    }),
  );
  hooks.dayEnds?.();

  const stored = new Map(
    (await db
      .select({ attemptId: attemptAnswers.attemptId, questionId: attemptAnswers.questionId, choice: attemptAnswers.choice })
      .from(attemptAnswers)
      .innerJoin(theoryAttempts, eq(theoryAttempts.id, attemptAnswers.attemptId))
      .innerJoin(applications, eq(applications.id, theoryAttempts.applicationId))
      .where(eq(applications.sessionId, session.id)))
      .map((a) => [`${a.attemptId}|${a.questionId}`, JSON.stringify(a.choice)]),
  );
  const lost = [...expected].filter(([key, choice]) => stored.get(key) !== choice).length;
  const submittedCount = (await db.select().from(theoryAttempts).innerJoin(applications, eq(applications.id, theoryAttempts.applicationId)).where(eq(applications.sessionId, session.id))).filter((r) => r.theory_attempts.submittedAt).length;
  await closeDatabase(db);
  return {
    candidates,
    papersDrawnInMs,
    startP50: percentile(starts.map((s) => s.ms), 50),
    startP99: percentile(starts.map((s) => s.ms), 99),
    allStartedInMs: Math.round(startWall),
    saves: saveLatencies.length,
    saveP50: percentile(saveLatencies, 50),
    saveP95: percentile(saveLatencies, 95),
    saveP99: percentile(saveLatencies, 99),
    submitP50: percentile(submitLatencies, 50),
    submitP99: percentile(submitLatencies, 99),
    errors,
    lostAnswers: lost,
    submitted: submittedCount,
  };
}
