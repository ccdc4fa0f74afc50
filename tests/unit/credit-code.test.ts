import { describe, expect, it } from "vitest";
import { creditCodeCheckChar, orgCodeCheckChar, validateCreditCode } from "../../app/organisations/credit-code.ts";

describe("validateCreditCode (GB 32100)", () => {
  it.each([
    "91350100M000100Y43", // the standard's own example
    "9111000071093123XX", // 国家电网有限公司: both check characters are X
    "91330100716105852F", // 阿里巴巴（中国）有限公司
  ])("accepts %s", (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, creditCode: code });
  });

  it("computes both check characters", () => {
    // GB 11714: 7*3+1*7+0*9+9*10+3*5+1*8+2*4+3*2 = 155, 11 - 155 mod 11 = 10 → "X"
    expect(orgCodeCheckChar("71093123")).toBe("X");
    expect(creditCodeCheckChar("9111000071093123X")).toBe("X");
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
  });

  it("normalises case and spaces", () => {
    expect(validateCreditCode(" 91330100716105852f ")).toEqual({ ok: true, creditCode: "91330100716105852F" });
  });

  it.each([
    ["", "请填写统一社会信用代码"],
    ["91330100716105852", "统一社会信用代码应为 18 位，当前为 17 位"],
    ["91330100716105852FF", "统一社会信用代码应为 18 位，当前为 19 位"],
    ["91330100716105852I", "统一社会信用代码含有无效字符“I”（不使用 I、O、S、V、Z）"],
    ["913O0100716105852F", "统一社会信用代码含有无效字符“O”（不使用 I、O、S、V、Z）"],
    ["91A30100716105852F", "统一社会信用代码第 3–8 位应为 6 位行政区划代码"],
    ["91330100716105862F", "统一社会信用代码中的组织机构代码（第 9–17 位）校验位不正确"],
    ["91330100716105852G", "统一社会信用代码校验码（第 18 位）不正确，请核对"],
  ])("rejects %j", (input, message) => {
    expect(validateCreditCode(input)).toEqual({ ok: false, error: message });
  });
});
