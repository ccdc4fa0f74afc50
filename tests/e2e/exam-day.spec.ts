import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { createUser } from "../../seeds/factories.ts";
import { applications, assessmentPlans, assessmentSessions, organisations, partAttendance, sessionStaff } from "../../db/schema.ts";
import { DEMO_PASSWORD, expect, expectNoAxeViolations, test } from "./fixtures.ts";

/**
 * The candidate's exam day on a phone: the invigilator checks her in at the door, the paper starts by
 * itself, she moves with the navigator, the countdown stays on screen, and 交卷 asks first.
 * The session, its invigilator and the candidate are written straight into the e2e server's database.
 */
const SHOTS = ".tmp/e2e/screens";

async function login(page: import("@playwright/test").Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

test("check-in at the door, then the paper on a 390 px phone: navigator, countdown in view, 交卷 confirmed", async ({ browser }) => {
  test.setTimeout(120_000);
  const db = openDatabase(".tmp/e2e/carecert.db");
  const base = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县康养职业技能培训学校"))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(and(eq(assessmentPlans.occupation, "elderly_caregiver"), eq(assessmentPlans.level, 5)))))!;
  const session = await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: plan.id, name: "e2e 考务日批次", theoryStartsAt: new Date(Date.now() - 60_000), venue: "长兴县职业技能实训基地", rooms: [{ name: "一号考场", capacity: 30 }], status: "open" }).returning());
  const candidate = await createUser(db, { username: "e2e-exam-day", name: "王桂兰", password: DEMO_PASSWORD, role: "trainee", birthDate: "1972-03-15" });
  await db.insert(applications).values({ sessionId: session.id, userId: candidate.id, facts: { certificates: [], workYears: 2, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "从事本职业 1 年", routes: [] }, status: "approved", room: "一号考场" });
  const invigilator = await createUser(db, { username: "e2e-door", password: DEMO_PASSWORD, role: "examiner", organisationId: base.id, birthDate: "1975-06-01" });
  await db.insert(sessionStaff).values({ sessionId: session.id, userId: invigilator.id, duty: "invigilator", room: "一号考场" });

  // The candidate opens the exam before she is checked in: the page tells her to go to the door.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await login(page, "e2e-exam-day");
  await page.goto(`/exam/${session.id}`);
  await expect(page.getByText("由监考员核验入场")).toBeVisible();

  // The invigilator checks her in at the door (a desktop at 1366 px).
  const desk = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const door = await desk.newPage();
  await login(door, "e2e-door");
  await door.goto(`/examiner/sessions/${session.id}`);
  await door.getByRole("link", { name: "入场核验与缺考" }).click();
  await door.getByLabel("考生身份证号码").fill("110101199001011234");
  await door.getByRole("button", { name: "核验入场" }).click();
  await expect(door.getByRole("alert")).toContainText("不在本批次审核通过的考生名单中");
  await door.getByLabel("考生身份证号码").fill(candidate.person.idNumber);
  await door.getByRole("button", { name: "核验入场" }).click();
  await expect(door.getByRole("status")).toContainText("核验通过：王桂兰 · 一号考场 · 座号 01");
  await expectNoAxeViolations(door);
  await door.screenshot({ path: `${SHOTS}/check-in-1366.png`, fullPage: true });
  await desk.close();

  // Checked in, the paper starts by itself (the page looks again every 15 seconds; a reload is quicker here).
  await page.reload();
  const timer = page.getByRole("timer");
  await expect(timer).toContainText("剩余时间");
  await expect(page.getByRole("heading", { name: /判断题/ })).toBeVisible();
  const visible = page.locator("fieldset.question:visible");
  await visible.first().locator("input").first().check();
  await expect(visible.first()).toContainText("已保存");
  await expect(page.getByRole("button", { name: "第 1 题，已答" })).toBeVisible();

  // The navigator moves to the 单选 section; only its questions are on the page.
  const singleButton = page.locator(".navigator-section", { hasText: "单选题" }).locator("button").first();
  const singleNumber = Number(await singleButton.textContent());
  await singleButton.click();
  await expect(page.getByRole("heading", { name: /单选题/ })).toBeVisible();
  await expect(visible.first()).toContainText(`${singleNumber}.`);
  await visible.first().locator("input").nth(1).check();
  await expect(visible.first()).toContainText("已保存");

  // Scrolled to the bottom, the countdown is still on the screen.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const box = await timer.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(844);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/exam-390-scrolled.png` });

  // 交卷 asks first and names the unanswered questions.
  const total = await page.locator("fieldset.question").count();
  await page.getByRole("button", { name: "交卷", exact: true }).click();
  const confirm = page.getByRole("region", { name: "确认交卷" });
  await expect(confirm).toContainText(`共 ${total} 题，已答 2 题，还有 ${total - 2} 题未作答`);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SHOTS}/exam-390-confirm.png` });
  await confirm.getByRole("link", { name: "返回检查" }).click();
  await expect(confirm).toHaveCount(0);
  await page.getByRole("button", { name: "交卷", exact: true }).click();
  await page.getByRole("button", { name: "确认交卷" }).click();
  await expect(page.getByText("已交卷")).toBeVisible();
  await phone.close();
  await closeDatabase(db);
});

test("the exam page on a 1366 px screen, and the countdown to the start", async ({ browser }) => {
  test.setTimeout(90_000);
  const db = openDatabase(".tmp/e2e/carecert.db");
  const base = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县康养职业技能培训学校"))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(and(eq(assessmentPlans.occupation, "elderly_caregiver"), eq(assessmentPlans.level, 5)))))!;
  const session = await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: plan.id, name: "e2e 稍后开考批次", theoryStartsAt: new Date(Date.now() + 20_000), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }], status: "open" }).returning());
  const candidate = await createUser(db, { username: "e2e-exam-later", password: DEMO_PASSWORD, role: "trainee", birthDate: "1973-08-20" });
  const application = await returnedRow(db.insert(applications).values({ sessionId: session.id, userId: candidate.id, facts: { certificates: [], workYears: 2, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "从事本职业 1 年", routes: [] }, status: "approved", room: "一号考场" }).returning());
  await db.insert(partAttendance).values({ applicationId: application.id, part: "theory", status: "present", seat: "01", recordedBy: candidate.id, recordedAt: new Date() });

  const desk = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await desk.newPage();
  await login(page, "e2e-exam-later");
  await page.goto(`/exam/${session.id}`);
  // A countdown to the start, then the paper loads without a reload.
  await expect(page.getByText("到时本页自动开始答题")).toBeVisible();
  await expect(page.getByRole("timer")).toContainText("剩余时间", { timeout: 30_000 });
  await expectNoAxeViolations(page);
  await page.screenshot({ path: `${SHOTS}/exam-1366.png` });
  await desk.close();
  await closeDatabase(db);
});
