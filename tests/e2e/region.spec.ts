import { expect, test } from "./fixtures.ts";

test.describe("district officer's region scope (长兴县)", () => {
  test.beforeEach(async ({ loginAs }) => {
    await loginAs("district");
  });

  test("own region is the home page", async ({ page }) => {
    await page.goto("/region");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("长兴县概览");
  });

  test("a street inside the county is visible", async ({ page }) => {
    const response = await page.goto("/region?code=330522001");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("雉城街道概览");
  });

  test("another district (吴兴区) is a 404", async ({ page }) => {
    const response = await page.goto("/region?code=330502");
    expect(response?.status()).toBe(404);
    await expect(page.locator("main")).toContainText(/页面不存在|不在您的管辖范围内/);
    await expect(page.getByText("吴兴区")).toHaveCount(0);
  });
});

test("the city officer (湖州市) does see 吴兴区, so the district's 404 is about scope", async ({ page, loginAs }) => {
  await loginAs("city");
  const response = await page.goto("/region?code=330502");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("吴兴区概览");
});
