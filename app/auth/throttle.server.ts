import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { loginThrottle } from "../../db/schema.ts";

/** After this many failures for an account or an address, refuse for the lock time. */
export const MAX_FAILURES = 10;
export const LOCK_MS = 10 * 60_000;

export function throttleKeys(username: string, ip: string): string[] {
  return [`user:${username.toLowerCase()}`, `ip:${ip}`];
}

export function isThrottled(db: DbOrTx, keys: string[], now = new Date()): boolean {
  const rows = db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys)).all();
  return rows.some((r) => r.lockedUntil !== null && r.lockedUntil.getTime() > now.getTime());
}

/** Counts a failure against each key; a quiet spell as long as the lock starts the count afresh. */
export function recordLoginFailure(db: DbOrTx, keys: string[], now = new Date()) {
  for (const key of keys) {
    const row = db.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
    const stale = !row || now.getTime() - row.updatedAt.getTime() > LOCK_MS || (row.lockedUntil !== null && row.lockedUntil <= now);
    const failures = (stale ? 0 : row.failures) + 1;
    const lockedUntil = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null;
    const values = { failures: lockedUntil ? 0 : failures, lockedUntil, updatedAt: now };
    db.insert(loginThrottle).values({ key, ...values }).onConflictDoUpdate({ target: loginThrottle.key, set: values }).run();
  }
}

/** A successful login clears the account's count (not the address's: one good account must not unlock guessing at others). */
export function clearAccountFailures(db: DbOrTx, username: string) {
  db.delete(loginThrottle).where(eq(loginThrottle.key, `user:${username.toLowerCase()}`)).run();
}
