import { describe, expect, it } from "vitest";
import { listCsv } from "../../app/allowances/exports.server.ts";
import { csvText, csvTextCell } from "../../app/imports/csv.ts";
import { parseCsv } from "../../app/imports/table.server.ts";

describe("CSV exports cannot carry formulas", () => {
  it.each([
    ["=HYPERLINK(\"http://evil.example\",\"点我\")", "'=HYPERLINK(\"http://evil.example\",\"点我\")"],
    ["+86 123", "'+86 123"],
    ["-1+1", "'-1+1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["李秀英", "李秀英"],
    ["a=b", "a=b"],
  ])("writes the text %j as %j", (text, cell) => {
    expect(parseCsv(csvText([[text]]).replace(/^\uFEFF/, ""))[0]).toEqual([cell]);
  });

  it("keeps numbers as numbers, negative adjustments included, and quotes what needs quoting", () => {
    expect(csvText([[-300, 1200, "a,b", 'say "hi"', null]])).toBe('\uFEFF-300,1200,"a,b","say ""hi""",\r\n');
  });

  it("neutralises a formula in an allowance list's names and reasons", () => {
    const text = listCsv([{ title: "岗位补贴", month: "2026-10", organisationName: "=cmd|' /C calc'!A0", organisationCreditCode: "91330522MA2B3C4D5E", contentHash: "h", lines: [{ name: "@张三", idNumber: "330522198001010012", bankAccount: null, level: null, amount: -300, kind: "adjustment", rule: "=1+1" }] }]);
    const [, row] = parseCsv(text.replace(/^\uFEFF/, ""));
    expect(row).toEqual(["1", "'=cmd|' /C calc'!A0", '="2026-10"', "'@张三", '="330522198001010012"', "", "调整", "-300", "'=1+1", "h"]);
  });
});

describe("CSV cells a spreadsheet must keep as text", () => {
  it.each([
    ["330522198001010012", '"=""330522198001010012"""'],
    ["33052219800101001X", '"=""33052219800101001X"""'],
    ["6228480000000000123", '"=""6228480000000000123"""'],
    ["2026-11", '"=""2026-11"""'],
  ])("writes %j in the =\"…\" form", (text, written) => {
    expect(csvText([[csvTextCell(text)]])).toBe(`\uFEFF${written}\r\n`);
  });

  it.each([
    ['1")&HYPERLINK("http://evil.example', '1")&HYPERLINK("http://evil.example'],
    ["=1+1", "'=1+1"],
    ["6228 4800 0001", "6228 4800 0001"],
  ])("writes anything but letters, digits and hyphens as guarded plain text: %j", (text, cell) => {
    expect(parseCsv(csvText([[csvTextCell(text)]]).replace(/^\uFEFF/, ""))[0]).toEqual([cell]);
  });

  it("leaves a missing value empty", () => {
    expect(csvText([[csvTextCell(null), csvTextCell("")]])).toBe("\uFEFF,\r\n");
  });
});
