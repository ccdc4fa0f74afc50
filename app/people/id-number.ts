/** Resident identity card numbers, GB 11643-1999: 6-digit address, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";
// GB/T 2260 province-level codes (incl. 71 Taiwan, 81 Hong Kong, 82 Macao).
const PROVINCES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
  "65", "71", "81", "82",
]);

export type IdNumberResult =
  | { ok: true; idNumber: string; birthDate: string; gender: "male" | "female" }
  | { ok: false; error: string };

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** A real calendar date written YYYYMMDD, returned as YYYY-MM-DD. */
function calendarDate(yyyymmdd: string): string | null {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/** `today` is the business date (YYYY-MM-DD, China time) against which birth dates are checked. */
export function validateIdNumber(input: string, today: string): IdNumberResult {
  const value = input.trim().toUpperCase();
  if (value === "") return { ok: false, error: "请填写身份证号码" };
  if (value.length !== 18) return { ok: false, error: `身份证号码应为 18 位，当前为 ${value.length} 位` };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, error: "身份证号码前 17 位须为数字，最后一位为数字或 X" };
  if (!PROVINCES.has(value.slice(0, 2))) return { ok: false, error: "身份证号码前两位不是有效的省级行政区划代码" };
  const birthDate = calendarDate(value.slice(6, 14));
  if (!birthDate || birthDate < "1900-01-01") return { ok: false, error: "身份证号码中的出生日期（第 7–14 位）无效" };
  if (birthDate > today) return { ok: false, error: "身份证号码中的出生日期晚于今天" };
  if (idNumberCheckChar(value) !== value[17]) return { ok: false, error: "身份证号码校验位不正确，请核对" };
  return { ok: true, idNumber: value, birthDate, gender: Number(value[16]) % 2 === 1 ? "male" : "female" };
}

/** 330522********1234 style, for pages that must not show the full number. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`;
}
