import { firstRow, returnedRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentSessions, auditLog } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import * as sessions from "../../app/assessment/routes/base-sessions.tsx";
import * as sessionPage from "../../app/assessment/routes/base-session.tsx";
import * as apply from "../../app/assessment/routes/apply.tsx";
import * as mine from "../../app/assessment/routes/trainee-assessments.tsx";
import { chinaDate } from "../../app/utils/dates.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
let base: { id: number };
let adminCookie: string;
let sessionId: number;
const examiners: number[] = [];

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
  const admin = await createUser(db, { role: "base_admin", organisationId: base.id });
  adminCookie = await cookieOf(admin.id);
  for (let i = 0; i < 5; i++) examiners.push((await createUser(db, { role: "examiner", organisationId: base.id })).id);
  const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!;
  const created = await run(
    sessions.action,
    postRequest("/base/assessments", { organisationId: String(base.id), planId: String(plan.id), name: "2026 年第 5 批", theoryStartsAt: "2026-12-12T09:00", applicationsCloseOn: "2026-12-10", venue: "长兴县雉城街道金陵北路 1 号", rooms: "一号考场，2\n二号考场，30" }, { cookie: adminCookie }),
  );
  expect(created.status).toBe(302);
  sessionId = Number(created.location!.split("/").at(-1));
});

describe("assessment sessions and applications", () => {
  it("stores the theory start in China time and refuses a badly written room list", async () => {
    expect((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!.theoryStartsAt.toISOString()).toBe("2026-12-12T01:00:00.000Z");
    const bad = await run<{ errors: Record<string, string> }>(sessions.action, postRequest("/base/assessments", { organisationId: String(base.id), planId: "1", name: "坏批次", theoryStartsAt: "2026-12-12T09:00", applicationsCloseOn: "2026-12-10", venue: "某地", rooms: "一号考场" }, { cookie: adminCookie }));
    expect(bad.data!.errors.rooms).toBe("每行写一个考场：名称，容量（如：一号考场，30）");
  });

  it("shows the trainee which condition they meet, or why not, and records an eligible application", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    const cookie = await cookieOf(trainee.id);
    const params = { sessionId: String(sessionId) };
    const check = await run<{ eligibility: { eligible: boolean; routes: Array<{ label: string; met: boolean; conditions: Array<{ reason: string }> }> } }>(
      apply.action,
      postRequest(`/assessments/${sessionId}/apply`, { workYears: "0.5", apprenticeship: "no", schooling: "none", schoolingInField: "no", intent: "apply" }, { cookie }),
      params,
    );
    expect(check.data!.eligibility.eligible).toBe(false);
    expect(check.data!.eligibility.routes.flatMap((r) => r.conditions.map((c) => c.reason))).toEqual(["累计工作 0.5 年，须满 1 年", "没有学徒期满记录"]);
    expect(await db.select().from(applications).where(eq(applications.userId, trainee.id))).toEqual([]);

    const submitted = await run(apply.action, postRequest(`/assessments/${sessionId}/apply`, { workYears: "1", apprenticeship: "no", schooling: "none", schoolingInField: "no", intent: "apply" }, { cookie }), params);
    expect(submitted.location).toBe("/assessments");
    const application = (await firstRow(db.select().from(applications).where(eq(applications.userId, trainee.id))))!;
    expect(application).toMatchObject({ status: "pending", eligibility: { eligible: true, metRoute: "累计从事本职业或相关职业工作满 1 年" } });
    // Applying twice changes nothing.
    await run(apply.action, postRequest(`/assessments/${sessionId}/apply`, { workYears: "3", apprenticeship: "no", schooling: "none", schoolingInField: "no", intent: "apply" }, { cookie }), params);
    expect(await db.select().from(applications).where(eq(applications.userId, trainee.id))).toHaveLength(1);
  });

  it("lets the base approve, or reject with a reason the trainee is shown", async () => {
    const [a, b] = [await createUser(db, { role: "trainee" }), await createUser(db, { role: "trainee" })];
    for (const t of [a, b]) {
      await run(apply.action, postRequest(`/assessments/${sessionId}/apply`, { workYears: "2", apprenticeship: "no", schooling: "none", schoolingInField: "no", intent: "apply" }, { cookie: await cookieOf(t.id) }), { sessionId: String(sessionId) });
    }
    const idOf = async (userId: number) => String((await firstRow(db.select().from(applications).where(eq(applications.userId, userId))))!.id);
    const params = { sessionId: String(sessionId) };
    await run(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, { intent: "approve", applicationId: await idOf(a.id), confirmed: "yes" }, { cookie: adminCookie }), params);
    const noReason = await run<{ problems: string[] }>(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, { intent: "reject", applicationId: await idOf(b.id), reason: "" }, { cookie: adminCookie }), params);
    expect(noReason.data!.problems).toEqual(["请写明不通过的原因"]);
    await run(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, { intent: "reject", applicationId: await idOf(b.id), reason: "工作年限证明与社保记录不符", confirmed: "yes" }, { cookie: adminCookie }), params);
    const seen = await run<{ mine: Array<{ status: string; reason: string | null }> }>(mine.loader, getRequest("/assessments", { cookie: await cookieOf(b.id) }));
    expect(seen.data!.mine).toEqual([expect.objectContaining({ status: "申请未通过审核", reason: "工作年限证明与社保记录不符" })]);
    expect(await firstRow(db.select().from(auditLog).where(eq(auditLog.event, "assessment.application_rejected")))).toMatchObject({ relatedUserId: b.id, details: { reason: "工作年限证明与社保记录不符" } });
  });

  it("will not open a session that breaks a staffing rule, and says which", async () => {
    const params = { sessionId: String(sessionId) };
    const refused = await run<{ problems: string[] }>(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, { intent: "open", confirmed: "yes" }, { cookie: adminCookie }), params);
    expect(refused.status).toBe(400);
    expect(refused.data!.problems).toContain("理论考场“一号考场”有 1 名考生，需要至少 2 名监考员（每 15 名考生 1 名，每个考场不少于 2 名），现有 0 名");
    expect(refused.data!.problems).toContain("技能考核有 1 名考生，需要至少 3 名考评员（每 5 名考生 1 名，不少于 3 名），现有 0 名");
    const assign = (userId: number, duty: string, room = "") => run(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, { intent: "add-staff", userId: String(userId), duty, room }, { cookie: adminCookie }), params);
    await assign(examiners[0]!, "invigilator", "一号考场");
    await assign(examiners[1]!, "invigilator", "一号考场");
    await assign(examiners[2]!, "examiner");
    await assign(examiners[3]!, "examiner");
    const even = await run<{ problems: string[] }>(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, { intent: "open", confirmed: "yes" }, { cookie: adminCookie }), params);
    expect(even.data!.problems).toEqual(["技能考核有 1 名考生，需要至少 3 名考评员（每 5 名考生 1 名，不少于 3 名），现有 2 名", "技能考核考评员人数须为奇数，现有 2 名"]);
    await assign(examiners[4]!, "chief_examiner");
    const unconfirmed = await run<{ problems: string[] }>(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, { intent: "open" }, { cookie: adminCookie }), params);
    expect(unconfirmed.data!.problems).toEqual(["请在确认框中核对人数后再开考"]);
    const opened = await run(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, { intent: "open", confirmed: "yes" }, { cookie: adminCookie }), params);
    expect(opened.status).toBe(302);
    expect(decodeURIComponent(opened.headers.get("Set-Cookie")!)).toContain("批次已开考：1 名考生已按考场编排，试卷已抽取");
    expect((await db.select().from(applications).where(eq(applications.status, "approved"))).map((a) => a.room)).toEqual(["一号考场"]);
    // No more applications once open.
    const late = await createUser(db, { role: "trainee" });
    expect((await run(apply.loader, getRequest(`/assessments/${sessionId}/apply`, { cookie: await cookieOf(late.id) }), params)).status).toBe(404);
  });

  it("keeps one base's sessions from another base's admin", async () => {
    const other = await createOrganisation(db, { type: "training_base", regionCode: "330502001" });
    const otherAdmin = await createUser(db, { role: "base_admin", organisationId: other.id });
    const response = await run(sessionPage.loader, getRequest(`/base/assessments/${sessionId}`, { cookie: await cookieOf(otherAdmin.id) }), { sessionId: String(sessionId) });
    expect(response.status).toBe(404);
  });
});

describe("session dates make sense", () => {
  const post = async (fields: Record<string, string>) =>
    run<{ errors: Record<string, string> }>(sessions.action, postRequest("/base/assessments", { organisationId: String(base.id), planId: String((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!.planId), name: "日期批次", venue: "长兴县雉城街道", rooms: "一号考场，30", ...fields }, { cookie: adminCookie }));

  it("refuses an exam date already past and a closing date on or after the exam, next to the fields", async () => {
    const past = await post({ theoryStartsAt: "2020-06-01T09:00", applicationsCloseOn: "2020-05-20" });
    expect(past.status).toBe(400);
    expect(past.data!.errors).toEqual({ theoryStartsAt: "考试日期须晚于今天，已过的日期不能开放报名", applicationsCloseOn: "报名截止日期不能早于今天" });
    const late = await post({ theoryStartsAt: "2026-12-28T09:00", applicationsCloseOn: "2026-12-28" });
    expect(late.data!.errors).toEqual({ applicationsCloseOn: "报名截止日期须早于考试日期" });
    const far = await post({ theoryStartsAt: "2031-01-10T09:00", applicationsCloseOn: "2030-12-20" });
    expect(Object.keys(far.data!.errors).sort()).toEqual(["applicationsCloseOn", "theoryStartsAt"]);
    expect((await db.select().from(assessmentSessions)).filter((s) => s.name === "日期批次")).toEqual([]);
  });

  it("takes no application after the closing day or once the exam day has come", async () => {
    const template = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, sessionId))))!;
    const yesterday = new Date(Date.now() - 24 * 3600_000);
    const closed = await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: template.planId, name: "已截止", theoryStartsAt: new Date(Date.now() + 7 * 24 * 3600_000), applicationsCloseOn: chinaDate(yesterday), venue: "长兴", rooms: template.rooms }).returning());
    // Written before closing dates existed: its exam is in the past.
    const past = await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: template.planId, name: "2020 年批次", theoryStartsAt: new Date("2020-06-01T01:00:00Z"), venue: "长兴", rooms: template.rooms }).returning());
    const trainee = await createUser(db, { role: "trainee" });
    const cookie = await cookieOf(trainee.id);
    for (const s of [closed, past]) {
      const params = { sessionId: String(s.id) };
      expect((await run(apply.loader, getRequest(`/assessments/${s.id}/apply`, { cookie }), params)).status).toBe(404);
      const refused = await run(apply.action, postRequest(`/assessments/${s.id}/apply`, { workYears: "3", apprenticeship: "no", schooling: "none", schoolingInField: "no", intent: "apply" }, { cookie }), params);
      expect(refused.status).toBe(404);
    }
    expect(await db.select().from(applications).where(eq(applications.userId, trainee.id))).toEqual([]);
    const list = await run<{ open: Array<{ id: number }> }>(mine.loader, getRequest("/assessments", { cookie }));
    expect(list.data!.open.map((s) => s.id)).not.toEqual(expect.arrayContaining([closed.id]));
    expect(list.data!.open.map((s) => s.id)).not.toContain(past.id);
  });
});
