import { firstRow } from "../../db/query.ts";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, organisations, sessions, users } from "../../db/schema.ts";
import { createOrganisation, createUser, makeCreditCode } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { idNumberCheckChar } from "../../app/people/id-number.ts";
import { saveOrganisation } from "../../app/organisations/organisations.server.ts";
import type { OrganisationInput } from "../../app/organisations/organisation-schema.ts";
import { createSession } from "../../app/auth/session.server.ts";
import * as userNew from "../../app/admin/routes/user-new.tsx";
import * as userPage from "../../app/admin/routes/user.tsx";
import * as usersPage from "../../app/admin/routes/users.tsx";
import * as orgEdit from "../../app/admin/routes/organisation-edit.tsx";
import * as audit from "../../app/admin/routes/audit.tsx";
import * as login from "../../app/auth/routes/login.tsx";
import * as stopImpersonation from "../../app/auth/routes/impersonation-stop.tsx";
import { getRequest, postRequest, run, sessionCookieOf } from "../setup/requests.ts";

const auditCount = async () => (await firstRow(db.select({ n: sql<number>`count(*)` }).from(auditLog)))!.n;
const cookieFor = async (userId: number) => `carecert_session=${(await createSession(db, userId)).token}`;

describe("administration", () => {
  let adminCookie: string;
  let adminId: number;
  let baseId: number;
  beforeAll(async () => {
    const admin = await createUser(db, { username: "root", role: "system_admin" });
    adminId = admin.id;
    adminCookie = await cookieFor(admin.id);
    baseId = (await createOrganisation(db, { type: "training_base", regionCode: "330522001" })).id;
  });

  it("creates a staff account with a one-time password that must be changed at first login", async () => {
    const idNumber = "33052219850607002" + idNumberCheckChar("33052219850607002");
    const outcome = await run<{ created: { userId: number; initialPassword: string } }>(
      userNew.action,
      postRequest("/admin/users/new", { name: "钱晓燕", idNumber, phone: "13705720002", username: "qianxy", role: "examiner", organisationId: String(baseId), regionCode: "" }, { cookie: adminCookie }),
    );
    const { userId, initialPassword } = outcome.data!.created;
    expect(initialPassword).toMatch(/^[A-Za-z2-9]{12}$/);
    const user = (await firstRow(db.select().from(users).where(eq(users.id, userId))))!;
    expect(user.mustChangePassword).toBe(true);
    const validFor = user.passwordExpiresAt!.getTime() - Date.now();
    expect(validFor).toBeGreaterThan(71 * 3600_000);
    expect(validFor).toBeLessThanOrEqual(72 * 3600_000);
    const rows = await db.select().from(auditLog).where(eq(auditLog.relatedUserId, userId));
    expect(rows.map((r) => r.event)).toEqual(["user.created", "user.role_assigned"]);
    expect(rows.every((r) => r.userId === adminId && r.realUserId === adminId)).toBe(true);

    const firstLogin = await run(login.action, postRequest("/login", { username: "qianxy", password: initialPassword }));
    expect(firstLogin.location).toBe("/account/password");
  });

  it.each([
    [{ role: "district_officer", regionCode: "330500" }, "regionCode", "请填写区县级行政区划代码，如 330522"],
    [{ role: "city_officer", regionCode: "330522" }, "regionCode", "请填写地市级行政区划代码，如 330500"],
    [{ role: "examiner", organisationId: "" }, "organisationId", "请选择一个培训基地"],
    [{ idNumber: "330522198506070029" }, "idNumber", "身份证号码校验位不正确，请核对"],
  ])("refuses a staff account with %j", async (overrides, field, message) => {
    const before = (await firstRow(db.select({ n: sql<number>`count(*)` }).from(users)))!.n;
    const fields = { name: "孙立", idNumber: "33052219850607004" + idNumberCheckChar("33052219850607004"), phone: "13705720003", username: "sunli", role: "examiner", organisationId: "", regionCode: "", ...overrides };
    const outcome = await run<{ errors: Record<string, string> }>(userNew.action, postRequest("/admin/users/new", fields, { cookie: adminCookie }));
    expect(outcome.status).toBe(400);
    expect(outcome.data!.errors[field]).toBe(message);
    expect((await firstRow(db.select({ n: sql<number>`count(*)` }).from(users)))!.n).toBe(before);
  });

  it("refuses a non-admin and logs the refusal with the path asked for", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    const outcome = await run(usersPage.loader, getRequest("/admin/users?q=x", { cookie: await cookieFor(trainee.id), ip: "192.0.2.77" }));
    expect(outcome.status).toBe(403);
    const row = (await db.select().from(auditLog).where(eq(auditLog.event, "auth.permission_denied"))).at(-1)!;
    expect(row).toMatchObject({ userId: trainee.id, ip: "192.0.2.77", details: { permission: "manage:user:any", method: "GET", path: "/admin/users?q=x" } });
  });

  it("validates an organisation and reports each problem next to its field", async () => {
    const outcome = await run<{ errors: Record<string, string> }>(
      orgEdit.action,
      postRequest("/admin/organisations/new", { type: "training_base", name: "某", creditCode: "91330100716105852G", regionCode: "3305", evaluationKind: "", evaluatorCode: "12", siteCode: "" }, { cookie: adminCookie }),
    );
    expect(outcome.data!.errors).toEqual({
      name: "请填写机构全称",
      creditCode: "统一社会信用代码校验码（第 18 位）不正确，请核对",
      regionCode: "请填写 6 位区县或 9 位乡镇（街道）行政区划代码",
      evaluationKind: "请选择评价机构类别（Y 或 S）",
      evaluatorCode: "评价机构代码应为 4 位数字",
      siteCode: "站点代码应为 6 位数字",
    });
    const beds = await run<{ errors: Record<string, string> }>(
      orgEdit.action,
      postRequest("/admin/organisations/new", { type: "elderly_care", name: "长兴县试点养老院", creditCode: makeCreditCode({ serial: 9001 }), regionCode: "330522001", beds: "50", nursingBeds: "60" }, { cookie: adminCookie }),
    );
    expect(beds.data!.errors).toEqual({ nursingBeds: "护理型床位数不能大于床位数" });
  });

  it("reports field errors, the beds rule and a used credit code together", async () => {
    const used = (await firstRow(db.select({ creditCode: organisations.creditCode }).from(organisations).limit(1)))!.creditCode;
    const outcome = await run<{ errors: Record<string, string> }>(
      orgEdit.action,
      postRequest("/admin/organisations/new", { type: "elderly_care", name: "某", creditCode: used, regionCode: "330599", beds: "50", nursingBeds: "60" }, { cookie: adminCookie }),
    );
    expect(outcome.data!.errors).toEqual({ name: "请填写机构全称", creditCode: "已有机构使用该统一社会信用代码", regionCode: "没有这个行政区划代码", nursingBeds: "护理型床位数不能大于床位数" });
  });

  it("saves an organisation with its audit row, and rejects an unknown region or a used credit code", async () => {
    const creditCode = makeCreditCode({ serial: 9002 });
    const fields = { type: "elderly_care", name: "长兴县林城镇养老服务中心", creditCode, regionCode: "330522104", beds: "60", nursingBeds: "36" };
    const created = await run(orgEdit.action, postRequest("/admin/organisations/new", fields, { cookie: adminCookie }));
    expect(created.location).toMatch(/^\/orgs\/\d+$/);
    const id = Number(created.location!.split("/").at(-1));
    expect((await db.select().from(auditLog).where(eq(auditLog.targetId, String(id)))).map((r) => r.event)).toContain("organisation.created");

    const again = await run<{ errors: Record<string, string> }>(orgEdit.action, postRequest("/admin/organisations/new", fields, { cookie: adminCookie }));
    expect(again.data!.errors.creditCode).toBe("已有机构使用该统一社会信用代码");
    const nowhere = await run<{ errors: Record<string, string> }>(orgEdit.action, postRequest("/admin/organisations/new", { ...fields, creditCode: makeCreditCode({ serial: 9003 }), regionCode: "330599" }, { cookie: adminCookie }));
    expect(nowhere.data!.errors.regionCode).toBe("没有这个行政区划代码");
  });

  it("writes no audit row when the change itself fails", async () => {
    const before = await auditCount();
    // Bypasses the form schema: the database's own check refuses a training base without its codes.
    await expect(
      saveOrganisation(
        { type: "training_base", name: "无代码基地", creditCode: makeCreditCode({ serial: 9004 }), regionCode: "330522", evaluationKind: null, evaluatorCode: null, siteCode: null, beds: null, nursingBeds: null } as unknown as OrganisationInput,
        { userId: adminId, ip: "127.0.0.1" },
      ),
    ).rejects.toThrow();
    expect(await auditCount()).toBe(before);
    expect(await firstRow(db.select().from(organisations).where(eq(organisations.name, "无代码基地")))).toBeUndefined();
  });

  it("logs in as another user with every event attributed to both, and hands the session back", async () => {
    const trainee = await createUser(db, { role: "trainee", username: "asthem" });
    const adminSession = await cookieFor(adminId);
    const started = await run(userPage.action, postRequest(`/admin/users/${trainee.id}`, { intent: "impersonate" }, { cookie: adminSession }), { userId: String(trainee.id) });
    // Straight to the trainee's own workspace, not the public front page.
    expect(started.location).toBe("/learn");
    const asTrainee = sessionCookieOf(started);
    expect(await firstRow(db.select().from(sessions).where(eq(sessions.id, asTrainee.split("=")[1]!.split(".")[0]!)))).toMatchObject({ userId: trainee.id, impersonatorUserId: adminId });
    // The admin's own session was replaced.
    expect(await firstRow(db.select().from(sessions).where(eq(sessions.id, adminSession.split("=")[1]!.split(".")[0]!)))).toBeUndefined();

    const stopped = await run(stopImpersonation.action, postRequest("/impersonation/stop", {}, { cookie: asTrainee }));
    expect(stopped.location).toBe(`/admin/users/${trainee.id}`);
    const events = await db.select().from(auditLog).where(eq(auditLog.relatedUserId, trainee.id));
    expect(events.map((e) => [e.event, e.userId, e.realUserId])).toEqual([
      ["auth.impersonation_started", trainee.id, adminId],
      ["auth.impersonation_stopped", trainee.id, adminId],
    ]);
    const back = sessionCookieOf(stopped);
    expect(await firstRow(db.select().from(sessions).where(eq(sessions.id, back.split("=")[1]!.split(".")[0]!)))).toMatchObject({ userId: adminId, impersonatorUserId: null });
  });

  it("lands on the impersonated user's role home", async () => {
    const base = await createOrganisation(db, { type: "training_base", regionCode: "330522" });
    const examiner = await createUser(db, { role: "examiner", organisationId: base.id });
    const started = await run(userPage.action, postRequest(`/admin/users/${examiner.id}`, { intent: "impersonate" }, { cookie: await cookieFor(adminId) }), { userId: String(examiner.id) });
    expect(started.location).toBe("/examiner");
  });

  it("filters the audit log by event, user and date, in Chinese with field-by-field details", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    await run(usersPage.loader, getRequest("/admin/users", { cookie: await cookieFor(trainee.id) }));
    type Page = { events: Array<{ event: string; actor: string | null; details: Array<{ label: string; value: string }> }> };
    const page = await run<Page>(audit.loader, getRequest(`/admin/audit?event=auth.permission&user=${trainee.id}`, { cookie: adminCookie }));
    expect(page.data!.events).toHaveLength(1);
    expect(page.data!.events[0]).toMatchObject({ event: "越权访问被拒绝", actor: trainee.username });
    expect(page.data!.events[0]!.details).toContainEqual({ label: "地址", value: "/admin/users" });
    const byName = await run<Page>(audit.loader, getRequest(`/admin/audit?event=auth.permission_denied&q=${trainee.username}`, { cookie: adminCookie }));
    expect(byName.data!.events).toHaveLength(1);
    const none = await run<{ events: unknown[] }>(audit.loader, getRequest(`/admin/audit?user=${trainee.id}&to=2020-01-01`, { cookie: adminCookie }));
    expect(none.data!.events).toEqual([]);
  });
});
