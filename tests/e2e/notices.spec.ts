import { firstRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "@playwright/test";
import { declareList, openNotice, refreshInstitutionLists } from "../../app/allowances/lists.server.ts";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { createCertificate, createOrganisation, createUser, createWorker, makeCreditCode, recordWorkerMonth } from "../../seeds/factories.ts";
import { users } from "../../db/schema.ts";
import { DEMO_PASSWORD, expect, expectNoAxeViolations, test } from "./fixtures.ts";

const WORKER = { username: "notice-worker", password: "linchenghu-2026-notice", name: "宋晓梅" };

async function signIn(browser: Browser, username: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

async function axeAtBothWidths(page: Page) {
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
  }
}

/**
 * 公示 from the worker's side, on a list of the test's own (a new 长兴县 institution's November list, noticed today):
 * the worker finds it on the public page, objects from /my, the district answers, the worker reads the answer.
 */
test("a worker sees the public notice, objects from /my, the district answers and the worker sees the answer", async ({ browser }) => {
  test.setTimeout(120_000);
  const db = openDatabase(".tmp/e2e/carecert.db");
  const institution = await createOrganisation(db, { type: "elderly_care", name: "长兴县雉城街道康宁养老院", regionCode: "330522001", creditCode: makeCreditCode({ regionCode: "330522", serial: 931 }) });
  const worker = await createUser(db, { ...WORKER, role: "trainee", birthDate: "1977-07-17" });
  const employed = await createWorker(db, { organisationId: institution.id, personId: worker.personId, hiredOn: "2022-04-01", bankAccount: "6228480402564890018" });
  await createCertificate(db, { personId: worker.personId, level: 3, issuedOn: "2024-09-12", verifiedAt: new Date("2024-10-08T10:00:00+08:00") });
  await recordWorkerMonth(db, { workerId: employed.id, month: "2026-11", attendanceDays: 24, continuingEducationHours: 4 });
  const districtId = (await firstRow(db.select().from(users).where(eq(users.username, "district"))))!.id;
  const as = { userId: districtId, realUserId: districtId, ip: "e2e" };
  const [listId] = await refreshInstitutionLists(db, institution.id, "2026-11", as);
  await declareList(db, listId!, as);
  await openNotice(db, listId!, 5, as);
  await closeDatabase(db);

  // Anyone may read the notice: the list is on /notices, the name masked, the way to object named.
  const page = await signIn(browser, WORKER.username, WORKER.password);
  await page.goto("/notices");
  await page.locator(`a[href="/notices/allowances/${listId}"]`).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("长兴县雉城街道康宁养老院 2026-11 湖州市养老护理员岗位补贴发放名册");
  await expect(page.getByRole("cell", { name: "宋*梅（本人）" })).toBeVisible();
  await expect(page.getByText("长兴县民政局")).toBeVisible();
  // The header names the signed-in user; the notice itself never shows a full name.
  await expect(page.locator("main")).not.toContainText(WORKER.name);
  await axeAtBothWidths(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // From /my she objects about her own line.
  await page.goto("/my");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的补贴与记录");
  await expect(page.locator("tr", { hasText: "长兴县雉城街道康宁养老院" }).first()).toContainText("公示中");
  const form = page.locator("section", { has: page.getByRole("heading", { name: /对公示中的名册提出异议：长兴县雉城街道康宁养老院/ }) });
  await form.getByLabel("异议涉及").selectOption({ label: "三级 500 元" });
  await form.getByLabel("异议内容").fill("我11月还参加了夜班护理，出勤应为 26 天，请核对考勤");
  await form.getByRole("button", { name: "提出异议" }).click();
  await expect(page.getByRole("status")).toContainText("已提出异议");
  await expect(page.locator("#my-objections tr", { hasText: "出勤应为 26 天" })).toContainText("待答复");
  await axeAtBothWidths(page);

  // The district finds it on the list, marked as raised online, and answers it.
  const district = await signIn(browser, "district", DEMO_PASSWORD);
  await district.goto(`/allowances/${listId}`);
  const objection = district.locator("section.card", { hasText: "出勤应为 26 天" });
  await expect(objection).toContainText("本人在线提出");
  await objection.getByLabel("答复").fill("已核对考勤记录：11月出勤 24 天，补贴按三级发放，与出勤天数无关");
  await objection.getByRole("button", { name: "保存答复" }).click();
  await expect(district.getByRole("status")).toContainText("已答复异议");

  // The worker reads the answer on /my, and her home says an answer arrived.
  await page.goto("/learn");
  await expect(page.getByRole("link", { name: /异议已答复/ })).toBeVisible();
  await page.goto("/my");
  await expect(page.locator("#my-objections tr", { hasText: "出勤应为 26 天" })).toContainText("已核对考勤记录");
});
