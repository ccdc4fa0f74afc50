import type { SkillLevel } from "../app/occupations/occupations.ts";
import { chinaDate } from "../app/utils/dates.ts";

/** The fields validity depends on; a plain object so allowances and indicators can test it without a database. */
export type CertificateFacts = {
  kind: "skill_level" | "training_completion";
  occupation: string;
  level: number | null;
  issuedOn: string;
  source: "issued" | "external";
  verifiedAt: Date | null;
  revokedAt: Date | null;
};

/**
 * Valid on a calendar date (YYYY-MM-DD, China time): issued on or before it, confirmed (issued here, or an
 * external record an officer verified), and not revoked by the end of the day before — a certificate revoked
 * on the 2nd still counted on the 1st.
 */
export function certificateValidOn(certificate: CertificateFacts, date: string): boolean {
  if (certificate.issuedOn > date) return false;
  if (certificate.source === "external" && certificate.verifiedAt === null) return false;
  return certificate.revokedAt === null || chinaDate(certificate.revokedAt) > date;
}

/** The highest (numerically lowest) skill level among an occupation's certificates valid on the date, or null. */
export function highestValidLevel(certificates: CertificateFacts[], occupation: string, date: string): SkillLevel | null {
  let best: number | null = null;
  for (const c of certificates) {
    if (c.kind !== "skill_level" || c.occupation !== occupation || c.level === null || !certificateValidOn(c, date)) continue;
    if (best === null || c.level < best) best = c.level;
  }
  return best as SkillLevel | null;
}
