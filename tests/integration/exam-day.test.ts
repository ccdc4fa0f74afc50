import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentSessions, attemptAnswers, auditLog, partAttendance, sessionStaff, theoryAttempts } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { seatNumbers } from "../../app/assessment/exam-day.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import * as exam from "../../app/assessment/routes/exam.tsx";
import * as checkInPage from "../../app/assessment/routes/check-in.tsx";
import * as ticket from "../../app/assessment/routes/admission-ticket-pdf.ts";
import * as saveRoute from "../../app/assessment/routes/exam-answers.ts";
import * as leftRoute from "../../app/assessment/routes/exam-left.ts";
import * as invigilation from "../../app/assessment/routes/invigilation.tsx";
import { readCertificatePdf } from "../setup/read-pdf.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

let planId: number;
let baseId: number;
const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  planId = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!.id;
  baseId = (await createOrganisation(db, { type: "training_base", regionCode: "330522001" })).id;
});

/** An opened session with two rooms, two candidates in each, an invigilator per room and a chief examiner. */
async function openedSession(startsAt = new Date(Date.now() - 5 * 60_000)) {
  const session = await returnedRow(db.insert(assessmentSessions).values({ organisationId: baseId, planId, name: `考务批次 ${Math.random()}`, theoryStartsAt: startsAt, venue: "长兴县职业技能实训基地", rooms: [{ name: "一号考场", capacity: 2 }, { name: "二号考场", capacity: 2 }], status: "open" }).returning());
  const candidates = [];
  for (const room of ["一号考场", "一号考场", "二号考场", "二号考场"]) {
    const user = await createUser(db, { role: "trainee" });
    const application = await returnedRow(db.insert(applications).values({ sessionId: session.id, userId: user.id, facts: { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room }).returning());
    candidates.push({ user, application, cookie: await cookieOf(user.id) });
  }
  const staff = async (duty: "invigilator" | "chief_examiner" | "examiner", room: string | null) => {
    const user = await createUser(db, { role: "examiner", organisationId: baseId });
    await db.insert(sessionStaff).values({ sessionId: session.id, userId: user.id, duty, room });
    return { user, cookie: await cookieOf(user.id) };
  };
  return { session, candidates, roomOne: await staff("invigilator", "一号考场"), roomTwo: await staff("invigilator", "二号考场"), chief: await staff("chief_examiner", null) };
}

const attendance = async (applicationId: number) => await db.select().from(partAttendance).where(eq(partAttendance.applicationId, applicationId));
const checkIn = (sessionId: number, cookie: string, idNumber: string, part = "") => run(checkInPage.action, postRequest(`/examiner/sessions/${sessionId}/check-in${part}`, { intent: "check-in", idNumber }, { cookie }), { sessionId: String(sessionId) });

describe("seat numbers", () => {
  it("number each room's candidates from 01 in application order, skipping those without a room", () => {
    const seats = seatNumbers([
      { id: 7, room: "一号考场" },
      { id: 3, room: "二号考场" },
      { id: 9, room: null },
      { id: 4, room: "一号考场" },
    ]);
    expect([...seats]).toEqual([
      [7, "01"],
      [3, "01"],
      [4, "02"],
    ]);
  });
});

describe("the 准考证", () => {
  it("prints the candidate, the masked ID number, the photo frame, room, seat, time, venue and the rules", async () => {
    const { session, candidates } = await openedSession(new Date("2026-12-26T01:00:00Z"));
    const second = candidates[1]!;
    const response = await run(ticket.loader, getRequest(`/assessments/${session.id}/admission-ticket.pdf`, { cookie: second.cookie }), { sessionId: String(session.id) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const pdf = await ticket.loader({ request: getRequest(`/assessments/${session.id}/admission-ticket.pdf`, { cookie: second.cookie }), params: { sessionId: String(session.id) }, context: { cspNonce: "" } });
    const { pages, text } = readCertificatePdf(Buffer.from(await pdf.arrayBuffer()));
    const flat = text.replace(/\s+/g, "");
    expect(pages).toBe(1);
    const idNumber = second.user.person.idNumber;
    expect(flat).toContain("准考证");
    expect(flat).toContain(second.user.person.name);
    expect(flat).toContain(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
    expect(flat).not.toContain(idNumber);
    expect(flat).toContain("照片");
    expect(flat).toContain(session.name.replace(/\s+/g, ""));
    expect(flat).toContain("养老护理员（五级/初级工）");
    expect(flat).toContain("一号考场");
    // The second candidate of room one sits at seat 02.
    expect(flat).toMatch(/座号02/);
    expect(flat).toContain("2026-12-2609:00至10:30");
    expect(flat).toContain("长兴县职业技能实训基地");
    expect(flat).toContain("考场规则");
  });

  it("is the candidate's own: another trainee and a session not yet opened answer 404", async () => {
    const { session, candidates } = await openedSession();
    const stranger = await createUser(db, { role: "trainee" });
    expect((await run(ticket.loader, getRequest(`/assessments/${session.id}/admission-ticket.pdf`, { cookie: await cookieOf(stranger.id) }), { sessionId: String(session.id) })).status).toBe(404);
    await db.update(assessmentSessions).set({ status: "draft" }).where(eq(assessmentSessions.id, session.id));
    expect((await run(ticket.loader, getRequest(`/assessments/${session.id}/admission-ticket.pdf`, { cookie: candidates[0]!.cookie }), { sessionId: String(session.id) })).status).toBe(404);
  });
});

describe("check-in at the door", () => {
  it("matches the ID number (spaces and a small x allowed), shows the name and seat, and records presence once", async () => {
    const { session, candidates, roomTwo } = await openedSession();
    const fourth = candidates[3]!;
    const typed = ` ${fourth.user.person.idNumber.slice(0, 9)} ${fourth.user.person.idNumber.slice(9).toLowerCase()}`;
    const outcome = await checkIn(session.id, roomTwo.cookie, typed);
    expect(outcome.status).toBe(200);
    expect(outcome.data).toEqual({ checkedIn: { ok: true, name: fourth.user.person.name, room: "二号考场", seat: "02", already: false } });
    expect(await attendance(fourth.application.id)).toEqual([expect.objectContaining({ part: "theory", status: "present", seat: "02", recordedBy: roomTwo.user.id })]);
    expect((await db.select().from(auditLog).where(eq(auditLog.event, "assessment.checked_in"))).at(-1)).toMatchObject({ userId: roomTwo.user.id, relatedUserId: fourth.user.id, targetId: String(fourth.application.id) });
    // Scanned twice: the same answer, nothing written again.
    expect((await checkIn(session.id, roomTwo.cookie, fourth.user.person.idNumber)).data).toMatchObject({ checkedIn: { already: true, seat: "02" } });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.event, "assessment.checked_in"), eq(auditLog.targetId, String(fourth.application.id))))).toHaveLength(1);
  });

  it("refuses an ID number not among the session's approved candidates, or of another room, writing nothing", async () => {
    const { session, candidates, roomOne } = await openedSession();
    const outsider = await createUser(db, { role: "trainee" });
    const unknown = await checkIn(session.id, roomOne.cookie, outsider.person.idNumber);
    expect(unknown.status).toBe(409);
    expect(unknown.data).toEqual({ idError: "该证件号码不在本批次审核通过的考生名单中，请核对证件" });
    const wrongRoom = await checkIn(session.id, roomOne.cookie, candidates[2]!.user.person.idNumber);
    expect(wrongRoom.status).toBe(409);
    expect(wrongRoom.data).toEqual({ idError: "该考生不在您的考场，应到「二号考场」" });
    expect((await checkIn(session.id, roomOne.cookie, "  ")).data).toEqual({ idError: "请输入或扫描考生的身份证号码" });
    expect((await Promise.all(candidates.map((c) => attendance(c.application.id)))).flat()).toEqual([]);
  });

  it("is for the session's invigilators: another examiner of the base gets 404", async () => {
    const { session } = await openedSession();
    const other = await createUser(db, { role: "examiner", organisationId: baseId });
    expect((await run(checkInPage.loader, getRequest(`/examiner/sessions/${session.id}/check-in`, { cookie: await cookieOf(other.id) }), { sessionId: String(session.id) })).status).toBe(404);
  });

  it("marks the confirmed no-shows 缺考 after the start time only, and a 缺考 candidate cannot enter after", async () => {
    const later = await openedSession(new Date(Date.now() + 60 * 60_000));
    const early = await run(checkInPage.action, postRequest(`/examiner/sessions/${later.session.id}/check-in`, { intent: "absent", applicationId: String(later.candidates[0]!.application.id) }, { cookie: later.roomOne.cookie }), { sessionId: String(later.session.id) });
    expect(early.status).toBe(409);
    expect(early.data).toEqual({ absentError: "考试开始后才能记录缺考" });
    expect(await attendance(later.candidates[0]!.application.id)).toEqual([]);

    const { session, candidates, roomOne } = await openedSession();
    const [first, second, third] = candidates;
    await checkIn(session.id, roomOne.cookie, first!.user.person.idNumber);
    const page = await run<{ candidates: Array<{ applicationId: number; status: string | null }> }>(checkInPage.loader, getRequest(`/examiner/sessions/${session.id}/check-in`, { cookie: roomOne.cookie }), { sessionId: String(session.id) });
    // The room-one invigilator sees room one only.
    expect(page.data!.candidates.map((c) => [c.applicationId, c.status])).toEqual([
      [first!.application.id, "present"],
      [second!.application.id, null],
    ]);
    // Listed: the first (already present) and a room-two candidate slipped into the form; only the second is marked.
    const marked = await run(checkInPage.action, postRequest(`/examiner/sessions/${session.id}/check-in`, { intent: "absent", applicationId: String(second!.application.id) }, { cookie: roomOne.cookie }), { sessionId: String(session.id) });
    expect(marked.data).toEqual({ absent: 1 });
    const body = new URLSearchParams([["intent", "absent"], ["applicationId", String(first!.application.id)], ["applicationId", String(third!.application.id)]]);
    const again = await run(checkInPage.action, new Request(`http://localhost/examiner/sessions/${session.id}/check-in`, { method: "POST", body, headers: { Cookie: roomOne.cookie, "Content-Type": "application/x-www-form-urlencoded" } }), { sessionId: String(session.id) });
    expect(again.data).toEqual({ absent: 0 });
    expect(await attendance(first!.application.id)).toEqual([expect.objectContaining({ status: "present" })]);
    expect(await attendance(second!.application.id)).toEqual([expect.objectContaining({ part: "theory", status: "absent", seat: "02", recordedBy: roomOne.user.id })]);
    expect(await attendance(third!.application.id)).toEqual([]);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.event, "assessment.marked_absent"), eq(auditLog.targetId, String(second!.application.id))))).toHaveLength(1);
    expect((await checkIn(session.id, roomOne.cookie, second!.user.person.idNumber)).data).toEqual({ idError: `${second!.user.person.name} 已记为缺考，不能再入场` });
  });

  it("records the skill part's attendance the same way, by the session's examiners", async () => {
    const { session, candidates, chief } = await openedSession();
    const examiner = await createUser(db, { role: "examiner", organisationId: baseId });
    await db.insert(sessionStaff).values({ sessionId: session.id, userId: examiner.id, duty: "examiner", room: null });
    const outcome = await checkIn(session.id, await cookieOf(examiner.id), candidates[2]!.user.person.idNumber, "?part=skill");
    expect(outcome.data).toMatchObject({ checkedIn: { room: "二号考场", seat: "01" } });
    expect(await attendance(candidates[2]!.application.id)).toEqual([expect.objectContaining({ part: "skill", status: "present" })]);
    // The chief examiner checks in any room for the theory exam.
    expect((await checkIn(session.id, chief.cookie, candidates[0]!.user.person.idNumber)).data).toMatchObject({ checkedIn: { room: "一号考场", seat: "01" } });
  });
});

describe("starting the paper", () => {
  const start = (sessionId: number, cookie: string) => run(exam.action, postRequest(`/exam/${sessionId}`, { intent: "start" }, { cookie }), { sessionId: String(sessionId) });
  const attemptOf = async (applicationId: number) => await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, applicationId)));

  it("is refused before the start time, even when checked in", async () => {
    const { session, candidates, roomOne } = await openedSession(new Date(Date.now() + 30 * 60_000));
    await checkIn(session.id, roomOne.cookie, candidates[0]!.user.person.idNumber);
    const page = await run<{ state: string }>(exam.loader, getRequest(`/exam/${session.id}`, { cookie: candidates[0]!.cookie }), { sessionId: String(session.id) });
    expect(page.data!.state).toBe("not_started");
    await start(session.id, candidates[0]!.cookie);
    expect(await attemptOf(candidates[0]!.application.id)).toBeUndefined();
  });

  it("is refused until the candidate is checked in at the door, then allowed", async () => {
    const { session, candidates, roomOne } = await openedSession();
    const c = candidates[0]!;
    const page = await run<{ state: string }>(exam.loader, getRequest(`/exam/${session.id}`, { cookie: c.cookie }), { sessionId: String(session.id) });
    expect(page.data!.state).toBe("not_checked_in");
    await start(session.id, c.cookie);
    expect(await attemptOf(c.application.id)).toBeUndefined();
    await checkIn(session.id, roomOne.cookie, c.user.person.idNumber);
    expect((await run<{ state: string }>(exam.loader, getRequest(`/exam/${session.id}`, { cookie: c.cookie }), { sessionId: String(session.id) })).data!.state).toBe("ready");
    await start(session.id, c.cookie);
    expect(await attemptOf(c.application.id)).toBeDefined();
  });
});

describe("sitting the paper", () => {
  /** A checked-in candidate who has started: their cookies carry the session and the exam device. */
  async function sitting() {
    const day = await openedSession();
    const c = day.candidates[0]!;
    await checkIn(day.session.id, day.roomOne.cookie, c.user.person.idNumber);
    const started = await run(exam.action, postRequest(`/exam/${day.session.id}`, { intent: "start" }, { cookie: c.cookie }), { sessionId: String(day.session.id) });
    const cookie = `${c.cookie}; ${started.headers.get("Set-Cookie")!.split(";")[0]}`;
    const attempt = (await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, c.application.id))))!;
    return { ...day, c, cookie, attempt };
  }

  it("pages the paper by section: 判断, 单选, 多选, numbered through", async () => {
    const { session, cookie } = await sitting();
    const page = await run<{ exam: { sections: string[]; section: string; questions: Array<{ number: number; type: string }> } }>(exam.loader, getRequest(`/exam/${session.id}?section=single`, { cookie }), { sessionId: String(session.id) });
    expect(page.data!.exam.sections).toEqual(["true_false", "single", "multiple"]);
    expect(page.data!.exam.section).toBe("single");
    const types = page.data!.exam.questions.map((q) => q.type);
    expect(types).toEqual([...types].sort((a, b) => ["true_false", "single", "multiple"].indexOf(a) - ["true_false", "single", "multiple"].indexOf(b)));
    expect(page.data!.exam.questions.map((q) => q.number)).toEqual(types.map((_, i) => i + 1));
  });

  it("asks for confirmation before handing in without JavaScript, naming the unanswered questions", async () => {
    const { session, cookie, attempt } = await sitting();
    const params = { sessionId: String(session.id) };
    const first = attempt.paper[0]!;
    const asked = await run(exam.action, postRequest(`/exam/${session.id}`, { intent: "submit", seq: "1", section: "single", [`q_${first.questionId}`]: "0" }, { cookie }), params);
    expect(asked.location).toBe(`/exam/${session.id}?section=single&confirm=1`);
    // The answers on the form were saved on the way, but nothing was handed in.
    expect(await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id))).toHaveLength(1);
    expect((await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!.submittedAt).toBeNull();
    const confirm = await run<{ exam: { confirming: boolean; questions: Array<{ saved: number[] }> } }>(exam.loader, getRequest(asked.location!, { cookie }), params);
    expect(confirm.data!.exam.confirming).toBe(true);
    expect(confirm.data!.exam.questions.filter((q) => q.saved.length === 0)).toHaveLength(attempt.paper.length - 1);
    await run(exam.action, postRequest(`/exam/${session.id}`, { intent: "submit-confirmed", seq: "2" }, { cookie }), params);
    expect((await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!.submittedAt).not.toBeNull();
  });

  it("moves between sections without JavaScript, saving the answers on the way", async () => {
    const { session, cookie, attempt } = await sitting();
    const first = attempt.paper[0]!;
    const moved = await run(exam.action, postRequest(`/exam/${session.id}`, { intent: "goto:multiple:70", seq: "1", [`q_${first.questionId}`]: "1" }, { cookie }), { sessionId: String(session.id) });
    expect(moved.location).toBe(`/exam/${session.id}?section=multiple#q-70`);
    expect(await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id))).toEqual([expect.objectContaining({ questionId: first.questionId, choice: [1] })]);
  });

  it("keeps one answer when a save is resent with the same sequence number", async () => {
    const { cookie, attempt } = await sitting();
    const q = attempt.paper.find((p) => p.type === "single")!.questionId;
    const send = () => run(saveRoute.action, postRequest(`/api/exam/${attempt.id}/answers`, { questionId: q, choice: "2", seq: "4" }, { cookie }), { attemptId: String(attempt.id) });
    const first = await send();
    const again = await send();
    expect([first.status, JSON.parse(first.body!)]).toEqual([200, { status: "saved" }]);
    expect([again.status, JSON.parse(again.body!)]).toEqual([200, { status: "duplicate" }]);
    const rows = await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id));
    expect(rows).toEqual([expect.objectContaining({ questionId: q, choice: [2], seq: 4 })]);
    const savedAt = rows[0]!.savedAt;
    await send();
    expect((await firstRow(db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id))))!.savedAt).toEqual(savedAt);
    expect((await db.select().from(auditLog).where(and(eq(auditLog.targetId, String(attempt.id)), eq(auditLog.targetTable, "theory_attempts")))).map((r) => r.event)).toEqual(["assessment.exam_started"]);
  });

  it("logs leaving the page for the invigilator, who sees the count per candidate; another's attempt is not there", async () => {
    const { session, cookie, attempt, roomOne, c } = await sitting();
    const leave = (as: string) => run(leftRoute.action, postRequest(`/api/exam/${attempt.id}/left`, {}, { cookie: as }), { attemptId: String(attempt.id) });
    expect((await leave(cookie)).status).toBe(204);
    expect((await leave(cookie)).status).toBe(204);
    const stranger = await createUser(db, { role: "trainee" });
    expect((await leave(await cookieOf(stranger.id))).status).toBe(404);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.event, "assessment.exam_page_left"), eq(auditLog.targetId, String(attempt.id))))).toEqual([
      expect.objectContaining({ userId: c.user.id }),
      expect.objectContaining({ userId: c.user.id }),
    ]);
    const page = await run<{ candidates: Array<{ attemptId: number | null; pageLeft: number }> }>(invigilation.loader, getRequest(`/examiner/sessions/${session.id}`, { cookie: roomOne.cookie }), { sessionId: String(session.id) });
    expect(page.data!.candidates.find((x) => x.attemptId === attempt.id)!.pageLeft).toBe(2);
    // After hand-in nothing more is logged.
    await db.update(theoryAttempts).set({ submittedAt: new Date() }).where(eq(theoryAttempts.id, attempt.id));
    expect((await leave(cookie)).status).toBe(404);
  });
});
