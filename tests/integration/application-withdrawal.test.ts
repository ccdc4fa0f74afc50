import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentSessions, auditLog } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import { takeNotice } from "../../app/utils/notice.server.ts";
import * as trainee from "../../app/assessment/routes/trainee-assessments.tsx";
import * as sessionPage from "../../app/assessment/routes/base-session.tsx";
import { getRequest, postRequest, run, type Outcome } from "../setup/requests.ts";

/** A trainee takes an application back until the base has reviewed it (issue 13). */

let baseId = 0;
let planId = 0;
let baseCookie = "";
const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
const facts = { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] };
const noticeOf = (outcome: Outcome) => takeNotice(new Request("http://localhost/", { headers: { Cookie: outcome.headers.get("Set-Cookie")?.split(";")[0] ?? "" } })).notice;

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  planId = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!.id;
  baseId = (await createOrganisation(db, { type: "training_base", regionCode: "330522001" })).id;
  baseCookie = await cookieOf((await createUser(db, { role: "base_admin", organisationId: baseId })).id);
});

async function applicant() {
  const session = await returnedRow(db
    .insert(assessmentSessions)
    .values({ organisationId: baseId, planId, name: `第${Math.floor(Math.random() * 1000)}批`, theoryStartsAt: new Date(Date.now() + 14 * 86_400_000), venue: "长兴县职业技能实训基地", rooms: [{ name: "一号考场", capacity: 30 }] })
    .returning());
  const user = await createUser(db, { role: "trainee" });
  const application = await returnedRow(db.insert(applications).values({ sessionId: session.id, userId: user.id, facts, eligibility: { eligible: true, metRoute: "工作满 1 年", routes: [] } }).returning());
  return { session, user, application, cookie: await cookieOf(user.id) };
}

const withdraw = (cookie: string, applicationId: number, extra: Record<string, string> = { confirmed: "yes" }) => run(trainee.action, postRequest("/assessments", { intent: "withdraw", applicationId: String(applicationId), ...extra }, { cookie }));
const review = (sessionId: number, fields: Record<string, string>) => run(sessionPage.action, postRequest(`/base/assessments/${sessionId}`, fields, { cookie: baseCookie }), { sessionId: String(sessionId) });
const stillThere = async (applicationId: number) => await firstRow(db.select().from(applications).where(eq(applications.id, applicationId)));

describe("withdrawing an application", () => {
  it("is offered before review, asks first, removes it, logs it and lets the trainee apply again", async () => {
    const { session, user, application, cookie } = await applicant();
    const before = await run(trainee.loader, getRequest("/assessments", { cookie }));
    expect(before.data.mine[0]).toMatchObject({ id: application.id, withdrawable: true });
    const unconfirmed = await withdraw(cookie, application.id, {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data).toMatchObject({ withdrawError: { applicationId: application.id, message: "请先在确认框中核对后再提交" } });
    expect(await stillThere(application.id)).toBeDefined();
    const withdrawn = await withdraw(cookie, application.id);
    expect(withdrawn.location).toBe("/assessments");
    expect(noticeOf(withdrawn)).toBe(`已撤回 养老护理员（五级/初级工） ${session.name} 的申报`);
    expect(await stillThere(application.id)).toBeUndefined();
    expect(await db.select().from(auditLog).where(and(eq(auditLog.event, "assessment.application_withdrawn"), eq(auditLog.targetId, String(application.id))))).toEqual([
      expect.objectContaining({ userId: user.id, relatedUserId: user.id }),
    ]);
    const after = await run(trainee.loader, getRequest("/assessments", { cookie }));
    expect(after.data.mine).toEqual([]);
    expect(after.data.open.map((s: { id: number }) => s.id)).toContain(session.id);
  });

  it("is refused once the base has reviewed it, and for someone else's application", async () => {
    const { session, application, cookie } = await applicant();
    const reviewed = await review(session.id, { intent: "approve", applicationId: String(application.id), confirmed: "yes" });
    expect(reviewed.status).toBe(302);
    expect((await run(trainee.loader, getRequest("/assessments", { cookie }))).data.mine[0]).toMatchObject({ withdrawable: false });
    const refused = await withdraw(cookie, application.id);
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ withdrawError: { applicationId: application.id, message: "培训基地已审核这份申报，不能撤回；如不参加考试请联系培训基地" } });
    expect(await stillThere(application.id)).toMatchObject({ status: "approved" });
    const other = await applicant();
    expect((await withdraw(cookie, other.application.id)).status).toBe(404);
    expect(await stillThere(other.application.id)).toBeDefined();
  });

  it("the base's review asks first, tells after, and is refused for a withdrawn or already reviewed application", async () => {
    const { session, application } = await applicant();
    const unconfirmed = await review(session.id, { intent: "reject", applicationId: String(application.id), reason: "工作年限证明不全" });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data).toMatchObject({ problems: ["请先在确认框中核对后再提交"] });
    expect(await stillThere(application.id)).toMatchObject({ status: "pending" });
    const rejected = await review(session.id, { intent: "reject", applicationId: String(application.id), reason: "工作年限证明不全", confirmed: "yes" });
    expect(noticeOf(rejected)).toMatch(/^申报不通过：.+，原因：工作年限证明不全$/);
    const again = await review(session.id, { intent: "approve", applicationId: String(application.id), confirmed: "yes" });
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ problems: ["这份申报已审核（申请未通过审核），不能再次审核"] });
    expect(await stillThere(application.id)).toMatchObject({ status: "rejected" });
    const gone = await applicant();
    await withdraw(gone.cookie, gone.application.id);
    expect((await review(gone.session.id, { intent: "approve", applicationId: String(gone.application.id), confirmed: "yes" })).status).toBe(404);
  });
});
