import { firstRow } from "../../db/query.ts";
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "@playwright/test";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { people, subsidyApplications, subsidyLists, users } from "../../db/schema.ts";
import { DEMO_PASSWORD, expect, expectNoAxeViolations, test } from "./fixtures.ts";

/** axe at a phone's and a desktop's width, on the page as it stands. */
async function axeAtBothWidths(page: Page) {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 900 }]) {
    await page.setViewportSize(viewport);
    await expectNoAxeViolations(page);
  }
}

async function pageFor(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

/**
 * One subsidy list on the demo data: the trainee applies for her 育婴员（五级） pass from her own account, the district
 * reviews and opens 公示 (the public page shows her masked), the city approves and downloads the bank XLSX.
 */
test("a trainee applies, the district opens 公示, the city approves and downloads the bank file", async ({ browser, page, loginAs }) => {
  test.setTimeout(120_000);
  const db = openDatabase(".tmp/e2e/carecert.db");
  const trainee = (await firstRow(db.select({ name: people.name, idNumber: people.idNumber, personId: people.id }).from(users).innerJoin(people, eq(people.id, users.personId)).where(eq(users.username, "trainee"))))!;

  // The trainee sees why she qualifies and applies with her bank card.
  await loginAs("trainee");
  await page.goto("/subsidies/apply");
  await expect(page.getByText("符合条件，¥800.00").first()).toBeVisible();
  await axeAtBothWidths(page);
  await page.locator("summary", { hasText: /^申请培训补贴…$/ }).first().click();
  await page.getByLabel("本人银行卡号").first().fill("6217001540012345678");
  await page.getByRole("button", { name: "确认申请培训补贴" }).first().click();
  await expect(page.getByRole("status")).toContainText("已提交申请");
  await expect(page.locator("tr", { hasText: "育婴员五级" })).toContainText("待发放");
  const application = (await firstRow(db.select().from(subsidyApplications).where(eq(subsidyApplications.personId, trainee.personId))))!;
  // The month ends (its list is moved to a past month, so 公示 may open).
  await db.update(subsidyLists).set({ month: "2026-06" }).where(eq(subsidyLists.id, application.listId));

  // The district reviews the list and opens the public notice.
  const district = await pageFor(browser, "district");
  await district.goto("/subsidies?status=collecting");
  await axeAtBothWidths(district);
  await district.getByRole("link", { name: "2026-06" }).first().click();
  await expect(district.locator("tr", { hasText: trainee.name })).toContainText("首次取得育婴员五级证书");
  await axeAtBothWidths(district);
  await district.locator("summary", { hasText: /^开启公示…$/ }).click();
  await district.getByLabel("公示天数").fill("7");
  await district.getByRole("button", { name: "确认开启公示" }).click();
  await expect(district.getByRole("status")).toContainText("已开启公示");
  const listPath = new URL(district.url()).pathname;

  // The public notice: masked, without ID numbers or accounts.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/notices/subsidies/${application.listId}`);
  await expect(visitor.locator("tr", { hasText: "李*英" })).toContainText("¥800.00");
  await expect(visitor.locator("body")).not.toContainText(trainee.idNumber);
  await expect(visitor.locator("body")).not.toContainText("6217001540012345678");
  await axeAtBothWidths(visitor);

  // Seven days later (the notice is moved into the past), the city approves and downloads the bank file.
  await db.update(subsidyLists).set({ noticeStartsOn: "2026-07-01", noticeEndsOn: "2026-07-07" }).where(eq(subsidyLists.id, application.listId));
  const city = await pageFor(browser, "city");
  await city.goto(listPath);
  await city.locator("summary", { hasText: /^审批通过并锁定…$/ }).click();
  await city.getByRole("button", { name: "确认审批通过并锁定" }).click();
  await expect(city.getByText("内容与校验码一致")).toBeVisible();
  await axeAtBothWidths(city);
  const [download] = await Promise.all([city.waitForEvent("download"), city.getByRole("link", { name: "导出银行代发 Excel" }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const rows = workbook.getWorksheet("代发明细")!.getSheetValues().slice(4).map((r) => (r as unknown[]).slice(1, 7));
  expect(rows[0]).toEqual([1, trainee.name, trainee.idNumber, "6217001540012345678", "育婴员五级", 800]);
  await closeDatabase(db);
});

test("the base's and the admin's subsidy pages pass axe", async ({ page, loginAs }) => {
  await loginAs("base");
  await page.goto("/base/subsidies");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("考生培训补贴");
  await axeAtBothWidths(page);
  await loginAs("admin");
  await page.goto("/admin/subsidy-policies");
  await page.getByRole("link", { name: "湖州市养老托育职业技能培训补贴" }).click();
  await expect(page.getByText("演示数据").first()).toBeVisible();
  await axeAtBothWidths(page);
});
