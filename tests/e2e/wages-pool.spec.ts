import { expect, expectNoAxeViolations, idNumberCheckChar, test } from "./fixtures.ts";

const widths = [390, 1366];

test("the city officer enters a 工资价位 figure and reads /wages against it, at a phone's and a laptop's width", async ({ page, loginAs }) => {
  await loginAs("city");
  // A year of its own, so no other spec's figures are touched.
  await page.goto("/wages/guidance");
  await page.getByLabel("地区").selectOption({ label: "长兴县" });
  await page.getByLabel("年份").fill("2031");
  await page.getByLabel("职业").selectOption({ label: "养老护理员" });
  await page.getByLabel("等级").selectOption({ label: "三级" });
  await page.getByLabel("低位数（元/月）").fill("6000");
  await page.getByLabel("中位数（元/月）").fill("5800");
  await page.getByLabel("高位数（元/月）").fill("8000");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("低位数不能高于中位数")).toBeVisible();
  await page.getByLabel("中位数（元/月）").fill("6800");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toContainText("已录入工资价位 长兴县 2031 年养老护理员三级：¥6,000.00 / ¥6,800.00 / ¥8,000.00");
  await expect(page.getByText("删除 长兴县 2031 年养老护理员三级…")).toBeVisible();

  await page.goto("/region");
  await page.getByRole("link", { name: "工资价位监测" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("工资价位监测 · 湖州市");
  await expect(page.getByText(/不足 3 人的分组只显示人数，不显示工资/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "下辖地区" })).toBeVisible();
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
  }
});

test("a district officer adds an expert and finds them in the region's pool", async ({ page, loginAs }) => {
  await loginAs("district");
  const serial = String(Date.now() % 1000).padStart(3, "0");
  const name = `测试专家${"甲乙丙丁戊己庚辛壬癸"[Number(serial) % 10]}`;
  const first17 = `33052219800101${serial}`;
  const idNumber = first17 + idNumberCheckChar(first17);
  await page.goto("/region/experts");
  await page.getByLabel("所属地区").selectOption({ label: "长兴县" });
  await page.getByLabel("姓名").fill(name);
  await page.getByLabel("身份证号码").fill(idNumber);
  await page.getByLabel("职业").selectOption({ label: "养老护理员" });
  await page.getByLabel("专长").fill("e2e 康复服务");
  await page.getByLabel("职称 / 资格").fill("主管护师");
  await page.getByRole("button", { name: "登记" }).click();
  await expect(page.getByRole("status")).toContainText(`已将 ${name} 加入专家库`);

  await page.goto("/region/pool");
  await page.getByLabel("查看").selectOption({ label: "专家" });
  await page.getByLabel("姓名、擅长或单位").fill("e2e 康复");
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: `330522********${idNumber.slice(14)}` })).toBeVisible();
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
  }
});
