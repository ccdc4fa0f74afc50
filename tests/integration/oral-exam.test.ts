import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, attemptAnswers, auditLog, partAttendance, sessionStaff, theoryAttempts } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import * as trainee from "../../app/assessment/routes/trainee-assessments.tsx";
import * as exam from "../../app/assessment/routes/exam.tsx";
import * as oral from "../../app/assessment/routes/oral-exam.tsx";
import * as invigilation from "../../app/assessment/routes/invigilation.tsx";
import * as checkInPage from "../../app/assessment/routes/check-in.tsx";
import * as sessionPage from "../../app/assessment/routes/base-session.tsx";
import { getRequest, postRequest, run } from "../setup/requests.ts";

let baseId: number;
const planIds = { five: 0, four: 0 };
const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
const facts = { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] };

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  const plans = await db.select().from(assessmentPlans);
  planIds.five = plans.find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!.id;
  planIds.four = plans.find((p) => p.occupation === "elderly_caregiver" && p.level === 4)!.id;
  baseId = (await createOrganisation(db, { type: "training_base", regionCode: "330522001" })).id;
});

async function applicant(opts: { level?: "five" | "four"; status?: "draft" | "open"; startsAt?: Date; oralTheory?: boolean } = {}) {
  const status = opts.status ?? "draft";
  const session = await returnedRow(db
    .insert(assessmentSessions)
    .values({ organisationId: baseId, planId: planIds[opts.level ?? "five"], name: `口试批次 ${Math.random()}`, theoryStartsAt: opts.startsAt ?? new Date(Date.now() + 7 * 86_400_000), venue: "长兴县职业技能实训基地", rooms: [{ name: "一号考场", capacity: 2 }, { name: "二号考场", capacity: 2 }], status })
    .returning());
  const user = await createUser(db, { role: "trainee" });
  const application = await returnedRow(db
    .insert(applications)
    .values({ sessionId: session.id, userId: user.id, facts, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: status === "draft" ? "pending" : "approved", room: status === "draft" ? null : "一号考场", oralTheory: opts.oralTheory ?? false })
    .returning());
  return { session, user, application, cookie: await cookieOf(user.id) };
}

const requestOral = (cookie: string, applicationId: number, fields: Record<string, string> = { noPrimarySchool: "on" }) => run(trainee.action, postRequest("/assessments", { intent: "oral-request", applicationId: String(applicationId), ...fields }, { cookie }));
const oralOf = async (applicationId: number) => (await firstRow(db.select({ oralTheory: applications.oralTheory }).from(applications).where(eq(applications.id, applicationId))))!.oralTheory;
const auditOf = async (event: string, targetId: number) => await db.select().from(auditLog).where(and(eq(auditLog.event, event), eq(auditLog.targetId, String(targetId))));

describe("asking for the oral theory exam (口试)", () => {
  it("is allowed for one's own 五级 application before the session opens, logged, and can be withdrawn", async () => {
    const { user, application, cookie } = await applicant();
    const asked = await requestOral(cookie, application.id);
    expect(asked.location).toBe("/assessments");
    expect(await oralOf(application.id)).toBe(true);
    expect(await auditOf("assessment.oral_requested", application.id)).toEqual([expect.objectContaining({ userId: user.id })]);
    const page = await run(trainee.loader, getRequest("/assessments", { cookie }));
    expect(page.data.mine[0]).toMatchObject({ oral: { requested: true, changeable: true } });
    const withdrawn = await run(trainee.action, postRequest("/assessments", { intent: "oral-withdraw", applicationId: String(application.id) }, { cookie }));
    expect(withdrawn.location).toBe("/assessments");
    expect(await oralOf(application.id)).toBe(false);
    expect(await auditOf("assessment.oral_withdrawn", application.id)).toHaveLength(1);
  });

  it("needs the declaration of no primary schooling", async () => {
    const { application, cookie } = await applicant();
    const refused = await requestOral(cookie, application.id, {});
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ oralError: { applicationId: application.id, message: expect.stringContaining("未完成小学教育") } });
    expect(await oralOf(application.id)).toBe(false);
  });

  it("is refused at levels other than 五级 and once the session has opened, writing nothing", async () => {
    const four = await applicant({ level: "four" });
    const atFour = await requestOral(four.cookie, four.application.id);
    expect(atFour.status).toBe(409);
    expect(atFour.data).toMatchObject({ oralError: { message: expect.stringContaining("五级") } });
    expect(await oralOf(four.application.id)).toBe(false);
    expect((await run(trainee.loader, getRequest("/assessments", { cookie: four.cookie }))).data.mine[0].oral).toBeNull();

    const opened = await applicant({ status: "open" });
    const afterOpening = await requestOral(opened.cookie, opened.application.id);
    expect(afterOpening.status).toBe(409);
    expect(afterOpening.data).toMatchObject({ oralError: { message: expect.stringContaining("开考") } });
    expect(await oralOf(opened.application.id)).toBe(false);
    // Nor can it be withdrawn after opening.
    const asked = await applicant({ status: "open", oralTheory: true });
    expect((await run(trainee.action, postRequest("/assessments", { intent: "oral-withdraw", applicationId: String(asked.application.id) }, { cookie: asked.cookie }))).status).toBe(409);
    expect(await oralOf(asked.application.id)).toBe(true);
    expect(await auditOf("assessment.oral_requested", four.application.id)).toHaveLength(0);
  });

  it("is one's own: another trainee's application answers 404", async () => {
    const { application } = await applicant();
    const stranger = await createUser(db, { role: "trainee" });
    expect((await requestOral(await cookieOf(stranger.id), application.id)).status).toBe(404);
    expect(await oralOf(application.id)).toBe(false);
  });
});

/** An opened 五级 session under way: the oral candidate checked in to room one, an invigilator per room and a chief examiner. */
async function examDay(opts: { checkedIn?: boolean } = {}) {
  const { session, user, application, cookie } = await applicant({ status: "open", startsAt: new Date(Date.now() - 5 * 60_000), oralTheory: true });
  const staff = async (duty: "invigilator" | "chief_examiner" | "examiner", room: string | null) => {
    const member = await createUser(db, { role: "examiner", organisationId: baseId });
    await db.insert(sessionStaff).values({ sessionId: session.id, userId: member.id, duty, room });
    return { user: member, cookie: await cookieOf(member.id) };
  };
  const roomOne = await staff("invigilator", "一号考场");
  const roomTwo = await staff("invigilator", "二号考场");
  const chief = await staff("chief_examiner", null);
  if (opts.checkedIn ?? true) await db.insert(partAttendance).values({ applicationId: application.id, part: "theory", status: "present", seat: "01", recordedBy: roomOne.user.id, recordedAt: new Date() });
  return { session, candidate: { user, application, cookie }, roomOne, roomTwo, chief };
}

const oralPath = (sessionId: number, applicationId: number, query = "") => `/examiner/sessions/${sessionId}/oral/${applicationId}${query}`;
const params = (sessionId: number, applicationId: number) => ({ sessionId: String(sessionId), applicationId: String(applicationId) });

describe("the oral exam on the day", () => {
  it("the room's invigilator starts the paper, records answers section by section and hands in after a confirmation naming the unanswered", async () => {
    const { session, candidate, roomOne } = await examDay();
    const p = params(session.id, candidate.application.id);
    const page = await run(oral.loader, getRequest(oralPath(session.id, candidate.application.id), { cookie: roomOne.cookie }), p);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ state: "in_progress", candidate: { name: candidate.user.person.name } });
    const attempt = (await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, candidate.application.id))))!;
    expect(await auditOf("assessment.exam_started", attempt.id)).toEqual([expect.objectContaining({ userId: roomOne.user.id, relatedUserId: candidate.user.id })]);
    // The first section is shown with its questions' options, no answers.
    const questions = page.data.exam.questions as Array<{ id: string; type: string; options: string[] }>;
    expect(questions.length).toBe(attempt.paper.length);
    expect(JSON.stringify(page.data)).not.toContain('"answer"');

    const firstTwo = attempt.paper.slice(0, 2);
    const fields = Object.fromEntries(firstTwo.map((q) => [`q_${q.questionId}`, "0"]));
    const saved = await run(oral.action, postRequest(oralPath(session.id, candidate.application.id), { intent: "save", section: firstTwo[0]!.type, ...fields }, { cookie: roomOne.cookie }), p);
    expect(saved.status).toBe(302);
    expect(await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id))).toHaveLength(2);
    expect(await auditOf("assessment.oral_answers_recorded", attempt.id)).toEqual([expect.objectContaining({ userId: roomOne.user.id, relatedUserId: candidate.user.id, details: expect.objectContaining({ questions: 2 }) })]);

    // 交卷 first asks: the confirmation names how many are unanswered, and nothing is handed in yet.
    const asked = await run(oral.action, postRequest(oralPath(session.id, candidate.application.id), { intent: "submit" }, { cookie: roomOne.cookie }), p);
    expect(asked.location).toContain("confirm=1");
    const confirming = await run(oral.loader, getRequest(oralPath(session.id, candidate.application.id, "?confirm=1"), { cookie: roomOne.cookie }), p);
    expect(confirming.data.exam).toMatchObject({ confirming: true, unanswered: attempt.paper.length - 2 });
    expect((await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!.submittedAt).toBeNull();

    await run(oral.action, postRequest(oralPath(session.id, candidate.application.id), { intent: "submit-confirmed" }, { cookie: roomOne.cookie }), p);
    const closed = (await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!;
    expect(closed.submittedAt).not.toBeNull();
    expect(closed.score).not.toBeNull();
    expect(await auditOf("assessment.exam_submitted", attempt.id)).toEqual([expect.objectContaining({ userId: roomOne.user.id, relatedUserId: candidate.user.id })]);
    expect((await run(oral.loader, getRequest(oralPath(session.id, candidate.application.id), { cookie: roomOne.cookie }), p)).data).toMatchObject({ state: "submitted" });
    // Handed in: nothing more is recorded.
    const late = await run(oral.action, postRequest(oralPath(session.id, candidate.application.id), { intent: "save", ...Object.fromEntries(attempt.paper.slice(2, 3).map((q) => [`q_${q.questionId}`, "0"])) }, { cookie: roomOne.cookie }), p);
    expect(late.status).toBe(409);
    expect(await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id))).toHaveLength(2);
  });

  it("refuses a choice that does not exist, writing none of the section", async () => {
    const { session, candidate, chief } = await examDay();
    const p = params(session.id, candidate.application.id);
    await run(oral.loader, getRequest(oralPath(session.id, candidate.application.id), { cookie: chief.cookie }), p);
    const attempt = (await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, candidate.application.id))))!;
    const [good, bad] = attempt.paper;
    const refused = await run(oral.action, postRequest(oralPath(session.id, candidate.application.id), { intent: "save", [`q_${good!.questionId}`]: "0", [`q_${bad!.questionId}`]: "9" }, { cookie: chief.cookie }), p);
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ errors: { [bad!.questionId]: expect.any(String) } });
    expect(await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id))).toHaveLength(0);
  });

  it("waits for the check-in at the door: nothing starts before", async () => {
    const { session, candidate, roomOne } = await examDay({ checkedIn: false });
    const page = await run(oral.loader, getRequest(oralPath(session.id, candidate.application.id), { cookie: roomOne.cookie }), params(session.id, candidate.application.id));
    expect(page.data).toMatchObject({ state: "not_checked_in" });
    expect(await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, candidate.application.id)))).toBeUndefined();
  });

  it("is 404 for another room's invigilator, an examiner outside the session, and a candidate who did not ask for it", async () => {
    const { session, candidate, roomTwo } = await examDay();
    const p = params(session.id, candidate.application.id);
    expect((await run(oral.loader, getRequest(oralPath(session.id, candidate.application.id), { cookie: roomTwo.cookie }), p)).status).toBe(404);
    expect((await run(oral.action, postRequest(oralPath(session.id, candidate.application.id), { intent: "submit-confirmed" }, { cookie: roomTwo.cookie }), p)).status).toBe(404);
    const outsider = await createUser(db, { role: "examiner", organisationId: baseId });
    expect((await run(oral.loader, getRequest(oralPath(session.id, candidate.application.id), { cookie: await cookieOf(outsider.id) }), p)).status).toBe(404);
    expect(await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, candidate.application.id)))).toBeUndefined();

    const written = await examDay();
    await db.update(applications).set({ oralTheory: false }).where(eq(applications.id, written.candidate.application.id));
    expect((await run(oral.loader, getRequest(oralPath(written.session.id, written.candidate.application.id), { cookie: written.roomOne.cookie }), params(written.session.id, written.candidate.application.id))).status).toBe(404);
  });

  it("the candidate cannot start the paper themselves: their exam page says the invigilator records it", async () => {
    const { session, candidate } = await examDay();
    const started = await run(exam.action, postRequest(`/exam/${session.id}`, { intent: "start" }, { cookie: candidate.cookie }), { sessionId: String(session.id) });
    expect(started.headers.get("Set-Cookie")).toBeNull();
    expect(await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, candidate.application.id)))).toBeUndefined();
    const page = await run(exam.loader, getRequest(`/exam/${session.id}`, { cookie: candidate.cookie }), { sessionId: String(session.id) });
    expect(page.data).toMatchObject({ state: "oral", exam: null });
  });

  it("the base's session page, the invigilation list and check-in mark the candidate 口试", async () => {
    const { session, candidate, roomOne } = await examDay();
    const sessionId = { sessionId: String(session.id) };
    const page = await run(invigilation.loader, getRequest(`/examiner/sessions/${session.id}`, { cookie: roomOne.cookie }), sessionId);
    expect(page.data.candidates).toEqual([expect.objectContaining({ oral: true, oralUrl: oralPath(session.id, candidate.application.id) })]);
    const door = await run(checkInPage.loader, getRequest(`/examiner/sessions/${session.id}/check-in`, { cookie: roomOne.cookie }), sessionId);
    expect(door.data.candidates).toEqual([expect.objectContaining({ applicationId: candidate.application.id, oral: true })]);
    const baseAdmin = await createUser(db, { role: "base_admin", organisationId: baseId });
    const base = await run(sessionPage.loader, getRequest(`/base/assessments/${session.id}`, { cookie: await cookieOf(baseAdmin.id) }), sessionId);
    expect(base.data.applications).toEqual([expect.objectContaining({ id: candidate.application.id, oral: true })]);
  });
});

describe("the result says the theory part was oral", () => {
  it("on the candidate's page once published", async () => {
    const { session, candidate } = await examDay();
    await db.update(assessmentSessions).set({ status: "published" }).where(eq(assessmentSessions.id, session.id));
    await db.insert(assessmentResults).values({ applicationId: candidate.application.id, theoryScore: 80, skillScore: 75, passed: true, publishedAt: new Date() });
    const page = await run(trainee.loader, getRequest("/assessments", { cookie: candidate.cookie }));
    expect(page.data.mine[0].result.line).toBe("理论 80 分（口试，监考员代录） · 技能 75 分");
  });
});
