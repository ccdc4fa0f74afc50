import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, partAttendance, assessmentPlans, assessmentSessions, attemptAnswers, auditLog, examQuestions, sessionStaff, theoryAttempts, theoryPapers } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { drawPaper } from "../../app/assessment/blueprint.ts";
import { approvedSeat, saveAnswer, startAttempt } from "../../app/assessment/exam.server.ts";
import { openSession } from "../../app/assessment/sessions.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import * as exam from "../../app/assessment/routes/exam.tsx";
import * as invigilation from "../../app/assessment/routes/invigilation.tsx";
import * as handIn from "../../app/assessment/routes/exam-submit.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

let sessionId: number;
let planId: number;
let baseId: number;

async function candidate(forSession = sessionId) {
  const user = await createUser(db, { role: "trainee" });
  await db.insert(applications).values({ sessionId: forSession, userId: user.id, facts: { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room: "一号考场" });
  const seat = (await approvedSeat(db, user.id, forSession))!;
  return { user, seat, cookie: `carecert_session=${(await createLoginSession(db, user.id)).token}` };
}

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  planId = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!.id;
  const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
  baseId = base.id;
  sessionId = (await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId, name: "测试批次", theoryStartsAt: new Date("2026-01-01T01:00:00Z"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }], status: "open" }).returning())).id;
});

const save = async (c: Awaited<ReturnType<typeof candidate>>, attempt: { id: number; deviceId: string }, questionId: string, choice: number[], seq: number, now = new Date(), deviceId: string | null = attempt.deviceId) =>
  saveAnswer(db, { attemptId: attempt.id, userId: c.user.id, deviceId, questionId, choice, seq, ip: "192.0.2.1" }, now);

describe("the theory exam", () => {
  it("draws a paper by the plan's blueprint that can be re-created from its stored seed", async () => {
    const c = await candidate();
    const attempt = await startAttempt(db, c.seat, "192.0.2.1");
    const plan = (await firstRow(db.select().from(assessmentPlans).where(eq(assessmentPlans.id, planId))))!;
    const bank = (await db.select().from(examQuestions).where(and(eq(examQuestions.occupation, "elderly_caregiver"), eq(examQuestions.level, 5), isNull(examQuestions.retiredAt)))).map((q) => ({ id: q.id, type: q.type, area: q.area, optionCount: q.options.length }));
    const again = drawPaper(plan.blueprint, bank, attempt.seed);
    expect(again.ok && again.paper).toEqual(attempt.paper);
    expect(attempt.paper).toHaveLength(plan.blueprint.lines.reduce((n, l) => n + l.count, 0));
    expect(attempt.deadline.getTime() - attempt.startedAt.getTime()).toBe(plan.blueprint.durationMinutes * 60_000);
    // Starting again resumes the same attempt.
    expect((await startAttempt(db, c.seat, "192.0.2.1")).id).toBe(attempt.id);
  });

  it("keeps the newest save per question: repeats and late older saves change nothing", async () => {
    const c = await candidate();
    const attempt = await startAttempt(db, c.seat, "192.0.2.1");
    const q = attempt.paper.find((p) => p.type === "single")!.questionId;
    expect(await save(c, attempt, q, [2], 5)).toEqual({ status: "saved" });
    expect(await save(c, attempt, q, [2], 5)).toEqual({ status: "duplicate" });
    expect(await save(c, attempt, q, [1], 4)).toEqual({ status: "stale" });
    expect((await db.select().from(auditLog).where(eq(auditLog.event, "assessment.answer_ignored"))).at(-1)).toMatchObject({ targetId: String(attempt.id), details: { questionId: q, seq: 4, kept: 5 } });
    expect(await save(c, attempt, q, [3], 6)).toEqual({ status: "saved" });
    expect(await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id))).toEqual([expect.objectContaining({ questionId: q, choice: [3], seq: 6 })]);
  });

  it("refuses and logs saves for a question not on the paper, a bad option, another candidate's attempt", async () => {
    const c = await candidate();
    const other = await candidate();
    const attempt = await startAttempt(db, c.seat, "192.0.2.1");
    const single = attempt.paper.find((p) => p.type === "single")!.questionId;
    expect(await save(c, attempt, "ec4-0001", [0], 1)).toEqual({ status: "refused", reason: "not_in_paper" });
    expect(await save(c, attempt, single, [7], 2)).toEqual({ status: "refused", reason: "bad_choice" });
    expect(await save(c, attempt, single, [0, 1], 3)).toEqual({ status: "refused", reason: "bad_choice" });
    expect(await saveAnswer(db, { attemptId: attempt.id, userId: other.user.id, deviceId: attempt.deviceId, questionId: single, choice: [0], seq: 4, ip: "192.0.2.9" })).toEqual({ status: "refused", reason: "not_found" });
    const refused = (await db.select().from(auditLog).where(eq(auditLog.event, "assessment.answer_refused"))).filter((r) => r.targetId === String(attempt.id));
    expect(refused.map((r) => (r.details as { reason: string }).reason)).toEqual(["not_in_paper", "bad_choice", "bad_choice", "not_found"]);
  });

  it("moves to a second device only with the invigilator's approval, keeping every saved answer", async () => {
    const c = await candidate();
    const invigilator = await createUser(db, { role: "examiner" });
    // Checked in at the door: only then may the paper start.
    await db.insert(partAttendance).values({ applicationId: c.seat.application.id, part: "theory", status: "present", seat: "01", recordedBy: invigilator.id, recordedAt: new Date() });
    const first = await run(exam.action, postRequest(`/exam/${sessionId}`, { intent: "start" }, { cookie: c.cookie }), { sessionId: String(sessionId) });
    const firstDevice = first.headers.get("Set-Cookie")!.split(";")[0]!;
    const attempt = (await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, c.seat.application.id))))!;
    const q = attempt.paper[0]!.questionId;
    expect(await save(c, attempt, q, [1], 1)).toEqual({ status: "saved" });

    // A second phone, without the device cookie, is told to ask the invigilator.
    const params = { sessionId: String(sessionId) };
    const elsewhere = await run<{ state: string }>(exam.loader, getRequest(`/exam/${sessionId}`, { cookie: c.cookie }), params);
    expect(elsewhere.data!.state).toBe("other_device");
    const asked = await run(exam.action, postRequest(`/exam/${sessionId}`, { intent: "takeover" }, { cookie: c.cookie }), params);
    const secondDevice = asked.headers.get("Set-Cookie")!.split(";")[0]!;
    const newId = secondDevice.split("=")[1]!;
    expect(await save(c, attempt, q, [0], 2, new Date(), newId)).toEqual({ status: "refused", reason: "other_device" });
    const waiting = await run<{ state: string }>(exam.loader, getRequest(`/exam/${sessionId}`, { cookie: `${c.cookie}; ${secondDevice}` }), params);
    expect(waiting.data!.state).toBe("awaiting_approval");

    // The invigilator's page asks first: a post without the confirmation changes nothing.
    const session = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!;
    const chief = await createUser(db, { role: "examiner", organisationId: session.organisationId });
    await db.insert(sessionStaff).values({ sessionId, userId: chief.id, duty: "chief_examiner", room: null });
    const invigilatorCookie = `carecert_session=${(await createLoginSession(db, chief.id)).token}`;
    const unconfirmed = await run(invigilation.action, postRequest(`/examiner/sessions/${sessionId}`, { attemptId: String(attempt.id) }, { cookie: invigilatorCookie }), params);
    expect(unconfirmed.status).toBe(400);
    expect((await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!.pendingDeviceId).toBe(newId);
    const approved = await run(invigilation.action, postRequest(`/examiner/sessions/${sessionId}`, { attemptId: String(attempt.id), confirmed: "yes" }, { cookie: invigilatorCookie }), params);
    expect(approved.status).toBe(302);
    expect(decodeURIComponent(approved.headers.get("Set-Cookie")!)).toContain("已批准");
    expect((await db.select().from(auditLog).where(eq(auditLog.event, "assessment.takeover_approved"))).at(-1)).toMatchObject({ userId: chief.id, relatedUserId: c.user.id, targetId: String(attempt.id) });
    const resumed = await run<{ state: string; exam: { questions: Array<{ id: string; saved: number[] }>; seqBase: number } }>(exam.loader, getRequest(`/exam/${sessionId}`, { cookie: `${c.cookie}; ${secondDevice}` }), params);
    expect(resumed.data!.state).toBe("in_progress");
    expect(resumed.data!.exam.questions.find((x) => x.id === q)!.saved).toEqual([1]);
    expect(resumed.data!.exam.seqBase).toBe(2);
    // The old device can no longer save.
    expect(await save(c, attempt, q, [3], 9, new Date(), firstDevice.split("=")[1]!)).toEqual({ status: "refused", reason: "other_device" });
  });

  it("submits automatically at the deadline with what was saved, and hides the score until results are published", async () => {
    const c = await candidate();
    // Started 91 minutes ago: the 90-minute deadline passed a minute ago.
    const attempt = await startAttempt(db, c.seat, "192.0.2.1", new Date(Date.now() - 91 * 60_000));
    const key = new Map((await db.select().from(examQuestions)).map((q) => [q.id, q.answer]));
    const tf = attempt.paper.find((p) => p.type === "true_false")!;
    const beforeDeadline = new Date(attempt.deadline.getTime() - 60_000);
    // One true/false question answered right (its options are never shuffled) before the deadline …
    expect(await save(c, attempt, tf.questionId, key.get(tf.questionId)!, 1, beforeDeadline)).toEqual({ status: "saved" });
    // … and one after it, refused.
    expect(await save(c, attempt, attempt.paper[1]!.questionId, [0], 2)).toEqual({ status: "refused", reason: "closed" });
    const page = await run<{ state: string; exam: unknown }>(exam.loader, getRequest(`/exam/${sessionId}`, { cookie: c.cookie }), { sessionId: String(sessionId) });
    expect(page.data).toMatchObject({ state: "submitted", exam: null });
    expect(JSON.stringify(page.data)).not.toContain("score");
    const row = (await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!;
    expect(row).toMatchObject({ autoSubmitted: true, score: tf.points });
    expect(row.submittedAt!.getTime()).toBe(row.deadline.getTime());
  });

  it("draws every candidate's paper when the session opens, and the start takes the paper drawn", async () => {
    const draft = await returnedRow(db.insert(assessmentSessions).values({ organisationId: baseId, planId, name: "开考组卷批次", theoryStartsAt: new Date("2026-01-01T01:00:00Z"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }] }).returning());
    for (const [i, duty] of (["invigilator", "invigilator", "examiner", "examiner", "examiner"] as const).entries()) {
      const staff = await createUser(db, { role: "examiner", organisationId: baseId });
      await db.insert(sessionStaff).values({ sessionId: draft.id, userId: staff.id, duty, room: i < 2 ? "一号考场" : null });
    }
    const sitting = [await candidate(draft.id), await candidate(draft.id)];
    expect(await openSession(db, draft.id, { userId: sitting[0]!.user.id, ip: "192.0.2.3" })).toEqual([]);
    const papers = (await db.select().from(theoryPapers)).filter((p) => sitting.some((c) => c.seat.application.id === p.applicationId));
    expect(papers).toHaveLength(2);
    expect((await db.select().from(auditLog).where(eq(auditLog.event, "assessment.session_opened"))).at(-1)!.details).toMatchObject({ candidates: 2, papers: 2 });
    const attempt = await startAttempt(db, (await approvedSeat(db, sitting[0]!.user.id, draft.id))!, "192.0.2.1");
    const drawn = papers.find((p) => p.applicationId === sitting[0]!.seat.application.id)!;
    expect({ seed: attempt.seed, paper: attempt.paper }).toEqual({ seed: drawn.seed, paper: drawn.paper });
  });

  it("will not open a session whose bank cannot fill the blueprint, and names what is missing", async () => {
    // An official's blueprint asks for an area the 保育师 五级 bank has no question in.
    const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "childcare_worker" && p.level === 5)!;
    const line = { area: "婴幼儿心理测评", type: "true_false" as const, count: 3 };
    await db.update(assessmentPlans).set({ blueprint: { ...plan.blueprint, lines: [...plan.blueprint.lines, line] } }).where(eq(assessmentPlans.id, plan.id));
    try {
      const draft = await returnedRow(db.insert(assessmentSessions).values({ organisationId: baseId, planId: plan.id, name: "题库不足批次", theoryStartsAt: new Date("2026-01-01T01:00:00Z"), venue: "长兴", rooms: [] }).returning());
      const problems = await openSession(db, draft.id, { userId: 1, ip: "192.0.2.3" });
      expect(problems).toContain("题库中“婴幼儿心理测评”判断题只有 0 道，组卷需要 3 道");
      expect((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, draft.id))))!.status).toBe("draft");
    } finally {
      await db.update(assessmentPlans).set({ blueprint: plan.blueprint }).where(eq(assessmentPlans.id, plan.id));
    }
  });

  it("hands in through the lean endpoint only from the candidate's own bound device, once", async () => {
    const c = await candidate();
    const other = await candidate();
    const attempt = await startAttempt(db, c.seat, "192.0.2.1");
    const tf = attempt.paper.find((p) => p.type === "true_false")!;
    const key = (await firstRow(db.select().from(examQuestions).where(eq(examQuestions.id, tf.questionId))))!.answer;
    expect(await save(c, attempt, tf.questionId, key, 1)).toEqual({ status: "saved" });
    const post = (cookie: string) => run<never>(handIn.action, postRequest(`/api/exam/${attempt.id}/submit`, {}, { cookie }), { attemptId: String(attempt.id) });
    const device = `carecert_exam_device=${attempt.deviceId}`;

    const stranger = await post(`${other.cookie}; ${device}`);
    expect([stranger.status, JSON.parse(stranger.body!)]).toEqual([404, { status: "refused", reason: "not_found" }]);
    const elsewhere = await post(c.cookie);
    expect([elsewhere.status, JSON.parse(elsewhere.body!)]).toEqual([409, { status: "refused", reason: "other_device" }]);
    expect((await db.select().from(auditLog).where(eq(auditLog.event, "assessment.submit_refused"))).map((r) => (r.details as { reason: string }).reason)).toEqual(["not_found", "other_device"]);
    expect((await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!.submittedAt).toBeNull();

    const handed = await post(`${c.cookie}; ${device}`);
    expect([handed.status, JSON.parse(handed.body!)]).toEqual([200, { status: "submitted", auto: false }]);
    const closed = (await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!;
    expect(closed).toMatchObject({ autoSubmitted: false, score: tf.points });
    // Again: nothing changes; saves after it are refused.
    expect((await post(`${c.cookie}; ${device}`)).status).toBe(200);
    expect((await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!.submittedAt).toEqual(closed.submittedAt);
    expect((await db.select().from(auditLog).where(eq(auditLog.event, "assessment.exam_submitted"))).filter((r) => r.targetId === String(attempt.id))).toHaveLength(1);
    expect(await save(c, attempt, tf.questionId, key, 2)).toEqual({ status: "refused", reason: "closed" });
  });
});
