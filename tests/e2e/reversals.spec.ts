import { firstRow, returnedRow } from "../../db/query.ts";
import type { Browser, Locator, Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { assessmentSessions, organisations } from "../../db/schema.ts";
import { DEMO_PASSWORD, expect, test } from "./fixtures.ts";

/**
 * Every step of a month's allowance list can be taken back until 公示 (issue 13), in the browser on the demo data:
 * the institution declares September (asked first, told after), withdraws it and declares again; the district
 * excludes a line and undoes it, then returns the list with a reason the institution reads on its page.
 */

/** Opens a step's confirmation panel (`ConfirmAction`) and, after `fill`, posts it. */
async function confirmStep(scope: Page | Locator, label: string, fill?: (panel: Locator) => Promise<void>) {
  const summary = scope.locator("details.confirm > summary", { hasText: new RegExp(`^${label}…$`) });
  await summary.click();
  const details = summary.locator("xpath=..");
  const panel = details.locator(".confirm-panel");
  await expect(panel).toBeVisible();
  if (fill) await fill(panel);
  await panel.getByRole("button", { name: `确认${label}` }).click();
}

async function pageFor(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" })).newPage();
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

const flash = (page: Page) => page.locator("p.flash");

test("withdraw a declared list, undo an exclusion and return a list with a reason", async ({ browser, page, loginAs }) => {
  test.setTimeout(90_000);
  await loginAs("institution");
  await page.goto("/allowances");
  await page.getByLabel("月份", { exact: true }).fill("2026-09");
  await page.getByRole("button", { name: "生成名册" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("长兴县社会福利中心 · 2026-09");
  await expect(flash(page)).toContainText("已生成 2026-09 名册 1 份");
  const payees = (await page.getByRole("heading", { name: /^发放人员/ }).textContent())!;
  const [, count, total] = /（(\d+) 人，(¥[\d,]+\.\d\d)）/.exec(payees)!;

  // Declaring asks first, with the numbers, and says so after.
  await confirmStep(page, "申报", async (panel) => {
    await expect(panel).toContainText(`发放 ${count} 人，合计 ${total}`);
    await expect(panel).toContainText(/未列入 \d+ 人/);
  });
  await expect(flash(page)).toHaveText(`已申报 长兴县社会福利中心 2026-09 名册：${count} 人，合计 ${total}`);
  await expect(page.locator(".tag", { hasText: "已申报，区县审核中" })).toBeVisible();
  const listUrl = new URL(page.url()).pathname;

  // The institution withdraws it before the district acts: editable again, then declared once more.
  await confirmStep(page, "撤回申报");
  await expect(flash(page)).toHaveText("已撤回 2026-09 名册的申报，名册可以修改后重新申报");
  await expect(page.locator(".tag", { hasText: "机构待申报" })).toBeVisible();
  await expect(page.locator("summary", { hasText: /^按最新数据重新计算…$/ })).toBeVisible();
  await confirmStep(page, "申报");
  await expect(page.locator(".tag", { hasText: "已申报，区县审核中" })).toBeVisible();

  // The district excludes a line with a reason, then undoes it before 公示.
  const district = await pageFor(browser, "district");
  await district.goto(listUrl);
  const firstRow = district.locator("table.data-table tbody tr").first();
  const name = (await firstRow.locator("td").first().textContent())!;
  await confirmStep(firstRow, "剔除", async (panel) => {
    await expect(panel).toContainText(`${name} 不再列入本月名册`);
    await panel.getByLabel("剔除理由").fill("当月在外院进修，不在岗");
  });
  await expect(flash(district)).toContainText(`已剔除 ${name}`);
  const row = district.locator("tr", { hasText: name });
  await expect(row).toContainText("已剔除：当月在外院进修，不在岗");

  // Once the district has acted, the institution can no longer withdraw.
  await page.reload();
  await expect(page.locator("summary", { hasText: /^撤回申报…$/ })).toHaveCount(0);

  await confirmStep(row, "撤销剔除");
  await expect(flash(district)).toHaveText(`已撤销对 ${name} 的剔除，重新列入名册`);
  await expect(district.locator("tr", { hasText: name })).not.toContainText("已剔除");

  // The district returns the list with a reason; the institution reads it on the list and can change it.
  await confirmStep(district, "退回机构", async (panel) => {
    await panel.getByLabel("退回理由").fill("请补充九月份考勤证明后重新申报");
  });
  await expect(flash(district)).toHaveText("已退回 长兴县社会福利中心 2026-09 名册：请补充九月份考勤证明后重新申报");
  await page.goto("/allowances?month=2026-09");
  await expect(page.locator("tr", { hasText: "长兴县社会福利中心" })).toContainText("已退回");
  await page.getByRole("link", { name: "长兴县社会福利中心" }).click();
  await expect(page.getByRole("status").filter({ hasText: "区县已退回本名册" })).toContainText("请补充九月份考勤证明后重新申报");
  await expect(page.locator("summary", { hasText: /^申报…$/ })).toBeVisible();
});

test("an approved list fits a phone and the 剔除 column fits 1366 px", async ({ browser, page, loginAs }) => {
  // The demo's October lists are approved: the hash and account numbers wrap instead of widening the page.
  const city = await pageFor(browser, "city");
  await city.setViewportSize({ width: 390, height: 844 });
  await city.goto("/allowances?month=2026-10");
  await city.getByRole("link", { name: "长兴县社会福利中心" }).first().click();
  await expect(city.getByText("内容与校验码一致")).toBeVisible();
  expect(await city.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // A declared list as the district reviews it, on a laptop: no column cut off or scrolled out of sight.
  await loginAs("institution");
  await page.goto("/allowances");
  await page.getByLabel("月份", { exact: true }).fill("2026-08");
  await page.getByRole("button", { name: "生成名册" }).click();
  await confirmStep(page, "申报");
  await expect(page.locator(".tag", { hasText: "已申报，区县审核中" })).toBeVisible();
  const district = await pageFor(browser, "district");
  await district.setViewportSize({ width: 1366, height: 900 });
  await district.goto(new URL(page.url()).pathname);
  const table = district.getByRole("region", { name: "发放人员" });
  await expect(table.locator("summary", { hasText: /^剔除…$/ }).first()).toBeVisible();
  expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
});

test("a trainee withdraws an application before the base reviews it, and can apply again", async ({ page, loginAs }) => {
  test.setTimeout(60_000);
  // A session of its own, so the demo session's applications (other specs) do not matter.
  const db = openDatabase(".tmp/e2e/carecert.db");
  const base = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县康养职业技能培训学校"))))!;
  const demo = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.organisationId, base.id))))!;
  const session = await returnedRow(db
    .insert(assessmentSessions)
    .values({ organisationId: base.id, planId: demo.planId, name: "撤回测试批次", theoryStartsAt: new Date(Date.now() + 21 * 86_400_000), venue: demo.venue, rooms: demo.rooms })
    .returning());
  await closeDatabase(db);

  await loginAs("trainee");
  await page.goto("/assessments");
  await page.getByRole("link", { name: new RegExp(session.name) }).click();
  await page.getByLabel("累计从事本职业或相关职业工作年限").fill("2");
  await page.getByRole("button", { name: "提交申报" }).click();
  await expect(flash(page)).toContainText(`${session.name}，等待培训基地审核（审核前可以撤回）`);
  const card = page.locator("section.card", { hasText: session.name });
  await expect(card).toContainText("待审核");

  await confirmStep(card, "撤回申报", async (panel) => {
    await expect(panel).toContainText(`撤回 养老护理员（五级/初级工） · ${session.name} 的申报`);
  });
  await expect(flash(page)).toHaveText(`已撤回 养老护理员（五级/初级工） ${session.name} 的申报`);
  await expect(page.locator("section.card", { hasText: session.name })).toHaveCount(0);
  await expect(page.getByRole("link", { name: new RegExp(session.name) })).toBeVisible();
});
