import { firstRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { createUser, createWorker } from "../../seeds/factories.ts";
import { applications, competitions, competitionSittings, competitionTheorySeats, organisations, partAttendance, users } from "../../db/schema.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import { DEMO_PASSWORD, expect, expectNoAxeViolations, test } from "./fixtures.ts";

const day = (offset: number) => chinaDate(new Date(Date.now() + offset * 86_400_000));

async function login(page: Page, username: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function axeAtBothWidths(page: Page) {
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoAxeViolations(page);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * One competition from entry to public results: the district creates it, the demo institution enters two of its
 * caregivers, the district accepts them and names three judges; on the days (moved into the past here) both sit the
 * 初赛 and 决赛 papers in the exam page, the judges score the practical, the district publishes and the public page
 * shows the masked names.
 */
test("a competition from entry to public results", async ({ browser, page, loginAs }) => {
  test.setTimeout(240_000);
  const db = openDatabase(".tmp/e2e/carecert.db");
  const welfare = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县社会福利中心"))))!;
  const competitors: Array<Awaited<ReturnType<typeof createUser>>> = [];
  for (const [i, name] of ["黄佳慧", "郑国梁"].entries()) {
    const user = await createUser(db, { username: `e2e-competitor-${i}`, name, password: DEMO_PASSWORD, role: "trainee", birthDate: `1985-0${i + 3}-11` });
    await createWorker(db, { organisationId: welfare.id, personId: user.person.id });
    competitors.push(user);
  }
  const title = `e2e 长兴县养老护理技能竞赛 ${Date.now()}`;

  // The district officer creates the competition.
  await loginAs("district");
  await page.goto("/region/competitions");
  await page.getByLabel("竞赛名称").fill(title);
  await page.getByLabel("五级").check();
  await page.getByLabel("承办单位（理论考试考场）").selectOption({ label: "长兴县康养职业技能培训学校" });
  await page.getByLabel("报名截止日期").fill(day(0));
  await page.getByLabel("初赛日期").fill(day(1));
  await page.getByLabel("决赛日期").fill(day(2));
  await page.getByLabel("每个等级组别晋级决赛的人数").fill("2");
  await page.getByLabel("二等奖名额").fill("1");
  await page.getByLabel("一等奖奖金（元）").fill("2000");
  await page.getByRole("button", { name: "创建竞赛" }).click();
  await expect(page.locator(".flash")).toContainText(`已创建竞赛“${title}”`);
  const competitionUrl = new URL(page.url()).pathname;
  const competitionId = Number(competitionUrl.split("/").pop());
  await axeAtBothWidths(page);

  // The institution enters both caregivers.
  const institutionContext = await browser.newContext();
  const institution = await institutionContext.newPage();
  await login(institution, "institution");
  await institution.goto(`/org/competitions/${competitionId}`);
  for (const c of competitors) {
    await institution.getByLabel("选手").selectOption({ label: c.person.name });
    await institution.getByRole("button", { name: "报名", exact: true }).click();
    await expect(institution.locator(".flash")).toContainText(`已报名：${c.person.name}`);
  }
  await axeAtBothWidths(institution);

  // The district accepts both and names the judges.
  await page.goto(competitionUrl);
  for (const c of competitors) {
    await page.getByRole("row", { name: new RegExp(c.person.name) }).getByRole("button", { name: "通过", exact: true }).click();
    await expect(page.locator(".flash")).toContainText("报名已审核通过");
  }
  for (const judge of ["陈志强", "赵红梅", "孙立新"]) await page.getByRole("checkbox", { name: new RegExp(judge) }).check();
  await page.getByRole("button", { name: "保存评委组" }).click();
  await expect(page.locator(".flash")).toContainText("评委组已设为 3 人");

  // The days come: entries closed the day before yesterday, the 初赛 was yesterday, the 决赛 is today.
  await db.update(competitions).set({ entriesCloseOn: day(-2), preliminaryOn: day(-1), finalOn: day(0) }).where(eq(competitions.id, competitionId));
  await page.reload();
  await page.locator("summary", { hasText: "开始初赛…" }).click();
  await page.getByRole("button", { name: "确认开始初赛" }).click();
  await expect(page.locator(".flash")).toContainText("初赛已开始：2 名选手的理论试卷已从考试题库抽取");

  /** Each competitor, checked in at the door, answers a few questions in the exam page and hands in. */
  async function sitPapers(stage: "preliminary" | "final") {
    for (const [i, c] of competitors.entries()) {
      const seat = (await firstRow(db
        .select({ applicationId: competitionTheorySeats.applicationId })
        .from(competitionTheorySeats)
        .innerJoin(applications, eq(applications.id, competitionTheorySeats.applicationId))
        .where(and(eq(competitionTheorySeats.stage, stage), eq(applications.userId, c.id)))))!;
      const sessionId = (await firstRow(db.select().from(applications).where(eq(applications.id, seat.applicationId))))!.sessionId;
      const judge = (await firstRow(db.select().from(users).where(eq(users.username, "examiner"))))!;
      await db.insert(partAttendance).values({ applicationId: seat.applicationId, part: "theory", status: "present", seat: String(i + 1).padStart(2, "0"), recordedBy: judge.id, recordedAt: new Date() });
      const context = await browser.newContext();
      const sitter = await context.newPage();
      await login(sitter, `e2e-competitor-${i}`);
      await sitter.goto(`/exam/${sessionId}`);
      await expect(sitter.getByRole("timer")).toContainText("剩余时间");
      const questions = sitter.locator("fieldset.question");
      for (let q = 0; q < 3 + i; q++) {
        await questions.nth(q).locator("input").first().check();
        await expect(questions.nth(q)).toContainText("已保存");
      }
      await sitter.getByRole("button", { name: "交卷", exact: true }).click();
      await sitter.getByRole("button", { name: "确认交卷" }).click();
      await expect(sitter.getByText("已交卷")).toBeVisible();
      await context.close();
    }
  }
  await sitPapers("preliminary");
  await page.reload();
  await page.locator("summary", { hasText: "公布晋级名单…" }).click();
  await page.getByRole("button", { name: "确认公布晋级名单" }).click();
  await expect(page.locator(".flash")).toContainText("已公布晋级名单：2 名选手进入决赛");
  await page.locator("summary", { hasText: "开始决赛…" }).click();
  await page.getByRole("button", { name: "确认开始决赛" }).click();
  await expect(page.locator(".flash")).toContainText("决赛已开始：2 名选手");
  expect((await firstRow(db.select().from(competitionSittings).where(and(eq(competitionSittings.competitionId, competitionId), eq(competitionSittings.stage, "final")))))!.practicalTaskId).not.toBeNull();
  await sitPapers("final");

  // The three judges score the practical operation of both, each on their own.
  for (const username of ["examiner", "examiner-zhao", "examiner-sun"]) {
    const context = await browser.newContext();
    const judge = await context.newPage();
    await login(judge, username);
    await judge.goto(`/examiner/competitions/${competitionId}`);
    for (const c of competitors) {
      const card = judge.locator("details", { hasText: c.person.name });
      await card.locator("summary").click();
      for (const input of await card.locator('input[type="number"]').all()) await input.fill((await input.getAttribute("max")) ?? "0");
      await card.getByRole("button", { name: "提交评分" }).click();
      await expect(judge.locator("details", { hasText: c.person.name })).toContainText("已评 100 分");
    }
    if (username === "examiner") await axeAtBothWidths(judge);
    await context.close();
  }

  // The district publishes, with the numbers first.
  await page.reload();
  await page.locator("summary", { hasText: "发布竞赛结果…" }).click();
  await expect(page.locator(".confirm-panel")).toContainText("决赛选手 2 人按总分排名");
  await page.getByRole("button", { name: "确认发布竞赛结果" }).click();
  await expect(page.locator(".flash")).toContainText("已发布竞赛结果：决赛选手 2 人，获奖 2 人，奖金合计 ¥2,000");
  await axeAtBothWidths(page);

  // Anyone sees the results with masked names.
  const publicContext = await browser.newContext();
  const visitor = await publicContext.newPage();
  await visitor.goto(`/notices/competitions/${competitionId}`);
  await expect(visitor.getByRole("heading", { level: 1 })).toContainText(title);
  await expect(visitor.getByRole("table")).toContainText("黄*慧");
  await expect(visitor.getByRole("table")).toContainText("郑*梁");
  await expect(visitor.getByRole("table")).not.toContainText("黄佳慧");
  await expect(visitor.getByRole("table")).toContainText("一等奖");
  await axeAtBothWidths(visitor);
  await publicContext.close();
  await institutionContext.close();
  await closeDatabase(db);
});
