/** Unified social credit codes, GB 32100-2015, whose positions 9–17 are a GB 11714 organisation code. */

const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"; // no I, O, S, V, Z
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export type CreditCodeResult = { ok: true; creditCode: string } | { ok: false; error: string };

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_CHARSET.indexOf(first8[i]!) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

export function validateCreditCode(input: string): CreditCodeResult {
  const value = input.trim().toUpperCase();
  if (value === "") return { ok: false, error: "请填写统一社会信用代码" };
  if (value.length !== 18) return { ok: false, error: `统一社会信用代码应为 18 位，当前为 ${value.length} 位` };
  const bad = [...value].find((c) => !CHARSET.includes(c));
  if (bad) return { ok: false, error: `统一社会信用代码含有无效字符“${bad}”（不使用 I、O、S、V、Z）` };
  if (!/^\d{6}$/.test(value.slice(2, 8))) return { ok: false, error: "统一社会信用代码第 3–8 位应为 6 位行政区划代码" };
  if (orgCodeCheckChar(value.slice(8, 16)) !== value[16]) {
    return { ok: false, error: "统一社会信用代码中的组织机构代码（第 9–17 位）校验位不正确" };
  }
  if (creditCodeCheckChar(value) !== value[17]) return { ok: false, error: "统一社会信用代码校验码（第 18 位）不正确，请核对" };
  return { ok: true, creditCode: value };
}
