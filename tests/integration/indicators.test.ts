import { firstRow, returnedRow } from "../../db/query.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import * as mupdf from "mupdf";
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { runCli } from "../../app/cli/cli.server.ts";
import { xlsxBuffer } from "../../app/imports/table.server.ts";
import { indicatorCommands } from "../../app/indicators/cli.server.ts";
import { definitionLines } from "../../app/indicators/report.server.ts";
import * as dashboard from "../../app/indicators/routes/dashboard.tsx";
import * as population from "../../app/indicators/routes/population.tsx";
import * as reportPdf from "../../app/indicators/routes/report-pdf.ts";
import * as reportXlsx from "../../app/indicators/routes/report-xlsx.ts";
import * as targets from "../../app/indicators/routes/targets.tsx";
import * as workersPage from "../../app/workforce/routes/workers.tsx";
import { CLIENT_IP_HEADER } from "../../app/utils/http.ts";
import { createCertificate, createOrganisation, createPerson, createUser, createWorker } from "../../seeds/factories.ts";
import { auditLog, certificates, courseCompletions, courses, indicatorTargets, populationStatistics, regions, users, workers } from "../../db/schema.ts";
import { getRequest, postRequest, run } from "../setup/requests.ts";

const ON = "2026-11-30";
const cookies = { admin: "", city: "", district: "", institution: "" };
const roster = { huaxi: 0, lateStarterWorker: 0 };
const HEADERS = ["区划代码", "年份", "60岁以上常住人口", "60岁以上户籍人口", "常住人口"];

function upload(route: string, file: { name: string; bytes: Uint8Array }, cookie = cookies.admin) {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(file.bytes)], file.name));
  return new Request(`http://localhost${route}`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: "http://localhost", [CLIENT_IP_HEADER]: "192.0.2.7" } });
}
const statsOf = async (code: string) => await db.select().from(populationStatistics).where(eq(populationStatistics.regionCode, code));

/**
 * 长兴县 (雉城街道, 画溪街道) and 吴兴区 (月河街道) of 湖州市: five certified caregivers in 长兴县, one of them
 * also employed (later) in 吴兴区, plus the cases that must not count.
 */
beforeAll(async () => {
  cookies.admin = `carecert_session=${(await createSession(db, (await createUser(db, { role: "system_admin" })).id)).token}`;
  cookies.city = `carecert_session=${(await createSession(db, (await createUser(db, { role: "city_officer", regionCode: "330500" })).id)).token}`;
  cookies.district = `carecert_session=${(await createSession(db, (await createUser(db, { role: "district_officer", regionCode: "330522" })).id)).token}`;

  const zhicheng = await createOrganisation(db, { type: "elderly_care", regionCode: "330522001", beds: 100, nursingBeds: 50 });
  const huaxi = await createOrganisation(db, { type: "elderly_care", regionCode: "330522002", beds: 60, nursingBeds: 40 });
  const yuehe = await createOrganisation(db, { type: "elderly_care", regionCode: "330502001", beds: 90, nursingBeds: 60 });
  const caregiver = async (organisationId: number, held: Array<Partial<typeof certificates.$inferInsert>>, extra: Partial<typeof workers.$inferInsert> = {}) => {
    const person = await createPerson(db);
    await createWorker(db, { organisationId, personId: person.id, ...extra });
    for (const c of held) await createCertificate(db, { ...c, personId: person.id });
    return person;
  };
  await caregiver(zhicheng.id, [{ level: 5 }]);
  await caregiver(zhicheng.id, [{ level: 4 }, { level: 3, issuedOn: "2024-05-01" }]); // two certificates, counted once at 三级
  await caregiver(huaxi.id, [{ level: 3, revokedAt: new Date("2026-03-01T09:00:00+08:00") }, { level: 5 }]); // 三级 revoked
  await caregiver(huaxi.id, [{ level: 2, verifiedAt: null }]); // external, never confirmed
  await caregiver(huaxi.id, [{ level: 4 }]);
  await caregiver(yuehe.id, [{ level: 3 }], { leftOn: "2026-10-01" }); // left before the date
  const both = await caregiver(zhicheng.id, [{ level: 2 }], { hiredOn: "2018-03-01" });
  await createWorker(db, { organisationId: yuehe.id, personId: both.id, hiredOn: "2021-09-01" }); // counted once, in 长兴县
  const director = await createPerson(db);
  await createWorker(db, { organisationId: zhicheng.id, personId: director.id, post: "director" });
  const otherDirector = await createPerson(db);
  await createWorker(db, { organisationId: huaxi.id, personId: otherDirector.id, post: "director" });
  await createWorker(db, { organisationId: zhicheng.id, personId: (await createPerson(db)).id, post: "social_worker" });
  // 社工站 staff count as township social workers: 月河街道 has one, 画溪街道's only social worker is part-time.
  const station = await createOrganisation(db, { type: "social_work_station", regionCode: "330502001" });
  await createWorker(db, { organisationId: station.id, personId: (await createPerson(db)).id, post: "social_worker" });
  // Two home-care organisations in 长兴县: one with a part-time social worker, one with none.
  const homeCare = await createOrganisation(db, { type: "home_care", regionCode: "330522002" });
  await createOrganisation(db, { type: "home_care", regionCode: "330522001" });
  await createWorker(db, { organisationId: homeCare.id, personId: (await createPerson(db)).id, post: "social_worker", fullTime: false });
  // Tags: a new entrant (first caregiver job in March) and a "4050" woman registered as a job seeker, both trained.
  const newcomer = await caregiver(huaxi.id, [], { hiredOn: "2026-03-01" });
  const jobSeeker = await createPerson(db, { gender: "female", birthDate: "1980-05-01", jobSeekerOn: "2025-10-01", jobSeekerSource: "就业创业证" });
  await createWorker(db, { organisationId: homeCare.id, personId: jobSeeker.id, hiredOn: "2019-01-01" });
  const lateStarter = await createPerson(db, { name: "沈晓红" }); // new, not trained
  await createWorker(db, { organisationId: huaxi.id, personId: lateStarter.id, hiredOn: "2026-04-01" });
  roster.huaxi = huaxi.id;
  roster.lateStarterWorker = (await firstRow(db.select().from(workers).where(eq(workers.personId, lateStarter.id))))!.id;
  cookies.institution = `carecert_session=${(await createSession(db, (await createUser(db, { role: "institution_admin", organisationId: huaxi.id })).id)).token}`;

  // A training completion needs a course and an account; each post counts only its own kind of course.
  await db.insert(courses)
    .values([
      { id: "indicator-course", title: "测试课程", occupation: "elderly_caregiver", level: 5, requiredHours: 10, summary: "", contentHash: "x", position: 1 },
      { id: "indicator-director-course", title: "院长课程", occupation: "elderly_caregiver", audience: "director", requiredHours: 3, summary: "", contentHash: "x", position: 2 },
      { id: "indicator-infant-course", title: "育婴员课程", occupation: "infant_caregiver", level: 5, requiredHours: 10, summary: "", contentHash: "x", position: 3 },
    ]);
  const complete = async (personId: number, courseId: string) => {
    const account = await returnedRow(db.insert(users).values({ personId, username: `learner${personId}-${courseId}`, passwordHash: "x" }).onConflictDoNothing().returning()) ?? (await firstRow(db.select().from(users).where(eq(users.personId, personId))))!;
    await db.insert(courseCompletions).values({ userId: account.id, personId, courseId, completedAt: new Date("2026-03-01T10:00:00+08:00"), onlineSeconds: 1, offlineMinutes: 0 });
  };
  await complete(director.id, "indicator-director-course");
  await complete(otherDirector.id, "indicator-course"); // a caregiver course: not a director's training
  await complete(newcomer.id, "indicator-course");
  await complete(jobSeeker.id, "indicator-course");
  await complete(lateStarter.id, "indicator-infant-course"); // 育婴员: not a caregiver's training

  await db.insert(indicatorTargets)
    .values([
      { regionCode: "330500", indicator: "per10kElderly", year: 2025, value: 30, basis: "长兴县规划", updatedAt: new Date() },
      { regionCode: "330500", indicator: "level3PlusShare", year: 2025, value: 18, basis: "长兴县规划", updatedAt: new Date() },
    ]);
});

describe("population import", () => {
  it("imports an XLSX of statistics, and importing it again changes nothing", async () => {
    const rows = [
      ["330500", "2025", "21,000", "26000", "84000"],
      ["330522", "2024", "9000", "9500", "36000"],
      ["330522", "2025", "10000", "12000", "40000"],
      ["330502", "2025", "11000", "14000", "44000"],
    ];
    const bytes = await xlsxBuffer("人口统计", HEADERS, rows);
    const first = await run(population.action, upload("/indicators/population", { name: "人口.xlsx", bytes }));
    expect(first.data).toMatchObject({ message: "导入完成：新增 4 条，更新 0 条，未变 0 条" });
    expect(await statsOf("330500")).toMatchObject([{ year: 2025, elderlyResidents: 21_000, elderlyRegistered: 26_000, residents: 84_000 }]);
    const again = await run(population.action, upload("/indicators/population", { name: "人口.xlsx", bytes }));
    expect(again.data).toMatchObject({ message: "导入完成：新增 0 条，更新 0 条，未变 4 条" });
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "indicators.population_imported"))).toHaveLength(2);
  });

  it("lists every bad row of a GB18030 CSV and imports none of it", async () => {
    const csv = [
      HEADERS.join(","),
      "330522,2023,8000,8500,32000", // fine on its own, but the file has errors
      "330599,2025,100,100,400", // no such region
      "330522,2025,50000,50000,40000", // more elderly than residents
      "330522,二〇二五,1,1,1",
      "330522,2023,8000,8500,32000", // the same region and year twice
    ].join("\r\n");
    const before = await statsOf("330522");
    const outcome = await run(population.action, upload("/indicators/population", { name: "人口.csv", bytes: iconv.encode(csv, "gb18030") }));
    expect(outcome.status).toBe(400);
    // Bad rows, unknown regions and duplicates in one pass: nobody uploads twice to learn of the second kind.
    expect(outcome.data!.problems).toEqual([
      { row: 3, column: "区划代码", message: "没有行政区划代码 330599" },
      { row: 4, column: "60岁以上常住人口", message: "60岁以上常住人口不能大于常住人口" },
      { row: 5, column: "年份", message: "年份应为 4 位数字，例如 2025" },
      { row: 6, column: "年份", message: "与第 2 行的地区和年份重复" },
    ]);
    expect(await statsOf("330522")).toEqual(before);
  });

  it("imports 40,000 regions at once, beyond SQLite's limit on bound variables", async () => {
    const codes = (await db.select({ code: regions.code }).from(regions).where(like(regions.code, "_________")).limit(40_000)).map((r) => r.code);
    expect(codes).toHaveLength(40_000);
    const csv = [HEADERS.join(","), ...codes.map((code) => `${code},2024,100,110,400`)].join("\n");
    const outcome = await run(population.action, upload("/indicators/population", { name: "全国乡镇.csv", bytes: new TextEncoder().encode(csv) }));
    expect(outcome.status).toBe(200);
    expect(outcome.data).toMatchObject({ message: "导入完成：新增 40000 条，更新 0 条，未变 0 条" });
    expect(await statsOf(codes[39_999]!)).toMatchObject([{ year: 2024, elderlyResidents: 100 }]);
  });

  it("names a missing column, and refuses officers", async () => {
    const bytes = await xlsxBuffer("人口统计", HEADERS.slice(0, 4), [["330522", "2025", "1", "1"]]);
    const outcome = await run(population.action, upload("/indicators/population", { name: "人口.xlsx", bytes }));
    expect(outcome.data!.problems).toEqual([{ row: 1, column: "常住人口", message: "缺少列“常住人口”，请使用下载的模板" }]);
    expect((await run(population.action, upload("/indicators/population", { name: "人口.xlsx", bytes }, cookies.city))).status).toBe(403);
  });
});

describe("the dashboard", () => {
  const open = (query: string, cookie: string) => run(dashboard.loader, getRequest(`/indicators${query}`, { cookie }));

  it("opens on the officer's own region, counting each certified caregiver once", async () => {
    const page = await open(`?date=${ON}`, cookies.district);
    expect(page.data.region).toMatchObject({ code: "330522", name: "长兴县" });
    expect(page.data.populationText).toBe("常住人口 2025 年，60 岁以上 10,000 人");
    const per10k = page.data.rows.find((r: { key: string }) => r.key === "per10kElderly");
    // Five certified (the 五级, the 三级 with two certificates, 五级 after a revocation, 四级, the 二级 who also works in 吴兴区).
    expect(per10k).toMatchObject({ value: "5.0 名/万人", basis: "5 人 / 10,000 名老年人", target: "≥ 30 名/万老年人（2025 年）", status: "behind", gap: "还需 25 名持证养老护理员，才能达到每万老年人 30 名" });
    expect(page.data.rows.find((r: { key: string }) => r.key === "level3PlusShare")).toMatchObject({ value: "40.0%", basis: "2 / 5 人", status: "met" });
    const row = (key: string) => page.data.rows.find((r: { key: string }) => r.key === key);
    // Two directors: one took the director's course, the other only a caregiver course.
    expect(row("directorTrainingRate")).toMatchObject({ value: "50.0%", basis: "1 / 2 人", status: "no_target" });
    // Two new entrants (March and April), one trained; the 4050 job seeker is trained; the 育婴员 course does not count.
    expect(row("caregiverTrainingRateNewEntrants")).toMatchObject({ value: "50.0%", basis: "1 / 2 人" });
    expect(row("caregiverTrainingRate4050")).toMatchObject({ value: "100.0%", basis: "1 / 1 人" });
    expect(row("homeCareSocialWorkers")).toMatchObject({ value: "1 / 2 个", basis: "1 / 2 个居家养老服务机构有社工" });
    // Full-time social workers: 雉城街道's institution only (画溪's home-care one is part-time).
    expect(row("townshipSocialWorkers").basis).toMatch(/^1 \/ \d+ 个乡镇（街道）$/);
    expect(page.data.children.map((c: { name: string }) => c.name)).toContain("雉城街道");
  });

  it("lets the city drill into a district, and keeps the district officer out of another", async () => {
    const city = await open(`?date=${ON}`, cookies.city);
    expect(city.data.region.code).toBe("330500");
    const districts = city.data.children as Array<{ code: string; certified: number }>;
    expect(districts.find((d) => d.code === "330522")!.certified).toBe(5);
    expect(districts.find((d) => d.code === "330502")!.certified).toBe(0);
    expect(districts.reduce((s, d) => s + d.certified, 0)).toBe(5);
    expect(city.data.rows[0].basis).toBe("5 人 / 21,000 名老年人");
    // 月河街道's 社工站 counts for 吴兴区.
    expect(city.data.rows.find((r: { key: string }) => r.key === "townshipSocialWorkers").basis).toMatch(/^2 \/ \d+ 个乡镇（街道）$/);
    expect((await open("?code=330502", cookies.city)).status).toBe(200);
    expect((await open("?code=330502", cookies.district)).status).toBe(404);
    expect((await open("?code=330522001", cookies.district)).data.region.name).toBe("雉城街道");
  });

  it("says which population and year it used, and falls back to the latest year before the date", async () => {
    const registered = await open(`?date=${ON}&population=registered`, cookies.district);
    expect(registered.data.populationText).toBe("户籍人口 2025 年，60 岁以上 12,000 人");
    const earlier = await open("?date=2024-12-31", cookies.district);
    expect(earlier.data.populationText).toBe("常住人口 2024 年，60 岁以上 9,000 人");
    const none = await open("?date=2023-06-30", cookies.district);
    expect(none.data.populationText).toBe("常住人口：没有不晚于 2023 年的统计数据");
    expect(none.data.rows[0]).toMatchObject({ value: "—", status: "no_data" });
  });

  it("shows a wrong date next to its field and still answers for today", async () => {
    const page = await open("?date=2026-02-30", cookies.district);
    expect(page.status).toBe(200);
    expect(page.data.errors).toEqual({ date: "不是有效的日历日期" });
    expect(page.data.values.date).toBe("2026-02-30");
  });

  it("draws a monthly trend over two years", async () => {
    const page = await open(`?date=${ON}`, cookies.district);
    expect(page.data.trend.per10k).toHaveLength(24);
    // The caregiver who left on 2026-10-01 worked in 吴兴区, so 长兴县's count does not change then.
    expect(page.data.trend.per10k.at(-1)).toMatchObject({ label: "2026-11", value: 5, target: 30 });
  });
});

describe("tags for targeted training on the institution's roster", () => {
  const open = (query: string) => run(workersPage.loader, getRequest(`/institution/workers${query}`, { cookie: cookies.institution }));
  const names = (page: Awaited<ReturnType<typeof open>>) => (page.data.workers as Array<{ name: string; tags: string[] }>).map((w) => w.tags.join("、"));

  it("filters new entrants (first year in the occupation), and records a 4050 job seeker with its source", async () => {
    expect(names(await open("?tag=new_entrant"))).toEqual(["新入职", "新入职"]);
    expect((await open("?tag=job_seeker_4050")).data.workers).toEqual([]);

    const edit = (fields: Record<string, string>) =>
      run(workersPage.action, postRequest(`/institution/workers?org=${roster.huaxi}`, { intent: "edit-worker", workerId: String(roster.lateStarterWorker), occupation: "养老护理员", post: "护理员", hiredOn: "2026-04-01", contractEndsOn: "", leftOn: "", schooling: "", bankAccount: "", ...fields }, { cookie: cookies.institution }));
    const half = await edit({ jobSeekerOn: "2026-02-01", jobSeekerSource: "" });
    expect(half.status).toBe(400);
    expect(half.data.errors).toEqual({ jobSeekerSource: "请填写登记凭证（如就业创业证号）" });

    expect((await edit({ jobSeekerOn: "2026-02-01", jobSeekerSource: "就业创业证 3305220012345" })).location).toBe(`/institution/workers?org=${roster.huaxi}`);
    // Born 1980 (the factory's default), a woman: 46, so a "4050" job seeker from the day she registered.
    expect(names(await open("?tag=job_seeker_4050"))).toEqual(["新入职、“4050”人员（就业创业证 3305220012345）"]);
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "workforce.job_seeker_recorded"))).toHaveLength(1);
  });
});

describe("targets", () => {
  it("lets the admin give a district its own target, which its page then uses", async () => {
    const set = await run(targets.action, postRequest("/indicators/targets", { regionCode: "330522", indicator: "per10kElderly", year: "2026", value: "8", basis: "" }, { cookie: cookies.admin }));
    expect(set.location).toBe("/indicators/targets");
    const page = await run(dashboard.loader, getRequest(`/indicators?date=${ON}`, { cookie: cookies.district }));
    expect(page.data.rows[0]).toMatchObject({ target: "≥ 8 名/万老年人（2026 年）", gap: "还需 3 名持证养老护理员，才能达到每万老年人 8 名" });
    const removed = await run(targets.action, postRequest("/indicators/targets", { intent: "remove", regionCode: "330522", indicator: "per10kElderly", year: "2026" }, { cookie: cookies.admin }));
    expect(removed.location).toBe("/indicators/targets");
    expect(await db.select().from(indicatorTargets).where(and(eq(indicatorTargets.regionCode, "330522"), eq(indicatorTargets.year, 2026)))).toEqual([]);
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "indicators.target_set"))).toHaveLength(1);
  });

  it("gives a region the plans' targets once, leaving existing ones alone", async () => {
    const apply = () => run(targets.action, postRequest("/indicators/targets", { intent: "plan-defaults", planRegionCode: "330200" }, { cookie: cookies.admin }));
    expect((await apply()).data).toMatchObject({ message: "已为宁波市新增 13 条规划目标（已有的未改动）" });
    expect((await apply()).data).toMatchObject({ message: "已为宁波市新增 0 条规划目标（已有的未改动）" });
    expect(await db.select().from(indicatorTargets).where(eq(indicatorTargets.regionCode, "330200"))).toHaveLength(13);
    expect(await db.select().from(auditLog).where(eq(auditLog.event, "indicators.plan_targets_applied"))).toHaveLength(1);
  });

  it("puts a wrong figure next to its field", async () => {
    const outcome = await run(targets.action, postRequest("/indicators/targets", { regionCode: "330522", indicator: "level3PlusShare", year: "2025", value: "150", basis: "" }, { cookie: cookies.admin }));
    expect(outcome.status).toBe(400);
    expect(outcome.data.errors).toEqual({ value: "百分比目标不能超过 100" });
    const unknown = await run(targets.action, postRequest("/indicators/targets", { regionCode: "339999", indicator: "level3PlusShare", year: "2025", value: "15", basis: "" }, { cookie: cookies.admin }));
    expect(unknown.data.errors).toEqual({ regionCode: "没有行政区划代码 339999" });
    expect((await run(targets.action, postRequest("/indicators/targets", { regionCode: "330522", indicator: "per10kElderly", year: "2026", value: "8", basis: "" }, { cookie: cookies.city }))).status).toBe(403);
  });
});

describe("exports read back", () => {
  it("writes the region and every region below it to XLSX, with the definitions", async () => {
    const outcome = await reportXlsx.loader({ request: getRequest(`/indicators/report.xlsx?code=330500&date=${ON}`, { cookie: cookies.city }), params: {}, context: { cspNonce: "" } });
    expect(outcome.headers.get("Content-Disposition")).toContain(encodeURIComponent("湖州市队伍建设指标-2026-11-30.xlsx"));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await outcome.arrayBuffer()) as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet("队伍建设指标")!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const row = (n: number) => Object.fromEntries(Array.from(sheet.getRow(n).values as unknown[]).slice(1).map((v, i) => [header[i], v ?? null]));
    expect(row(2)).toMatchObject({ 地区: "湖州市", 人口年份: 2025, "60岁以上人口": 21_000, 持证养老护理员: 5, 每万老年人拥有持证养老护理员数: 2.4, "每万老年人拥有持证养老护理员数·目标": 30, "每万老年人拥有持证养老护理员数·状态": "未达标", "每万老年人拥有持证养老护理员数·缺口": 58 });
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => row(i + 2));
    expect(rows.find((r) => r.地区 === "长兴县")).toMatchObject({ 上级地区: "湖州市", 持证养老护理员: 5 });
    expect(rows.find((r) => r.地区 === "雉城街道")).toMatchObject({ 上级地区: "长兴县", 持证养老护理员: 3 });
    expect(rows.find((r) => r.地区 === "长兴县")).toMatchObject({ 居家养老服务机构社工配备: 1, "居家养老服务机构社工配备·状态": "未设目标", 新入职养老护理员培训率: 50, "“4050”人员养老护理员培训率": 50 }); // 沈晓红 registered as a job seeker above, untrained
    const notes = workbook.getWorksheet("说明")!.getColumn(1).values.slice(1);
    expect(notes).toEqual(expect.arrayContaining(definitionLines()));
  });

  it("prints the PDF with the definitions under each table", async () => {
    const outcome = await reportPdf.loader({ request: getRequest(`/indicators/report.pdf?code=330500&date=${ON}`, { cookie: cookies.city }), params: {}, context: { cspNonce: "" } });
    expect(outcome.headers.get("Content-Type")).toBe("application/pdf");
    const pdf = mupdf.Document.openDocument(new Uint8Array(await outcome.arrayBuffer()), "application/pdf");
    const text = (i: number) => pdf.loadPage(i).toStructuredText("preserve-whitespace").asText().replace(/\s+/g, "");
    // The figures; the sub-regions with the definitions; the bar chart on a page of its own.
    expect(pdf.countPages()).toBe(3);
    expect(text(0)).toContain("湖州市养老服务人才队伍建设指标");
    expect(text(0)).toContain("常住人口2025年，60岁以上21,000人");
    expect(text(0)).toContain("还需58名持证养老护理员");
    expect(text(1)).toContain("长兴县");
    expect(text(1)).toContain("居家养老服务机构社工配备");
    expect(text(2)).toContain("各下级地区每万老年人拥有持证养老护理员数（名/万老年人），虚线为目标30");
    for (const page of [0, 1]) expect(text(page)).toContain("指标定义");
  });

  it("refuses a district officer's export of another district", async () => {
    const outcome = await run(reportPdf.loader, getRequest(`/indicators/report.pdf?code=330502&date=${ON}`, { cookie: cookies.district }));
    expect(outcome.status).toBe(404);
  });
});

describe("CLI", () => {
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(db, indicatorCommands, argv, (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("prints the region and its children as JSON", async () => {
    const { code, out } = await cli("indicators", "--region", "330500", "--date", ON, "--json");
    expect(code).toBe(0);
    const city = JSON.parse(out);
    expect(city).toMatchObject({ region: "330500", date: ON, populationYear: 2025, elderly: 21_000, certifiedCaregivers: 5, per10kElderly: 2.38, level3PlusShare: 40 });
    expect(city.targets.per10kElderly).toEqual({ year: 2025, value: 30, region: "330500", status: "behind", gap: 58 });
    expect(city.children.map((c: { region: string }) => c.region)).toEqual(["330502", "330503", "330521", "330522", "330523"]);
    expect(city.children.reduce((s: number, c: { certifiedCaregivers: number }) => s + c.certifiedCaregivers, 0)).toBe(5);
    const registered = JSON.parse((await cli("indicators", "--region", "330500", "--date", ON, "--population", "registered", "--json")).out);
    expect(registered).toMatchObject({ population: "registered", elderly: 26_000, per10kElderly: 1.92 });
  });

  it("applies the --as user's scope and checks its options", async () => {
    expect(await cli("indicators", "--region", "330502", "--as", "nobody")).toMatchObject({ code: 1 });
    expect(await cli("indicators", "--region", "330500", "--date", "2026-13-01")).toMatchObject({ code: 1, err: "--date：不是有效的日历日期" });
    expect(await cli("indicators", "--region", "330500", "--population", "all")).toMatchObject({ code: 1 });
  });

  it("imports population statistics from a file", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "population-")), "人口.csv");
    fs.writeFileSync(file, `\uFEFF${HEADERS.join(",")}\n330523,2025,"188,340",192107,730000\n`);
    expect(await cli("population:import", file)).toMatchObject({ code: 0, out: "导入完成：新增 1 条，更新 0 条，未变 0 条" });
    expect(await statsOf("330523")).toMatchObject([{ elderlyResidents: 188_340 }]);
    fs.writeFileSync(file, `${HEADERS.join(",")}\n330523,2025,x,1,1\n`);
    expect(await cli("population:import", file)).toMatchObject({ code: 1, out: "文件未导入，请修改后重试：\n  第 2 行「60岁以上常住人口」：60岁以上常住人口应为不小于 0 的整数" });
  });
});
