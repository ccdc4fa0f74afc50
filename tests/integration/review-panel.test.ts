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
import { drawSessionSkillTasks } from "../../app/assessment/sessions.server.ts";
import type { PartTask } from "../../app/assessment/scoring.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

/**
 * 综合评审 on a 养老护理员 二级/技师 session: three panel members score the review item by item,
 * three examiners the skill task; theory scores are written straight in (the theory exam has its own tests).
 */
const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
let sessionId: number;
let organisationId: number;
let adminCookie: string;
let chiefCookie: string;
let reviewTask: PartTask;
let skillTasks: PartTask[];
const panel: string[] = [];
const examiners: string[] = [];
const candidates: Record<"passes" | "weakReview" | "weakTheory", { applicationId: number; cookie: string }> = {} as never;

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 2)!;
  reviewTask = plan.reviewTasks[0]!;
  skillTasks = plan.skillTasks;
  organisationId = (await createOrganisation(db, { type: "training_base", regionCode: "330522001" })).id;
  adminCookie = await cookieOf((await createUser(db, { role: "base_admin", organisationId })).id);
  sessionId = (await returnedRow(db.insert(assessmentSessions).values({ organisationId, planId: plan.id, name: "技师评审批次", theoryStartsAt: new Date("2026-06-01T01:00:00Z"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }], status: "open" }).returning())).id;
  for (const [duty, list] of [["panel", panel], ["examiner", examiners]] as const) {
    for (let i = 0; i < 3; i++) {
      const user = await createUser(db, { role: "examiner", organisationId });
      await db.insert(sessionStaff).values({ sessionId, userId: user.id, duty });
      list.push(await cookieOf(user.id));
    }
  }
  const chief = await createUser(db, { role: "examiner", organisationId });
  await db.insert(sessionStaff).values({ sessionId, userId: chief.id, duty: "chief_examiner" });
  chiefCookie = await cookieOf(chief.id);
  for (const [key, theory] of [["passes", 80], ["weakReview", 85], ["weakTheory", 59]] as const) {
    const trainee = await createUser(db, { role: "trainee" });
    const application = await returnedRow(db.insert(applications).values({ sessionId, userId: trainee.id, facts: { certificates: [], workYears: 12, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room: "一号考场" }).returning());
    await db.insert(theoryAttempts).values({ applicationId: application.id, seed: 1, paper: [], startedAt: new Date(), deadline: new Date(), deviceId: "d", submittedAt: new Date(), score: theory });
    candidates[key] = { applicationId: application.id, cookie: await cookieOf(trainee.id) };
  }
  await drawSessionSkillTasks(db, sessionId);
});

/** The operation a candidate drew when the session opened. */
async function drawnTask(applicationId: number): Promise<PartTask> {
  const draw = (await firstRow(db.select().from(skillTaskDraws).where(eq(skillTaskDraws.applicationId, applicationId))))!;
  return skillTasks.find((t) => t.id === draw.taskIds[0])!;
}

/** Item scores worth `total` points: every item full, less what the total leaves out, taken from the first items. */
function itemsWorth(task: PartTask, total: number): Record<string, string> {
  let missing = task.rubric.reduce((n, i) => n + i.points, 0) - total;
  return Object.fromEntries(
    task.rubric.map((item) => {
      const off = Math.min(item.points, missing);
      missing -= off;
      return [`item_${item.id}`, String(item.points - off)];
    }),
  );
}
const params = (part: string) => ({ sessionId: String(sessionId), part });
const score = async (cookie: string, part: "skill" | "review", applicationId: number, items: Record<string, string>) =>
  run<{ problems: string[]; message: string | null }>(
    scoring.action,
    postRequest(`/examiner/sessions/${sessionId}/${part}`, { applicationId: String(applicationId), taskId: (part === "review" ? reviewTask : await drawnTask(applicationId)).id, ...items }, { cookie }),
    params(part),
  );
const view = (cookie: string, part = "review") =>
  run<{ candidates: Array<{ applicationId: number; scored: Record<string, number> }>; flagged: Array<{ name: string; spread: number; score: number | null }> | null; canScore: boolean }>(
    scoring.loader,
    getRequest(`/examiner/sessions/${sessionId}/${part}`, { cookie }),
    params(part),
  );
const publish = () => run<{ problems: string[] }>(publishPage.action, postRequest(`/base/assessments/${sessionId}/publish`, {}, { cookie: adminCookie }), { sessionId: String(sessionId) });

describe("综合评审 by the review panel", () => {
  it("takes each panel member's score once, refuses scores outside the rubric, never shows another member's, and logs it", async () => {
    const { applicationId } = candidates.passes;
    const over = await score(panel[0]!, "review", applicationId, { ...itemsWorth(reviewTask, 100), [`item_${reviewTask.rubric[0]!.id}`]: String(reviewTask.rubric[0]!.points + 1) });
    expect(over.status).toBe(400);
    expect(over.data!.problems).toEqual([`“${reviewTask.rubric[0]!.label}”得分须在 0–${reviewTask.rubric[0]!.points} 分之间`]);
    expect((await score(panel[0]!, "review", applicationId, itemsWorth(reviewTask, 70))).data!.message).toBe("评分已提交");
    expect((await score(panel[0]!, "review", applicationId, itemsWorth(reviewTask, 90))).data!.problems).toEqual(["您已提交过该考生的评分，不能修改"]);
    // The second member sees nothing of the first's score; the first sees their own.
    expect((await view(panel[1]!)).data!.candidates.every((c) => Object.keys(c.scored).length === 0)).toBe(true);
    expect((await view(panel[0]!)).data!.candidates.find((c) => c.applicationId === applicationId)!.scored).toEqual({ [reviewTask.id]: 70 });
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "assessment.review_scored"))).toEqual([expect.objectContaining({ targetId: String(applicationId), details: { taskId: reviewTask.id, total: 70, criticalFailed: [] } })]);
  });

  it("answers 404 to anyone not on the panel: the session's examiners, another base's examiner, and a plan without a review", async () => {
    expect((await view(examiners[0]!)).status).toBe(404);
    expect((await score(examiners[0]!, "review", candidates.passes.applicationId, itemsWorth(reviewTask, 80))).status).toBe(404);
    const outsider = await createUser(db, { role: "examiner", organisationId: (await createOrganisation(db, { type: "training_base", regionCode: "330502001" })).id });
    expect((await view(await cookieOf(outsider.id))).status).toBe(404);
    // A panel member has no skill task to score, and no such part exists.
    expect((await view(panel[0]!, "skill")).status).toBe(404);
    expect((await view(panel[0]!, "thesis")).status).toBe(404);
    const fifth = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!;
    const lower = await returnedRow(db.insert(assessmentSessions).values({ organisationId, planId: fifth.id, name: "五级批次", theoryStartsAt: new Date("2026-06-01T01:00:00Z"), venue: "长兴", rooms: [], status: "open" }).returning());
    const member = await createUser(db, { role: "examiner", organisationId });
    await db.insert(sessionStaff).values({ sessionId: lower.id, userId: member.id, duty: "panel" });
    expect((await run(scoring.loader, getRequest(`/examiner/sessions/${lower.id}/review`, { cookie: await cookieOf(member.id) }), { sessionId: String(lower.id), part: "review" })).status).toBe(404);
  });

  it("flags a panel spread beyond the threshold for the chief examiner, who cannot score the review", async () => {
    const { applicationId } = candidates.passes;
    await score(panel[1]!, "review", applicationId, itemsWorth(reviewTask, 82)); // 70 and 82: spread 12
    const chief = await view(chiefCookie);
    expect(chief.data!.canScore).toBe(false);
    expect(chief.data!.flagged).toEqual([expect.objectContaining({ spread: 12, score: null })]);
    expect((await score(chiefCookie, "review", applicationId, itemsWorth(reviewTask, 80))).status).toBe(404);
    expect((await view(panel[0]!)).data!.flagged).toBeNull();
  });

  it("will not publish while a panel member's score is missing, then passes a candidate only when all three parts reach 60", async () => {
    const all = Object.values(candidates);
    // Every examiner on the session scores the skill part, the chief examiner among them.
    for (const examiner of [...examiners, chiefCookie]) for (const { applicationId } of all) await score(examiner, "skill", applicationId, itemsWorth(await drawnTask(applicationId), 90));
    await score(panel[2]!, "review", candidates.passes.applicationId, itemsWorth(reviewTask, 76)); // 70, 82, 76: 76
    for (const member of panel) {
      await score(member, "review", candidates.weakReview.applicationId, itemsWorth(reviewTask, 59));
      // The last candidate is still missing the third member's score.
      if (member !== panel[2]) await score(member, "review", candidates.weakTheory.applicationId, itemsWorth(reviewTask, 90));
    }
    const blocked = await publish();
    expect(blocked.status).toBe(409);
    expect(blocked.data!.problems).toEqual([expect.stringMatching(/^\S+：综合评审评分相差 12 分，须由主考复评或确认$/), expect.stringMatching(/^\S+：综合评审尚未由全部 3 名评审专家评分（已评 2 名）$/)]);
    await score(panel[2]!, "review", candidates.weakTheory.applicationId, itemsWorth(reviewTask, 90));
    // The chief examiner confirms the panel's mean with a reason.
    const confirmed = await run<{ message: string }>(scoring.action, postRequest(`/examiner/sessions/${sessionId}/review`, { intent: "resolve", applicationId: String(candidates.passes.applicationId), taskId: reviewTask.id, decision: "confirm", reason: "答辩记录支持平均分" }, { cookie: chiefCookie }), params("review"));
    expect(confirmed.data!.message).toBe("已确认平均分");

    const page = await run<{ results: Array<{ applicationId: number; theory: number; skill: number; review: number; flagged: boolean; passed: boolean }> }>(sessionPage.loader, getRequest(`/base/assessments/${sessionId}`, { cookie: adminCookie }), { sessionId: String(sessionId) });
    const byId = (key: keyof typeof candidates) => page.data!.results.find((r) => r.applicationId === candidates[key].applicationId);
    expect(byId("passes")).toMatchObject({ theory: 80, skill: 90, review: 76, flagged: true, passed: true });
    expect(byId("weakReview")).toMatchObject({ theory: 85, skill: 90, review: 59, passed: false });
    expect(byId("weakTheory")).toMatchObject({ theory: 59, skill: 90, review: 90, passed: false });

    expect((await publish()).location).toBe(`/base/assessments/${sessionId}#results`);
    expect(await db.select({ applicationId: assessmentResults.applicationId, review: assessmentResults.reviewScore, passed: assessmentResults.passed }).from(assessmentResults)).toEqual([
      { applicationId: candidates.passes.applicationId, review: 76, passed: true },
      { applicationId: candidates.weakReview.applicationId, review: 59, passed: false },
      { applicationId: candidates.weakTheory.applicationId, review: 90, passed: false },
    ]);
    const seen = await run<{ mine: Array<{ result: { review: number; passed: boolean } }> }>(mine.loader, getRequest("/assessments", { cookie: candidates.weakReview.cookie }));
    expect(seen.data!.mine[0]!.result).toMatchObject({ review: 59, passed: false });
  });
});
