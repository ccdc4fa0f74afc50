import ExcelJS from "exceljs";
import { expect, test } from "./fixtures.ts";

test("the district officer downloads the district's bank XLSX of October from /allowances, named as it is on the page", async ({ page, loginAs }) => {
  await loginAs("district");
  await page.goto("/allowances?month=2026-10");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载本辖区 2026-10 银行代发明细（XLSX）" }).click();
  const file = await download;
  // The browser takes the RFC 5987 name, not the ASCII fallback.
  expect(file.suggestedFilename()).toBe("长兴县-2026-10-补贴银行代发（已审批名册）.xlsx");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await file.path())!);
  const lines = workbook.getWorksheet("代发明细")!;
  expect(String(lines.getCell("A2").value)).toContain("仅含已审批");
  const ids = lines.getColumn(4).values.slice(4).filter((v) => typeof v === "string" && /^\d{17}[\dX]$/.test(v));
  expect(ids.length).toBeGreaterThan(0);
  expect(lines.getColumn(4).numFmt).toBe("@");
  const lists = workbook.getWorksheet("名册清单")!.getSheetValues().slice(3) as unknown[][];
  expect(lists.filter((r) => typeof r?.[1] === "number")).toHaveLength(3);
});
