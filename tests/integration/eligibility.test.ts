import { firstRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { assessmentPlans, auditLog, courseModules, eligibilityRules, enrolments, lessonProgress, lessons, quizAttempts } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { defaultEligibilityRules } from "../../app/assessment/eligibility-defaults.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import * as sessions from "../../app/assessment/routes/base-sessions.tsx";
import * as apply from "../../app/assessment/routes/apply.tsx";
import * as editTable from "../../app/assessment/routes/admin-eligibility-edit.tsx";
import { latestBusinessDate } from "../../app/utils/business-dates.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
const sessionOf: Record<number, string> = {};
type Checked = { errors: Record<string, string>; eligibility: { eligible: boolean; metRoute: string | null; requirements: Array<{ met: boolean; reason: string }> } | null };
const facts = { workYears: "0", apprenticeship: "no", schooling: "none", schoolingInField: "no", schoolingFinalYear: "no", preTechnician: "no", intent: "check" };

async function check(level: number, userId: number, fields: Record<string, string>) {
  const sessionId = sessionOf[level]!;
  return run<Checked>(apply.action, postRequest(`/assessments/${sessionId}/apply`, { ...facts, ...fields }, { cookie: await cookieOf(userId) }), { sessionId });
}

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
  const admin = await createUser(db, { role: "base_admin", organisationId: base.id });
  for (const level of [4, 3]) {
    const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === level)!;
    const created = await run(
      sessions.action,
      postRequest("/base/assessments", { organisationId: String(base.id), planId: String(plan.id), name: `${level}级批次`, theoryStartsAt: "2026-12-20T09:00", applicationsCloseOn: "2026-12-18", venue: "长兴县雉城街道金陵北路 1 号", rooms: "一号考场，30" }, { cookie: await cookieOf(admin.id) }),
    );
    sessionOf[level] = created.location!.split("/").at(-1)!;
  }
});

describe("applying against the sourced eligibility tables", () => {
  it("lets a 大专 graduate in the field meet the 中等及以上职业学校 route of 四级", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    const result = await check(4, trainee.id, { schooling: "college", schoolingInField: "yes" });
    expect(result.data!.eligibility).toMatchObject({ eligible: true, metRoute: "技工学校或中等及以上职业学校本专业或相关专业毕业（含在校应届毕业生）" });
  });

  it("counts a declared certificate of a related occupation, and checks its date next to the field", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    const ok = await check(4, trainee.id, { otherCertificate: "医疗护理员", otherCertificateLevel: "5", otherCertificateIssuedOn: "2024-01-15" });
    expect(ok.data!.eligibility).toMatchObject({ eligible: true, metRoute: "取得五级证书后满 2 年" });
    const bad = await check(4, trainee.id, { otherCertificate: "医疗护理员", otherCertificateLevel: "", otherCertificateIssuedOn: "2030-01-01" });
    expect(bad.status).toBe(400);
    expect(bad.data!.errors).toEqual({ otherCertificateLevel: "请选择证书等级", otherCertificateIssuedOn: `日期不能晚于 ${latestBusinessDate(chinaDate(new Date()))}（两年以内）` });
    const future = await check(4, trainee.id, { otherCertificate: "医疗护理员", otherCertificateLevel: "5", otherCertificateIssuedOn: "2027-01-01" });
    expect(future.data!.errors).toEqual({ otherCertificateIssuedOn: "日期不能晚于今天" });
    const old = await check(4, trainee.id, { otherCertificate: "医疗护理员", otherCertificateLevel: "5", otherCertificateIssuedOn: "1999-12-31" });
    expect(old.data!.errors).toEqual({ otherCertificateIssuedOn: "日期不能早于 2000-01-01" });
    const unrelated = await check(4, trainee.id, { otherCertificate: "电工", otherCertificateLevel: "5", otherCertificateIssuedOn: "2020-01-01" });
    expect(unrelated.data!.errors).toEqual({ otherCertificate: "请从列表中选择相关职业" });
  });

  it("refuses 三级 until the 康复服务 module is passed, then accepts", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    const fourth = { otherCertificate: "医疗护理员", otherCertificateLevel: "4", otherCertificateIssuedOn: "2020-03-01" };
    const before = await check(3, trainee.id, fourth);
    expect(before.data!.eligibility).toMatchObject({ eligible: false, metRoute: null });
    expect(before.data!.eligibility!.requirements).toEqual([expect.objectContaining({ met: false, reason: "尚未通过养老护理员培训课程的“康复服务”模块（须学完全部课时并通过章节测验）" })]);

    // Every lesson of the module done and its chapter quiz passed.
    const courseId = "elderly-caregiver-5";
    const module = (await firstRow(db.select().from(courseModules).where(and(eq(courseModules.courseId, courseId), eq(courseModules.title, "康复服务")))))!;
    const now = new Date();
    await db.insert(enrolments).values({ userId: trainee.id, courseId, enrolledAt: now });
    const moduleLessons = await db.select().from(lessons).where(and(eq(lessons.courseId, courseId), eq(lessons.moduleId, module.id)));
    for (const l of moduleLessons.slice(1)) await db.insert(lessonProgress).values({ userId: trainee.id, courseId, lessonId: l.id, creditedSeconds: l.minutes * 60, completedAt: now });
    await db.insert(quizAttempts).values({ userId: trainee.id, courseId, moduleId: module.id, questionIds: [], score: module.quizPassScore, passed: true, startedAt: now, submittedAt: now });
    expect((await check(3, trainee.id, fourth)).data!.eligibility!.eligible).toBe(false);

    const first = moduleLessons[0]!;
    await db.insert(lessonProgress).values({ userId: trainee.id, courseId, lessonId: first.id, creditedSeconds: first.minutes * 60, completedAt: now });
    expect((await check(3, trainee.id, fourth)).data!.eligibility).toMatchObject({ eligible: true, metRoute: "取得四级证书后满 4 年" });
  });

  it("replaces a table written before tables carried a source, and keeps an admin's sourced edit", async () => {
    const where = (level: number) => and(eq(eligibilityRules.occupation, "childcare_worker"), eq(eligibilityRules.level, level));
    await db.update(eligibilityRules).set({ routes: [], source: null }).where(where(5));
    const edited = { ...defaultEligibilityRules["childcare_worker:4"]!.source, note: "已核对" };
    await db.update(eligibilityRules).set({ routes: [], source: edited }).where(where(4));
    await seedAssessmentDefaults(db);
    expect(await firstRow(db.select().from(eligibilityRules).where(where(5)))).toMatchObject({ routes: defaultEligibilityRules["childcare_worker:5"]!.routes, source: defaultEligibilityRules["childcare_worker:5"]!.source });
    expect(await firstRow(db.select().from(eligibilityRules).where(where(4)))).toMatchObject({ routes: [], source: edited });
  });
});

describe("the system admin edits a table as data", () => {
  const params = { occupation: "infant_caregiver", level: "4" };
  const path = "/admin/eligibility/infant_caregiver/4";
  const where = and(eq(eligibilityRules.occupation, "infant_caregiver"), eq(eligibilityRules.level, 4));
  const form = (over: Record<string, string>) => ({
    standard: "育婴员国家职业技能标准（2019年版）",
    year: "2019",
    code: "4-10-01-02",
    confirmed: "yes",
    note: "",
    routes: JSON.stringify([{ label: "累计从事本职业或相关职业工作满 5 年", conditions: [{ kind: "workYears", min: 5 }] }]),
    requirements: "[]",
    ...over,
  });

  it("refuses what the engine would not understand, every problem next to its field, and changes nothing", async () => {
    const admin = await createUser(db, { role: "system_admin" });
    const before = await firstRow(db.select().from(eligibilityRules).where(where));
    const bad = await run<{ errors: Record<string, string> }>(
      editTable.action,
      postRequest(path, form({ code: "4100102", confirmed: "no", routes: JSON.stringify([{ label: "某条件", conditions: [{ kind: "workYears", min: -1 }] }]), requirements: "[" }), { cookie: await cookieOf(admin.id) }),
      params,
    );
    expect(bad.status).toBe(400);
    expect(bad.data!.errors).toEqual({
      code: "职业编码形如 4-10-01-05",
      note: "未核实的表须写明说明",
      routes: expect.stringMatching(/^第 1 条 conditions\.0\.min：/),
      requirements: "不是有效的 JSON",
    });
    expect(await firstRow(db.select().from(eligibilityRules).where(where))).toEqual(before);
  });

  it("saves a valid table and logs before and after; a base admin gets 403 and an unknown table 404", async () => {
    const admin = await createUser(db, { role: "system_admin" });
    const saved = await run(editTable.action, postRequest(path, form({}), { cookie: await cookieOf(admin.id) }), params);
    expect(saved.location).toBe("/admin/eligibility");
    expect(await firstRow(db.select().from(eligibilityRules).where(where))).toMatchObject({ source: { code: "4-10-01-02", year: 2019, confirmed: true }, routes: [{ label: "累计从事本职业或相关职业工作满 5 年" }] });
    const logged = (await db.select().from(auditLog).where(eq(auditLog.action, "eligibility_rules_changed"))).at(-1)!;
    expect(logged).toMatchObject({ targetId: "infant_caregiver:4", userId: admin.id });
    const baseAdmin = await createUser(db, { role: "base_admin", organisationId: (await createOrganisation(db, { type: "training_base", regionCode: "330522001" })).id });
    expect((await run(editTable.loader, getRequest(path, { cookie: await cookieOf(baseAdmin.id) }), params)).status).toBe(403);
    expect((await run(editTable.loader, getRequest("/admin/eligibility/family_caregiver/5", { cookie: await cookieOf(admin.id) }), { occupation: "family_caregiver", level: "5" })).status).toBe(404);
  });
});
