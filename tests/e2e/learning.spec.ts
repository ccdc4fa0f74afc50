import { loadContent } from "../../app/learning/content/load-content.ts";
import { expect, test } from "./fixtures.ts";

const familyCourse = loadContent("content/courses").courses.find((c) => c.id === "family-caregiver")!;

test("a trainee enrols, reads two lessons, passes a chapter quiz and sees hours and progress grow", async ({ page, loginAs }) => {
  // Study time is counted by the server's clock, one report every 30 s: this test reads for real.
  test.setTimeout(180_000);
  await loginAs("trainee");
  await page.goto("/courses");
  await page.getByRole("link", { name: new RegExp(familyCourse.title) }).click();
  await page.getByRole("button", { name: "报名学习" }).click();
  await expect(page.getByText("线上学时（已学 0 分钟）")).toBeVisible();

  const [first, second] = familyCourse.lessons;
  await page.getByRole("link", { name: first!.title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first!.title);
  // Keep reading (a reload reports too) until the server has counted a full minute.
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator("main").innerText();
      },
      { timeout: 100_000, intervals: [15_000] },
    )
    .toMatch(/已学 [1-9]\d* 分钟/);
  await page.getByRole("link", { name: `${second!.title} →` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(second!.title);
  await page.waitForTimeout(33_000);

  await page.getByRole("link", { name: familyCourse.title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(familyCourse.title);
  await expect(page.getByText(/线上学时（已学 [1-9]\d* 分钟）/)).toBeVisible();
  await expect(page.locator("li", { hasText: first!.title })).toContainText(/已学 [1-9]\d* \/ 约/);

  // The chapter quiz of the first module, answered from the question bank.
  await page.locator("section", { hasText: familyCourse.modules[0]!.title }).getByRole("link", { name: "章节练习" }).click();
  await page.getByRole("button", { name: "开始练习" }).click();
  const questions = page.locator("fieldset.question");
  await expect(questions).toHaveCount(familyCourse.modules[0]!.quiz.questions);
  for (const fieldset of await questions.all()) {
    const legend = (await fieldset.locator("legend").innerText()).trim();
    const question = familyCourse.questions.find((q) => legend.includes(q.stem))!;
    expect(question, legend).toBeTruthy();
    // Options are shown in an order of their own per attempt; each keeps its index in the bank as its value.
    for (const index of question.answer) await fieldset.locator(`input[value="${index}"]`).check();
  }
  await page.getByRole("button", { name: "交卷" }).click();
  await expect(page.getByRole("status")).toContainText("本次得分 100 分，已通过");
  await expect(page.locator(".hint").first()).toContainText("正确答案");

  await page.getByRole("link", { name: "返回课程" }).click();
  await expect(page.locator("section", { hasText: familyCourse.modules[0]!.title })).toContainText("最好成绩 100 分（已通过）");
});
