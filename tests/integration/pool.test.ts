import { firstRow, returnedRow } from "../../db/query.ts";
import ExcelJS from "exceljs";
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import * as teachersPage from "../../app/learning/routes/base-teachers.tsx";
import * as poolPage from "../../app/pool/routes/pool.tsx";
import * as poolXlsx from "../../app/pool/routes/pool-xlsx.ts";
import * as expertsPage from "../../app/pool/routes/experts.tsx";
import { createOrganisation, createUser, makeIdNumber } from "../../seeds/factories.ts";
import { auditLog, classSessions, experts, teachers, trainingClasses } from "../../db/schema.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";
import { validCourseFiles, writeContent } from "../setup/content-fixture.ts";

const cookies: Record<string, string> = {};
const bases = { changxing: 0, wuxing: 0 };
const ids = { shen: makeIdNumber({ birthDate: "1972-04-05", serial: 611 }), zhu: makeIdNumber({ birthDate: "1976-08-09", serial: 612 }), wu: makeIdNumber({ birthDate: "1969-01-02", serial: 613 }) };
const lastAudit = async (event: string) => await firstRow(db.select().from(auditLog).where(eq(auditLog.event, event)).orderBy(desc(auditLog.id)));
type PoolData = { teachers: { rows: Array<{ name: string; subjects: string; levels: string; classes: string; expert: string; qualification: string }>; paging: { total: number } } | null; experts: { rows: Array<{ name: string; idNumber: string; available: string }>; paging: { total: number } } | null };
const pool = async (query: string, as: string) => run<PoolData>(poolPage.loader, getRequest(`/region/pool${query}`, { cookie: as }));
const expertFields = (overrides: Record<string, string> = {}) => ({ intent: "add", regionCode: "330522", name: "沈建国", idNumber: ids.shen, occupation: "elderly_caregiver", speciality: "康复服务、失智照护", title: "副主任护师", employer: "长兴县人民医院", availableForPanels: "on", availableForJudging: "on", ...overrides });

beforeAll(async () => {
  await syncContent(db, loadContent(writeContent(validCourseFiles())).courses);
  bases.changxing = (await createOrganisation(db, { type: "training_base", name: "长兴县养老培训学校", regionCode: "330522001" })).id;
  bases.wuxing = (await createOrganisation(db, { type: "training_base", name: "吴兴区职业培训中心", regionCode: "330502001" })).id;
  for (const [key, spec] of Object.entries({
    base: { role: "base_admin" as const, organisationId: bases.changxing, username: "pool-base" },
    district: { role: "district_officer" as const, regionCode: "330522", username: "pool-cx" },
    wuxing: { role: "district_officer" as const, regionCode: "330502", username: "pool-wx" },
    city: { role: "city_officer" as const, regionCode: "330500", username: "pool-city" },
    institution: { role: "institution_admin" as const, organisationId: (await createOrganisation(db, { type: "elderly_care", regionCode: "330522001" })).id, username: "pool-inst" },
  })) {
    const user = await createUser(db, spec);
    cookies[key] = `carecert_session=${(await createSession(db, user.id)).token}`;
  }
});

describe("teachers in the pool", () => {
  it("records a teacher's qualification, subjects and levels from the base's form, refusing unknown choices", async () => {
    const form = new URLSearchParams({ intent: "add", organisationId: String(bases.changxing), name: "朱美芳", idNumber: ids.zhu, title: "主管护师", specialty: "失能老人照护", qualification: "养老护理员一级/高级技师", qualificationNumber: "S000133000001211000123" });
    for (const s of ["康复服务", "生活照护"]) form.append("subjects", s);
    for (const l of ["3", "4"]) form.append("levels", l);
    const request = (body: URLSearchParams) => new Request("http://localhost/base/teachers", { method: "POST", body, headers: { Cookie: cookies.base!, Origin: "http://localhost", "Content-Type": "application/x-www-form-urlencoded" } });
    const bad = new URLSearchParams(form);
    bad.append("subjects", "烹饪");
    bad.append("levels", "7");
    const refused = await run<{ errors: Record<string, string> }>(teachersPage.action, request(bad));
    expect(refused.status).toBe(400);
    expect(refused.data!.errors).toEqual({ subjects: "请从列出的课程领域中选择", levels: "请从列出的等级中选择" });
    expect((await run(teachersPage.action, request(form))).status).toBe(302);
    const teacher = (await firstRow(db.select().from(teachers).where(eq(teachers.idNumber, ids.zhu))))!;
    expect(teacher).toMatchObject({ qualification: "养老护理员一级/高级技师", qualificationNumber: "S000133000001211000123", subjects: ["康复服务", "生活照护"], levels: [3, 4] });
    // Attached to a class through the timetable.
    const klass = await returnedRow(db.insert(trainingClasses).values({ organisationId: bases.changxing, courseId: "demo-5", name: "长兴 2026 秋季四级班", startsOn: "2026-09-01", endsOn: "2026-09-30" }).returning());
    await db.insert(classSessions).values([1, 2].map((d) => ({ classId: klass.id, date: `2026-09-0${d}`, startTime: "09:00", endTime: "11:00", minutes: 120, topic: "康复训练", teacherId: teacher.id })));
  });
});

describe("experts", () => {
  it("lets an officer add experts in their region only, one entry per person and region", async () => {
    const add = (fields: Record<string, string>, as = cookies.district!) => run<{ errors: Record<string, string> }>(expertsPage.action, postRequest("/region/experts", expertFields(fields), { cookie: as }));
    expect((await add({})).status).toBe(302);
    expect(await lastAudit("pool.expert_added")).toMatchObject({ targetTable: "experts", details: { name: "沈建国", regionCode: "330522" } });
    const twice = await add({});
    expect([twice.status, twice.data!.errors]).toEqual([409, { idNumber: "该地区专家库中已有该身份证号（沈建国）" }]);
    const elsewhere = await add({ regionCode: "330502", name: "吴国华", idNumber: ids.wu });
    expect(elsewhere.data!.errors).toEqual({ regionCode: "该地区不在您的管辖范围内" });
    const everything = await add({ name: "", idNumber: "123", speciality: "", title: "" });
    expect(Object.keys(everything.data!.errors).sort()).toEqual(["idNumber", "name", "speciality", "title"]);
    // The teacher 朱美芳 is an expert too, for panels only; 吴国华 is 吴兴's.
    expect((await add({ name: "朱美芳", idNumber: ids.zhu, availableForJudging: "" })).status).toBe(302);
    expect((await add({ regionCode: "330502", name: "吴国华", idNumber: ids.wu }, cookies.wuxing)).status).toBe(302);
    expect((await run(expertsPage.loader, getRequest("/region/experts", { cookie: cookies.base }))).status).toBe(403);
  });

  it("edits and retires an expert within scope, with a reason and only after confirming", async () => {
    const shen = (await firstRow(db.select().from(experts).where(eq(experts.idNumber, ids.shen))))!;
    const wu = (await firstRow(db.select().from(experts).where(eq(experts.idNumber, ids.wu))))!;
    const post = (fields: Record<string, string>, as = cookies.district!) => run<{ errors: Record<string, string> }>(expertsPage.action, postRequest("/region/experts", fields, { cookie: as }));
    expect((await post({ ...expertFields({ intent: "edit", title: "主任护师" }), expertId: String(shen.id) })).status).toBe(302);
    expect((await lastAudit("pool.expert_updated"))!.details).toEqual({ changes: { title: { from: "副主任护师", to: "主任护师" } } });
    expect((await post({ intent: "retire", expertId: String(wu.id), reason: "调离", confirmed: "yes" })).status).toBe(404);
    expect((await run(expertsPage.loader, getRequest(`/region/experts?edit=${wu.id}`, { cookie: cookies.district }))).status).toBe(404);
    const unconfirmed = await post({ intent: "retire", expertId: String(wu.id), reason: "调离" }, cookies.wuxing);
    expect(unconfirmed.data!.errors).toEqual({ _form: "请在确认框中确认后再办理退出" });
    const noReason = await post({ intent: "retire", expertId: String(wu.id), reason: "", confirmed: "yes" }, cookies.wuxing);
    expect(noReason.data!.errors._form).toContain("请填写退出原因");
    expect((await post({ intent: "retire", expertId: String(wu.id), reason: "调离本地", confirmed: "yes" }, cookies.wuxing)).status).toBe(302);
    expect(await firstRow(db.select().from(experts).where(eq(experts.id, wu.id)))).toMatchObject({ retiredReason: "调离本地" });
  });
});

describe("/region/pool", () => {
  it("shows officers the teachers and experts of their region with filters, masked ID numbers and paging totals", async () => {
    const district = await pool("", cookies.district!);
    expect(district.data!.teachers!.rows).toEqual([expect.objectContaining({ name: "朱美芳", subjects: "康复服务、生活照护", levels: "四级、三级", classes: "1 个班，2 个课次", expert: "在专家库" })]);
    expect((await pool("?subject=安宁服务", cookies.district!)).data!.teachers!.rows).toEqual([]);
    expect((await pool("?level=4&subject=康复服务&available=panels", cookies.district!)).data!.teachers!.paging.total).toBe(1);
    expect((await pool("?available=judging", cookies.district!)).data!.teachers!.paging.total).toBe(0);
    const experts = (await pool("?kind=experts", cookies.district!)).data!.experts!;
    expect(experts.rows.map((r) => [r.name, r.available])).toEqual([
      ["朱美芳", "考评组"],
      ["沈建国", "考评组、竞赛裁判"],
    ]);
    expect(experts.rows[0]!.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect((await pool("?kind=experts&available=judging&q=康复", cookies.district!)).data!.experts!.rows.map((r) => r.name)).toEqual(["沈建国"]);
    // 吴兴 sees neither 长兴's teachers nor its experts, and 吴国华 has retired; the city sees both districts.
    const wuxing = await pool("?kind=experts", cookies.wuxing!);
    expect(wuxing.data!.experts!.paging.total).toBe(0);
    expect((await pool("", cookies.wuxing!)).data!.teachers!.paging.total).toBe(0);
    expect((await pool("?kind=experts", cookies.city!)).data!.experts!.paging.total).toBe(2);
    expect((await pool("", cookies.institution!)).status).toBe(403);
    expect((await pool("", cookies.base!)).status).toBe(403);
  });

  it("exports what the filters select, ID numbers masked and certificate numbers as text", async () => {
    const read = async (query: string) => {
      const response = (await poolXlsx.loader({ request: getRequest(`/region/pool.xlsx${query}`, { cookie: cookies.city }), params: {}, context: {} } as never)) as Response;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
      return workbook.worksheets[0]!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    };
    const teacherRows = await read("?subject=康复服务");
    expect(teacherRows[0]).toEqual(["姓名", "培训基地", "职称", "擅长", "资格", "资格证书编号", "课程领域", "可教等级", "授课班数", "授课课次", "同为专家"]);
    expect(teacherRows.slice(1)).toEqual([["朱美芳", "长兴县养老培训学校", "主管护师", "失能老人照护", "养老护理员一级/高级技师", "S000133000001211000123", "康复服务、生活照护", "四级、三级", 1, 2, "是"]]);
    const expertRows = await read("?kind=experts&available=judging");
    expect(expertRows.slice(1).map((r) => [r[0], String(r[1]).includes("********"), r[7]])).toEqual([["沈建国", true, "考评组、竞赛裁判"]]);
  });
});
