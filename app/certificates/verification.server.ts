import { firstRow } from "../../db/query.ts";
import { eq, lt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { greatest, lockedForUpdate } from "../../db/dialect.ts";
import { verificationCounters } from "../../db/schema.ts";
import { maskHolderName } from "../../certificates/mask.ts";
import { countLookup, networkOf, type RateRule } from "../../certificates/rate-limit.ts";
import { verificationStatus, verificationStatusNames, type VerificationStatus } from "../../certificates/verification.ts";
import { levelLabel, occupationNames, type SkillLevel } from "../occupations/occupations.ts";
import { chinaDate } from "../utils/dates.ts";
import { writeAudit } from "../audit/audit.server.ts";
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
export async function publicCertificate(db: DbOrTx, number: string, edition: number | null = null): Promise<PublicCertificate | null> {
  const c = await certificateByNumber(db, number);
  if (!c) return null;
  const editions = await editionsOf(db, c.id);
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

/** Lookups per client address, and per network (IPv4 /24, IPv6 /64) so many addresses of one network cannot share out a scan. */
export const VERIFY_RATE: RateRule = { limit: 60, windowMs: 60_000 };
export const NETWORK_RATE: RateRule = { limit: 180, windowMs: 60_000 };
/** Wrong names tried against one certificate number, from anywhere: a name guess cannot be brute-forced. */
export const NAME_TRIES: RateRule = { limit: 5, windowMs: 3_600_000 };
/** Distinct numbers one network may look up in an hour before the lookups are logged as a scan. */
export const SCAN_DISTINCT: RateRule = { limit: 20, windowMs: 3_600_000 };
const LONGEST_WINDOW_MS = 3_600_000;

/**
 * One counter step in the database. The row is created empty if missing and then locked before it is read, so
 * concurrent requests on PostgreSQL take turns as they do under SQLite's write lock. Callers count their keys in
 * one fixed order (address, network, number, distinct), so two lookups never wait on each other in a cycle.
 */
async function countIn(tx: DbOrTx, key: string, rule: RateRule, now: number) {
  await tx.insert(verificationCounters).values({ key, windowStartedAt: now, count: 0 }).onConflictDoNothing();
  const row = await firstRow(lockedForUpdate(tx.select().from(verificationCounters).where(eq(verificationCounters.key, key))));
  const step = countLookup(row ? { startedAt: row.windowStartedAt, count: row.count } : undefined, now, rule);
  await tx.update(verificationCounters)
    .set({ windowStartedAt: step.window.startedAt, count: step.window.count })
    .where(eq(verificationCounters.key, key));
  return { ...step, firstRefusal: step.window.count === rule.limit + 1 };
}

function tooMany(message: string, retryAfterSeconds: number): never {
  throw new Response(message, { status: 429, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(retryAfterSeconds) } });
}

/**
 * Counts a public lookup against its address and its network, and notes the number asked about so a network
 * looking up many distinct numbers is logged as a scan. Refuses with 429 past either limit; the first refusal of
 * a window and the first sign of a scan go to the audit log. Counters live in the database, shared by every server.
 */
export async function limitVerificationRate(db: Db, request: Request, number: string | null, now = Date.now()) {
  const ip = clientIp(request);
  const network = networkOf(ip);
  const refusal = await db.transaction(
    async (tx) => {
      await tx.delete(verificationCounters).where(lt(verificationCounters.windowStartedAt, now - LONGEST_WINDOW_MS));
      const address = await countIn(tx, `addr:${ip}`, VERIFY_RATE, now);
      const net = await countIn(tx, `net:${network}`, NETWORK_RATE, now);
      const at = new Date(now);
      if (address.firstRefusal) await writeAudit(tx, { event: "certificates.verification_limited", ip, details: { scope: "address", network, limit: VERIFY_RATE.limit } }, at);
      if (net.firstRefusal) await writeAudit(tx, { event: "certificates.verification_limited", ip, details: { scope: "network", network, limit: NETWORK_RATE.limit } }, at);
      if (!address.allowed || !net.allowed) return Math.max(address.retryAfterSeconds, net.retryAfterSeconds);
      if (number && (await countIn(tx, `seen:${network}:${number}`, SCAN_DISTINCT, now)).window.count === 1) {
        const distinct = await countIn(tx, `distinct:${network}`, SCAN_DISTINCT, now);
        if (distinct.firstRefusal) await writeAudit(tx, { event: "certificates.verification_scan", ip, details: { network, distinctNumbers: distinct.window.count, lastNumber: number } }, at);
      }
      return 0;
    },
    { behavior: "immediate" },
  );
  if (refusal > 0) tooMany(`查询过于频繁，请 ${refusal} 秒后再试`, refusal);
}

/**
 * Reserves one name try against a certificate number before the name is compared (so concurrent guesses cannot
 * slip past the limit); a matching name gives the try back. Says how many seconds to wait when none is left.
 */
export async function reserveNameTry(db: Db, request: Request, number: string, now = Date.now()): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  return await db.transaction(
    async (tx) => {
      const step = await countIn(tx, `name:${number}`, NAME_TRIES, now);
      if (step.firstRefusal) {
        const certificate = await certificateByNumber(tx, number);
        await writeAudit(tx, { event: "certificates.verification_name_limited", ip: clientIp(request), ...(certificate ? { target: { table: "certificates", id: certificate.id } } : {}), details: { number, limit: NAME_TRIES.limit } }, new Date(now));
      }
      return step.allowed ? { allowed: true as const } : { allowed: false as const, retryAfterSeconds: step.retryAfterSeconds };
    },
    { behavior: "immediate" },
  );
}

export async function refundNameTry(db: Db, number: string) {
  await db.update(verificationCounters)
    .set({ count: greatest(sql`${verificationCounters.count} - 1`, 0) })
    .where(eq(verificationCounters.key, `name:${number}`));
}
