import { describe, expect, it } from "vitest";
import { attachment } from "../../app/utils/http.ts";

describe("download file names (Content-Disposition)", () => {
  it.each([
    ["2026年第6批养老护理员（五级）职业技能等级认定-证书.zip", "2026-6.zip", "2026%E5%B9%B4%E7%AC%AC6%E6%89%B9%E5%85%BB%E8%80%81%E6%8A%A4%E7%90%86%E5%91%98%EF%BC%88%E4%BA%94%E7%BA%A7%EF%BC%89%E8%81%8C%E4%B8%9A%E6%8A%80%E8%83%BD%E7%AD%89%E7%BA%A7%E8%AE%A4%E5%AE%9A-%E8%AF%81%E4%B9%A6.zip"],
    ["长兴县甲养老院-2026-10-湖州市养老护理员岗位补贴.csv", "2026-10.csv", null],
    ["第6批.zip", "6.zip", null],
    ["证书.pdf", "download.pdf", null],
    ["O'Brien (copy)*.xlsx", "O-Brien-copy.xlsx", "O%27Brien%20%28copy%29%2A.xlsx"],
    ['a"b\\c.jwt', "a-b-c.jwt", null],
  ])("%j", (name, fallback, encoded) => {
    const header = attachment(name);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%!._~-]+$/);
    expect(/filename="([^"]*)"/.exec(header)![1]).toBe(fallback);
    const written = /filename\*=UTF-8''(.+)$/.exec(header)![1]!;
    expect(decodeURIComponent(written)).toBe(name);
    if (encoded) expect(written).toBe(encoded);
  });
});
