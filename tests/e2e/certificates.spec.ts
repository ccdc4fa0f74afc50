import { readCertificatePdf } from "../setup/read-pdf.ts";
import { expect, test } from "./fixtures.ts";

/**
 * The demo certificates: the trainee downloads theirs, the QR code on it is decoded, and a visit to that
 * address in a browser with nobody logged in (what a phone's camera would open) shows the masked holder.
 */
test("scanning the QR code of the trainee's certificate shows it genuine with the holder's name masked", async ({ page, browser, baseURL, loginAs }) => {
  await loginAs("trainee");
  await page.goto("/certificates");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的证书");
  const download = page.getByRole("link", { name: "下载证书（PDF）" });
  const href = (await download.getAttribute("href"))!;
  const pdf = await page.request.get(href);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const { qr, text } = readCertificatePdf(Buffer.from(await pdf.body()));
  expect(text).toContain("李秀英");
  const number = href.split("/")[2]!;
  // PUBLIC_URL is the server's default (localhost on its port); the visit goes to the same server.
  const scanned = new URL(qr!);
  expect(`${scanned.pathname}${scanned.search}`).toBe(`/verify/${number}?edition=1`);

  const phone = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  const visit = await phone.newPage();
  const response = await visit.goto(`${scanned.pathname}${scanned.search}`);
  expect(response?.status()).toBe(200);
  const result = visit.getByRole("region", { name: "查验结果" });
  await expect(result.getByRole("status")).toContainText("真实证书 · 有效");
  await expect(result).toContainText("李*英");
  await expect(result).toContainText(number);
  await expect(result).toContainText("育婴员");
  await expect(visit.getByText("李秀英")).toHaveCount(0);
  await phone.close();
});

test("the verification form shows the demo's revoked certificate as revoked, and a wrong name finds nothing", async ({ page }) => {
  // The demo seed revokes the third candidate's certificate of its 育婴员 session (张丽娟).
  await page.goto("/verify");
  await page.getByLabel("证书编号").fill("S013733052201265000003");
  await page.getByLabel("持证人姓名").fill("张丽娟");
  await page.getByRole("button", { name: "查验" }).click();
  await expect(page.getByRole("region", { name: "查验结果" }).getByRole("status")).toContainText("已吊销");
  await expect(page.getByRole("region", { name: "查验结果" })).toContainText("张*娟");

  await page.getByLabel("持证人姓名").fill("张丽");
  await page.getByRole("button", { name: "查验" }).click();
  await expect(page.getByRole("alert")).toContainText("未找到编号与姓名都相符的证书");
  await expect(page.getByRole("region", { name: "查验结果" })).toHaveCount(0);
});
