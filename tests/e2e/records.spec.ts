import { makeIdNumber } from "../../seeds/factories.ts";
import { expect, test } from "./fixtures.ts";

/** Records kept by hand: a class edited, a teacher retired (asked first), one worker added and found again. */

test("the base edits a class's name and is told what changed", async ({ page, loginAs }) => {
  await loginAs("base");
  await page.goto("/base/classes");
  await page.getByRole("link", { name: "2026年第4期养老护理员（五级）培训班" }).click();
  await page.locator("summary", { hasText: "修改班级信息" }).click();
  await page.getByLabel("班级名称").first().fill("2026年第4期养老护理员（五级）周末班");
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByRole("status")).toContainText("已修改班级的 1 项信息");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("2026年第4期养老护理员（五级）周末班");
});

test("the base retires a teacher who has taught, after confirming, and the timetable keeps her", async ({ page, loginAs }) => {
  await loginAs("base");
  await page.goto("/base/teachers");
  await page.locator("summary", { hasText: "停用 钱丽萍…" }).click();
  await expect(page.getByText("钱丽萍 已安排 2 个课次")).toBeVisible();
  await page.getByRole("button", { name: "确认停用 钱丽萍" }).click();
  await expect(page.getByRole("status")).toContainText("已停用师资：钱丽萍");
  await expect(page.getByRole("row", { name: /钱丽萍/ })).toContainText("已停用");
  await page.goto("/base/classes");
  await page.getByRole("link", { name: /2026年第4期养老护理员/ }).click();
  await expect(page.locator("#schedule ~ details").first()).toContainText("钱丽萍");
});

test("the institution adds one worker by form and finds her by name", async ({ page, loginAs }) => {
  await loginAs("institution");
  await page.goto("/institution/workers");
  const form = page.locator("#worker-form");
  await form.getByLabel("姓名").fill("柳翠华");
  await form.getByLabel("身份证号码").fill(makeIdNumber({ birthDate: "1976-08-19", gender: "female", serial: 4711 }));
  await form.getByLabel("职业").selectOption("养老护理员");
  await form.getByLabel("岗位").selectOption("护理员");
  await form.getByLabel("入职日期").fill("2025-03-01");
  await form.getByRole("button", { name: "添加" }).click();
  await expect(page.getByRole("status")).toContainText("已将 柳翠华 加入从业人员名册");

  await page.getByRole("search").getByLabel("姓名或身份证号").fill("柳翠华");
  await page.getByRole("search").getByRole("button", { name: "查找" }).click();
  await expect(page.getByRole("heading", { name: "人员（1 人）" })).toBeVisible();
  await expect(page.getByRole("row", { name: /柳翠华/ })).toContainText("养老护理员 / 护理员");
});
