import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentSessions, auditLog, examinerQualifications, roleAssignments, sessionStaff, users } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { submitPartScores } from "../../app/assessment/results.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import * as staffPage from "../../app/assessment/routes/base-staff.tsx";
import * as sessionPage from "../../app/assessment/routes/base-session.tsx";
import { idNumberCheckChar } from "../../app/people/id-number.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const validId = (first17: string) => first17 + idNumberCheckChar(first17);
const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
let base: { id: number };
let otherBase: { id: number };
let adminCookie: string;
const newStaff = (over: Record<string, string>) => ({ intent: "create", organisationId: String(base.id), name: "赵红梅", idNumber: validId("33052219800101122"), phone: "13900001111", username: "zhao-hongmei", occupation: "", highestLevel: "", certificateNumber: "", ...over });

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
  otherBase = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
  adminCookie = await cookieOf((await createUser(db, { role: "base_admin", organisationId: base.id })).id);
});

describe("a base manages its own 考评人员", () => {
  it("creates an examiner with a qualification and a one-time password, all logged in one go", async () => {
    const created = await run<{ created: { userId: number; initialPassword: string } }>(staffPage.action, postRequest("/base/staff", newStaff({ occupation: "elderly_caregiver", highestLevel: "3", certificateNumber: "KPY-2024-018" }), { cookie: adminCookie }));
    const { userId, initialPassword } = created.data!.created;
    expect(initialPassword.length).toBeGreaterThan(8);
    expect(await firstRow(db.select().from(users).where(eq(users.id, userId)))).toMatchObject({ username: "zhao-hongmei", mustChangePassword: true });
    expect(await firstRow(db.select().from(roleAssignments).where(eq(roleAssignments.userId, userId)))).toMatchObject({ organisationId: base.id });
    expect(await db.select().from(examinerQualifications).where(eq(examinerQualifications.userId, userId))).toMatchObject([{ occupation: "elderly_caregiver", highestLevel: 3, certificateNumber: "KPY-2024-018" }]);
    const events = await db.select({ component: auditLog.component, action: auditLog.action }).from(auditLog).where(eq(auditLog.relatedUserId, userId));
    expect(events).toEqual(expect.arrayContaining([{ component: "user", action: "created" }, { component: "assessment", action: "qualification_recorded" }]));
    const page = await run<{ staff: Array<{ name: string; qualifications: string[] }> }>(staffPage.loader, getRequest("/base/staff", { cookie: adminCookie }));
    expect(page.data!.staff).toEqual([expect.objectContaining({ name: "赵红梅", qualifications: ["养老护理员 三级及以下（证书 KPY-2024-018）"] })]);
  });

  it("refuses another base, a level the occupation lacks and a taken username, next to the fields, writing nothing", async () => {
    const before = (await db.select().from(users)).length;
    const other = await run<{ errors: Record<string, string> }>(staffPage.action, postRequest("/base/staff", newStaff({ organisationId: String(otherBase.id), username: "someone-else", idNumber: validId("33052219800102122") }), { cookie: adminCookie }));
    expect(other.data!.errors).toEqual({ organisationId: "只能为本基地新建考评人员" });
    const level = await run<{ errors: Record<string, string> }>(staffPage.action, postRequest("/base/staff", newStaff({ occupation: "infant_caregiver", highestLevel: "1", phone: "123" }), { cookie: adminCookie }));
    expect(level.status).toBe(400);
    expect(level.data!.errors).toMatchObject({ highestLevel: "请选择育婴员的一个等级", phone: expect.any(String) });
    const taken = await run<{ errors: Record<string, string> }>(staffPage.action, postRequest("/base/staff", newStaff({ idNumber: validId("33052219800103122") }), { cookie: adminCookie }));
    expect(taken.data!.errors).toEqual({ username: "该用户名已被使用" });
    expect(await db.select().from(users)).toHaveLength(before);
  });

  it("disables its own staff (logged) and answers 404 for another base's", async () => {
    const mine = await createUser(db, { role: "examiner", organisationId: base.id });
    const theirs = await createUser(db, { role: "examiner", organisationId: otherBase.id });
    const refused = await run(staffPage.action, postRequest("/base/staff", { intent: "disable", userId: String(theirs.id) }, { cookie: adminCookie }));
    expect(refused.status).toBe(404);
    expect((await firstRow(db.select().from(users).where(eq(users.id, theirs.id))))!.disabledAt).toBeNull();
    await run(staffPage.action, postRequest("/base/staff", { intent: "disable", userId: String(mine.id) }, { cookie: adminCookie }));
    expect((await firstRow(db.select().from(users).where(eq(users.id, mine.id))))!.disabledAt).not.toBeNull();
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, "disabled"), eq(auditLog.relatedUserId, mine.id)))).toHaveLength(1);
    const page = await run<{ staff: Array<{ userId: number }> }>(staffPage.loader, getRequest("/base/staff", { cookie: adminCookie }));
    expect(page.data!.staff.map((s) => s.userId)).not.toContain(theirs.id);
  });

  it("staffs and lets score only levels the qualification covers", async () => {
    const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 2)!;
    const session = await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: plan.id, name: "二级批次", theoryStartsAt: new Date("2026-12-28T09:00:00+08:00"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }] }).returning());
    const third = await createUser(db, { role: "examiner", organisationId: base.id, qualifications: [{ occupation: "elderly_caregiver", highestLevel: 3 }] });
    const params = { sessionId: String(session.id) };
    const refused = await run<{ problems: string[] }>(sessionPage.action, postRequest(`/base/assessments/${session.id}`, { intent: "add-staff", userId: String(third.id), duty: "examiner" }, { cookie: adminCookie }), params);
    expect(refused.data!.problems).toEqual(["该考评员的资格最高为三级，不能考评养老护理员二级"]);
    const asInvigilator = await run(sessionPage.action, postRequest(`/base/assessments/${session.id}`, { intent: "add-staff", userId: String(third.id), duty: "invigilator", room: "一号考场" }, { cookie: adminCookie }), params);
    expect(asInvigilator.status).toBe(302);
    expect(await db.select({ duty: sessionStaff.duty }).from(sessionStaff).where(eq(sessionStaff.sessionId, session.id))).toEqual([{ duty: "invigilator" }]);

    const trainee = await createUser(db, { role: "trainee" });
    const application = await returnedRow(db.insert(applications).values({ sessionId: session.id, userId: trainee.id, facts: { certificates: [], workYears: 12, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room: "一号考场" }).returning());
    await db.update(assessmentSessions).set({ status: "open" }).where(eq(assessmentSessions.id, session.id));
    const task = plan.skillTasks[0]!;
    const problems = await submitPartScores(db, { sessionId: session.id, applicationId: application.id, part: "skill", taskId: task.id, examinerId: third.id, items: {} }, { userId: third.id, realUserId: third.id, ip: "127.0.0.1" });
    expect(problems).toEqual(["您的考评员资格不覆盖该职业等级，不能评分"]);
  });
});
