import fs from "node:fs";
import * as mupdf from "mupdf";
import { expect, expectNoAxeViolations, test } from "./fixtures.ts";

test("the city officer opens the indicators, drills into 长兴县 and downloads its PDF", async ({ page, loginAs }) => {
  test.setTimeout(90_000); // two axe passes over a wide table on a shared 2-core machine
  await loginAs("city");
  await page.goto("/region");
  await page.getByRole("link", { name: "队伍建设指标" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("湖州市队伍建设指标");
  await expect(page.getByText(/人口口径：常住人口 2025 年，60 岁以上 [\d,]+ 人/)).toBeVisible();
  await expect(page.getByRole("img", { name: "各下级地区每万老年人拥有持证养老护理员数" })).toBeVisible();
  await expect(page.getByRole("img", { name: "湖州市每万老年人拥有持证养老护理员数（按月）" })).toBeVisible();
  await expect(page.getByRole("cell", { name: /还需 [\d,]+ 名持证养老护理员/ })).toBeVisible();

  await page.getByRole("link", { name: "长兴县", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("长兴县队伍建设指标");
  await expect(page.getByRole("navigation", { name: "地区层级" }).getByRole("link", { name: "湖州市" })).toBeVisible();
  await expect(page.getByRole("link", { name: "雉城街道" })).toBeVisible();
  // The seventh indicator and the targeted-training rates (#15 items 7 and 9).
  const table = page.getByRole("table").first();
  for (const name of ["居家养老服务机构社工配备", "新入职养老护理员培训率", "“4050”人员养老护理员培训率", "乡镇（街道）专职养老社工"]) {
    await expect(table.getByRole("cell", { name, exact: true })).toBeVisible();
  }
  await expect(table.getByRole("cell", { name: /个居家养老服务机构有社工$/ })).toBeVisible();
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
  }
  await page.setViewportSize({ width: 1366, height: 900 });

  await page.getByLabel("人口口径").selectOption("registered");
  await page.getByRole("button", { name: "更新" }).click();
  await expect(page.getByText(/人口口径：户籍人口 2025 年/)).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 PDF" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^长兴县队伍建设指标-\d{4}-\d{2}-\d{2}\.pdf$/);
  const pdf = mupdf.Document.openDocument(fs.readFileSync((await file.path())!), "application/pdf");
  const text = pdf.loadPage(0).toStructuredText("preserve-whitespace").asText().replace(/\s+/g, "");
  expect(text).toContain("长兴县养老服务人才队伍建设指标");
  expect(text).toContain("户籍人口2025年");
  expect(text).toContain("指标定义");
});
