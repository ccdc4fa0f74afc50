import { firstRow } from "../../db/query.ts";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentSessions, attendance, auditLog, classSessions, teachers, trainingClasses } from "../../db/schema.ts";
import { createOrganisation, createPerson, createUser, makeIdNumber } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { createSession } from "../../app/auth/session.server.ts";
import * as classPage from "../../app/learning/routes/base-class.tsx";
import * as classes from "../../app/learning/routes/base-classes.tsx";
import * as teachersPage from "../../app/learning/routes/base-teachers.tsx";
import * as assessmentList from "../../app/assessment/routes/base-sessions.tsx";
import * as assessmentPage from "../../app/assessment/routes/base-session.tsx";
import * as mine from "../../app/assessment/routes/trainee-assessments.tsx";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { evaluateApplication } from "../../app/assessment/sessions.server.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";
import { validCourseFiles, writeContent } from "../setup/content-fixture.ts";

let cookie: string;
let otherCookie: string;
let baseId: number;

const post = (path: string, fields: Record<string, string>, as = cookie) => postRequest(path, fields, { cookie: as });
const lastAudit = async (event: string) => await firstRow(db.select().from(auditLog).where(eq(auditLog.event, event)).orderBy(desc(auditLog.id)));
const teacherFields = (overrides: Record<string, string> = {}) => ({ intent: "add", organisationId: String(baseId), name: "蒋丽华", idNumber: makeIdNumber({ birthDate: "1975-03-04", gender: "female" }), title: "主管护师", specialty: "失能老人照护", ...overrides });

async function newClass(name: string) {
  const created = await run(classes.action, post("/base/classes", { organisationId: String(baseId), courseId: "demo-5", name, startsOn: "2027-01-04", endsOn: "2027-01-29" }));
  return Number(created.location!.split("/").at(-1));
}

beforeAll(async () => {
  await syncContent(db, loadContent(writeContent(validCourseFiles())).courses);
  await seedAssessmentDefaults(db);
  baseId = (await createOrganisation(db, { type: "training_base", regionCode: "330522001" })).id;
  const admin = await createUser(db, { role: "base_admin", organisationId: baseId });
  cookie = `carecert_session=${(await createSession(db, admin.id)).token}`;
  const otherBase = await createOrganisation(db, { type: "training_base", regionCode: "330502001" });
  const otherAdmin = await createUser(db, { role: "base_admin", organisationId: otherBase.id });
  otherCookie = `carecert_session=${(await createSession(db, otherAdmin.id)).token}`;
});

describe("teachers", () => {
  it("refuses the same ID number twice at one base, next to the field, and writes nothing", async () => {
    const fields = teacherFields();
    expect((await run(teachersPage.action, post("/base/teachers", fields))).status).toBe(302);
    const before = (await db.select().from(teachers)).length;
    const again = await run<{ errors: Record<string, string> }>(teachersPage.action, post("/base/teachers", { ...fields, name: "蒋丽花", title: "护师" }));
    expect(again.status).toBe(409);
    expect(again.data!.errors.idNumber).toBe("本基地已登记该身份证号的师资（蒋丽华），不能重复登记");
    expect(await db.select().from(teachers)).toHaveLength(before);
  });

  it("edits a teacher and audits each changed field, old and new", async () => {
    const fields = teacherFields({ name: "许文静" });
    await run(teachersPage.action, post("/base/teachers", fields));
    const teacher = (await firstRow(db.select().from(teachers).where(eq(teachers.name, "许文静"))))!;
    const edited = await run(teachersPage.action, post("/base/teachers", { ...fields, intent: "edit", teacherId: String(teacher.id), title: "副主任护师", specialty: "康复服务" }));
    expect(edited.status).toBe(302);
    expect(edited.headers.get("Set-Cookie")).toContain("carecert_notice=");
    expect(await firstRow(db.select().from(teachers).where(eq(teachers.id, teacher.id)))).toMatchObject({ title: "副主任护师", specialty: "康复服务" });
    expect(await lastAudit("learning.teacher_updated")).toMatchObject({
      targetTable: "teachers",
      targetId: String(teacher.id),
      details: { changes: { title: { from: "主管护师", to: "副主任护师" }, specialty: { from: "失能老人照护", to: "康复服务" } } },
    });
  });

  it("refuses an edit that takes another teacher's ID number", async () => {
    const first = teacherFields({ name: "严春梅" });
    const second = teacherFields({ name: "华玉兰" });
    await run(teachersPage.action, post("/base/teachers", first));
    await run(teachersPage.action, post("/base/teachers", second));
    const teacher = (await firstRow(db.select().from(teachers).where(eq(teachers.name, "华玉兰"))))!;
    const edited = await run<{ errors: Record<string, string> }>(teachersPage.action, post("/base/teachers", { ...second, intent: "edit", teacherId: String(teacher.id), idNumber: first.idNumber }));
    expect(edited.status).toBe(409);
    expect(edited.data!.errors.idNumber).toContain("严春梅");
    expect((await firstRow(db.select().from(teachers).where(eq(teachers.id, teacher.id))))!.idNumber).toBe(second.idNumber);
  });

  it("deletes a teacher nobody's timetable names, and retires a referenced one, who stays on past sessions", async () => {
    await run(teachersPage.action, post("/base/teachers", teacherFields({ name: "金秀英" })));
    await run(teachersPage.action, post("/base/teachers", teacherFields({ name: "魏淑珍" })));
    const unused = (await firstRow(db.select().from(teachers).where(eq(teachers.name, "金秀英"))))!;
    const used = (await firstRow(db.select().from(teachers).where(eq(teachers.name, "魏淑珍"))))!;
    const classId = await newClass("师资停用测试班");
    await run(classPage.action, post(`/base/classes/${classId}`, { intent: "add-session", date: "2027-01-05", startTime: "08:30", endTime: "11:30", topic: "体位转换", teacherId: String(used.id) }), { classId: String(classId) });

    const unconfirmed = await run(teachersPage.action, post("/base/teachers", { intent: "retire", teacherId: String(used.id) }));
    expect(unconfirmed.status).toBe(400);
    expect((await firstRow(db.select().from(teachers).where(eq(teachers.id, used.id))))!.retiredAt).toBeNull();

    expect((await run(teachersPage.action, post("/base/teachers", { intent: "retire", teacherId: String(unused.id), confirmed: "yes" }))).status).toBe(302);
    expect(await firstRow(db.select().from(teachers).where(eq(teachers.id, unused.id)))).toBeUndefined();
    expect(await lastAudit("learning.teacher_deleted")).toMatchObject({ targetId: String(unused.id), details: { name: "金秀英" } });

    expect((await run(teachersPage.action, post("/base/teachers", { intent: "retire", teacherId: String(used.id), confirmed: "yes" }))).status).toBe(302);
    expect((await firstRow(db.select().from(teachers).where(eq(teachers.id, used.id))))!.retiredAt).not.toBeNull();
    expect(await lastAudit("learning.teacher_retired")).toMatchObject({ targetId: String(used.id), details: { sessions: 1 } });

    const page = await run(classPage.loader, getRequest(`/base/classes/${classId}`, { cookie }), { classId: String(classId) });
    expect(page.data.sessions[0].teacher).toBe("魏淑珍（主管护师）");
    expect(page.data.teachers.map((t: { label: string }) => t.label)).not.toContain("魏淑珍（主管护师）");
    const list = await run(teachersPage.loader, getRequest("/base/teachers", { cookie }));
    expect(list.data.teachers.find((t: { id: number }) => t.id === used.id)).toMatchObject({ retired: true });
  });

  it("answers 404 for another base's teacher", async () => {
    const teacher = (await firstRow(db.select().from(teachers).where(eq(teachers.name, "蒋丽华"))))!;
    const outcome = await run(teachersPage.action, post("/base/teachers", { intent: "retire", teacherId: String(teacher.id), confirmed: "yes" }, otherCookie));
    expect(outcome.status).toBe(404);
    expect((await firstRow(db.select().from(teachers).where(eq(teachers.id, teacher.id))))!.retiredAt).toBeNull();
  });
});

describe("classes", () => {
  it("edits a class's name and dates with the creation checks, every field error at once, audited field by field", async () => {
    const classId = await newClass("编辑测试班");
    const bad = await run<{ errors: Record<string, string> }>(classPage.action, post(`/base/classes/${classId}`, { intent: "edit-class", name: "", startsOn: "1999-12-31", endsOn: "2026-02-30" }), { classId: String(classId) });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data!.errors).sort()).toEqual(["endsOn", "name", "startsOn"]);
    const reversed = await run<{ errors: Record<string, string> }>(classPage.action, post(`/base/classes/${classId}`, { intent: "edit-class", name: "编辑测试班", startsOn: "2027-02-01", endsOn: "2027-01-31" }), { classId: String(classId) });
    expect(reversed.data!.errors.endsOn).toBe("结束日期不能早于开始日期");

    const edited = await run(classPage.action, post(`/base/classes/${classId}`, { intent: "edit-class", name: "编辑测试班（调整）", startsOn: "2027-01-04", endsOn: "2027-02-26" }), { classId: String(classId) });
    expect(edited.status).toBe(302);
    expect(await firstRow(db.select().from(trainingClasses).where(eq(trainingClasses.id, classId)))).toMatchObject({ name: "编辑测试班（调整）", endsOn: "2027-02-26" });
    expect(await lastAudit("learning.class_updated")).toMatchObject({
      targetId: String(classId),
      details: { changes: { name: { from: "编辑测试班", to: "编辑测试班（调整）" }, endsOn: { from: "2027-01-29", to: "2027-02-26" } } },
    });
  });

  it("deletes an empty class; retires one with trainees, which leaves the list but keeps its roster", async () => {
    const empty = await newClass("空班");
    expect((await run(classPage.action, post(`/base/classes/${empty}`, { intent: "retire-class" }), { classId: String(empty) })).status).toBe(400);
    expect((await run(classPage.action, post(`/base/classes/${empty}`, { intent: "retire-class", confirmed: "yes" }), { classId: String(empty) })).location).toBe("/base/classes");
    expect(await firstRow(db.select().from(trainingClasses).where(eq(trainingClasses.id, empty)))).toBeUndefined();

    const full = await newClass("停办测试班");
    const person = await createPerson(db, { name: "曹玉芬" });
    await run(classPage.action, post(`/base/classes/${full}`, { intent: "add-member", name: "曹玉芬", idNumber: person.idNumber, phone: "" }), { classId: String(full) });
    await run(classPage.action, post(`/base/classes/${full}`, { intent: "retire-class", confirmed: "yes" }), { classId: String(full) });
    expect((await firstRow(db.select().from(trainingClasses).where(eq(trainingClasses.id, full))))!.retiredAt).not.toBeNull();
    expect(await lastAudit("learning.class_retired")).toMatchObject({ targetId: String(full), details: { members: 1, sessions: 0 } });

    const active = await run(classes.loader, getRequest("/base/classes", { cookie }));
    expect(active.data.classes.map((c: { id: number }) => c.id)).not.toContain(full);
    const retired = await run(classes.loader, getRequest("/base/classes?status=retired", { cookie }));
    expect(retired.data.classes.map((c: { id: number }) => c.id)).toEqual([full]);
    const page = await run(classPage.loader, getRequest(`/base/classes/${full}`, { cookie }), { classId: String(full) });
    expect(page.data.roster.map((m: { name: string }) => m.name)).toEqual(["曹玉芬"]);
  });

  it("searches classes by name and pages them in SQL, within the base only", async () => {
    for (let i = 1; i <= 52; i++) await newClass(`分页班${String(i).padStart(2, "0")}`);
    const first = await run(classes.loader, getRequest("/base/classes?q=分页班", { cookie }));
    expect(first.data.classes).toHaveLength(50);
    expect(first.data.paging).toMatchObject({ page: 1, hasNext: true });
    const second = await run(classes.loader, getRequest("/base/classes?q=分页班&page=2", { cookie }));
    expect(second.data.classes).toHaveLength(2);
    expect(second.data.paging).toMatchObject({ page: 2, hasNext: false });
    const narrow = await run(classes.loader, getRequest("/base/classes?q=分页班07", { cookie }));
    expect(narrow.data.classes.map((c: { name: string }) => c.name)).toEqual(["分页班07"]);
    const other = await run(classes.loader, getRequest("/base/classes?q=分页班", { cookie: otherCookie }));
    expect(other.data.classes).toEqual([]);
  });
});

describe("class sessions", () => {
  it("edits a session before attendance, audited; refuses once attendance is recorded; deletes only an unattended one", async () => {
    const classId = await newClass("课次测试班");
    const params = { classId: String(classId) };
    await run(classPage.action, post(`/base/classes/${classId}`, { intent: "add-session", date: "2027-01-06", startTime: "08:30", endTime: "11:30", topic: "清洁照护", teacherId: "" }), params);
    const session = (await firstRow(db.select().from(classSessions).where(eq(classSessions.classId, classId))))!;
    const edit = (fields: Record<string, string>) => run<{ errors: Record<string, string> }>(classPage.action, post(`/base/classes/${classId}`, { intent: "edit-session", sessionId: String(session.id), date: "2027-01-06", startTime: "08:30", endTime: "11:30", topic: "清洁照护", teacherId: "", ...fields }), params);

    const bad = await edit({ date: "2030-01-01", endTime: "08:00" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data!.errors).sort()).toEqual(["date", "endTime"]);
    expect((await edit({ startTime: "13:30", endTime: "16:00" })).status).toBe(302);
    expect(await firstRow(db.select().from(classSessions).where(eq(classSessions.id, session.id)))).toMatchObject({ startTime: "13:30", minutes: 150 });
    expect(await lastAudit("learning.session_updated")).toMatchObject({ details: { changes: { startTime: { from: "08:30", to: "13:30" }, endTime: { from: "11:30", to: "16:00" }, minutes: { from: 180, to: 150 } } } });

    // Attendance recorded (directly: the session's date is still to come) makes the session history.
    const person = await createPerson(db);
    await db.insert(attendance).values({ sessionId: session.id, personId: person.id, present: true, recordedAt: new Date() });
    const locked = await edit({ topic: "改了" });
    expect(locked.status).toBe(409);
    expect(locked.data!.errors[`session-${session.id}`]).toContain("已登记考勤");
    const notDeleted = await run(classPage.action, post(`/base/classes/${classId}`, { intent: "delete-session", sessionId: String(session.id), confirmed: "yes" }), params);
    expect(notDeleted.status).toBe(409);
    expect((await firstRow(db.select().from(classSessions).where(eq(classSessions.id, session.id))))!.topic).toBe("清洁照护");

    await run(classPage.action, post(`/base/classes/${classId}`, { intent: "add-session", date: "2027-01-07", startTime: "08:30", endTime: "11:30", topic: "临时课次", teacherId: "" }), params);
    const spare = (await firstRow(db.select().from(classSessions).where(and(eq(classSessions.classId, classId), eq(classSessions.topic, "临时课次")))))!;
    expect((await run(classPage.action, post(`/base/classes/${classId}`, { intent: "delete-session", sessionId: String(spare.id) }), params)).status).toBe(400);
    expect((await run(classPage.action, post(`/base/classes/${classId}`, { intent: "delete-session", sessionId: String(spare.id), confirmed: "yes" }), params)).status).toBe(302);
    expect(await firstRow(db.select().from(classSessions).where(eq(classSessions.id, spare.id)))).toBeUndefined();
    expect(await lastAudit("learning.session_deleted")).toMatchObject({ targetId: String(spare.id), details: { topic: "临时课次" } });
  });
});

describe("assessment sessions not yet opened", () => {
  const sessionFields = { name: "2027 年第 1 批", theoryStartsAt: "2027-01-16T09:00", applicationsCloseOn: "2027-01-10", venue: "长兴县雉城街道金陵北路 1 号", rooms: "一号考场，30" };
  async function newSession(name: string) {
    const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!;
    const created = await run(assessmentList.action, post("/base/assessments", { organisationId: String(baseId), planId: String(plan.id), ...sessionFields, name }));
    expect(created.status).toBe(302);
    return Number(created.location!.split("/").at(-1));
  }
  const edit = (id: number, fields: Record<string, string>) => run<{ errors: Record<string, string> }>(assessmentPage.action, post(`/base/assessments/${id}`, { intent: "edit", ...sessionFields, ...fields }), { sessionId: String(id) });
  async function applyTo(id: number) {
    const trainee = await createUser(db, { role: "trainee" });
    const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!;
    const facts = { workYears: 2, apprenticeshipCompleted: false, schooling: [], certificates: [], completedCourses: [] };
    await db.insert(applications).values({ sessionId: id, userId: trainee.id, facts, eligibility: await evaluateApplication(db, plan, facts, "2026-12-01") });
  }

  it("edits the calendar with the creation checks (all at once), and audits field by field", async () => {
    const id = await newSession("编辑批次");
    const bad = await edit(id, { theoryStartsAt: "2026-11-20T09:00", applicationsCloseOn: "2026-11-25", rooms: "一号考场" });
    expect(bad.status).toBe(400);
    expect(bad.data!.errors).toMatchObject({ theoryStartsAt: "考试日期须晚于今天，已过的日期不能开放报名", rooms: "每行写一个考场：名称，容量（如：一号考场，30）" });
    expect(bad.data!.errors.applicationsCloseOn).toBeDefined();
    const closesAfter = await edit(id, { applicationsCloseOn: "2027-01-16" });
    expect(closesAfter.data!.errors.applicationsCloseOn).toBe("报名截止日期须早于考试日期");

    const edited = await edit(id, { theoryStartsAt: "2027-01-23T14:00", rooms: "一号考场，30\n二号考场，20" });
    expect(edited.status).toBe(302);
    const stored = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, id))))!;
    expect(stored.theoryStartsAt.toISOString()).toBe("2027-01-23T06:00:00.000Z");
    expect(await lastAudit("assessment.session_updated")).toMatchObject({
      targetId: String(id),
      details: { changes: { theoryStartsAt: { from: "2027-01-16T01:00:00.000Z", to: "2027-01-23T06:00:00.000Z" }, rooms: { from: [{ name: "一号考场", capacity: 30 }], to: [{ name: "一号考场", capacity: 30 }, { name: "二号考场", capacity: 20 }] } } },
    });
  });

  it("refuses to edit or call off a session once it has opened", async () => {
    const id = await newSession("已开考批次");
    await db.update(assessmentSessions).set({ status: "open", openedAt: new Date() }).where(eq(assessmentSessions.id, id));
    const refused = await edit(id, { name: "改名" });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.data)).toContain("批次已开考，不能再修改");
    const retire = await run(assessmentPage.action, post(`/base/assessments/${id}`, { intent: "retire", confirmed: "yes" }), { sessionId: String(id) });
    expect(retire.status).toBe(409);
    expect(await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, id)))).toMatchObject({ name: "已开考批次", retiredAt: null });
  });

  it("deletes a session nobody applied to; retires one with applications, which then takes none and never opens", async () => {
    const empty = await newSession("无人申报批次");
    expect((await run(assessmentPage.action, post(`/base/assessments/${empty}`, { intent: "retire" }), { sessionId: String(empty) })).status).toBe(400);
    const deleted = await run(assessmentPage.action, post(`/base/assessments/${empty}`, { intent: "retire", confirmed: "yes" }), { sessionId: String(empty) });
    expect(deleted.location).toBe("/base/assessments");
    expect(await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, empty)))).toBeUndefined();

    const id = await newSession("取消批次");
    await applyTo(id);
    const trainee = await createUser(db, { role: "trainee" });
    const traineeCookie = `carecert_session=${(await createSession(db, trainee.id)).token}`;
    const offered = async () => (await run(mine.loader, getRequest("/assessments", { cookie: traineeCookie }))).data.open.map((s: { id: number }) => s.id);
    expect(await offered()).toContain(id);
    await run(assessmentPage.action, post(`/base/assessments/${id}`, { intent: "retire", confirmed: "yes" }), { sessionId: String(id) });
    expect((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, id))))!.retiredAt).not.toBeNull();
    expect(await db.select().from(applications).where(eq(applications.sessionId, id))).toHaveLength(1);
    expect(await lastAudit("assessment.session_retired")).toMatchObject({ targetId: String(id), details: { applications: 1 } });
    expect(await offered()).not.toContain(id);
    const open = await run<{ problems: string[] }>(assessmentPage.action, post(`/base/assessments/${id}`, { intent: "open", confirmed: "yes" }), { sessionId: String(id) });
    expect(open.status).toBe(409);
    expect(open.data!.problems).toEqual(["该批次已取消，不能再修改"]);
    const list = await run(assessmentList.loader, getRequest("/base/assessments", { cookie }));
    expect(list.data.sessions.find((s: { id: number }) => s.id === id)).toMatchObject({ status: "已取消" });
  });
});
