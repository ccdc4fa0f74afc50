import { firstRow, returnedRow } from "../../db/query.ts";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { attendance, auditLog, classMembers, classSessions, enrolments, people, trainingClasses } from "../../db/schema.ts";
import { offlineMinutesFor } from "../../app/learning/classes.server.ts";
import { latestBusinessDate } from "../../app/utils/business-dates.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import { createOrganisation, createPerson, createUser, createWorker, makeIdNumber } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { xlsxBuffer } from "../../app/imports/table.server.ts";
import * as classPage from "../../app/learning/routes/base-class.tsx";
import * as classExport from "../../app/learning/routes/base-class-export.ts";
import * as classes from "../../app/learning/routes/base-classes.tsx";
import { getRequest, run } from "../setup/requests.ts";
import { validCourseFiles, writeContent } from "../setup/content-fixture.ts";
import { CLIENT_IP_HEADER } from "../../app/utils/http.ts";
import { IDENTITY_MISMATCH } from "../../app/imports/identity.server.ts";

let cookie: string;
let otherCookie: string;
let classId: number;

function upload(path: string, fields: Record<string, string> | Array<[string, string]>, file?: { name: string; bytes: Uint8Array }, as = cookie) {
  const form = new FormData();
  for (const [k, v] of Array.isArray(fields) ? fields : Object.entries(fields)) form.append(k, v);
  if (file) form.set("file", new File([new Uint8Array(file.bytes)], file.name));
  return new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { Cookie: as, Origin: "http://localhost", [CLIENT_IP_HEADER]: "192.0.2.5" } });
}
const members = async () => (await db.select().from(classMembers).where(eq(classMembers.classId, classId))).length;
const csv = (rows: string[][]) => rows.map((r) => r.join(",")).join("\r\n");

beforeAll(async () => {
  await syncContent(db, loadContent(writeContent(validCourseFiles())).courses);
  const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
  const admin = await createUser(db, { role: "base_admin", organisationId: base.id });
  cookie = `carecert_session=${(await createSession(db, admin.id)).token}`;
  const otherBase = await createOrganisation(db, { type: "training_base", regionCode: "330502001" });
  const otherAdmin = await createUser(db, { role: "base_admin", organisationId: otherBase.id });
  otherCookie = `carecert_session=${(await createSession(db, otherAdmin.id)).token}`;
  const created = await run(classes.action, upload("/base/classes", { organisationId: String(base.id), courseId: "demo-5", name: "测试一期", startsOn: "2026-11-01", endsOn: "2026-11-30" }));
  classId = Number(created.location!.split("/").at(-1));
});

describe("class roster", () => {
  it("tags 新入职 and “4050” members (targeted training) and offers the tag as a filter", async () => {
    const today = chinaDate(new Date());
    const seeker = await createPerson(db, { name: "钱月琴", gender: "female", birthDate: "1979-04-01", jobSeekerOn: "2026-01-10", jobSeekerSource: "就业创业证 3305220001" });
    const newcomer = await createPerson(db, { name: "孙海英" });
    await createWorker(db, { organisationId: (await createOrganisation(db, { type: "elderly_care", regionCode: "330522001" })).id, personId: newcomer.id, hiredOn: today });
    for (const p of [seeker, newcomer]) {
      await run(classPage.action, upload(`/base/classes/${classId}`, { intent: "add-member", name: p.name, idNumber: p.idNumber, phone: "" }), { classId: String(classId) });
    }
    const page = await run<{ tag: string; roster: Array<{ name: string; tagged: string[] }> }>(classPage.loader, getRequest(`/base/classes/${classId}?tag=job_seeker_4050`, { cookie }), { classId: String(classId) });
    expect(page.data!.tag).toBe("job_seeker_4050");
    // The whole roster stays in the data (attendance lists everyone); the table shows the tagged ones.
    expect(page.data!.roster.filter((m) => m.tagged.length > 0).map((m) => [m.name, m.tagged])).toEqual([
      ["钱月琴", ["job_seeker_4050"]],
      ["孙海英", ["new_entrant"]],
    ]);
    await db.delete(classMembers).where(eq(classMembers.classId, classId));
  });

  it("adds a trainee by ID number and enrols them at once when they have an account", async () => {
    const trainee = await createUser(db, { role: "trainee", name: "冯桂兰" });
    const outcome = await run(classPage.action, upload(`/base/classes/${classId}`, { intent: "add-member", name: "冯桂兰", idNumber: trainee.person.idNumber, phone: "" }), { classId: String(classId) });
    expect(outcome.data).toMatchObject({ message: "已将 冯桂兰 加入花名册" });
    expect(await firstRow(db.select().from(enrolments).where(eq(enrolments.userId, trainee.id)))).toMatchObject({ courseId: "demo-5" });
  });

  it("refuses a name that contradicts the person on record", async () => {
    const person = await createPerson(db, { name: "褚海燕" });
    const outcome = await run<{ errors: Record<string, string> }>(classPage.action, upload(`/base/classes/${classId}`, { intent: "add-member", name: "褚海艳", idNumber: person.idNumber, phone: "" }), { classId: String(classId) });
    expect(outcome.data!.errors.idNumber).toBe(IDENTITY_MISMATCH);
    expect(JSON.stringify(outcome.data)).not.toContain("褚海燕");
  });

  it("refuses an imported roster naming registered ID numbers under other names, without revealing them, and logs it", async () => {
    const known = [await createPerson(db, { name: "褚海燕" }), await createPerson(db, { name: "魏秀梅" })];
    const text = csv([["姓名", "身份证号", "手机号"], ["张三", known[0]!.idNumber, ""], ["李四", makeIdNumber({ birthDate: "1981-02-03", serial: 931 }), ""], ["王五", known[1]!.idNumber, ""]]);
    const before = await members();
    const outcome = await run<{ problems: unknown[] }>(classPage.action, upload(`/base/classes/${classId}`, { intent: "import" }, { name: "guess.csv", bytes: new TextEncoder().encode(text) }), { classId: String(classId) });
    expect(outcome.status).toBe(400);
    expect(outcome.data!.problems).toEqual([
      { row: 2, column: "姓名", message: IDENTITY_MISMATCH },
      { row: 4, column: "姓名", message: IDENTITY_MISMATCH },
    ]);
    expect(JSON.stringify(outcome.data)).not.toMatch(/褚海燕|魏秀梅/);
    expect(await members()).toBe(before);
    const logged = await db.select().from(auditLog).where(eq(auditLog.event, "learning.identity_mismatch"));
    expect(logged.at(-1)).toMatchObject({ targetTable: "training_classes", targetId: String(classId), details: { file: "guess.csv", count: 2, rows: [2, 4] } });
  });

  it("imports an XLSX roster, and importing the same file again changes nothing", async () => {
    const rows = [
      ["卫国强", makeIdNumber({ birthDate: "1970-03-04", gender: "male", serial: 901 }), "13905720101"],
      ["蒋秀兰", makeIdNumber({ birthDate: "1975-05-06", serial: 902 }), ""],
    ];
    const bytes = await xlsxBuffer("花名册", ["姓名", "身份证号", "手机号"], rows);
    const before = await members();
    const first = await run(classPage.action, upload(`/base/classes/${classId}`, { intent: "import" }, { name: "花名册.xlsx", bytes }), { classId: String(classId) });
    expect(first.data).toMatchObject({ message: "导入完成：新增 2 名学员，共 2 行" });
    expect(await members()).toBe(before + 2);
    const again = await run(classPage.action, upload(`/base/classes/${classId}`, { intent: "import" }, { name: "花名册.xlsx", bytes }), { classId: String(classId) });
    expect(again.data).toMatchObject({ message: "导入完成：新增 0 名学员，共 2 行" });
    expect(await members()).toBe(before + 2);
    expect(await firstRow(db.select().from(people).where(eq(people.name, "卫国强")))).toMatchObject({ gender: "male", birthDate: "1970-03-04", phone: "13905720101" });
  });

  it("reads a GB18030 CSV from older Excel", async () => {
    const text = csv([["姓名", "身份证号", "手机号"], ["韩淑珍", makeIdNumber({ birthDate: "1966-12-01", serial: 903 }), ""]]);
    const outcome = await run(classPage.action, upload(`/base/classes/${classId}`, { intent: "import" }, { name: "roster.csv", bytes: iconv.encode(text, "gb18030") }), { classId: String(classId) });
    expect(outcome.data).toMatchObject({ message: "导入完成：新增 1 名学员，共 1 行" });
    expect(await firstRow(db.select().from(people).where(eq(people.name, "韩淑珍")))).toBeDefined();
  });

  it("rejects a file with any bad row whole, listing each row and column in Chinese", async () => {
    const good = makeIdNumber({ birthDate: "1980-01-02", serial: 904 });
    const text = csv([
      ["姓名", "身份证号", "手机号"],
      ["杨丽", good, ""],
      ["朱强", "330522198001020000", ""],
      ["", makeIdNumber({ birthDate: "1980-01-03", serial: 905 }), ""],
      ["秦红", makeIdNumber({ birthDate: "1980-01-04", serial: 906 }), "12345"],
      ["杨莉", good, ""],
    ]);
    const before = await members();
    const outcome = await run<{ problems: Array<{ row: number; column: string; message: string }> }>(
      classPage.action,
      upload(`/base/classes/${classId}`, { intent: "import" }, { name: "roster.csv", bytes: new TextEncoder().encode("\uFEFF" + text) }),
      { classId: String(classId) },
    );
    expect(outcome.status).toBe(400);
    expect(outcome.data!.problems).toEqual([
      { row: 3, column: "身份证号", message: "身份证号码校验位不正确，请核对" },
      { row: 4, column: "姓名", message: "请填写姓名" },
      { row: 5, column: "手机号", message: "请填写 11 位手机号码" },
      // The conflicting duplicate is reported in the same pass as the bad rows, not after they are fixed.
      { row: 6, column: "姓名", message: "与第 2 行身份证号相同但姓名不同" },
    ]);
    expect(await members()).toBe(before);
    expect(await firstRow(db.select().from(people).where(eq(people.name, "杨丽")))).toBeUndefined();
  });

  it("reports bad rows and ID numbers registered under other names in one pass", async () => {
    const known = await createPerson(db, { name: "严淑琴" });
    const text = csv([["姓名", "身份证号", "手机号"], ["严淑芬", known.idNumber, ""], ["", makeIdNumber({ birthDate: "1980-02-03", serial: 932 }), ""]]);
    const outcome = await run<{ problems: unknown[] }>(classPage.action, upload(`/base/classes/${classId}`, { intent: "import" }, { name: "roster.csv", bytes: new TextEncoder().encode(text) }), { classId: String(classId) });
    expect(outcome.data!.problems).toEqual([
      { row: 2, column: "姓名", message: IDENTITY_MISMATCH },
      { row: 3, column: "姓名", message: "请填写姓名" },
    ]);
  });

  it("names a missing column and an unsupported file", async () => {
    const noId = await run<{ problems: unknown[] }>(classPage.action, upload(`/base/classes/${classId}`, { intent: "import" }, { name: "r.csv", bytes: new TextEncoder().encode("姓名,电话\n张三,1") }), { classId: String(classId) });
    expect(noId.data!.problems).toEqual([{ row: 1, column: "身份证号", message: "缺少列“身份证号”，请使用下载的模板" }]);
    const pdf = await run<{ problems: unknown[] }>(classPage.action, upload(`/base/classes/${classId}`, { intent: "import" }, { name: "r.pdf", bytes: new Uint8Array([1, 2]) }), { classId: String(classId) });
    expect(pdf.data!.problems).toEqual([{ row: null, column: null, message: "只支持 .xlsx 或 .csv 文件" }]);
  });

  it("hides one base's class from another base's admin", async () => {
    expect((await run(classPage.loader, getRequest(`/base/classes/${classId}`, { cookie: otherCookie }), { classId: String(classId) })).status).toBe(404);
    expect((await run(classPage.action, upload(`/base/classes/${classId}`, { intent: "add-member", name: "x", idNumber: "x", phone: "" }, undefined, otherCookie), { classId: String(classId) })).status).toBe(404);
    expect((await run(classExport.loader, getRequest(`/base/classes/${classId}/progress.xlsx`, { cookie: otherCookie }), { classId: String(classId) })).status).toBe(404);
  });
});

describe("schedule, attendance and the progress export", () => {
  it("credits attended sessions as offline hours and exports a table a spreadsheet can read", async () => {
    const scheduled = await run(classPage.action, upload(`/base/classes/${classId}`, { intent: "add-session", date: "2026-11-08", startTime: "08:30", endTime: "11:30", topic: "协助进食实操", teacherId: "" }), { classId: String(classId) });
    expect(scheduled.status).toBe(302);
    const bad = await run<{ errors: Record<string, string> }>(classPage.action, upload(`/base/classes/${classId}`, { intent: "add-session", date: "2026-11-08", startTime: "11:30", endTime: "08:30", topic: "倒挂", teacherId: "" }), { classId: String(classId) });
    expect(bad.data!.errors.endTime).toBe("结束时间须晚于开始时间");

    const page = await run<{ sessions: Array<{ id: number }>; roster: Array<{ personId: number; name: string }> }>(classPage.loader, getRequest(`/base/classes/${classId}`, { cookie }), { classId: String(classId) });
    const session = page.data!.sessions[0]!;
    const attendee = page.data!.roster.find((m) => m.name === "卫国强")!;
    const fields: Array<[string, string]> = [
      ["intent", "attendance"],
      ["sessionId", String(session.id)],
      ["present", String(attendee.personId)],
    ];
    await run(classPage.action, upload(`/base/classes/${classId}`, fields), { classId: String(classId) });
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "learning.attendance_recorded"))).toHaveLength(1);

    const exported = await run(classExport.loader, getRequest(`/base/classes/${classId}/progress.xlsx`, { cookie }), { classId: String(classId) });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    const response = await classExport.loader({ request: getRequest(`/base/classes/${classId}/progress.xlsx`, { cookie }), params: { classId: String(classId) }, context: { cspNonce: "" } });
    await workbook.xlsx.load((await (response as Response).arrayBuffer()) as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet("学习进度")!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    expect(header.slice(0, 6)).toEqual(["姓名", "身份证号", "是否注册", "线上学时", "线下学时", "合计学时"]);
    expect(header).toContain("生活照护练习最好成绩");
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    const wei = rows.find((r) => r[1] === "卫国强")!;
    // 180 minutes attended = 4.0 学时 of 45 minutes.
    expect(wei.slice(1, 7)).toEqual(["卫国强", makeIdNumber({ birthDate: "1970-03-04", gender: "male", serial: 901 }), "否", 0, 4, 4]);
    const absent = rows.find((r) => r[1] === "蒋秀兰")!;
    expect(absent[5]).toBe(0);
  });
});

describe("class dates make sense", () => {
  const tooLate = () => `日期不能晚于 ${latestBusinessDate(chinaDate(new Date()))}（两年以内）`;

  it("refuses a class or a class session dated before 2000 or more than two years ahead, next to the field", async () => {
    const { organisationId } = (await firstRow(db.select().from(trainingClasses).where(eq(trainingClasses.id, classId))))!;
    const cls = await run<{ errors: Record<string, string> }>(classes.action, upload("/base/classes", { organisationId: String(organisationId), courseId: "demo-5", name: "日期有误", startsOn: "1900-01-01", endsOn: "2030-12-31" }));
    expect(cls.data!.errors).toEqual({ startsOn: "日期不能早于 2000-01-01", endsOn: tooLate() });
    for (const [date, message] of [["1900-03-01", "日期不能早于 2000-01-01"], ["2030-03-01", tooLate()]] as const) {
      const bad = await run<{ errors: Record<string, string> }>(classPage.action, upload(`/base/classes/${classId}`, { intent: "add-session", date, startTime: "08:30", endTime: "11:30", topic: "日期有误", teacherId: "" }), { classId: String(classId) });
      expect(bad.status).toBe(400);
      expect(bad.data!.errors).toEqual({ date: message });
    }
  });

  it("refuses attendance before a class session happens, and credits no hours for one still to come", async () => {
    const future = await returnedRow(db.insert(classSessions).values({ classId, date: "2028-06-01", startTime: "08:30", endTime: "11:30", minutes: 180, topic: "将来的课" }).returning());
    const page = await run<{ roster: Array<{ personId: number; name: string }> }>(classPage.loader, getRequest(`/base/classes/${classId}`, { cookie }), { classId: String(classId) });
    const attendee = page.data!.roster.find((m) => m.name === "卫国强")!;
    const refused = await run<{ errors: Record<string, string> }>(classPage.action, upload(`/base/classes/${classId}`, [["intent", "attendance"], ["sessionId", String(future.id)], ["present", String(attendee.personId)]]), { classId: String(classId) });
    expect(refused.status).toBe(400);
    expect(refused.data!.errors).toEqual({ [`attendance-${future.id}`]: "该课次在 2028-06-01，尚未开始，不能登记考勤" });
    expect(await db.select().from(attendance).where(eq(attendance.sessionId, future.id))).toEqual([]);
    // A row written past the check (an old import, a clock error) still credits nothing before its day.
    const before = await offlineMinutesFor(db, attendee.personId, "demo-5");
    await db.insert(attendance).values({ sessionId: future.id, personId: attendee.personId, present: true, recordedAt: new Date() });
    expect(await offlineMinutesFor(db, attendee.personId, "demo-5")).toBe(before);
    expect(await offlineMinutesFor(db, attendee.personId, "demo-5", "2028-06-01")).toBe(before + 180);
  });
});
