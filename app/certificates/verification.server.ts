import type { DbOrTx } from "../../db/client.ts";
import { maskHolderName } from "../../certificates/mask.ts";
import { countLookup, type RateRule, type RateWindow } from "../../certificates/rate-limit.ts";
import { verificationStatus, verificationStatusNames, type VerificationStatus } from "../../certificates/verification.ts";
import { levelLabel, occupationNames, type SkillLevel } from "../occupations/occupations.ts";
import { chinaDate } from "../utils/dates.ts";
import { clientIp } from "../utils/http.ts";
import { certificateByNumber, editionsOf, type CertificateRow } from "./certificates.server.ts";

/** What anyone may learn about a certificate: never the ID number, the name masked. */
export type PublicCertificate = {
  status: VerificationStatus;
  statusName: string;
  number: string;
  document: "职业技能等级证书" | "培训合格证明";
  holderName: string;
  occupation: string;
  level: string | null;
  issuedAt: string;
  issuer: string;
  revokedAt: string | null;
  /** issued here, or recorded from elsewhere (then `verified` says whether an officer confirmed it). */
  source: "issued" | "external";
  verified: boolean;
  /** The edition asked about and the current one (null for external records). */
  edition: number | null;
  currentEdition: number | null;
  supersededAt: string | null;
};

/**
 * The public view of a certificate number, for one edition when the QR code names it. Null when the
 * number is unknown or the edition does not exist: both answer "not found".
 */
export function publicCertificate(db: DbOrTx, number: string, edition: number | null = null): PublicCertificate | null {
  const c = certificateByNumber(db, number);
  if (!c) return null;
  const editions = editionsOf(db, c.id);
  const current = editions[0] ?? null;
  const shown = edition === null ? current : (editions.find((e) => e.edition === edition) ?? null);
  if (edition !== null && !shown) return null;
  const status = verificationStatus(c, shown);
  return {
    status,
    statusName: verificationStatusNames[status],
    number: c.number,
    document: c.kind === "skill_level" ? "职业技能等级证书" : "培训合格证明",
    holderName: maskHolderName(c.holderName),
    occupation: occupationNames[c.occupation],
    level: c.level === null ? null : levelLabel(c.level as SkillLevel),
    issuedAt: c.issuedOn,
    issuer: c.issuerName,
    revokedAt: c.revokedAt ? chinaDate(c.revokedAt) : null,
    source: c.source,
    verified: c.verifiedAt !== null,
    edition: shown?.edition ?? null,
    currentEdition: current?.edition ?? null,
    supersededAt: shown?.supersededAt ? chinaDate(shown.supersededAt) : null,
  };
}

/** The number + name check: the name must match as printed (spaces ignored), or nothing is shown. */
export function nameMatches(c: CertificateRow, name: string): boolean {
  const tidy = (s: string) => s.replace(/\s+/g, "");
  return tidy(c.holderName) === tidy(name);
}

export const VERIFY_RATE: RateRule = { limit: 60, windowMs: 60_000 };
const windows = new Map<string, RateWindow>();

/**
 * Refuses the request with 429 when its address has looked up too many certificates this minute.
 * Counted per server process in memory: cheap enough for a public endpoint, and a restart only forgives.
 */
export function limitVerificationRate(request: Request, now = Date.now()) {
  const ip = clientIp(request);
  const { window, allowed, retryAfterSeconds } = countLookup(windows.get(ip), now, VERIFY_RATE);
  if (windows.size > 50_000) for (const [key, w] of windows) if (now - w.startedAt >= VERIFY_RATE.windowMs) windows.delete(key);
  windows.set(ip, window);
  if (!allowed) {
    throw new Response(`查询过于频繁，请 ${retryAfterSeconds} 秒后再试`, {
      status: 429,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(retryAfterSeconds) },
    });
  }
}
