import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attendance, classMembers, classSessions, courseCompletions, lessons, quizAttempts, trainingClasses } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { offlineMinutesFor, recordAttendance } from "../../app/learning/classes.server.ts";
import { completeLesson, courseProgress, enrol, openQuizAttempt, recordCompletionIfDue, recordStudyActivity, submitQuizAttempt } from "../../app/learning/learning.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import * as quizRoute from "../../app/learning/routes/quiz.tsx";
import * as lessonRoute from "../../app/learning/routes/lesson.tsx";
import * as activity from "../../app/learning/routes/study-activity.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";
import { validCourseFiles, writeContent } from "../setup/content-fixture.ts";

const lessonRow = async (id: string) => (await firstRow(db.select().from(lessons).where(and(eq(lessons.courseId, "demo-5"), eq(lessons.id, id)))))!;
const t0 = new Date("2026-11-22T02:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

beforeAll(async () => {
  await syncContent(db, loadContent(writeContent(validCourseFiles())).courses);
});

describe("study time", () => {
  it("credits one stream of server time across two tabs, and ignores a late report", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    await enrol(db, trainee.id, "demo-5", "127.0.0.1");
    const feeding = await lessonRow("feeding");
    const bathing = await lessonRow("bathing");
    // Tab 1 reads feeding, tab 2 reads bathing, both report every 30 s for 3 minutes.
    for (let s = 0; s <= 180; s += 30) {
      await recordStudyActivity(db, trainee.id, feeding, at(s));
      await recordStudyActivity(db, trainee.id, bathing, at(s + 10));
    }
    // An older report arriving late earns nothing and moves nothing back.
    expect(await recordStudyActivity(db, trainee.id, feeding, at(100))).toBe(0);
    const progress = (await courseProgress(db, trainee.id, "demo-5"))!;
    expect(progress.onlineSeconds).toBe(190);
  });

  it("cuts off idle gaps and caps a lesson at three times its estimate", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    await enrol(db, trainee.id, "demo-5", "127.0.0.1");
    const feeding = await lessonRow("feeding"); // 10 minutes → cap 30 minutes
    await recordStudyActivity(db, trainee.id, feeding, at(0));
    expect(await recordStudyActivity(db, trainee.id, feeding, at(600))).toBe(0); // came back after 10 idle minutes
    let total = 0;
    for (let s = 630; s <= 630 + 3600; s += 30) total += await recordStudyActivity(db, trainee.id, feeding, at(s));
    expect(total).toBe(1800);
  });

  it("lets a lesson be marked done only after half its estimated time", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    await enrol(db, trainee.id, "demo-5", "127.0.0.1");
    const feeding = await lessonRow("feeding");
    for (let s = 0; s <= 270; s += 30) await recordStudyActivity(db, trainee.id, feeding, at(s));
    expect(await completeLesson(db, trainee.id, feeding)).toEqual({ ok: false, neededSeconds: 300, creditedSeconds: 270 });
    await recordStudyActivity(db, trainee.id, feeding, at(300));
    expect(await completeLesson(db, trainee.id, feeding)).toEqual({ ok: true });
  });

  it("ignores any time the client sends: only the server's clock counts", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    await enrol(db, trainee.id, "demo-5", "127.0.0.1");
    const cookie = `carecert_session=${(await createSession(db, trainee.id)).token}`;
    const report = (fields: Record<string, string>) => run<{ credited: number }>(activity.action, postRequest("/api/study-activity", { courseId: "demo-5", lessonId: "feeding", ...fields }, { cookie }));
    expect((await report({})).body).toBe('{"credited":0}');
    // A phone claiming an hour has passed earns only the real second or so since the first report.
    const second = JSON.parse((await report({ at: new Date(Date.now() + 3600_000).toISOString(), seconds: "3600" })).body!);
    expect(second.credited).toBeLessThanOrEqual(2);
  });

  it("tells the trainee on the lesson page how much longer to read", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    await enrol(db, trainee.id, "demo-5", "127.0.0.1");
    const cookie = `carecert_session=${(await createSession(db, trainee.id)).token}`;
    const outcome = await run<{ error: string }>(lessonRoute.action, postRequest("/courses/demo-5/lessons/feeding", {}, { cookie }), { courseId: "demo-5", lessonId: "feeding" });
    expect(outcome.status).toBe(400);
    expect(outcome.data!.error).toContain("本课至少需要学习 5 分钟，目前计入 0 分钟");
  });
});

describe("completion", () => {
  it("needs every required lesson, both parts of the hours (online, attended classes) and the required quizzes", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    await enrol(db, trainee.id, "demo-5", "127.0.0.1");
    for (const id of ["feeding", "bathing"]) {
      const lesson = await lessonRow(id);
      const start = id === "feeding" ? 0 : 10_000;
      for (let s = start; s <= start + 1500; s += 30) await recordStudyActivity(db, trainee.id, lesson, at(s));
      expect((await completeLesson(db, trainee.id, lesson)).ok).toBe(true);
    }
    // The care module's quiz: answer every question right.
    const attempt = await openQuizAttempt(db, trainee.id, { id: "demo-5", level: 5 }, { id: "care", quizQuestions: 2 }, 42);
    expect(attempt.questionIds.sort()).toEqual(["demo-0001", "demo-0002"]);
    const graded = (await submitQuizAttempt(db, trainee.id, attempt.id, { "demo-0001": [1], "demo-0002": [0] }, 60))!;
    expect(graded).toMatchObject({ score: 100, passed: true });

    // 1 online 学时 (45 minutes) and 1 offline: 50 online minutes so far, no class attended, so not yet.
    expect((await courseProgress(db, trainee.id, "demo-5", 0))!.status).toMatchObject({ onlineMinutes: 50, onlineRequiredMinutes: 45, offlineRequiredMinutes: 45 });
    expect(await recordCompletionIfDue(db, trainee.id, "demo-5", 0)).toBe(false);
    const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
    const cls = await returnedRow(db.insert(trainingClasses).values({ organisationId: base.id, courseId: "demo-5", name: "测试班", startsOn: "2026-11-01", endsOn: "2026-11-30" }).returning());
    await db.insert(classMembers).values({ classId: cls.id, personId: trainee.person.id, addedAt: new Date() });
    const session = await returnedRow(db.insert(classSessions).values({ classId: cls.id, date: "2026-11-10", startTime: "08:30", endTime: "09:50", minutes: 80, topic: "实操" }).returning());
    await db.insert(attendance).values({ sessionId: session.id, personId: trainee.person.id, present: true, recordedAt: new Date() });
    const offline = await offlineMinutesFor(db, trainee.person.id, "demo-5");
    expect(offline).toBe(80);
    expect(await recordCompletionIfDue(db, trainee.id, "demo-5", offline)).toBe(true);
    const completion = (await firstRow(db.select().from(courseCompletions).where(eq(courseCompletions.userId, trainee.id))))!;
    expect(completion).toMatchObject({ courseId: "demo-5", personId: trainee.person.id, onlineSeconds: 3000, offlineMinutes: 80 });
  });
});

describe("completion by attendance", () => {
  it("records the completion when attended hours are the last thing missing", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    await enrol(db, trainee.id, "demo-5", "127.0.0.1");
    for (const id of ["feeding", "bathing"]) {
      const lesson = await lessonRow(id);
      const start = id === "feeding" ? 0 : 10_000;
      for (let s = start; s <= start + 1500; s += 30) await recordStudyActivity(db, trainee.id, lesson, at(s));
      await completeLesson(db, trainee.id, lesson);
    }
    const attempt = await openQuizAttempt(db, trainee.id, { id: "demo-5", level: 5 }, { id: "care", quizQuestions: 2 }, 42);
    await submitQuizAttempt(db, trainee.id, attempt.id, { "demo-0001": [1], "demo-0002": [0] }, 60);
    const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
    const cls = await returnedRow(db.insert(trainingClasses).values({ organisationId: base.id, courseId: "demo-5", name: "考勤班", startsOn: "2026-11-01", endsOn: "2026-11-30" }).returning());
    await db.insert(classMembers).values({ classId: cls.id, personId: trainee.person.id, addedAt: new Date() });
    const session = await returnedRow(db.insert(classSessions).values({ classId: cls.id, date: "2026-11-10", startTime: "08:30", endTime: "09:50", minutes: 80, topic: "实操" }).returning());
    expect(await firstRow(db.select().from(courseCompletions).where(eq(courseCompletions.userId, trainee.id)))).toBeUndefined();
    await recordAttendance(db, cls.id, session.id, new Set([trainee.person.id]), { userId: null, ip: "127.0.0.1" });
    expect(await firstRow(db.select().from(courseCompletions).where(eq(courseCompletions.userId, trainee.id)))).toMatchObject({ offlineMinutes: 80 });
  });
});

describe("chapter quizzes", () => {
  it("draws the same paper from the same seed and only questions of the module's areas", async () => {
    const a = await createUser(db, { role: "trainee" });
    const b = await createUser(db, { role: "trainee" });
    const first = await openQuizAttempt(db, a.id, { id: "demo-5", level: 5 }, { id: "rehab", quizQuestions: 1 }, 7);
    const second = await openQuizAttempt(db, b.id, { id: "demo-5", level: 5 }, { id: "rehab", quizQuestions: 1 }, 7);
    expect(first.questionIds).toEqual(["demo-0003"]);
    expect(second.questionIds).toEqual(first.questionIds);
  });

  it("never shows or grades another trainee's attempt", async () => {
    const owner = await createUser(db, { role: "trainee" });
    const other = await createUser(db, { role: "trainee" });
    await enrol(db, owner.id, "demo-5", "127.0.0.1");
    await enrol(db, other.id, "demo-5", "127.0.0.1");
    const attempt = await openQuizAttempt(db, owner.id, { id: "demo-5", level: 5 }, { id: "care", quizQuestions: 2 });
    expect(await submitQuizAttempt(db, other.id, attempt.id, {}, 60)).toBeNull();
    const cookie = `carecert_session=${(await createSession(db, other.id)).token}`;
    const outcome = await run(quizRoute.action, postRequest("/courses/demo-5/quiz/care", { intent: "submit", attemptId: String(attempt.id) }, { cookie }), { courseId: "demo-5", moduleId: "care" });
    expect(outcome.status).toBe(404);
    expect((await firstRow(db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.id))))!.submittedAt).toBeNull();
  });

  it("does not send the answers with the questions, and shows them with explanations after submission", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    await enrol(db, trainee.id, "demo-5", "127.0.0.1");
    const cookie = `carecert_session=${(await createSession(db, trainee.id)).token}`;
    const params = { courseId: "demo-5", moduleId: "care" };
    await run(quizRoute.action, postRequest("/courses/demo-5/quiz/care", { intent: "start" }, { cookie }), params);
    const page = await run<{ attempt: { id: number; questions: object[] } }>(quizRoute.loader, getRequest("/courses/demo-5/quiz/care", { cookie }), params);
    expect(JSON.stringify(page.data)).not.toMatch(/answer|explanation/);
    const result = await run<{ score: number; feedback: Array<{ explanation: string; answer: number[] }> }>(
      quizRoute.action,
      postRequest("/courses/demo-5/quiz/care", { intent: "submit", attemptId: String(page.data!.attempt.id), "q_demo-0001": "1" }, { cookie }),
      params,
    );
    expect(result.data!.score).toBe(50);
    expect(result.data!.feedback.map((f) => f.explanation).sort()).toEqual(["坐位或半坐卧位利于吞咽。", "防止烫伤。"]);
  });

  it("shows the options in an order of their own per attempt and grades by the option chosen, not its position", async () => {
    const params = { courseId: "demo-5", moduleId: "rehab" };
    const orders = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const trainee = await createUser(db, { role: "trainee" });
      await enrol(db, trainee.id, "demo-5", "127.0.0.1");
      const cookie = `carecert_session=${(await createSession(db, trainee.id)).token}`;
      await run(quizRoute.action, postRequest("/courses/demo-5/quiz/rehab", { intent: "start" }, { cookie }), params);
      const page = await run<{ attempt: { id: number; questions: Array<{ id: string; options: Array<{ index: number; text: string }> }> } }>(quizRoute.loader, getRequest("/courses/demo-5/quiz/rehab", { cookie }), params);
      const [question] = page.data!.attempt.questions;
      const shown = question!.options.map((o) => o.index);
      orders.add(shown.join());
      // demo-0003's right options are the bank's A, B and D: chosen by value wherever they are shown.
      const result = await run<{ score: number; feedback: Array<{ answerLetters: string }> }>(
        quizRoute.action,
        postRequest("/courses/demo-5/quiz/rehab", [["intent", "submit"], ["attemptId", String(page.data!.attempt.id)], ["q_demo-0003", "0"], ["q_demo-0003", "1"], ["q_demo-0003", "3"]], { cookie }),
        params,
      );
      expect(result.data!.score).toBe(100);
      expect(result.data!.feedback[0]!.answerLetters).toBe(shown.flatMap((index, position) => ([0, 1, 3].includes(index) ? ["ABCD"[position]] : [])).join(""));
    }
    expect(orders.size).toBeGreaterThan(1);
  });
});
