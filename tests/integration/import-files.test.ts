import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { fileRows } from "../../app/imports/read-table.server.ts";
import { ImportFileError, MAX_IMPORT_ROWS, MAX_XLSX_UNCOMPRESSED_BYTES, readTable, xlsxBuffer } from "../../app/imports/table.server.ts";
import { xlsxBomb, xlsxOf } from "../setup/xlsx-bomb.ts";

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
  }, 60_000); // parses 100,001 rows twice: 20 s and more on a busy 2-core machine

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

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const sheetXml = (rows: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet ${MAIN}><sheetData>${rows}</sheetData></worksheet>`;
const cellsOf = async (parts: Parameters<typeof xlsxOf>[0]) => {
  const rows: Array<[number, string[]]> = [];
  for await (const [n, cells] of fileRows({ name: "a.xlsx", bytes: xlsxOf(parts) })) rows.push([n, Array.from(cells, (c) => c ?? "")]);
  return rows;
};

describe("reading the sheet's XML as other programs write it", () => {
  it("reads shared and inline strings, rich text without its phonetic guide, entities and _xHHHH_ escapes", async () => {
    const sharedStrings = `<sst ${MAIN}><si><t>李秀英</t></si><si><r><rPr><b/></rPr><t>王</t></r><r><t xml:space="preserve">桂兰 </t></r><rPh sb="0" eb="1"><t>ワン</t></rPh></si><si><t>A &amp; B&#x4E00;_x000D_</t></si></sst>`;
    const sheet = sheetXml(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><r><t>张</t></r><r><t>三</t></r></is></c></row>`);
    expect(await cellsOf({ sheet, sharedStrings })).toEqual([[1, ["李秀英", "王桂兰", "A & B一", "张三"]]]);
  });

  it("reads numbers as written, dates by their number format (built-in, custom 年月日, the 1904 system), booleans and formulas' cached values", async () => {
    const styles = `<styleSheet ${MAIN}><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="49"/></cellXfs></styleSheet>`;
    const row = `<row r="2"><c r="A2"><v>330522198112160000</v></c><c r="B2" s="1"><v>45352</v></c><c r="C2" s="2"><v>45352.75</v></c><c r="D2" s="3"><v>12.50</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="str"><f>A1&amp;"x"</f><v>算出</v></c><c r="G2" t="e"><v>#N/A</v></c></row>`;
    expect(await cellsOf({ sheet: sheetXml(row), styles })).toEqual([[2, ["330522198112160000", "2024-03-01", "2024-03-01", "12.5", "true", "算出"]]]);
    const workbook = `<workbook ${MAIN} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`;
    expect(await cellsOf({ sheet: sheetXml(`<row r="2"><c r="A2" s="1"><v>43890</v></c></row>`), styles, workbook })).toEqual([[2, ["2024-03-01"]]]);
  });

  it("reads prefixed SpreadsheetML, rows and cells without references, gaps between cells, comments and CDATA", async () => {
    const sheet = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><!-- 由其他程序生成 --><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[身份证号 <1>]]></x:t></x:is></x:c></x:row><x:row><x:c r="C2" t="inlineStr"><x:is><x:t>  入职  </x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    expect(await cellsOf({ sheet })).toEqual([[1, ["姓名", "身份证号 <1>"]], [2, ["", "", "入职"]]]);
  });

  it("keys the rows when the header row has an empty cell between headers", async () => {
    const sheet = sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="C1" t="inlineStr"><is><t>岗位</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>李秀英</t></is></c><c r="C2" t="inlineStr"><is><t>护理员</t></is></c></row>`);
    expect((await readTable({ name: "a.xlsx", bytes: xlsxOf({ sheet }) })).rows).toEqual([{ row: 2, values: { 姓名: "李秀英", "": "", 岗位: "护理员" } }]);
  });

  it("refuses a cell longer than a spreadsheet holds, and more rows than the cap even when they all claim one row number", async () => {
    const long = sheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${"长".repeat(300_000)}</t></is></c></row>`);
    expect(await refusal({ name: "long.xlsx", bytes: xlsxOf({ sheet: long }) })).toContain("无法读取");
    const repeated = sheetXml(`<row r="2"><c r="A2"><v>1</v></c></row>`.repeat(MAX_IMPORT_ROWS + 2));
    expect(await refusal({ name: "rows.xlsx", bytes: xlsxOf({ sheet: repeated }) })).toContain("最多 100000 行");
  });
});
