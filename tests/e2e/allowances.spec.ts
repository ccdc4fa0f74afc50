import { firstRow } from "../../db/query.ts";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { xlsxBuffer } from "../../app/imports/table.server.ts";
import { rosterHeaders } from "../../app/workforce/worker-import.ts";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { makeIdNumber } from "../../seeds/factories.ts";
import { allowanceLists, organisations } from "../../db/schema.ts";
import { DEMO_PASSWORD, expect, test } from "./fixtures.ts";

/**
 * A month's post allowance on the demo data: the institution imports a roster and its monthly records, the
 * district confirms the external certificates, the institution declares, the district excludes a line and
 * opens 公示, the city approves and downloads the bank XLSX.
 */
test("an institution imports a roster, the district excludes a line and opens 公示, the city approves and downloads the XLSX", async ({ browser, page, loginAs }) => {
  test.setTimeout(120_000);
  const db = openDatabase(".tmp/e2e/carecert.db");
  const newcomers = [
    { name: "柏玉珍", idNumber: makeIdNumber({ birthDate: "1976-04-12", serial: 4101 }), level: 3, number: "S01373300520123300" + "4101" },
    { name: "水冬梅", idNumber: makeIdNumber({ birthDate: "1981-09-30", serial: 4102 }), level: 4, number: "S01373300520123400" + "4102" },
  ];

  // The institution imports its roster and November's records.
  await loginAs("institution");
  await page.goto("/institution");
  await page.getByRole("link", { name: "从业人员名册" }).click();
  const roster = await xlsxBuffer("名册", [...rosterHeaders], newcomers.map((p) => [p.name, p.idNumber, "养老护理员", "护理员", "2024-03-01", "", p.number, p.level === 3 ? "三级/高级工" : "四级", "2023-06-30", "浙江省养老服务职业技能评价中心"]));
  await page.getByLabel("人员名册文件").setInputFiles({ name: "名册.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: roster });
  await page.getByRole("button", { name: "导入名册" }).click();
  await expect(page.getByRole("status")).toContainText("新增人员 2 名");
  const monthly = ["身份证号,月份,出勤天数,社保已缴,继续教育学时,责任事故", ...newcomers.map((p) => `${p.idNumber},2026-11,22,是,2,否`)].join("\n");
  await page.getByLabel("月度记录文件").setInputFiles({ name: "月度.csv", mimeType: "text/csv", buffer: Buffer.from(monthly) });
  await page.getByRole("button", { name: "导入月度记录" }).click();
  await expect(page.getByRole("status")).toContainText("新增或更新 2 条月度记录");
  await expect(page.locator("tr", { hasText: newcomers[0]!.name })).toContainText("待核验");

  // The district confirms the two external certificates.
  const district = await pageFor(browser, "district");
  await district.goto("/region");
  await district.getByRole("link", { name: "外部证书核验" }).click();
  for (const p of newcomers) await district.getByLabel(`确认 ${p.name} 的证书`).check();
  await district.getByRole("button", { name: "确认所选证书" }).click();
  await expect(district.getByRole("status")).toHaveText("已确认 2 张外部证书");

  // The institution recomputes November and declares.
  await page.goto("/allowances");
  await page.getByLabel("月份", { exact: true }).fill("2026-11");
  await page.getByRole("button", { name: "生成名册" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("长兴县社会福利中心 · 2026-11");
  await expect(page.locator("tr", { hasText: newcomers[0]!.name })).toContainText("三级 500 元/月");
  await expect(page.locator("tr", { hasText: newcomers[1]!.name })).toContainText("四级 400 元/月");
  await expect(page.getByRole("heading", { name: /^未列入人员/ })).toBeVisible();
  await page.locator("summary", { hasText: /^申报…$/ }).click();
  await page.getByRole("button", { name: "确认申报" }).click();
  await expect(page.getByText("已申报，区县审核中")).toBeVisible();
  const listUrl = new URL(page.url()).pathname;

  // The district excludes one line with its reason and opens the public notice.
  await district.goto(listUrl);
  const excluded = district.locator("tr", { hasText: newcomers[1]!.name });
  await excluded.locator("summary", { hasText: /^剔除…$/ }).click();
  await excluded.getByLabel("剔除理由").fill("当月在外院进修，不在岗");
  await excluded.getByRole("button", { name: "确认剔除" }).click();
  await expect(district.locator("tr", { hasText: newcomers[1]!.name })).toContainText("已剔除：当月在外院进修，不在岗");
  await district.locator("summary", { hasText: /^开启公示…$/ }).click();
  await district.getByLabel("公示天数").fill("5");
  await district.getByRole("button", { name: "确认开启公示" }).click();
  await expect(district.getByText("公示中").first()).toBeVisible();

  // Five days later (the notice is moved into the past), the city approves and downloads the bank file.
  const welfare = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县社会福利中心"))))!;
  await db.update(allowanceLists).set({ noticeStartsOn: "2026-11-20", noticeEndsOn: "2026-11-24" }).where(and(eq(allowanceLists.organisationId, welfare.id), eq(allowanceLists.month, "2026-11")));
  const city = await pageFor(browser, "city");
  await city.goto("/allowances?month=2026-11");
  await city.getByRole("link", { name: "长兴县社会福利中心" }).click();
  await city.locator("summary", { hasText: /^审批通过并锁定…$/ }).click();
  await city.getByRole("button", { name: "确认审批通过并锁定" }).click();
  await expect(city.getByText("内容与校验码一致")).toBeVisible();
  const hash = (await city.locator("code").textContent())!;
  const [download] = await Promise.all([city.waitForEvent("download"), city.getByRole("link", { name: "导出银行代发 Excel" }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const names = workbook.getWorksheet("代发明细")!.getColumn(2).values.slice(2);
  expect(names).toContain(newcomers[0]!.name);
  expect(names).not.toContain(newcomers[1]!.name);
  expect(workbook.getWorksheet("说明")!.getColumn(1).values).toContain(`长兴县社会福利中心 2026-11 名册校验码（SHA-256）：${hash}`);
  await closeDatabase(db);
});

async function pageFor(browser: import("@playwright/test").Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}
