import { firstRow } from "../../db/query.ts";
import ExcelJS from "exceljs";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { monthlyHeaders, monthlyOptionalHeaders } from "../../app/workforce/worker-import.ts";
import * as workersPage from "../../app/workforce/routes/workers.tsx";
import * as wagesPage from "../../app/wages/routes/wages.tsx";
import * as wagesXlsx from "../../app/wages/routes/wages-xlsx.ts";
import * as guidancePage from "../../app/wages/routes/guidance.tsx";
import { todosFor } from "../../app/home/todos.server.ts";
import { loadGrants } from "../../app/auth/auth.server.ts";
import { createCertificate, createOrganisation, createPerson, createUser, createWorker, makeIdNumber, recordWorkerMonth } from "../../seeds/factories.ts";
import { auditLog, wageGuidance, workerMonths } from "../../db/schema.ts";
import { CLIENT_IP_HEADER } from "../../app/utils/http.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const cookies: Record<string, string> = {};
const users: Record<string, number> = {};
const orgs = { changxing: 0, wuxing: 0 };
const MONTH = "2026-09";
const workerIds: number[] = [];
const people: Array<{ idNumber: string; workerId: number }> = [];

type Problem = { row: number | null; column: string | null; message: string };
function upload(file: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  form.set("intent", "import-monthly");
  form.set("file", new File([new Uint8Array(file.bytes)], file.name));
  return new Request(`http://localhost/institution/workers?org=${orgs.changxing}`, { method: "POST", body: form, headers: { Cookie: cookies.institution!, Origin: "http://localhost", [CLIENT_IP_HEADER]: "192.0.2.9" } });
}
const csv = (rows: string[][]) => ({ name: "monthly.csv", bytes: new TextEncoder().encode("\uFEFF" + rows.map((r) => r.join(",")).join("\r\n")) });
const importMonthly = (rows: string[][], headers: string[] = [...monthlyHeaders, ...monthlyOptionalHeaders]) => run<{ problems: Problem[]; message: string | null }>(workersPage.action, upload(csv([headers, ...rows])));
type WagePage = { total: number; rows: Array<{ occupation: string; level: string; count: number; hidden: boolean; median: number | null; p25: number | null; p75: number | null; guidance: unknown; position: string | null; area: string }>; children: Array<{ area: string; level: string; count: number; hidden: boolean; median: number | null }> };
const wages = async (query: string, as: string) => run<WagePage>(wagesPage.loader, getRequest(`/wages${query}`, { cookie: as }));

beforeAll(async () => {
  orgs.changxing = (await createOrganisation(db, { type: "elderly_care", name: "长兴县福寿养老院", regionCode: "330522001" })).id;
  orgs.wuxing = (await createOrganisation(db, { type: "elderly_care", name: "吴兴区康乐养老院", regionCode: "330502001" })).id;
  for (const [key, spec] of Object.entries({
    institution: { role: "institution_admin" as const, organisationId: orgs.changxing, username: "wage-inst" },
    district: { role: "district_officer" as const, regionCode: "330522", username: "wage-cx" },
    wuxing: { role: "district_officer" as const, regionCode: "330502", username: "wage-wx" },
    city: { role: "city_officer" as const, regionCode: "330500", username: "wage-city" },
  })) {
    const user = await createUser(db, spec);
    users[key] = user.id;
    cookies[key] = `carecert_session=${(await createSession(db, user.id)).token}`;
  }
  // Five caregivers in 长兴: three at 四级 (certificates valid in the month), two without.
  for (let i = 0; i < 5; i++) {
    const person = await createPerson(db, { name: `工资测试${"甲乙丙丁戊"[i]}`, idNumber: makeIdNumber({ birthDate: "1980-02-02", serial: 700 + i }) });
    const worker = await createWorker(db, { organisationId: orgs.changxing, personId: person.id });
    if (i < 3) await createCertificate(db, { personId: person.id, level: 4, issuedOn: "2024-05-20" });
    workerIds.push(worker.id);
    people.push({ idNumber: person.idNumber, workerId: worker.id });
  }
  // One in 吴兴 with a wage: a cell of one, hidden.
  const other = await createPerson(db, { name: "工资测试己", idNumber: makeIdNumber({ birthDate: "1981-03-03", serial: 790 }) });
  const otherWorker = await createWorker(db, { organisationId: orgs.wuxing, personId: other.id });
  await recordWorkerMonth(db, { workerId: otherWorker.id, month: MONTH, wageFen: 610000 });
});

describe("wages in the monthly import", () => {
  it("lists every bad wage by row and column at once and writes nothing", async () => {
    const before = (await db.select().from(workerMonths)).length;
    const outcome = await importMonthly([
      [people[0]!.idNumber, MONTH, "22", "是", "2", "否", "4800.123"],
      [people[1]!.idNumber, MONTH, "22", "是", "2", "否", "12"],
      [people[2]!.idNumber, MONTH, "22", "是", "2", "否", "四千八"],
      [people[3]!.idNumber, MONTH, "22", "是", "2", "否", "250000"],
      [people[4]!.idNumber, MONTH, "22", "是", "2", "否", "3900"],
    ]);
    expect(outcome.status).toBe(400);
    expect(outcome.data!.problems).toEqual([
      { row: 2, column: "应发工资（元）", message: "应发工资应为金额（元），最多两位小数，如 4850.50" },
      { row: 3, column: "应发工资（元）", message: "应发工资应在 300 至 100,000 元之间" },
      { row: 4, column: "应发工资（元）", message: "应发工资应为金额（元），最多两位小数，如 4850.50" },
      { row: 5, column: "应发工资（元）", message: "应发工资应在 300 至 100,000 元之间" },
    ]);
    expect((await db.select().from(workerMonths)).length).toBe(before);
  });

  it("records wages in fen, leaves them alone when the file has no wage column, and clears one left empty", async () => {
    const wagesYuan = ["4800", "5000.5", "5200.25", "3600", ""];
    const ok = await importMonthly(people.map((p, i) => [p.idNumber, MONTH, "22", "是", "2", "否", wagesYuan[i]!]));
    expect(ok.status).toBe(200);
    const wageOf = async (workerId: number) => (await firstRow(db.select().from(workerMonths).where(and(eq(workerMonths.workerId, workerId), eq(workerMonths.month, MONTH)))))!.wageFen;
    expect(await Promise.all(people.map(async (p) => wageOf(p.workerId)))).toEqual([480000, 500050, 520025, 360000, null]);
    // The old template without the column: attendance changes, wages stay.
    const without = await importMonthly([[people[0]!.idNumber, MONTH, "21", "是", "2", "否"]], [...monthlyHeaders]);
    expect(without.status).toBe(200);
    expect(await wageOf(people[0]!.workerId)).toBe(480000);
    // 戊 reports 3,400 by the one-worker form instead.
    const form = await run(workersPage.action, postRequest(`/institution/workers?org=${orgs.changxing}`, { intent: "record-month", workerId: String(people[4]!.workerId), month: MONTH, attendanceDays: "22", socialInsurancePaid: "是", continuingEducationHours: "2", liabilityIncident: "否", wage: "3400" }, { cookie: cookies.institution }));
    expect(form.status).toBe(302);
    expect(await wageOf(people[4]!.workerId)).toBe(340000);
    const audit = (await firstRow(db.select().from(auditLog).where(eq(auditLog.event, "workforce.month_recorded")).orderBy(desc(auditLog.id))))!;
    expect(audit.details).toMatchObject({ month: MONTH, changes: { wageFen: { from: null, to: 340000 } } });
  });

  it("refuses a bad wage typed into the form next to its field", async () => {
    const form = await run<{ errors: Record<string, string> }>(workersPage.action, postRequest(`/institution/workers?org=${orgs.changxing}`, { intent: "record-month", workerId: String(people[4]!.workerId), month: MONTH, attendanceDays: "二十", socialInsurancePaid: "是", continuingEducationHours: "2", liabilityIncident: "否", wage: "3400.999" }, { cookie: cookies.institution }));
    expect(form.status).toBe(400);
    expect(form.data!.errors).toMatchObject({ wage: "应发工资应为金额（元），最多两位小数，如 4850.50", attendanceDays: "出勤天数应为 0–31 的整数" });
  });
});

describe("wage guidance", () => {
  it("refuses figures out of order and regions outside the officer's, and records good ones with an audit row", async () => {
    const post = (fields: Record<string, string>, as = cookies.city!) => run<{ errors: Record<string, string> }>(guidancePage.action, postRequest("/wages/guidance", { regionCode: "330500", year: "2026", occupation: "elderly_caregiver", level: "4", low: "4000", median: "5000", high: "6500", source: "演示", ...fields }, { cookie: as }));
    const bad = await post({ low: "5200", high: "4900", level: "9" });
    expect(bad.status).toBe(400);
    expect(bad.data!.errors).toEqual({ level: "请选择等级", low: "低位数不能高于中位数", high: "高位数不能低于中位数" });
    const order = await post({ low: "5200", high: "4900" });
    expect(order.data!.errors).toEqual({ low: "低位数不能高于中位数", high: "高位数不能低于中位数" });
    const elsewhere = await post({ regionCode: "320500" });
    expect(elsewhere.data!.errors).toEqual({ regionCode: "该地区不在您的管辖范围内" });
    // A district officer cannot open the page at all.
    expect((await run(guidancePage.loader, getRequest("/wages/guidance", { cookie: cookies.district }))).status).toBe(403);
    expect(await db.select().from(wageGuidance)).toEqual([]);
    expect((await post({})).status).toBe(302);
    expect((await post({ level: "0", low: "3200", median: "3800", high: "4500" })).status).toBe(302);
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "wages.guidance_saved"))).toHaveLength(2);
    // A figure entered by mistake is removed only after confirming.
    expect((await post({ level: "3" })).status).toBe(302);
    const remove = { intent: "remove", regionCode: "330500", year: "2026", occupation: "elderly_caregiver", level: "3" };
    const unconfirmed = await run<{ errors: Record<string, string> }>(guidancePage.action, postRequest("/wages/guidance", remove, { cookie: cookies.city }));
    expect([unconfirmed.status, unconfirmed.data!.errors]).toEqual([400, { _form: "请在确认框中确认后再删除" }]);
    expect((await run(guidancePage.action, postRequest("/wages/guidance", { ...remove, confirmed: "yes" }, { cookie: cookies.city }))).status).toBe(302);
    expect((await db.select().from(wageGuidance)).map((g) => g.level).sort()).toEqual([0, 4]);
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "wages.guidance_removed"))).toHaveLength(1);
  });

  it("is a to-do for the city officer until the year has figures", async () => {
    const later = new Date("2031-03-02T09:00:00+08:00");
    const city = { id: users.city!, personId: 0, grants: await loadGrants(db, users.city!) };
    const todo = async () => (await todosFor(db, city, later)).flatMap((s) => s.todos).find((t) => t.key === "wage-guidance:2031");
    expect(await todo()).toEqual({ key: "wage-guidance:2031", label: "2031 年工资价位尚未录入的地区", count: 1, href: "/wages/guidance" });
    await db.insert(wageGuidance).values({ regionCode: "330500", year: 2031, occupation: "elderly_caregiver", level: 5, lowFen: 400000, medianFen: 480000, highFen: 600000, updatedAt: later });
    expect(await todo()).toBeUndefined();
  });
});

describe("/wages", () => {
  it("shows the district its figures against the city's guidance, hiding cells under three workers", async () => {
    const page = await wages(`?month=${MONTH}`, cookies.district!);
    expect(page.status).toBe(200);
    expect(page.data!.total).toBe(5);
    // 四级: 4800, 5000.50, 5200.25 → P25 4900.25, median 5000.50, P75 5100.375 → 5100.38.
    expect(page.data!.rows).toEqual([
      expect.objectContaining({ occupation: "养老护理员", level: "四级", count: 3, hidden: false, p25: 490025, median: 500050, p75: 510038, guidance: { lowFen: 400000, medianFen: 500000, highFen: 650000 }, position: "高于价位中位数" }),
      expect.objectContaining({ occupation: "养老护理员", level: "无证", count: 2, hidden: true, median: null, position: null }),
    ]);
  });

  it("gives the city the whole city and each district, and exports the same figures", async () => {
    const page = await wages(`?month=${MONTH}`, cookies.city!);
    expect(page.data!.total).toBe(6);
    expect(page.data!.children.map((c) => [c.area, c.level, c.count, c.hidden])).toEqual([
      ["吴兴区", "无证", 1, true],
      ["长兴县", "四级", 3, false],
      ["长兴县", "无证", 2, true],
    ]);
    const file = await wagesXlsx.loader({ request: getRequest(`/wages/report.xlsx?month=${MONTH}`, { cookie: cookies.city }), params: {}, context: {} } as never);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (file as Response).arrayBuffer()) as never);
    const sheet = workbook.getWorksheet("工资统计")!;
    const lines = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(lines[0]).toEqual(["湖州市", "养老护理员", "四级", 3, 4900.25, 5000.5, 5100.38, 4000, 5000, 6500, "高于价位中位数"]);
    expect(lines.find((l) => l[0] === "吴兴区")).toEqual(["吴兴区", "养老护理员", "无证", 1, "", "不足 3 人，不显示", "", 3200, 3800, 4500, ""]);
  });

  it("keeps officers to their region and institutions to their own figures", async () => {
    expect((await wages("?code=330522", cookies.wuxing!)).status).toBe(404);
    expect((await wages("?code=330502", cookies.district!)).status).toBe(404);
    expect((await wages(`?code=330522&month=${MONTH}`, cookies.city!)).data!.total).toBe(5);
    const own = await wages(`?month=${MONTH}`, cookies.institution!);
    expect(own.data!.total).toBe(5);
    expect(own.data!.children).toEqual([]);
    expect((await wages("?code=330522", cookies.institution!)).status).toBe(404);
  });
});
