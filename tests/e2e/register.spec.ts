import { expect, idNumberCheckChar, test } from "./fixtures.ts";

const WRONG_CHECK_DIGIT = "身份证号码校验位不正确，请核对";

test("a trainee fixes a wrong ID number and registers", async ({ page }) => {
  // Unique per run: a 长兴县 number born 1980-01-01 with a random 3-digit sequence.
  const sequence = String(Date.now() % 1000).padStart(3, "0");
  const first17 = `33052219800101${sequence}`;
  const check = idNumberCheckChar(first17);
  const validId = first17 + check;
  // Any other check character is wrong; pick a digit that differs from the right one.
  const invalidId = first17 + (check === "0" ? "1" : "0");
  const username = `e2e.${Date.now().toString(36)}`;
  const name = "赵晓燕";

  await page.goto("/register");
  await expect(page.getByRole("heading", { level: 1, name: "学员注册" })).toBeVisible();
  await page.getByLabel("姓名").fill(name);
  await page.getByLabel("居民身份证号码").fill(invalidId);
  await page.getByLabel("手机号码").fill("13800138000");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码", { exact: true }).fill("e2e-password-1");
  await page.getByLabel("确认密码").fill("e2e-password-1");
  await page.getByRole("button", { name: "注册" }).click();

  const idInput = page.getByLabel("居民身份证号码");
  const idError = page.locator("#idNumber-error");
  await expect(idError).toHaveText(WRONG_CHECK_DIGIT);
  await expect(idError).toHaveAttribute("role", "alert");
  await expect(idError).toHaveClass(/field-error/);
  await expect(idInput).toHaveAttribute("aria-invalid", "true");
  await expect(idInput).toHaveAttribute("aria-describedby", /(^|\s)idNumber-error(\s|$)/);
  // The message sits right under the ID input, inside the same field.
  await expect(page.locator(".field", { has: idInput }).locator(".field-error")).toHaveText(WRONG_CHECK_DIGIT);
  await expect(page).toHaveURL(/\/register$/);
  // What the trainee typed survives the round trip (passwords are not sent back).
  await expect(page.getByLabel("姓名")).toHaveValue(name);
  await expect(idInput).toHaveValue(invalidId);
  await expect(page.getByLabel("用户名")).toHaveValue(username);
  // Only the ID field is in error.
  await expect(page.locator(".field-error")).toHaveCount(1);

  await idInput.fill(validId);
  await page.getByLabel("密码", { exact: true }).fill("e2e-password-1");
  await page.getByLabel("确认密码").fill("e2e-password-1");
  await page.getByRole("button", { name: "注册" }).click();

  await expect(page).toHaveURL(/\/learn$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的学习");
  await expect(page.locator("dl.facts")).toContainText(name);
  await expect(page.getByText(`您好，${name}`)).toBeVisible();
});
