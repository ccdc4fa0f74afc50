import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { createUser } from "../../seeds/factories.ts";
import { applications, assessmentPlans, assessmentSessions, organisations, partAttendance, sessionStaff } from "../../db/schema.ts";
import { DEMO_PASSWORD, expect, test } from "./fixtures.ts";

/**
 * 口试 without JavaScript: the invigilator opens the oral candidate from the invigilation list, records an answer,
 * saves the section and hands in after the confirmation naming the unanswered questions.
 */
test.use({ javaScriptEnabled: false });

test("the invigilator records a 五级 candidate's oral theory exam and hands it in", async ({ page }) => {
  const db = openDatabase(".tmp/e2e/carecert.db");
  const base = (await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县康养职业技能培训学校"))))!;
  const plan = (await firstRow(db.select().from(assessmentPlans).where(and(eq(assessmentPlans.occupation, "elderly_caregiver"), eq(assessmentPlans.level, 5)))))!;
  const session = await returnedRow(db.insert(assessmentSessions).values({ organisationId: base.id, planId: plan.id, name: "e2e 口试批次", theoryStartsAt: new Date(Date.now() - 60_000), venue: "长兴县职业技能实训基地", rooms: [{ name: "一号考场", capacity: 30 }], status: "open" }).returning());
  const candidate = await createUser(db, { username: "e2e-oral", name: "李秀英", password: DEMO_PASSWORD, role: "trainee", birthDate: "1968-04-02" });
  const application = await returnedRow(db
    .insert(applications)
    .values({ sessionId: session.id, userId: candidate.id, facts: { certificates: [], workYears: 2, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "从事本职业 1 年", routes: [] }, status: "approved", room: "一号考场", oralTheory: true })
    .returning());
  const invigilator = await createUser(db, { username: "e2e-oral-room", password: DEMO_PASSWORD, role: "examiner", organisationId: base.id, birthDate: "1975-06-01" });
  await db.insert(sessionStaff).values({ sessionId: session.id, userId: invigilator.id, duty: "invigilator", room: "一号考场" });
  await db.insert(partAttendance).values({ applicationId: application.id, part: "theory", status: "present", seat: "01", recordedBy: invigilator.id, recordedAt: new Date() });
  await closeDatabase(db);

  await page.goto("/login");
  await page.getByLabel("用户名").fill("e2e-oral-room");
  await page.getByLabel("密码").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.goto(`/examiner/sessions/${session.id}`);
  await expect(page.getByRole("row", { name: /李秀英/ })).toContainText("口试");
  await page.getByRole("link", { name: "代录答案" }).click();

  await expect(page.getByRole("heading", { name: "口试代录：李秀英" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "判断题" })).toBeVisible();
  const first = page.locator("fieldset").first();
  await first.locator("input").first().check();
  await page.getByRole("button", { name: "保存本部分" }).click();
  await expect(page.locator("fieldset").first().locator("input").first()).toBeChecked();

  await page.getByRole("button", { name: "交卷" }).click();
  await expect(page.getByText(/确认交卷？还有 \d+ 题未作答/)).toBeVisible();
  await page.getByRole("button", { name: "确认交卷" }).click();
  await expect(page.getByText("已交卷，答案不能再修改。")).toBeVisible();
});
