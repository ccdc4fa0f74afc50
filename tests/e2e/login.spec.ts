import { demoRoles, DEMO_PASSWORD, expect, SESSION_COOKIE, test, type DemoRole } from "./fixtures.ts";

test.describe("login form", () => {
  for (const [role, { home, heading }] of Object.entries(demoRoles) as Array<[DemoRole, (typeof demoRoles)[DemoRole]]>) {
    test(`${role} logs in and lands on ${home}`, async ({ page, context }) => {
      await page.goto("/login");
      await expect(page.getByRole("heading", { level: 1, name: "登录" })).toBeVisible();
      await page.getByLabel("用户名").fill(role);
      await page.getByLabel("密码").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "登录", exact: true }).click();

      await expect(page).toHaveURL(new RegExp(`${home.replace("/", "\\/")}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);

      const session = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
      expect(session, "session cookie").toBeTruthy();
      expect(session!.httpOnly).toBe(true);
    });
  }
});

test("an anonymous visit to /admin is sent to /login", async ({ page }) => {
  const response = await page.goto("/admin");
  expect(response?.ok()).toBe(true);
  const url = new URL(page.url());
  expect(url.pathname).toBe("/login");
  expect(url.searchParams.get("redirectTo")).toBe("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "登录" })).toBeVisible();
});
