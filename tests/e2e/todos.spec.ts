import { firstRow } from "../../db/query.ts";
import type { Browser, Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { openDatabase } from "../../db/client.ts";
import { createCertificate, createPerson, createWorker, recordWorkerMonth } from "../../seeds/factories.ts";
import { organisations } from "../../db/schema.ts";
import { lastEndedMonth } from "../../app/home/todo-rules.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import { demoRoles, DEMO_PASSWORD, expect, test, type DemoRole } from "./fixtures.ts";

/** Every demo role's home starts with its to-dos; a count is what its link shows, and acting on one moves the counts. */
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

// The browser tests share one demo database with every other spec (allowances.spec declares and approves November, the
// assessment specs publish sessions), so exact counts are checked in tests/integration/todos.test.ts on data of their
// own; here each role's cards are there, and a count is what its link shows and moves when someone acts.
test("each demo role sees its to-dos with counts, or 暂无待办", async ({ page, loginAs }) => {
  const expected: Record<DemoRole, string[] | null> = {
    admin: null,
    examiner: null,
    trainee: ["lesson:elderly-caregiver-5"],
    base: ["certificates"],
    institution: [],
    district: ["external-certificates"],
    city: ["external-certificates"],
  };
  for (const [role, keys] of Object.entries(expected) as Array<[DemoRole, string[] | null]>) {
    await page.context().clearCookies();
    await loginAs(role);
    await page.goto(demoRoles[role].home);
    const section = page.locator("section.todos").first();
    await expect(section.getByRole("heading", { level: 2 })).toHaveText(/待办$/);
    if (keys === null) {
      await expect(section).toContainText("暂无待办");
      continue;
    }
    for (const key of keys) await expect(countOn(page, key), `${role} ${key}`).toHaveText(/^[1-9]\d*$/);
    if (role === "trainee") {
      // The demo trainee has not finished a lesson: every lesson of the course is left.
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
  // A worker of a 长兴县 institution with an external certificate to confirm, added for this test.
  const db = openDatabase(".tmp/e2e/carecert.db");
  const institution = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县社会福利中心"))))!;
  const person = await createPerson(db, { name: "待核验证书人" });
  await createCertificate(db, { personId: person.id, verifiedAt: null });
  const worker = await createWorker(db, { organisationId: institution.id, personId: person.id });
  await recordWorkerMonth(db, { workerId: worker.id, month });
  db.$sqlite.close();

  const countOf = async (page: Page, key: string) => Number(await countOn(page, key).textContent());
  const district = await pageFor(browser, "district");
  const city = await pageFor(browser, "city");
  const before = { district: await countOf(district, "external-certificates"), city: await countOf(city, "external-certificates") };

  // The card opens the page with exactly that many certificates to confirm.
  await card(city, "external-certificates").click();
  await expect(city).toHaveURL("/region/external-certificates");
  await expect(city.locator('input[name="certificateId"]')).toHaveCount(before.city);
  await card(district, "external-certificates").click();
  await expect(district.locator('input[name="certificateId"]')).toHaveCount(before.district);

  // The district confirms the new one: one fewer for the district and for the city.
  await district.locator("tr", { hasText: "待核验证书人" }).locator('input[name="certificateId"]').check();
  await district.getByRole("button", { name: "确认所选证书" }).click();
  await district.goto("/region");
  if (before.district === 1) await expect(card(district, "external-certificates")).toHaveCount(0);
  else await expect(countOn(district, "external-certificates")).toHaveText(String(before.district - 1));
  await city.goto("/region");
  await expect(countOn(city, "external-certificates")).toHaveText(String(before.city - 1));
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
