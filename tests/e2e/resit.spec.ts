import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { createUser } from "../../seeds/factories.ts";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, organisations, sessionStaff, skillScores, skillTaskDraws } from "../../db/schema.ts";
import { DEMO_PASSWORD, expect, expectNoAxeViolations, test } from "./fixtures.ts";

/**
 * 补考 of one part: a trainee who passed theory and failed skill applies to a later session for the skill part only,
 * keeps the theory score, and passes. Scores are written straight into the e2e server's database.
 */
test("a trainee re-sits only the failed skill part, keeps the theory score and passes", async ({ browser, page }) => {
  test.setTimeout(90_000);
  const db = openDatabase(".tmp/e2e/carecert.db");
  const base = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县康养职业技能培训学校"))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(and(eq(assessmentPlans.occupation, "elderly_caregiver"), eq(assessmentPlans.level, 4)))))!;
  const facts = { certificates: [], workYears: 5, apprenticeshipCompleted: false, schooling: [], completedCourses: [] };
  const eligibility = { eligible: true, metRoute: "累计从事本职业或相关职业工作满 4 年", routes: [] };
  const trainee = await createUser(db, { username: "e2e-resit", password: DEMO_PASSWORD, role: "trainee", birthDate: "1986-07-23" });
  const earlier = await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: plan.id, name: "e2e 四级第一次", theoryStartsAt: new Date("2026-09-01T01:00:00Z"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 10 }], status: "published", publishedAt: new Date("2026-09-10T01:00:00Z") }).returning());
  const failed = await returnedRow(db.insert(applications).values({ sessionId: earlier.id, userId: trainee.id, facts, eligibility, status: "approved", room: "一号考场" }).returning());
  await db.insert(assessmentResults).values({ applicationId: failed.id, theoryScore: 82, skillScore: 40, passed: false, publishedAt: new Date("2026-09-10T01:00:00Z") });
  const later = await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: plan.id, name: "e2e 四级补考批次", theoryStartsAt: new Date(Date.now() + 7 * 24 * 3600_000), venue: "长兴", rooms: [{ name: "一号考场", capacity: 10 }] }).returning());

  // The application form offers the 补考 of the failed part.
  await login(page, "e2e-resit");
  await page.goto("/assessments");
  await page.getByRole("link", { name: new RegExp(later.name) }).click();
  await expect(page.locator("section.card", { hasText: "补考" })).toContainText("补考技能考核（保留理论 82 分）");
  await page.getByRole("button", { name: "申报补考技能考核" }).click();
  await expect(page.locator("section.card", { hasText: later.name })).toContainText("补考技能考核");

  // Approved, opened and scored by three examiners (written straight in); the exam time is over.
  const resit = (await firstRow(db.select().from(applications).where(eq(applications.sessionId, later.id))))!;
  await db.update(applications).set({ status: "approved", room: "一号考场" }).where(eq(applications.id, resit.id));
  await db.update(assessmentSessions).set({ status: "open", theoryStartsAt: new Date(Date.now() - 3 * 3600_000) }).where(eq(assessmentSessions.id, later.id));
  const task = plan.skillTasks[0]!;
  await db.insert(skillTaskDraws).values({ applicationId: resit.id, seed: 1, taskIds: [task.id], drawnAt: new Date() });
  for (let i = 0; i < 3; i++) {
    const examiner = await createUser(db, { username: `e2e-resit-examiner-${i}`, password: DEMO_PASSWORD, role: "examiner", organisationId: base.id, birthDate: `1972-0${i + 1}-17` });
    await db.insert(sessionStaff).values({ sessionId: later.id, userId: examiner.id, duty: "examiner" });
    await db.insert(skillScores).values({ applicationId: resit.id, taskId: task.id, examinerId: examiner.id, items: {}, total: 90, criticalFailed: [], submittedAt: new Date() });
  }

  // The base publishes: no theory paper was needed, the kept score counts.
  const baseContext = await browser.newContext();
  const basePage = await baseContext.newPage();
  await login(basePage, "base");
  await basePage.goto(`/base/assessments/${later.id}/publish`);
  await expect(basePage.locator("dl")).toContainText(/合格\s*1 人/);
  await expectNoAxeViolations(basePage);
  await basePage.getByRole("button", { name: "确认发布" }).click();
  await expect(basePage.getByRole("heading", { name: "成绩（及格线 60 分）" })).toBeVisible();
  await baseContext.close();

  await page.goto("/assessments");
  await expect(page.locator("section.card", { hasText: later.name })).toContainText("理论 82 分（保留） · 技能 90 分（及格线 60 分）：合格");
  await closeDatabase(db);
});

async function login(page: import("@playwright/test").Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
