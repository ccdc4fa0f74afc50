import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentSessions, attemptAnswers, auditLog, questions, theoryAttempts } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../db/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { drawPaper } from "../../app/assessment/blueprint.ts";
import { approveTakeover, approvedSeat, saveAnswer, startAttempt } from "../../app/assessment/exam.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import * as exam from "../../app/assessment/routes/exam.tsx";
import { getRequest, postRequest, run } from "../setup/requests.ts";

let sessionId: number;
let planId: number;

async function candidate() {
  const user = await createUser(db, { role: "trainee" });
  db.insert(applications).values({ sessionId, userId: user.id, facts: { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room: "一号考场" }).run();
  const seat = approvedSeat(db, user.id, sessionId)!;
  return { user, seat, cookie: `carecert_session=${createLoginSession(db, user.id).token}` };
}

beforeAll(() => {
  syncContent(db, loadContent("content/courses").courses);
  seedAssessmentDefaults(db);
  planId = db.select().from(assessmentPlans).all().find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!.id;
  const base = createOrganisation(db, { type: "training_base", regionCode: "330522001" });
  sessionId = db.insert(assessmentSessions).values({ organisationId: base.id, planId, name: "测试批次", theoryStartsAt: new Date("2026-01-01T01:00:00Z"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }], status: "open" }).returning().get().id;
});

const save = (c: Awaited<ReturnType<typeof candidate>>, attempt: { id: number; deviceId: string }, questionId: string, choice: number[], seq: number, now = new Date(), deviceId: string | null = attempt.deviceId) =>
  saveAnswer(db, { attemptId: attempt.id, userId: c.user.id, deviceId, questionId, choice, seq, ip: "192.0.2.1" }, now);

describe("the theory exam", () => {
  it("draws a paper by the plan's blueprint that can be re-created from its stored seed", async () => {
    const c = await candidate();
    const attempt = startAttempt(db, c.seat, "192.0.2.1");
    const plan = db.select().from(assessmentPlans).where(eq(assessmentPlans.id, planId)).get()!;
    const bank = db.select().from(questions).where(and(eq(questions.occupation, "elderly_caregiver"), isNull(questions.retiredAt))).all().filter((q) => q.levels.includes(5)).map((q) => ({ id: q.id, type: q.type, area: q.area, optionCount: q.options.length }));
    const again = drawPaper(plan.blueprint, bank, attempt.seed);
    expect(again.ok && again.paper).toEqual(attempt.paper);
    expect(attempt.paper).toHaveLength(plan.blueprint.lines.reduce((n, l) => n + l.count, 0));
    expect(attempt.deadline.getTime() - attempt.startedAt.getTime()).toBe(plan.blueprint.durationMinutes * 60_000);
    // Starting again resumes the same attempt.
    expect(startAttempt(db, c.seat, "192.0.2.1").id).toBe(attempt.id);
  });

  it("keeps the newest save per question: repeats and late older saves change nothing", async () => {
    const c = await candidate();
    const attempt = startAttempt(db, c.seat, "192.0.2.1");
    const q = attempt.paper.find((p) => p.type === "single")!.questionId;
    expect(save(c, attempt, q, [2], 5)).toEqual({ status: "saved" });
    expect(save(c, attempt, q, [2], 5)).toEqual({ status: "duplicate" });
    expect(save(c, attempt, q, [1], 4)).toEqual({ status: "stale" });
    expect(db.select().from(auditLog).where(eq(auditLog.event, "assessment.answer_ignored")).all().at(-1)).toMatchObject({ targetId: String(attempt.id), details: { questionId: q, seq: 4, kept: 5 } });
    expect(save(c, attempt, q, [3], 6)).toEqual({ status: "saved" });
    expect(db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id)).all()).toEqual([expect.objectContaining({ questionId: q, choice: [3], seq: 6 })]);
  });

  it("refuses and logs saves for a question not on the paper, a bad option, another candidate's attempt", async () => {
    const c = await candidate();
    const other = await candidate();
    const attempt = startAttempt(db, c.seat, "192.0.2.1");
    const single = attempt.paper.find((p) => p.type === "single")!.questionId;
    expect(save(c, attempt, "ec4-0001", [0], 1)).toEqual({ status: "refused", reason: "not_in_paper" });
    expect(save(c, attempt, single, [7], 2)).toEqual({ status: "refused", reason: "bad_choice" });
    expect(save(c, attempt, single, [0, 1], 3)).toEqual({ status: "refused", reason: "bad_choice" });
    expect(saveAnswer(db, { attemptId: attempt.id, userId: other.user.id, deviceId: attempt.deviceId, questionId: single, choice: [0], seq: 4, ip: "192.0.2.9" })).toEqual({ status: "refused", reason: "not_found" });
    const refused = db.select().from(auditLog).where(eq(auditLog.event, "assessment.answer_refused")).all().filter((r) => r.targetId === String(attempt.id));
    expect(refused.map((r) => (r.details as { reason: string }).reason)).toEqual(["not_in_paper", "bad_choice", "bad_choice", "not_found"]);
  });

  it("moves to a second device only with the invigilator's approval, keeping every saved answer", async () => {
    const c = await candidate();
    const first = await run(exam.action, postRequest(`/exam/${sessionId}`, { intent: "start" }, { cookie: c.cookie }), { sessionId: String(sessionId) });
    const firstDevice = first.headers.get("Set-Cookie")!.split(";")[0]!;
    const attempt = db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, c.seat.application.id)).get()!;
    const q = attempt.paper[0]!.questionId;
    expect(save(c, attempt, q, [1], 1)).toEqual({ status: "saved" });

    // A second phone, without the device cookie, is told to ask the invigilator.
    const params = { sessionId: String(sessionId) };
    const elsewhere = await run<{ state: string }>(exam.loader, getRequest(`/exam/${sessionId}`, { cookie: c.cookie }), params);
    expect(elsewhere.data!.state).toBe("other_device");
    const asked = await run(exam.action, postRequest(`/exam/${sessionId}`, { intent: "takeover" }, { cookie: c.cookie }), params);
    const secondDevice = asked.headers.get("Set-Cookie")!.split(";")[0]!;
    const newId = secondDevice.split("=")[1]!;
    expect(save(c, attempt, q, [0], 2, new Date(), newId)).toEqual({ status: "refused", reason: "other_device" });
    const waiting = await run<{ state: string }>(exam.loader, getRequest(`/exam/${sessionId}`, { cookie: `${c.cookie}; ${secondDevice}` }), params);
    expect(waiting.data!.state).toBe("awaiting_approval");

    const invigilator = await createUser(db, { role: "examiner" });
    expect(approveTakeover(db, attempt.id, { userId: invigilator.id, ip: "192.0.2.2" })).toBe(true);
    expect(db.select().from(auditLog).where(eq(auditLog.event, "assessment.takeover_approved")).all().at(-1)).toMatchObject({ userId: invigilator.id, relatedUserId: c.user.id, targetId: String(attempt.id) });
    const resumed = await run<{ state: string; exam: { questions: Array<{ id: string; saved: number[] }>; seqBase: number } }>(exam.loader, getRequest(`/exam/${sessionId}`, { cookie: `${c.cookie}; ${secondDevice}` }), params);
    expect(resumed.data!.state).toBe("in_progress");
    expect(resumed.data!.exam.questions.find((x) => x.id === q)!.saved).toEqual([1]);
    expect(resumed.data!.exam.seqBase).toBe(2);
    // The old device can no longer save.
    expect(save(c, attempt, q, [3], 9, new Date(), firstDevice.split("=")[1]!)).toEqual({ status: "refused", reason: "other_device" });
  });

  it("submits automatically at the deadline with what was saved, and hides the score until results are published", async () => {
    const c = await candidate();
    // Started 91 minutes ago: the 90-minute deadline passed a minute ago.
    const attempt = startAttempt(db, c.seat, "192.0.2.1", new Date(Date.now() - 91 * 60_000));
    const key = new Map(db.select().from(questions).all().map((q) => [q.id, q.answer]));
    const tf = attempt.paper.find((p) => p.type === "true_false")!;
    const beforeDeadline = new Date(attempt.deadline.getTime() - 60_000);
    // One true/false question answered right (its options are never shuffled) before the deadline …
    expect(save(c, attempt, tf.questionId, key.get(tf.questionId)!, 1, beforeDeadline)).toEqual({ status: "saved" });
    // … and one after it, refused.
    expect(save(c, attempt, attempt.paper[1]!.questionId, [0], 2)).toEqual({ status: "refused", reason: "closed" });
    const page = await run<{ state: string; exam: unknown }>(exam.loader, getRequest(`/exam/${sessionId}`, { cookie: c.cookie }), { sessionId: String(sessionId) });
    expect(page.data).toMatchObject({ state: "submitted", exam: null });
    expect(JSON.stringify(page.data)).not.toContain("score");
    const row = db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id)).get()!;
    expect(row).toMatchObject({ autoSubmitted: true, score: tf.points });
    expect(row.submittedAt!.getTime()).toBe(row.deadline.getTime());
  });
});
