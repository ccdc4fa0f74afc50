import type { Browser, Page } from "@playwright/test";
import { lastEndedMonth } from "../../app/home/todo-rules.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import { demoRoles, DEMO_PASSWORD, expect, test, type DemoRole } from "./fixtures.ts";

/**
 * Every demo role's home starts with its to-dos; a count is what its link shows, and acting on one moves the counts:
 * the institution declares its month and the district sees one more list to review, the district confirms a
 * certificate and both lose that to-do. The demo seed leaves November's lists undeclared (see db/seed-demo-allowances.ts).
 */
const month = lastEndedMonth(chinaDate(new Date()));
const card = (page: Page, key: string) => page.locator(`[data-todo="${key}"]`);
const countOn = (page: Page, key: string) => card(page, key).locator(".stat");

async function pageFor(browser: Browser, role: DemoRole): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("用户名").fill(role);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(demoRoles[role].home);
  return page;
}

test("each demo role sees its to-dos with counts, or 暂无待办", async ({ page, loginAs }) => {
  const expected: Record<DemoRole, Record<string, string> | null> = {
    admin: null,
    examiner: null,
    // The demo trainee has not finished a lesson: every lesson of the course is left (counted on the course page below).
    trainee: {},
    base: { certificates: "1" },
    institution: { [`declare:${month}`]: "1" },
    district: { "external-certificates": "1" },
    city: { "external-certificates": "5" },
  };
  for (const [role, todos] of Object.entries(expected) as Array<[DemoRole, Record<string, string> | null]>) {
    await page.context().clearCookies();
    await loginAs(role);
    await page.goto(demoRoles[role].home);
    const section = page.locator("section.todos").first();
    await expect(section.getByRole("heading", { level: 2 })).toHaveText(/待办$/);
    if (todos === null) {
      await expect(section).toContainText("暂无待办");
      continue;
    }
    for (const [key, count] of Object.entries(todos)) await expect(countOn(page, key), `${role} ${key}`).toHaveText(count);
    if (role === "trainee") {
      const left = await countOn(page, "lesson:elderly-caregiver-5").textContent();
      await card(page, "lesson:elderly-caregiver-5").click();
      await expect(page).toHaveURL(/\/courses\/elderly-caregiver-5\/lessons\//);
      await page.goto("/courses/elderly-caregiver-5");
      await expect(page.locator('a[href^="/courses/elderly-caregiver-5/lessons/"]')).toHaveCount(Number(left));
    }
  }
});

test("a count is what its link shows, and acting on a to-do changes the counts", async ({ browser }) => {
  test.setTimeout(90_000);
  const institution = await pageFor(browser, "institution");
  const district = await pageFor(browser, "district");
  await expect(card(district, `review:${month}`)).toHaveCount(0);

  // The city's external certificates: five to confirm, five rows on the page the card opens.
  const city = await pageFor(browser, "city");
  await card(city, "external-certificates").click();
  await expect(city).toHaveURL("/region/external-certificates");
  await expect(city.locator('input[name="certificateId"]')).toHaveCount(5);

  // The institution's card opens /allowances on the month to declare; /allowances alone opens there too.
  await card(institution, `declare:${month}`).click();
  await expect(institution).toHaveURL(`/allowances?month=${month}`);
  await institution.goto("/allowances");
  await expect(institution.getByRole("heading", { name: `${month} 名册` })).toBeVisible();
  await institution.getByRole("link", { name: "长兴县社会福利中心" }).click();
  await institution.getByRole("button", { name: "核对无误，申报" }).click();
  await expect(institution.getByText("已申报，区县审核中")).toBeVisible();
  await institution.goto("/institution");
  await expect(card(institution, `declare:${month}`)).toHaveCount(0);

  // The district now has one list to review; its card and /allowances both open on that month.
  await district.goto("/region");
  await expect(countOn(district, `review:${month}`)).toHaveText("1");
  await card(district, `review:${month}`).click();
  await expect(district.locator("tbody tr", { hasText: "已申报，区县审核中" })).toHaveCount(1);

  // Confirming the district's one external certificate clears that to-do for the district and the institution.
  await district.goto("/region");
  await card(district, "external-certificates").click();
  await expect(district.locator('input[name="certificateId"]')).toHaveCount(1);
  await district.locator('input[name="certificateId"]').check();
  await district.getByRole("button", { name: "确认所选证书" }).click();
  await district.goto("/region");
  await expect(card(district, "external-certificates")).toHaveCount(0);
  await city.goto("/region");
  await expect(countOn(city, "external-certificates")).toHaveText("4");
  await institution.goto("/institution");
  await expect(institution.locator('[data-todo^="external:"]')).toHaveCount(0);
});

test("log in as lands on the user's workspace", async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.goto("/admin/users");
  await page.locator("tr", { has: page.getByRole("cell", { name: "institution", exact: true }) }).getByRole("link").click();
  await page.getByRole("button", { name: "以此身份登录" }).click();
  await expect(page).toHaveURL("/institution");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(demoRoles.institution.heading);
  await expect(page.getByRole("heading", { name: "机构待办" })).toBeVisible();
});
