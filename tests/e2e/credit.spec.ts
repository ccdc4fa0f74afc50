import { makeCreditCode } from "../../seeds/factories.ts";
import { expect, expectNoAxeViolations, test } from "./fixtures.ts";

// The demo childcare centre in 长兴县 (seeds/seed-demo.ts): a red-list entry on it changes nothing other specs read.
const CENTRE = "长兴县画溪街道小太阳托育园";
const CENTRE_CODE = makeCreditCode({ regionCode: "330522", serial: 105 });
const viewports = [
  { width: 390, height: 844 },
  { width: 1366, height: 900 },
];

test("a district officer honours an institution, the public sees it, and the officer revokes it", async ({ page, loginAs }) => {
  // Seven axe runs at two widths on a shared 2-core machine.
  test.setTimeout(120_000);
  await loginAs("district");
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await page.goto("/region/credit");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("红黑名单");
    await expectNoAxeViolations(page);
  }

  await page.goto("/region/credit/new");
  await page.getByLabel("名单", { exact: true }).selectOption("red");
  await page.getByLabel("对象", { exact: true }).selectOption("organisation");
  await page.getByLabel("统一社会信用代码（机构）").fill(CENTRE_CODE);
  await page.getByLabel("生效日期（表彰日期）").fill("2026-11-28");
  await page.getByLabel("表彰称号").fill("长兴县示范托育机构");
  await page.getByLabel("授予单位").fill("长兴县民政局");
  await page.getByRole("button", { name: "核对并预览" }).click();
  await expect(page.getByRole("heading", { name: "请确认" })).toBeVisible();
  await page.getByText("列入红名单…").click();
  await expect(page.getByText(`${CENTRE} 列入红名单：长兴县示范托育机构（长兴县民政局），2026-11-28 起，至撤销为止`)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "确认列入红名单" }).click();
  await expect(page).toHaveURL(/\/region\/credit\/\d+$/);
  await expect(page.getByRole("status").filter({ hasText: `已将 ${CENTRE} 列入红名单` })).toBeVisible();
  const entryUrl = page.url();
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await expectNoAxeViolations(page);
  }

  // The public notice names an institution in full (a person would be masked), with no credit code.
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await page.goto("/notices/credit");
    await expect(page.getByText(`${CENTRE}（机构）`)).toBeVisible();
    await expect(page.getByText(CENTRE_CODE)).toHaveCount(0);
    await expectNoAxeViolations(page);
  }

  await page.goto(entryUrl);
  await page.getByText("撤销记录…").click();
  await page.getByLabel("撤销原因").fill("表彰文件尚未印发，先行撤销");
  await page.getByRole("button", { name: "确认撤销记录" }).click();
  await expect(page.getByRole("status").filter({ hasText: "今日起不再有效" })).toBeVisible();
  await expect(page.locator("main .tag").first()).toHaveText("已撤销");
  await page.goto("/notices/credit");
  await expect(page.getByText(`${CENTRE}（机构）`)).toHaveCount(0);
});

test("the district officer finds the demo appeal waiting for a decision", async ({ page, loginAs }) => {
  await loginAs("district");
  await page.goto("/region/credit?appeal=open");
  await expect(page.getByRole("link", { name: /（从业人员）/ }).first()).toBeVisible();
  await page.getByRole("link", { name: /（从业人员）/ }).first().click();
  await expect(page.getByRole("heading", { name: "申诉" })).toBeVisible();
  await expect(page.getByText("申诉成立…")).toBeVisible();
  await expectNoAxeViolations(page);
});
