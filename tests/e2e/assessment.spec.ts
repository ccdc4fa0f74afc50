import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { createUser } from "../../seeds/factories.ts";
import { applications, assessmentPlans, assessmentSessions, organisations, partAttendance, sessionStaff, users } from "../../db/schema.ts";
import { DEMO_PASSWORD, expect, test } from "./fixtures.ts";

/**
 * The whole assessment day on the demo data; the demo base's session is staffed to open (2 invigilators,
 * 3 qualified examiners).
 */
test("a trainee applies, is approved, sits the theory exam with a reload, examiners score, the base publishes, the trainee sees the result", async ({ browser, page, loginAs }) => {
  test.setTimeout(120_000);
  const db = openDatabase(".tmp/e2e/carecert.db");
  const base = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县康养职业技能培训学校"))))!;
  const session = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.organisationId, base.id))))!;
  const staff = ["examiner-zhao", "examiner-sun", "examiner-ma"];
  const invigilatorId = (await firstRow(db.select({ userId: sessionStaff.userId }).from(sessionStaff).where(and(eq(sessionStaff.sessionId, session.id), eq(sessionStaff.duty, "invigilator")))))!.userId;

  // The trainee applies.
  await loginAs("trainee");
  await page.goto("/assessments");
  await page.getByRole("link", { name: new RegExp(session.name) }).click();
  await page.getByLabel("累计从事本职业或相关职业工作年限").fill("2");
  await page.getByRole("button", { name: "检查是否符合条件" }).click();
  await expect(page.getByRole("status")).toContainText("符合申报条件：累计从事本职业或相关职业工作满 1 年");
  await page.getByRole("button", { name: "提交申报" }).click();
  await expect(page.locator("section.card", { hasText: session.name })).toContainText("待审核");

  // The base approves and opens the session.
  const baseContext = await browser.newContext();
  const basePage = await baseContext.newPage();
  await login(basePage, "base");
  await basePage.goto(`/base/assessments/${session.id}`);
  const card = basePage.locator("section.card", { hasText: "李秀英" });
  await card.locator("summary", { hasText: /^通过…$/ }).click();
  await card.getByRole("button", { name: "确认通过" }).click();
  await expect(basePage.locator("section.card", { hasText: "李秀英" })).toContainText("申请审核通过");
  await basePage.locator("summary", { hasText: "开考…" }).click();
  await basePage.getByRole("button", { name: "确认开考" }).click();
  await expect(basePage.getByRole("status").filter({ hasText: "批次已开考" })).toContainText("考生已按考场编排");
  // The exam starts now rather than on the demo date, and the invigilator has checked her in at the door.
  await db.update(assessmentSessions).set({ theoryStartsAt: new Date(Date.now() - 60_000) }).where(eq(assessmentSessions.id, session.id));
  const seat = (await firstRow(db.select({ id: applications.id }).from(applications).innerJoin(users, eq(users.id, applications.userId)).where(and(eq(applications.sessionId, session.id), eq(users.username, "trainee")))))!;
  await db.insert(partAttendance).values({ applicationId: seat.id, part: "theory", status: "present", seat: "01", recordedBy: invigilatorId, recordedAt: new Date() });

  // The trainee sits the theory exam; a reload in the middle keeps every saved answer.
  await page.goto("/assessments");
  // At its time the paper starts by itself.
  await page.getByRole("link", { name: "进入理论考试" }).click();
  await expect(page.getByRole("timer")).toContainText("剩余时间");
  const questions = page.locator("fieldset.question");
  for (let i = 0; i < 5; i++) {
    await questions.nth(i).locator("input").first().check();
    await expect(questions.nth(i)).toContainText("已保存");
  }
  await page.reload();
  for (let i = 0; i < 5; i++) await expect(questions.nth(i).locator("input").first()).toBeChecked();
  await questions.nth(5).locator("input").first().check();
  await expect(questions.nth(5)).toContainText("已保存");
  // With JavaScript, 交卷 goes to the lean hand-in endpoint.
  const handedIn = page.waitForResponse((r) => /\/api\/exam\/\d+\/submit$/.test(r.url()) && r.status() === 200);
  await page.getByRole("button", { name: "交卷", exact: true }).click();
  await page.getByRole("button", { name: "确认交卷" }).click();
  await handedIn;
  await expect(page.getByText("已交卷")).toBeVisible();

  // Three examiners score the skill task independently.
  for (const username of staff) {
    const context = await browser.newContext();
    const examinerPage = await context.newPage();
    await login(examinerPage, username);
    await examinerPage.goto(`/examiner/sessions/${session.id}/skill`);
    const card = examinerPage.locator("details", { hasText: "李秀英" });
    await card.locator("summary").click();
    for (const input of await card.locator('input[type="number"]').all()) await input.fill(await input.getAttribute("max") ?? "0");
    await card.getByRole("button", { name: "提交评分" }).click();
    await expect(examinerPage.locator("details", { hasText: "李秀英" })).toContainText("已评 100 分");
    await context.close();
  }

  // Once the exam time is over the base publishes: the counts first, then the confirmation.
  await db.update(assessmentSessions).set({ theoryStartsAt: new Date(Date.now() - 3 * 3600_000) }).where(eq(assessmentSessions.id, session.id));
  await basePage.goto(`/base/assessments/${session.id}`);
  await basePage.getByRole("link", { name: "发布成绩…" }).click();
  await expect(basePage.locator("dl")).toContainText("合格");
  await basePage.getByRole("button", { name: "确认发布" }).click();
  await expect(basePage.getByRole("heading", { name: "成绩（及格线 60 分）" })).toBeVisible();
  await expect(basePage.locator(".flash")).toContainText(/已发布成绩：考生 \d+ 人，合格 \d+ 人/);
  await basePage.reload();
  await expect(basePage.locator(".flash")).toHaveCount(0);
  await page.goto("/assessments");
  await expect(page.locator("section.card", { hasText: session.name })).toContainText(/理论 \d+ 分 · 技能 100 分（及格线 60 分）/);
  await closeDatabase(db);
  await baseContext.close();
});

test("a 二级 review panel scores the 综合评审 independently and the chief examiner resolves their spread", async ({ browser }) => {
  test.setTimeout(90_000);
  const db = openDatabase(".tmp/e2e/carecert.db");
  const base = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县康养职业技能培训学校"))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(eq(assessmentPlans.level, 2))))!;
  const session = await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: plan.id, name: "e2e 技师综合评审", theoryStartsAt: new Date(Date.now() - 60_000), venue: "长兴", rooms: [{ name: "一号考场", capacity: 10 }], status: "open" }).returning());
  const candidate = await createUser(db, { username: "e2e-technician", password: DEMO_PASSWORD, role: "trainee", birthDate: "1971-04-01" });
  await db.insert(applications).values({ sessionId: session.id, userId: candidate.id, facts: { certificates: [], workYears: 12, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "取得三级证书后满 4 年", routes: [] }, status: "approved", room: "一号考场" });
  for (const [i, duty] of (["panel", "panel", "panel", "chief_examiner"] as const).entries()) {
    const user = await createUser(db, { username: `e2e-panel-${i}`, password: DEMO_PASSWORD, role: "examiner", organisationId: base.id, birthDate: "1968-09-01" });
    await db.insert(sessionStaff).values({ sessionId: session.id, userId: user.id, duty });
  }
  const name = candidate.person.name;
  // Three members score from their workbench; the first two differ by 15 points.
  for (const [i, off] of [0, 15, 5].entries()) {
    const context = await browser.newContext();
    const member = await context.newPage();
    await login(member, `e2e-panel-${i}`);
    await member.getByRole("link", { name: session.name, exact: true }).click();
    await expect(member.getByRole("heading", { name: "综合评审评分" })).toBeVisible();
    const card = member.locator("details", { hasText: name });
    // Nobody sees another member's score before submitting their own.
    await expect(card).toContainText("待评分");
    await card.locator("summary").click();
    // Full marks, less `off` points on the 答辩 item (worth 25).
    for (const input of await card.locator('input[type="number"]').all()) {
      const max = Number(await input.getAttribute("max"));
      await input.fill(String((await input.getAttribute("name")) === "item_defence" ? max - off : max));
    }
    await card.getByRole("button", { name: "提交评分" }).click();
    await expect(member.locator("details", { hasText: name })).toContainText(`已评 ${100 - off} 分`);
    await context.close();
  }
  const chiefContext = await browser.newContext();
  const chief = await chiefContext.newPage();
  await login(chief, "e2e-panel-3");
  await chief.goto(`/examiner/sessions/${session.id}/review`);
  const spreads = chief.locator("section.card", { hasText: "评分差异" });
  await expect(spreads).toContainText(`${name} · ${plan.reviewTasks[0]!.title}：评审专家评分相差 15 分`);
  // A confirmation needs a written reason: refused without one, then taken.
  await spreads.getByLabel("理由").fill("复");
  await spreads.getByLabel("理由").evaluate((input: HTMLInputElement) => input.removeAttribute("minlength"));
  await spreads.getByRole("button", { name: "确认平均分" }).click();
  await expect(spreads.getByRole("alert")).toContainText("请写明理由（至少 4 个字）");
  await spreads.getByLabel("理由").fill("答辩录音复听，平均分合理");
  await spreads.getByRole("button", { name: "确认平均分" }).click();
  await expect(spreads).toContainText("确认平均分：答辩录音复听，平均分合理");
  await chiefContext.close();
  await closeDatabase(db);
});

async function login(page: import("@playwright/test").Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
