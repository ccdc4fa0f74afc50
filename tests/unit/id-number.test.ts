import { describe, expect, it } from "vitest";
import { idNumberCheckChar, maskIdNumber, validateIdNumber } from "../../app/people/id-number.ts";

const TODAY = "2026-11-22";
const withCheck = (first17: string) => first17 + idNumberCheckChar(first17);

describe("validateIdNumber (GB 11643)", () => {
  it("accepts a valid number and derives gender and birth date", () => {
    // 11010519491231002X: the standard's worked example, check character X, female.
    expect(validateIdNumber("11010519491231002X", TODAY)).toEqual({ ok: true, idNumber: "11010519491231002X", birthDate: "1949-12-31", gender: "female" });
    expect(validateIdNumber("330522198001010015", TODAY)).toEqual({ ok: true, idNumber: "330522198001010015", birthDate: "1980-01-01", gender: "male" });
  });

  it("computes the ISO 7064 MOD 11-2 check character", () => {
    // Weighted sum 167, 167 mod 11 = 2 → "X".
    expect(idNumberCheckChar("11010519491231002")).toBe("X");
    // Weighted sum 172, 172 mod 11 = 7 → "5".
    expect(idNumberCheckChar("33052219800101001")).toBe("5");
  });

  it("accepts a lower-case x and surrounding spaces", () => {
    expect(validateIdNumber(" 11010519491231002x ", TODAY)).toMatchObject({ ok: true, idNumber: "11010519491231002X" });
  });

  it.each([
    ["", "请填写身份证号码"],
    ["1101051949123100", "身份证号码应为 18 位，当前为 16 位"],
    ["11010519491231002X1", "身份证号码应为 18 位，当前为 19 位"],
    ["1101051949123100XX", "身份证号码前 17 位须为数字，最后一位为数字或 X"],
    ["11010519491231002Y", "身份证号码前 17 位须为数字，最后一位为数字或 X"],
    [withCheck("99010519491231002"), "身份证号码前两位不是有效的省级行政区划代码"],
    [withCheck("33052219800230001"), "身份证号码中的出生日期（第 7–14 位）无效"], // 30 February
    [withCheck("33052219811301001"), "身份证号码中的出生日期（第 7–14 位）无效"], // month 13
    [withCheck("33052218991231001"), "身份证号码中的出生日期（第 7–14 位）无效"], // before 1900
    [withCheck("33052220261123001"), "身份证号码中的出生日期晚于今天"],
    ["110105194912310021", "身份证号码校验位不正确，请核对"],
  ])("rejects %j", (input, message) => {
    expect(validateIdNumber(input, TODAY)).toEqual({ ok: false, error: message });
  });

  it("accepts 29 February only in leap years", () => {
    expect(validateIdNumber(withCheck("33052220000229001"), TODAY).ok).toBe(true);
    expect(validateIdNumber(withCheck("33052219000229001"), TODAY).ok).toBe(false);
  });

  it("masks the middle eight digits", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
  });
});
