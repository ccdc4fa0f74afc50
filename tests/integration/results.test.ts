import { firstRow, returnedRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, auditLog, sessionStaff, skillTaskDraws, theoryAttempts } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import * as scoring from "../../app/assessment/routes/part-scoring.tsx";
import * as sessionPage from "../../app/assessment/routes/base-session.tsx";
import * as mine from "../../app/assessment/routes/trainee-assessments.tsx";
import * as publishPage from "../../app/assessment/routes/base-session-publish.tsx";
import * as recheckPage from "../../app/assessment/routes/recheck-decisions.tsx";
import { drawSessionSkillTasks } from "../../app/assessment/sessions.server.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
let sessionId: number;
let adminCookie: string;
const examinerCookies: string[] = [];
const candidates: Array<{ userId: number; applicationId: number; cookie: string }> = [];
let rubric: Array<{ id: string; points: number; critical: boolean }>;
let chiefCookie: string;

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!;
  rubric = plan.skillTasks[0]!.rubric;
  const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
  adminCookie = await cookieOf((await createUser(db, { role: "base_admin", organisationId: base.id })).id);
  sessionId = (await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: plan.id, name: "成绩测试批次", theoryStartsAt: new Date("2026-01-01T01:00:00Z"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }], status: "open" }).returning())).id;
  for (let i = 0; i < 3; i++) {
    const examiner = await createUser(db, { role: "examiner", organisationId: base.id });
    await db.insert(sessionStaff).values({ sessionId, userId: examiner.id, duty: "examiner" });
    examinerCookies.push(await cookieOf(examiner.id));
  }
  for (const theory of [80, 59]) {
    const trainee = await createUser(db, { role: "trainee" });
    const application = await returnedRow(db.insert(applications).values({ sessionId, userId: trainee.id, facts: { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room: "一号考场" }).returning());
    await db.insert(theoryAttempts).values({ applicationId: application.id, seed: 1, paper: [], startedAt: new Date(), deadline: new Date(), deviceId: "d", submittedAt: new Date(), score: theory });
    candidates.push({ userId: trainee.id, applicationId: application.id, cookie: await cookieOf(trainee.id) });
  }
  await drawSessionSkillTasks(db, sessionId);
  // The figures below follow one rubric: every candidate sits the bank's first operation (drawing is tested in scoring-integrity).
  await db.update(skillTaskDraws).set({ taskIds: [plan.skillTasks[0]!.id] });
});

const score = (examiner: number, applicationId: number, values: number[]) =>
  run<{ problems: string[]; message: string | null }>(
    scoring.action,
    postRequest(`/examiner/sessions/${sessionId}/skill`, { applicationId: String(applicationId), taskId: "bed-to-wheelchair", ...Object.fromEntries(rubric.map((item, i) => [`item_${item.id}`, String(values[i])])) }, { cookie: examinerCookies[examiner]! }),
    { sessionId: String(sessionId), part: "skill" },
  );
const full = () => rubric.map((i) => i.points);
const publish = () => run<{ problems: string[] }>(publishPage.action, postRequest(`/base/assessments/${sessionId}/publish`, {}, { cookie: adminCookie }), { sessionId: String(sessionId) });

describe("skill scoring and results", () => {
  it("refuses scores outside the rubric, takes each examiner's score once, and never shows another's", async () => {
    const [first] = candidates;
    const tooHigh = await score(0, first!.applicationId, rubric.map((i) => i.points + 1));
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.data!.problems[0]).toMatch(/得分须在 0–\d+ 分之间/);
    expect((await score(0, first!.applicationId, full())).data!.message).toBe("评分已提交");
    expect((await score(0, first!.applicationId, full())).data!.problems).toEqual(["您已提交过该考生的评分，不能修改"]);
    const view = await run<{ candidates: Array<{ scored: Record<string, number> }> }>(scoring.loader, getRequest(`/examiner/sessions/${sessionId}/skill`, { cookie: examinerCookies[1]! }), { sessionId: String(sessionId), part: "skill" });
    expect(view.data!.candidates.every((c) => Object.keys(c.scored).length === 0)).toBe(true);
  });

  it("refuses an examiner who is not on the session", async () => {
    const otherBase = await createOrganisation(db, { type: "training_base", regionCode: "330502001" });
    const outsider = await createUser(db, { role: "examiner", organisationId: otherBase.id });
    const response = await run(scoring.loader, getRequest(`/examiner/sessions/${sessionId}/skill`, { cookie: await cookieOf(outsider.id) }), { sessionId: String(sessionId), part: "skill" });
    expect(response.status).toBe(404);
  });

  it("flags a spread beyond the threshold, will not publish with a task unscored, then publishes once every part is in", async () => {
    const [first, second] = candidates;
    await score(1, first!.applicationId, full().map((p) => p - 1)); // 94
    await score(2, first!.applicationId, full().map((p, i) => (i === 3 ? p - 12 : p))); // 88: spread 12 from 100
    const blocked = await publish();
    expect(blocked.data!.problems).toEqual([expect.stringMatching(/^\S+：技能考核评分相差 12 分，须由主考复评或确认$/), expect.stringMatching(/^\S+：技能考核尚未由全部 3 名考评员评分（已评 0 名）$/)]);
    for (const e of [0, 1, 2]) await score(e, second!.applicationId, full());
    const page = await run<{ results: Array<{ applicationId: number; theory: number; skill: number; flagged: boolean; passed: boolean }> }>(sessionPage.loader, getRequest(`/base/assessments/${sessionId}`, { cookie: adminCookie }), { sessionId: String(sessionId) });
    expect(page.data!.results.find((r) => r.applicationId === first!.applicationId)).toMatchObject({ theory: 80, skill: 94, flagged: true, passed: true });
    // 59 in theory fails the candidate whatever the skill score.
    expect(page.data!.results.find((r) => r.applicationId === second!.applicationId)).toMatchObject({ theory: 59, skill: 100, passed: false });
    // The chief examiner, and only they, see the flagged spread.
    const chief = await createUser(db, { role: "examiner", organisationId: (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!.organisationId });
    await db.insert(sessionStaff).values({ sessionId, userId: chief.id, duty: "chief_examiner" });
    chiefCookie = await cookieOf(chief.id);
    const chiefView = () => run<{ flagged: Array<{ spread: number }> | null }>(scoring.loader, getRequest(`/examiner/sessions/${sessionId}/skill`, { cookie: chiefCookie }), { sessionId: String(sessionId), part: "skill" });
    // The chief examiner scores too, so they see a candidate's spread only after scoring that candidate.
    expect((await chiefView()).data!.flagged).toEqual([]);
    await run(scoring.action, postRequest(`/examiner/sessions/${sessionId}/skill`, { applicationId: String(first!.applicationId), taskId: "bed-to-wheelchair", ...Object.fromEntries(rubric.map((item) => [`item_${item.id}`, String(item.points - 1)])) }, { cookie: chiefCookie }), { sessionId: String(sessionId), part: "skill" });
    expect((await chiefView()).data!.flagged).toEqual([expect.objectContaining({ spread: 12, score: 94 })]);
    const examinerView = await run<{ flagged: unknown }>(scoring.loader, getRequest(`/examiner/sessions/${sessionId}/skill`, { cookie: examinerCookies[0]! }), { sessionId: String(sessionId), part: "skill" });
    expect(examinerView.data!.flagged).toBeNull();
    // The chief is one of the session's scorers now: the second candidate waits for their score, and the spread for their decision.
    expect((await publish()).data!.problems).toEqual([expect.stringMatching(/评分相差 12 分，须由主考复评或确认$/), expect.stringMatching(/技能考核尚未由全部 4 名考评员评分（已评 3 名）$/)]);
    await run(scoring.action, postRequest(`/examiner/sessions/${sessionId}/skill`, { applicationId: String(second!.applicationId), taskId: "bed-to-wheelchair", ...Object.fromEntries(rubric.map((item) => [`item_${item.id}`, String(item.points)])) }, { cookie: chiefCookie }), { sessionId: String(sessionId), part: "skill" });
    await run(scoring.action, postRequest(`/examiner/sessions/${sessionId}/skill`, { intent: "resolve", applicationId: String(first!.applicationId), taskId: "bed-to-wheelchair", decision: "confirm", reason: "复看录像，评分合理" }, { cookie: chiefCookie }), { sessionId: String(sessionId), part: "skill" });
    expect((await publish()).location).toBe(`/base/assessments/${sessionId}#results`);
    expect((await db.select().from(assessmentResults)).map((r) => [r.applicationId, r.passed])).toEqual([
      [first!.applicationId, true],
      [second!.applicationId, false],
    ]);
    expect((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!.status).toBe("published");
  });

  it("shows the trainee their result after publication and takes a logged re-check request the chief examiner decides", async () => {
    const [, second] = candidates;
    const seen = await run<{ mine: Array<{ result: { theory: number; passed: boolean } | null }> }>(mine.loader, getRequest("/assessments", { cookie: second!.cookie }));
    expect(seen.data!.mine[0]!.result).toMatchObject({ theory: 59, passed: false });
    const short = await run<{ error: string }>(mine.action, postRequest("/assessments", { applicationId: String(second!.applicationId), reason: "不服" }, { cookie: second!.cookie }));
    expect(short.data!.error).toBe("请写明申请复核的理由（至少 5 个字）");
    await run(mine.action, postRequest("/assessments", { applicationId: String(second!.applicationId), reason: "第 12 题答案有争议，请核对" }, { cookie: second!.cookie }));
    // Another trainee cannot ask for a re-check of it.
    const [first] = candidates;
    expect((await run(mine.action, postRequest("/assessments", { applicationId: String(second!.applicationId), reason: "替别人申请复核" }, { cookie: first!.cookie }))).status).toBe(404);
    const page = await run<{ rechecks: Array<{ id: number }> }>(recheckPage.loader, getRequest(`/examiner/sessions/${sessionId}/rechecks`, { cookie: chiefCookie }), { sessionId: String(sessionId) });
    await run(recheckPage.action, postRequest(`/examiner/sessions/${sessionId}/rechecks`, { recheckId: String(page.data!.rechecks[0]!.id), part: "theory", decision: "uphold", reason: "经复核，第 12 题答案无误" }, { cookie: chiefCookie }), { sessionId: String(sessionId) });
    expect((await db.select().from(auditLog)).map((r) => r.event)).toEqual(expect.arrayContaining(["assessment.recheck_requested", "assessment.recheck_decided", "assessment.results_published"]));
    const after = await run<{ mine: Array<{ rechecks: Array<{ answer: string }> }> }>(mine.loader, getRequest("/assessments", { cookie: second!.cookie }));
    expect(after.data!.mine[0]!.rechecks[0]!.answer).toBe("维持理论知识考试原成绩（59 分）：经复核，第 12 题答案无误");
  });
});
