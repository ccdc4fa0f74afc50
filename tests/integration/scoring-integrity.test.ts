import { firstRow, returnedRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, auditLog, certificates, sessionStaff, skillTaskDraws, theoryAttempts, theoryPapers } from "../../db/schema.ts";
import { createOrganisation, createUser, recordPartAttendance } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import { drawSessionSkillTasks } from "../../app/assessment/sessions.server.ts";
import { sessionResults } from "../../app/assessment/results.server.ts";
import * as scoring from "../../app/assessment/routes/part-scoring.tsx";
import * as publishPage from "../../app/assessment/routes/base-session-publish.tsx";
import * as recheckPage from "../../app/assessment/routes/recheck-decisions.tsx";
import * as sessionPage from "../../app/assessment/routes/base-session.tsx";
import * as mine from "../../app/assessment/routes/trainee-assessments.tsx";
import * as apply from "../../app/assessment/routes/apply.tsx";
import type { PartTask } from "../../app/assessment/scoring.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

/**
 * 五级 养老护理员 sessions scored by two examiners and the chief examiner: every one of them must score every
 * candidate, spreads go to the chief, publishing waits for the exam's end and every part, 复核 and 补考 follow.
 */
const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
const facts = { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] };
let plan: typeof assessmentPlans.$inferSelect;
let organisationId: number;
let adminCookie: string;
let chief: { id: number; cookie: string };
const examiners: Array<{ id: number; cookie: string }> = [];
let sessionId: number;
type Candidate = { userId: number; applicationId: number; cookie: string; name: string };
const c: Record<"passes" | "weakTheory" | "absent" | "missing", Candidate> = {} as never;

async function newSession(name: string, theoryStartsAt: Date, status: "draft" | "open" = "open") {
  const id = (await returnedRow(db.insert(assessmentSessions).values({ organisationId, planId: plan.id, name, theoryStartsAt, venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }], status }).returning())).id;
  for (const e of examiners) await db.insert(sessionStaff).values({ sessionId: id, userId: e.id, duty: "examiner" });
  await db.insert(sessionStaff).values({ sessionId: id, userId: chief.id, duty: "chief_examiner" });
  return id;
}

async function candidate(session: number, theory: number | null): Promise<Candidate> {
  const trainee = await createUser(db, { role: "trainee" });
  const application = await returnedRow(db.insert(applications).values({ sessionId: session, userId: trainee.id, facts, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room: "一号考场" }).returning());
  if (theory !== null) await db.insert(theoryAttempts).values({ applicationId: application.id, seed: 1, paper: [], startedAt: new Date(), deadline: new Date(), deviceId: "d", submittedAt: new Date(), score: theory });
  return { userId: trainee.id, applicationId: application.id, cookie: await cookieOf(trainee.id), name: trainee.person.name };
}

/** The operation a candidate drew when the session opened. */
async function taskOf(applicationId: number): Promise<PartTask> {
  const draw = (await firstRow(db.select().from(skillTaskDraws).where(eq(skillTaskDraws.applicationId, applicationId))))!;
  return plan.skillTasks.find((t) => t.id === draw.taskIds[0])!;
}

/** Item scores worth `total`: every item full, less what the total leaves out, from the first items on (critical items kept). */
function itemsWorth(task: PartTask, total: number): Record<string, string> {
  let missing = 100 - total;
  return Object.fromEntries(
    task.rubric.map((item) => {
      const off = item.critical ? 0 : Math.min(item.points, missing);
      missing -= off;
      return [`item_${item.id}`, String(item.points - off)];
    }),
  );
}
const params = (session = sessionId) => ({ sessionId: String(session), part: "skill" });
const score = async (cookie: string, applicationId: number, total: number, session = sessionId) =>
  run<{ problems: string[]; message: string | null }>(scoring.action, postRequest(`/examiner/sessions/${session}/skill`, { applicationId: String(applicationId), taskId: (await taskOf(applicationId)).id, ...itemsWorth(await taskOf(applicationId), total) }, { cookie }), params(session));
const resolve = async (cookie: string, fields: Record<string, string>) => run<{ problems: string[]; message: string | null }>(scoring.action, postRequest(`/examiner/sessions/${sessionId}/skill`, { intent: "resolve", taskId: (await taskOf(Number(fields.applicationId))).id, ...fields }, { cookie }), params());
const confirmation = (session = sessionId) => run<{ counts: { candidates: number; passed: number; failed: number; absent: number }; problems: string[] }>(publishPage.loader, getRequest(`/base/assessments/${session}/publish`, { cookie: adminCookie }), { sessionId: String(session) });
const publish = (session = sessionId) => run<{ problems: string[] }>(publishPage.action, postRequest(`/base/assessments/${session}/publish`, {}, { cookie: adminCookie }), { sessionId: String(session) });
const skillOf = async (applicationId: number) => (await sessionResults(db, sessionId)).find((r) => r.applicationId === applicationId)!.skill;

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!;
  organisationId = (await createOrganisation(db, { type: "training_base", regionCode: "330522001" })).id;
  adminCookie = await cookieOf((await createUser(db, { role: "base_admin", organisationId })).id);
  for (let i = 0; i < 2; i++) {
    const user = await createUser(db, { role: "examiner", organisationId });
    examiners.push({ id: user.id, cookie: await cookieOf(user.id) });
  }
  const chiefUser = await createUser(db, { role: "examiner", organisationId });
  chief = { id: chiefUser.id, cookie: await cookieOf(chiefUser.id) };
  sessionId = await newSession("完整性测试批次", new Date("2026-11-02T01:00:00Z"));
  c.passes = await candidate(sessionId, 80);
  c.weakTheory = await candidate(sessionId, 59);
  c.absent = await candidate(sessionId, null);
  c.missing = await candidate(sessionId, null);
  await drawSessionSkillTasks(db, sessionId);
});

describe("the skill part scored by every examiner", () => {
  it("draws each candidate's operations from the level's bank with a stored seed that re-creates the draw", async () => {
    const draws = await db.select().from(skillTaskDraws);
    expect(draws).toHaveLength(4);
    expect(draws.every((d) => d.taskIds.length === plan.skillTasksPerCandidate && d.taskIds.every((id) => plan.skillTasks.some((t) => t.id === id)))).toBe(true);
  });

  it("gives no skill score while one assigned examiner has not scored", async () => {
    expect((await score(examiners[0]!.cookie, c.passes.applicationId, 100)).data!.message).toBe("评分已提交");
    expect(await skillOf(c.passes.applicationId)).toBeNull();
    await score(examiners[1]!.cookie, c.passes.applicationId, 100);
    expect(await skillOf(c.passes.applicationId)).toBeNull();
    const refused = await confirmation();
    expect(refused.data!.problems).toContain(`${c.passes.name}：技能考核尚未由全部 3 名考评员评分（已评 2 名）`);
    await score(chief.cookie, c.passes.applicationId, 88); // 100, 100, 88: spread 12
    expect(await skillOf(c.passes.applicationId)).toBe(96);
  });

  it("refuses to publish with an unresolved spread, a part neither scored nor marked 缺考, and names each", async () => {
    for (const e of [...examiners, chief]) await score(e.cookie, c.weakTheory.applicationId, e === chief ? 60 : 80); // spread 20
    for (const e of [...examiners, chief]) await score(e.cookie, c.missing.applicationId, 90);
    await recordPartAttendance(db, { applicationId: c.absent.applicationId, part: "theory", recordedBy: chief.id });
    await recordPartAttendance(db, { applicationId: c.absent.applicationId, part: "skill", recordedBy: chief.id });
    const refused = await publish();
    expect(refused.status).toBe(409);
    expect(refused.data!.problems).toEqual([
      `${c.passes.name}：技能考核评分相差 12 分，须由主考复评或确认`,
      `${c.weakTheory.name}：技能考核评分相差 20 分，须由主考复评或确认`,
      `${c.missing.name}：理论知识考试既无成绩也未记录缺考`,
    ]);
    expect(await db.select().from(assessmentResults)).toEqual([]);
    expect((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!.status).toBe("open");
  });

  it("lets only the chief examiner resolve a spread: confirm with a reason, or rescore replacing the part score, each logged", async () => {
    expect((await resolve(examiners[0]!.cookie, { applicationId: String(c.passes.applicationId), decision: "confirm", reason: "复看录像，评分合理" })).status).toBe(404);
    const noReason = await resolve(chief.cookie, { applicationId: String(c.passes.applicationId), decision: "confirm", reason: "" });
    expect(noReason.status).toBe(400);
    expect(noReason.data!.problems).toEqual(["请写明理由（至少 4 个字）"]);
    const badScore = await resolve(chief.cookie, { applicationId: String(c.weakTheory.applicationId), decision: "rescore", score: "120", reason: "复评：第三项操作不规范" });
    expect(badScore.data!.problems).toEqual(["复评分须在 0–100 分之间"]);
    expect((await resolve(chief.cookie, { applicationId: String(c.passes.applicationId), decision: "confirm", reason: "复看录像，评分合理" })).data!.message).toBe("已确认平均分");
    expect((await resolve(chief.cookie, { applicationId: String(c.weakTheory.applicationId), decision: "rescore", score: "75", reason: "复评：第三项操作不规范" })).data!.message).toBe("已复评，技能考核成绩改为复评分");
    expect(await skillOf(c.passes.applicationId)).toBe(96);
    expect(await skillOf(c.weakTheory.applicationId)).toBe(75);
    // A decision is taken once.
    expect((await resolve(chief.cookie, { applicationId: String(c.passes.applicationId), decision: "rescore", score: "60", reason: "改主意了" })).data!.problems).toEqual(["该评分差异已经处理"]);
    expect((await db.select().from(auditLog)).map((a) => a.event)).toEqual(expect.arrayContaining(["assessment.spread_confirmed", "assessment.spread_rescored"]));
    const chiefView = await run<{ flagged: Array<{ resolved: string | null }> }>(scoring.loader, getRequest(`/examiner/sessions/${sessionId}/skill`, { cookie: chief.cookie }), params());
    expect(chiefView.data!.flagged.map((f) => f.resolved)).toEqual(["确认平均分：复看录像，评分合理", "复评 75 分：复评：第三项操作不规范"]);
  });
});

describe("publishing", () => {
  it("is refused before the exam has ended, changing nothing", async () => {
    const later = await newSession("尚未考试的批次", new Date(Date.now() + 24 * 3600_000));
    const refused = await publish(later);
    expect(refused.status).toBe(409);
    expect(refused.data!.problems[0]).toMatch(/^考试尚未结束（理论考试 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 开始，\d+ 分钟），结束后才能发布成绩$/);
    expect((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, later))))!.status).toBe("open");
  });

  it("shows the counts first, then publishes; an absent part reads 缺考, never “缺考 分”", async () => {
    await recordPartAttendance(db, { applicationId: c.missing.applicationId, part: "theory", recordedBy: chief.id });
    const shown = await confirmation();
    expect(shown.data).toMatchObject({ problems: [], counts: { candidates: 4, passed: 1, failed: 1, absent: 2 } });
    const done = await publish();
    expect(done.location).toBe(`/base/assessments/${sessionId}#results`);
    expect((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!.status).toBe("published");
    const seen = await run<{ mine: Array<{ result: { line: string; passed: boolean } }> }>(mine.loader, getRequest("/assessments", { cookie: c.missing.cookie }));
    expect(seen.data!.mine[0]!.result.line).toBe("理论 缺考 · 技能 90 分");
    expect(seen.data!.mine[0]!.result.line).not.toContain("缺考 分");
    const passes = await run<{ mine: Array<{ result: { line: string; passed: boolean } }> }>(mine.loader, getRequest("/assessments", { cookie: c.passes.cookie }));
    expect(passes.data!.mine[0]!.result).toMatchObject({ line: "理论 80 分 · 技能 96 分", passed: true });
    // Published once: a second publish is refused.
    expect((await publish()).status).toBe(409);
  });
});

describe("复核 decided by the chief examiner", () => {
  const decide = (cookie: string, fields: Record<string, string>) => run<{ problems: string[] }>(recheckPage.action, postRequest(`/examiner/sessions/${sessionId}/rechecks`, fields, { cookie }), { sessionId: String(sessionId) });
  const request = async (who: Candidate, reason: string) => {
    await run(mine.action, postRequest("/assessments", { applicationId: String(who.applicationId), reason }, { cookie: who.cookie }));
    const page = await run<{ rechecks: Array<{ id: number; applicationId: number }> }>(recheckPage.loader, getRequest(`/examiner/sessions/${sessionId}/rechecks`, { cookie: chief.cookie }), { sessionId: String(sessionId) });
    return page.data!.rechecks.find((r) => r.applicationId === who.applicationId)!.id;
  };
  const certificateOf = async (applicationId: number) => await firstRow(db.select().from(certificates).where(eq(certificates.applicationId, applicationId)));

  it("is the chief examiner's page alone; the base can no longer type an answer that changes nothing", async () => {
    expect((await run(recheckPage.loader, getRequest(`/examiner/sessions/${sessionId}/rechecks`, { cookie: examiners[0]!.cookie }), { sessionId: String(sessionId) })).status).toBe(404);
    const outsider = await createUser(db, { role: "examiner", organisationId: (await createOrganisation(db, { type: "training_base", regionCode: "330502001" })).id });
    expect((await run(recheckPage.loader, getRequest(`/examiner/sessions/${sessionId}/rechecks`, { cookie: await cookieOf(outsider.id) }), { sessionId: String(sessionId) })).status).toBe(404);
    expect((await run(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, { intent: "answer-recheck", recheckId: "1", answer: "维持原成绩" }, { cookie: adminCookie }), { sessionId: String(sessionId) })).status).toBe(400);
  });

  it("raising a failed part to a pass issues the certificate; the result and the candidate's page follow", async () => {
    expect(await certificateOf(c.weakTheory.applicationId)).toBeUndefined();
    const id = await request(c.weakTheory, "理论第 12 题答案有争议，请核对");
    const missingReason = await decide(chief.cookie, { recheckId: String(id), part: "theory", decision: "change", score: "65", reason: "" });
    expect(missingReason.status).toBe(400);
    expect(missingReason.data!.problems).toEqual(["请写明复核理由（至少 4 个字）"]);
    const decided = await decide(chief.cookie, { recheckId: String(id), part: "theory", decision: "change", score: "65", reason: "第 12 题标准答案有误，重新评分" });
    expect(decided.status).toBe(302);
    expect(await firstRow(db.select().from(assessmentResults).where(eq(assessmentResults.applicationId, c.weakTheory.applicationId)))).toMatchObject({ theoryScore: 65, passed: true });
    expect(await certificateOf(c.weakTheory.applicationId)).toMatchObject({ revokedAt: null });
    const seen = await run<{ mine: Array<{ result: { line: string; passed: boolean }; rechecks: Array<{ answer: string }> }> }>(mine.loader, getRequest("/assessments", { cookie: c.weakTheory.cookie }));
    expect(seen.data!.mine[0]!.result).toMatchObject({ line: "理论 65 分 · 技能 75 分", passed: true });
    expect(seen.data!.mine[0]!.rechecks[0]!.answer).toBe("理论知识考试由 59 分改为 65 分：第 12 题标准答案有误，重新评分");
    expect((await decide(chief.cookie, { recheckId: String(id), part: "theory", decision: "uphold", reason: "再次复核" })).data!.problems).toEqual(["该复核申请已经决定"]);
  });

  it("lowering a part below the pass mark revokes the certificate with the reason; upholding changes nothing", async () => {
    const issued = (await certificateOf(c.passes.applicationId))!;
    expect(issued.revokedAt).toBeNull();
    const id = await request(c.passes, "请核对技能考核的评分记录");
    await decide(chief.cookie, { recheckId: String(id), part: "skill", decision: "change", score: "50", reason: "录像显示未固定轮椅刹车" });
    expect(await firstRow(db.select().from(assessmentResults).where(eq(assessmentResults.applicationId, c.passes.applicationId)))).toMatchObject({ skillScore: 50, passed: false });
    expect(await certificateOf(c.passes.applicationId)).toMatchObject({ revokedReason: "复核后技能考核改为 50 分，不合格：录像显示未固定轮椅刹车" });
    const other = await request(c.missing, "理论缺考是误记，我到场了");
    await decide(chief.cookie, { recheckId: String(other), part: "theory", decision: "uphold", reason: "签到记录与监控显示未到场" });
    expect(await firstRow(db.select().from(assessmentResults).where(eq(assessmentResults.applicationId, c.missing.applicationId)))).toMatchObject({ theoryScore: null, passed: false });
    expect((await db.select().from(auditLog)).filter((a) => a.event === "assessment.recheck_decided")).toHaveLength(3);
  });
});

describe("补考 of the failed part", () => {
  it("offers the failed part only, keeps the passed part's score, and issues the certificate once the re-sit passes", async () => {
    // c.passes now holds theory 80 and skill 50 (after 复核): a re-sit of the skill part.
    // Applications are taken before the exam day only.
    const later = await newSession("补考批次", new Date(Date.now() + 20 * 86_400_000), "draft");
    const offered = await run<{ resit: { parts: string[]; kept: string } | null }>(apply.loader, getRequest(`/assessments/${later}/apply`, { cookie: c.passes.cookie }), { sessionId: String(later) });
    expect(offered.data!.resit).toEqual({ parts: ["skill"], kept: "理论 80 分", label: "补考技能考核（保留理论 80 分）", until: expect.stringMatching(/^2027-/) });
    const somebodyElse = await run<{ resit: unknown }>(apply.loader, getRequest(`/assessments/${later}/apply`, { cookie: c.weakTheory.cookie }), { sessionId: String(later) });
    expect(somebodyElse.data!.resit).toBeNull();
    const applied = await run(apply.action, postRequest(`/assessments/${later}/apply`, { intent: "resit" }, { cookie: c.passes.cookie }), { sessionId: String(later) });
    expect(applied.location).toBe("/assessments");
    const resit = (await firstRow(db.select().from(applications).where(eq(applications.sessionId, later))))!;
    expect(resit).toMatchObject({ resitOfApplicationId: c.passes.applicationId, resitParts: ["skill"], status: "pending" });
    await db.update(applications).set({ status: "approved", room: "一号考场" }).where(eq(applications.id, resit.id));
    // The exam day has come and gone.
    await db.update(assessmentSessions).set({ status: "open", theoryStartsAt: new Date(Date.now() - 86_400_000) }).where(eq(assessmentSessions.id, later));
    await drawSessionSkillTasks(db, later);
    // Theory is kept: no paper for it, and no theory score is needed to publish.
    expect(await firstRow(db.select().from(theoryPapers).where(eq(theoryPapers.applicationId, resit.id)))).toBeUndefined();
    for (const e of [...examiners, chief]) await score(e.cookie, resit.id, 90, later);
    expect((await confirmation(later)).data).toMatchObject({ problems: [], counts: { passed: 1, failed: 0, absent: 0 } });
    await publish(later);
    expect(await firstRow(db.select().from(assessmentResults).where(eq(assessmentResults.applicationId, resit.id)))).toMatchObject({ theoryScore: 80, skillScore: 90, passed: true });
    expect(await firstRow(db.select().from(certificates).where(eq(certificates.applicationId, resit.id)))).toMatchObject({ revokedAt: null, level: 5 });
    const seen = await run<{ mine: Array<{ id: number; result: { line: string } }> }>(mine.loader, getRequest("/assessments", { cookie: c.passes.cookie }));
    expect(seen.data!.mine.find((m) => m.id === resit.id)!.result.line).toBe("理论 80 分（保留） · 技能 90 分");
  });
});
