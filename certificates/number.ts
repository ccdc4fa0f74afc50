/**
 * 证书编号 (domain §6): letter (Y employer-run / S social evaluation organisation) + 4-digit evaluator
 * code + 2-digit province code + 6-digit site code + 2-digit year + 1-digit level + 6-digit serial.
 * An evaluation body's own part is the first 13 characters.
 */
export function certificateNumberPrefix(body: { evaluationKind: "Y" | "S"; evaluatorCode: string; provinceCode: string; siteCode: string }): string {
  return `${body.evaluationKind}${body.evaluatorCode}${body.provinceCode}${body.siteCode}`;
}
