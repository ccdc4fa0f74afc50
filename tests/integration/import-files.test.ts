import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { ImportFileError, MAX_IMPORT_ROWS, MAX_XLSX_UNCOMPRESSED_BYTES, readTable, xlsxBuffer } from "../../app/imports/table.server.ts";
import { xlsxBomb } from "../setup/xlsx-bomb.ts";

const refusal = (file: { name: string; bytes: Uint8Array }) => readTable(file).then(() => null, (error: unknown) => (error instanceof ImportFileError ? error.message : error));

describe("reading import files within bounds", () => {
  it("reads a small hand-written XLSX (the bomb helper's format) cell by cell", async () => {
    const table = await readTable({ name: "tiny.xlsx", bytes: xlsxBomb(10) });
    expect(table.headers).toEqual(["aaaaaaaaaa"]);
  });

  it("refuses an XLSX whose ZIP directory declares more than the uncompressed cap, before inflating", async () => {
    const bomb = xlsxBomb(1024, MAX_XLSX_UNCOMPRESSED_BYTES + 1);
    expect(await refusal({ name: "bomb.xlsx", bytes: bomb })).toContain("解压后超过");
  });

  it("refuses a zip bomb whose directory lies about its size, by counting while inflating", async () => {
    const bomb = xlsxBomb(MAX_XLSX_UNCOMPRESSED_BYTES + 16 * 1024 * 1024, 2_000);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    expect(await refusal({ name: "bomb.xlsx", bytes: bomb })).toContain("解压后超过");
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} data rows, in CSV and in XLSX`, async () => {
    const lines = ["姓名,身份证号", ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `张${i},1`)].join("\n");
    expect(await refusal({ name: "many.csv", bytes: Buffer.from(lines) })).toContain("最多 100000 行");
    const xlsx = await xlsxBuffer("名册", ["姓名"], Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => [`张${i}`]));
    expect(await refusal({ name: "many.xlsx", bytes: xlsx })).toContain("最多 100000 行");
  });

  it("reads Chinese text intact wherever the inflated chunks split a character", async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => [`王${"秀英丽华美芳桂兰玉珍"[i % 10]}${"淑琴红梅春燕海霞凤云"[Math.floor(i / 10) % 10]}䶮${i % 7 ? "" : "·阿依古丽"}`]);
    const table = await readTable({ name: "名册.xlsx", bytes: await xlsxBuffer("名册", ["姓名"], names) });
    expect(table.rows.map((r) => r.values.姓名)).toEqual(names.map(([n]) => n));
  });

  it("still reads CSV in UTF-8 with and without BOM and in GB18030, and XLSX dates as calendar dates", async () => {
    const text = "姓名,入职日期\n李秀英,2024-03-01\n";
    for (const bytes of [Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), iconv.encode(text, "gb18030")]) {
      expect((await readTable({ name: "a.csv", bytes })).rows).toEqual([{ row: 2, values: { 姓名: "李秀英", 入职日期: "2024-03-01" } }]);
    }
    const xlsx = await xlsxBuffer("名册", ["姓名", "入职日期"], [["李秀英", new Date("2024-03-01T00:00:00Z") as unknown as string]]);
    expect((await readTable({ name: "a.xlsx", bytes: xlsx })).rows).toEqual([{ row: 2, values: { 姓名: "李秀英", 入职日期: "2024-03-01" } }]);
  });
});
