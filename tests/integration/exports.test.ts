import { firstRow, returnedRow } from "../../db/query.ts";
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { approveList, declareList, openNotice, refreshInstitutionLists } from "../../app/allowances/lists.server.ts";
import { batchFile } from "../../app/certificates/batches.server.ts";
import { parseCsv } from "../../app/imports/table.server.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import * as listExport from "../../app/allowances/routes/list-export.ts";
import * as listsPage from "../../app/allowances/routes/lists.tsx";
import * as regionBank from "../../app/allowances/routes/region-bank-xlsx.ts";
import * as batchZip from "../../app/certificates/routes/base-batch-zip.ts";
import * as populationTemplate from "../../app/indicators/routes/population-template.ts";
import * as indicatorsReport from "../../app/indicators/routes/report-xlsx.ts";
import * as classExport from "../../app/learning/routes/base-class-export.ts";
import * as rosterTemplate from "../../app/learning/routes/roster-template.ts";
import * as workerTemplates from "../../app/workforce/routes/worker-templates.ts";
import { createCertificate, createOrganisation, createPerson, createWorker, recordWorkerMonth } from "../../seeds/factories.ts";
import { seedDemo } from "../../seeds/seed-demo.ts";
import { allowanceLists, assessmentSessions, certificateBatches, organisations, trainingClasses, users } from "../../db/schema.ts";
import { getRequest } from "../setup/requests.ts";

/**
 * Every CSV and XLSX the product hands out, opened the way a spreadsheet program opens it: ID numbers, bank
 * accounts and codes must come back as text with every digit, and template columns must be in the Text format.
 */

const ID_NUMBER = /^\d{17}[\dX]$/;
const ACCOUNT = /^\d{12,19}$/;
const cookies: Record<string, string> = {};
const ids = { octoberList: 0, demoClass: 0, session: 0, changxingDeclared: 0 };
const MONTH = "2026-10";

type Loader = (args: LoaderFunctionArgs) => unknown;
async function download(loader: Loader, url: string, params: Record<string, string>, as: string): Promise<Response> {
  try {
    return (await loader({ request: getRequest(url, { cookie: cookies[as] }), params, context: { cspNonce: "" } })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function workbookOf(response: Response) {
  expect(response.status, await response.clone().text().catch(() => "")).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

/** The file name a browser saves under: the RFC 5987 one, with an ASCII-only fallback beside it. */
function savedName(response: Response) {
  const header = response.headers.get("Content-Disposition") ?? "";
  const fallback = /filename="([^"]*)"/.exec(header)?.[1];
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  return { fallback, name: encoded === undefined ? undefined : decodeURIComponent(encoded) };
}

/** What Excel, WPS or LibreOffice make of one CSV field: ="…" is a formula giving that text, digits a number, 2026-10 a date. */
function spreadsheetValue(field: string): string | number | Date {
  const formula = /^="(.*)"$/.exec(field);
  if (formula) return formula[1]!.replaceAll('""', '"');
  if (/^[+-]?\d+(\.\d+)?$/.test(field)) return Number(field);
  if (/^\d{4}-\d{1,2}(-\d{1,2})?$/.test(field)) return new Date(field);
  return field;
}

/** An institution in 吴兴区 (outside the demo district) with one paid caregiver, its October list taken to the lock. */
async function approvedElsewhere(name: string, regionCode: string, as: { district: number; city: number; institution: number }, approve = true) {
  const org = await createOrganisation(db, { type: "elderly_care", name, regionCode });
  const person = await createPerson(db, { name: `${name.slice(-3)}护理员` });
  await createCertificate(db, { personId: person.id, level: 3, issuedOn: "2024-05-20", verifiedAt: new Date("2024-06-01T10:00:00+08:00") });
  const worker = await createWorker(db, { organisationId: org.id, personId: person.id, hiredOn: "2023-01-01", bankAccount: `6217000${String(person.id).padStart(12, "0")}` });
  await recordWorkerMonth(db, { workerId: worker.id, month: MONTH });
  const actor = (userId: number) => ({ userId, realUserId: userId, ip: "test" });
  const [listId] = await refreshInstitutionLists(db, org.id, MONTH, actor(as.institution), new Date("2026-11-02T09:00:00+08:00"));
  await declareList(db, listId!, actor(as.institution), new Date("2026-11-03T10:00:00+08:00"));
  if (approve) {
    await openNotice(db, listId!, 5, actor(as.district), new Date("2026-11-05T09:00:00+08:00"));
    await approveList(db, listId!, actor(as.city), new Date("2026-11-12T15:00:00+08:00"));
  }
  return listId!;
}

beforeAll(async () => {
  // What the server does before seeding the demo: its class and session need the course and the plans.
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  await seedDemo(db);
  const user = async (username: string) => (await firstRow(db.select().from(users).where(eq(users.username, username))))!;
  for (const role of ["admin", "base", "institution", "district", "city", "trainee"]) cookies[role] = `carecert_session=${(await createSession(db, (await user(role)).id)).token}`;
  const welfare = (await firstRow(db.select().from(users).where(eq(users.username, "institution"))))!;
  const staff = { institution: welfare.id, district: (await user("district")).id, city: (await user("city")).id };
  await approvedElsewhere("吴兴区丁养老院", "330502001", staff);
  ids.changxingDeclared = await approvedElsewhere("长兴县戊养老院", "330522001", staff, false);
  ids.octoberList = (await firstRow(db
    .select({ id: allowanceLists.id })
    .from(allowanceLists)
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .where(and(eq(allowanceLists.month, MONTH), eq(allowanceLists.status, "approved"), eq(organisations.regionCode, "330522001")))))!.id;
  ids.demoClass = (await firstRow(db.select().from(trainingClasses)))!.id;
  ids.session = (await firstRow(db.select().from(assessmentSessions)))!.id;
});

type XlsxCase = {
  file: string;
  loader: Loader;
  url: string;
  params?: Record<string, string>;
  as: string;
  sheet: string;
  /** Columns that must stay text, with what every value in them looks like. */
  text: Record<string, RegExp>;
  /** Columns whose header note shows the format to type. */
  notes?: Record<string, string>;
  template?: boolean;
};

const xlsxCases = (): XlsxCase[] => [
  { file: "a list's bank XLSX", loader: listExport.loader, url: `/allowances/${ids.octoberList}/bank.xlsx`, params: { listId: String(ids.octoberList), file: "bank.xlsx" }, as: "city", sheet: "代发明细", text: { 身份证号: ID_NUMBER, 银行账号: ACCOUNT } },
  { file: "the month's bank XLSX", loader: regionBank.loader, url: `/allowances/bank.xlsx?month=${MONTH}`, as: "city", sheet: "代发明细", text: { 身份证号: ID_NUMBER, 银行账号: ACCOUNT } },
  { file: "the month's list of lists", loader: regionBank.loader, url: `/allowances/bank.xlsx?month=${MONTH}`, as: "city", sheet: "名册清单", text: { 统一社会信用代码: /^[0-9A-Z]{18}$/ } },
  { file: "a class's progress", loader: classExport.loader, url: `/base/classes/${ids.demoClass}/progress.xlsx`, params: { classId: String(ids.demoClass) }, as: "base", sheet: "学习进度", text: { 身份证号: ID_NUMBER } },
  { file: "the indicators report", loader: indicatorsReport.loader, url: "/indicators/report.xlsx?code=330500&date=2026-11-30", as: "city", sheet: "队伍建设指标", text: { 区划代码: /^\d{6}(\d{3})?$/ } },
  {
    file: "the worker roster template",
    loader: workerTemplates.loader,
    url: "/institution/worker-templates/roster.xlsx",
    params: { template: "roster.xlsx" },
    as: "institution",
    sheet: "从业人员名册",
    text: { 身份证号: ID_NUMBER, 证书编号: /./, 银行账号: ACCOUNT, 入职日期: /./, 合同截止日期: /./, 发证日期: /./, 离职日期: /./ },
    notes: { 入职日期: "YYYY-MM-DD", 合同截止日期: "YYYY-MM-DD", 发证日期: "YYYY-MM-DD", 离职日期: "YYYY-MM-DD" },
    template: true,
  },
  { file: "the monthly record template", loader: workerTemplates.loader, url: "/institution/worker-templates/monthly.xlsx", params: { template: "monthly.xlsx" }, as: "institution", sheet: "月度记录", text: { 身份证号: ID_NUMBER, 月份: /./ }, notes: { 月份: "YYYY-MM" }, template: true },
  { file: "the class roster template", loader: rosterTemplate.loader, url: "/base/roster-template.xlsx", as: "base", sheet: "花名册", text: { 身份证号: ID_NUMBER, 手机号: /./ }, template: true },
  { file: "the population template", loader: populationTemplate.loader, url: "/indicators/population-template.xlsx", as: "admin", sheet: "人口统计", text: { 区划代码: /./ }, template: true },
];

/** The row holding the column titles (the month's bank file has a title and a note above it), and each title's column. */
function headerRow(sheet: ExcelJS.Worksheet, titles: string[]) {
  for (let r = 1; r <= Math.min(sheet.rowCount, 5); r++) {
    const values = sheet.getRow(r).values as unknown[];
    if (titles.every((t) => values.includes(t))) return { row: r, column: (t: string) => values.indexOf(t) };
  }
  throw new Error(`no header row with ${titles.join("、")} in ${sheet.name}`);
}

describe("every XLSX export and template keeps ID numbers, accounts, codes and dates as text", () => {
  it.each(xlsxCases().map((c) => [c.file, c] as const))("%s", async (_, c) => {
    const testCase = xlsxCases().find((x) => x.file === c.file)!;
    const workbook = await workbookOf(await download(testCase.loader, testCase.url, testCase.params ?? {}, testCase.as));
    const sheet = workbook.getWorksheet(testCase.sheet)!;
    expect(sheet, testCase.sheet).toBeDefined();
    const titles = Object.keys(testCase.text);
    const header = headerRow(sheet, titles);
    for (const title of titles) {
      const column = header.column(title);
      // The column's own format, which a value typed later takes, and the first row under the header's.
      expect(sheet.getColumn(column).numFmt, `${title} column format`).toBe("@");
      expect(sheet.getRow(header.row + 1).getCell(column).numFmt, `${title} cell format`).toBe("@");
      const values = sheet
        .getColumn(column)
        .values.slice(header.row + 1)
        .filter((v) => v !== null && v !== undefined && v !== "");
      for (const value of values) {
        expect(typeof value, `${title}: ${String(value)}`).toBe("string");
        expect(value, title).toMatch(testCase.text[title]!);
      }
      if (!testCase.template) expect(values.length, `${title} has values`).toBeGreaterThan(0);
    }
    for (const [title, format] of Object.entries(testCase.notes ?? {})) {
      const note = sheet.getRow(header.row).getCell(header.column(title)).note;
      expect(typeof note === "string" ? note : JSON.stringify(note), `${title} note`).toContain(format);
    }
  });
});

describe("the allowance CSV", () => {
  it("writes ID numbers, bank accounts and the month so a spreadsheet keeps them as text, and names stay plain", async () => {
    const response = await download(listExport.loader, `/allowances/${ids.octoberList}/list.csv`, { listId: String(ids.octoberList), file: "list.csv" }, "district");
    const [header, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, "")).filter((r) => r.length > 1);
    expect(rows.length).toBeGreaterThan(0);
    const col = (title: string) => header!.indexOf(title);
    for (const row of rows) {
      const id = spreadsheetValue(row[col("身份证号")]!);
      const account = spreadsheetValue(row[col("银行账号")]!);
      expect(id).toMatch(ID_NUMBER);
      expect(account).toMatch(ACCOUNT);
      expect(spreadsheetValue(row[col("月份")]!)).toBe(MONTH);
      expect(spreadsheetValue(row[col("金额（元）")]!)).toEqual(expect.any(Number));
      expect(row[col("姓名")]).not.toMatch(/^=/);
    }
  });
});

describe("the month's bank XLSX for a region", () => {
  type Sheets = { lines: unknown[][]; lists: unknown[][]; all: string };
  async function sheets(as: string, month = MONTH): Promise<Sheets> {
    const workbook = await workbookOf(await download(regionBank.loader, `/allowances/bank.xlsx?month=${month}`, {}, as));
    const rows = (name: string) => (workbook.getWorksheet(name)!.getSheetValues().slice(1) as unknown[][]).map((r) => (r ?? []).slice(1));
    const lines = rows("代发明细");
    const lists = rows("名册清单");
    return { lines, lists, all: JSON.stringify([lines, lists]) };
  }
  const approvedOfMonth = async (regionPrefix: string) =>
    (await db
      .select({ list: allowanceLists, org: organisations })
      .from(allowanceLists)
      .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
      .where(and(eq(allowanceLists.month, MONTH), eq(allowanceLists.status, "approved"))))
      .filter((l) => l.org.regionCode.startsWith(regionPrefix));

  it("groups the approved lines by institution with a subtotal each and a grand total, and lists each list with its hash", async () => {
    const { lines, lists } = await sheets("city");
    const approved = await approvedOfMonth("3305");
    expect(approved.length).toBeGreaterThanOrEqual(4);
    expect(String(lines[1]?.[0])).toContain("仅含已审批");
    const subtotals = lines.filter((r) => String(r[1] ?? "").endsWith("小计"));
    expect(subtotals.map((r) => String(r[1]).replace(" 小计", "")).sort()).toEqual([...new Set(approved.map((l) => l.org.name))].sort());
    const paid = lines.filter((r) => typeof r[0] === "number");
    const grand = lines.find((r) => r[1] === "合计")!;
    const sum = (rs: unknown[][]) => rs.reduce((n, r) => n + (r[6] as number), 0);
    expect(grand[6]).toBe(sum(paid));
    expect(sum(subtotals)).toBe(sum(paid));
    expect(grand[2]).toBe(`${paid.length} 人`);
    // Each list with its institution, line count, total and the hash its page shows.
    for (const { list, org } of approved) {
      const row = lists.find((r) => r[1] === org.name)!;
      expect(row, org.name).toBeDefined();
      expect(row).toContain(list.contentHash);
      expect(row).toContain(org.creditCode);
    }
    expect(lists.find((r) => r[1] === "合计")?.slice(4, 6)).toEqual([paid.length, sum(paid)]);
  });

  it("gives a district officer only the district's approved lists, and leaves out lists not yet approved", async () => {
    const district = await sheets("district");
    expect(district.all).toContain("长兴县");
    expect(district.all).not.toContain("吴兴区丁养老院");
    expect(district.all).not.toContain("长兴县戊养老院");
    const city = await sheets("city");
    expect(city.all).toContain("吴兴区丁养老院");
    expect(city.all).not.toContain("长兴县戊养老院");
    expect(district.lists.filter((r) => typeof r[0] === "number")).toHaveLength((await approvedOfMonth("330522")).length);
  });

  it("is for officers only, answers a month without approved lists with 404 and a bad month with 400", async () => {
    expect((await download(regionBank.loader, `/allowances/bank.xlsx?month=${MONTH}`, {}, "institution")).status).toBe(403);
    expect((await download(regionBank.loader, `/allowances/bank.xlsx?month=${MONTH}`, {}, "trainee")).status).toBe(403);
    expect((await download(regionBank.loader, "/allowances/bank.xlsx?month=2025-01", {}, "city")).status).toBe(404);
    expect((await download(regionBank.loader, "/allowances/bank.xlsx?month=2026-13", {}, "city")).status).toBe(400);
  });

  it("is linked from /allowances for the month, for officers only", async () => {
    const page = (as: string) => listsPage.loader({ request: getRequest(`/allowances?month=${MONTH}`, { cookie: cookies[as] }), params: {}, context: { cspNonce: "" } });
    expect((await page("district")).regionBankUrl).toBe(`/allowances/bank.xlsx?month=${MONTH}`);
    expect((await page("institution")).regionBankUrl).toBeNull();
    const november = await listsPage.loader({ request: getRequest("/allowances?month=2026-11", { cookie: cookies.city }), params: {}, context: { cspNonce: "" } });
    expect(november.regionBankUrl).toBeNull();
  });
});

describe("file names match what the user sees", () => {
  it("names a batch ZIP after its session, with an ASCII fallback", async () => {
    const session = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, ids.session))))!;
    const base = (await firstRow(db.select().from(users).where(eq(users.username, "base"))))!;
    const batch = await returnedRow(db
      .insert(certificateBatches)
      .values({ organisationId: session.organisationId, sessionId: session.id, requestedBy: base.id, status: "done", total: 0, heartbeatAt: new Date() })
      .returning());
    fs.mkdirSync(path.dirname(batchFile(batch.id)), { recursive: true });
    fs.writeFileSync(batchFile(batch.id), "PK");
    const response = await download(batchZip.loader, `/base/certificates/batches/${batch.id}/certificates.zip`, { batchId: String(batch.id) }, "base");
    const { name, fallback } = savedName(response);
    expect(name).toBe(`${session.name}-证书.zip`);
    expect(fallback).toMatch(/^[\x20-\x7e]+\.zip$/);
    expect(fallback).not.toMatch(/["\\]/);
  });

  it("names allowance files after the institution and the month, and the month's bank file after the region", async () => {
    const list = (await firstRow(db.select().from(allowanceLists).where(eq(allowanceLists.id, ids.octoberList))))!;
    for (const file of ["bank.xlsx", "list.csv", "roster.pdf"]) {
      const { name, fallback } = savedName(await download(listExport.loader, `/allowances/${list.id}/${file}`, { listId: String(list.id), file }, "city"));
      expect(name, file).toContain(list.approvedHeader!.organisation.name);
      expect(name, file).toContain(MONTH);
      expect(fallback, file).toMatch(new RegExp(`^[\\x20-\\x7e]*${MONTH}[\\x20-\\x7e]*\\.${file.split(".")[1]}$`));
    }
    expect(savedName(await download(regionBank.loader, `/allowances/bank.xlsx?month=${MONTH}`, {}, "district")).name).toBe(`长兴县-${MONTH}-补贴银行代发（已审批名册）.xlsx`);
    expect(savedName(await download(regionBank.loader, `/allowances/bank.xlsx?month=${MONTH}`, {}, "city")).name).toBe(`湖州市-${MONTH}-补贴银行代发（已审批名册）.xlsx`);
  });
});
