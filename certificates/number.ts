/**
 * 证书编号 (domain §6): letter (Y employer-run / S social evaluation organisation) + 4-digit evaluator
 * code + 2-digit province code + 6-digit site code + 2-digit year + 1-digit level + 6-digit serial.
 * An evaluation body's own part is the first 13 characters.
 */
export function certificateNumberPrefix(body: { evaluationKind: "Y" | "S"; evaluatorCode: string; provinceCode: string; siteCode: string }): string {
  return `${body.evaluationKind}${body.evaluatorCode}${body.provinceCode}${body.siteCode}`;
}

const PREFIX = /^[YS]\d{12}$/;
const MAX_SERIAL = 999_999;

/** The part a skill certificate's serial counts under: body prefix + 2-digit year + level (16 characters). */
export function skillNumberStem(prefix: string, issuedOn: string, level: number): string {
  if (!PREFIX.test(prefix)) throw new Error(`invalid evaluation body prefix: ${prefix}`);
  if (!Number.isInteger(level) || level < 1 || level > 5) throw new Error(`invalid level: ${level}`);
  return `${prefix}${issuedOn.slice(2, 4)}${level}`;
}

export function skillCertificateNumber(stem: string, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_SERIAL) throw new Error(`serial out of range: ${serial}`);
  return `${stem}${String(serial).padStart(6, "0")}`;
}

/**
 * 培训合格证明 numbers are a separate series with a shape no skill certificate can have:
 * "PX" + 4-digit year + 8-digit serial, e.g. PX202600000012.
 */
export const completionNumberStem = (issuedOn: string) => `PX${issuedOn.slice(0, 4)}`;
const MAX_COMPLETION_SERIAL = 99_999_999;

export function completionCertificateNumber(stem: string, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_COMPLETION_SERIAL) throw new Error(`serial out of range: ${serial}`);
  return `${stem}${String(serial).padStart(8, "0")}`;
}

/** What a visitor typed, tidied: spaces removed, letters upper-cased (numbers are printed with capitals). */
export function normaliseCertificateNumber(input: string): string {
  return input.replace(/\s+/g, "").toUpperCase();
}
