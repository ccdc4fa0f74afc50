import path from "node:path";
import { expect, test } from "./fixtures.ts";

/**
 * The README's screenshots, from the demo data. Left out of the normal run (playwright.config.ts);
 * regenerate with `npm run screenshots`.
 * (Chinese text needs a CJK font on the machine, e.g. Debian's fonts-noto-cjk.)
 */
const docs = path.resolve(import.meta.dirname, "../../docs");

test.describe("README screenshots", () => {
  test.describe("desktop", () => {
    test.use({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });

    test("district officer's region overview", async ({ page, loginAs }) => {
      await loginAs("district");
      await page.goto("/region");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("长兴县概览");
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: path.join(docs, "screenshot.png") });
    });
  });

  test.describe("phone", () => {
    test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });

    test("trainee's learning home", async ({ page, loginAs }) => {
      await loginAs("trainee");
      await page.goto("/learn");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的学习");
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: path.join(docs, "screenshot-mobile.png") });
    });

    test("the phone's menu, opened by an institution admin", async ({ page, loginAs }) => {
      await loginAs("institution");
      await page.goto("/institution");
      await page.getByText("菜单").click();
      await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "补贴名册" })).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: path.join(docs, "screenshot-mobile-menu.png") });
    });
  });
});
