import { eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { greatest, lockedForUpdate } from "../../db/dialect.ts";
import { loginThrottle } from "../../db/schema.ts";

/**
 * Login throttling. Every attempt is reserved (counted as a failure) in one short IMMEDIATE transaction before
 * the password is checked, so a concurrent burst cannot slip past the count; a success gives its reservation back.
 *
 * - Account and address together (`pair:`): a few free attempts, then each further one waits a doubling delay.
 *   This is the lock an attacker meets, and it touches no one else.
 * - Account alone (`user:`) and address alone (`ip:`) have high limits for attacks spread over many addresses or
 *   accounts; when they trip, only addresses that have not logged in to that account lately are refused, so
 *   neither the owner at their usual address nor an exam room behind one NAT is locked out by an outsider.
 */
export const FREE_ATTEMPTS = 5;
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 15 * 60_000;
export const ACCOUNT_LIMIT = 50;
export const ADDRESS_LIMIT = 100;
/** A count starts afresh after this long without attempts (and no lock running). */
export const QUIET_RESET_MS = 60 * 60_000;
/** An address counts as the account's usual one this long after a successful login from it. */
export const KNOWN_ADDRESS_MS = 90 * 24 * 3600_000;

export type ThrottleKeys = { pair: string; account: string; address: string; known: string };

export function throttleKeys(username: string, ip: string): ThrottleKeys {
  const user = username.toLowerCase();
  return { pair: `pair:${user}|${ip}`, account: `user:${user}`, address: `ip:${ip}`, known: `known:${user}|${ip}` };
}

/** The wait after the n-th counted attempt: none for the free ones, then 30 s, 1 min, 2 min … up to 15 min. */
export function delayAfter(attempts: number, limit: number): number {
  if (attempts < limit) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (attempts - limit), MAX_DELAY_MS);
}

type Row = typeof loginThrottle.$inferSelect;

function isLocked(row: Row | undefined, now: Date) {
  return row?.lockedUntil != null && row.lockedUntil.getTime() > now.getTime();
}

function currentCount(row: Row | undefined, now: Date) {
  if (!row) return 0;
  const quiet = now.getTime() - row.updatedAt.getTime() > QUIET_RESET_MS && !isLocked(row, now);
  return quiet ? 0 : row.failures;
}

async function store(tx: DbOrTx, key: string, failures: number, lockedUntil: Date | null, now: Date) {
  const values = { failures, lockedUntil, updatedAt: now };
  await tx.insert(loginThrottle).values({ key, ...values }).onConflictDoUpdate({ target: loginThrottle.key, set: values });
}

/**
 * Creates the counters that do not exist yet, then locks every row of `keys` in key order before anything is read:
 * on PostgreSQL two requests would otherwise both read the same count (a missing row cannot be locked), and a fixed
 * order keeps concurrent lockers from deadlocking. On SQLite the IMMEDIATE transaction already serialises them.
 */
async function lockedCounters(tx: DbOrTx, keys: string[], created: string[], now: Date) {
  if (created.length > 0) {
    const fresh = [...created].sort().map((key) => ({ key, failures: 0, lockedUntil: null, updatedAt: now }));
    await tx.insert(loginThrottle).values(fresh).onConflictDoNothing();
  }
  const rows = await lockedForUpdate(tx.select().from(loginThrottle).where(inArray(loginThrottle.key, keys)).orderBy(loginThrottle.key));
  return new Map(rows.map((r) => [r.key, r]));
}

export type Reservation = { ok: true } | { ok: false; lock: "account_address" | "account" | "address" };

/** Counts this attempt before the password is checked, or refuses it without a check. */
export async function reserveLoginAttempt(db: Db, keys: ThrottleKeys, now = new Date()): Promise<Reservation> {
  return await db.transaction(
    async (tx) => {
      const rows = await lockedCounters(tx, Object.values(keys), [keys.pair, keys.account, keys.address], now);
      const known = rows.get(keys.known);
      const usualAddress = known !== undefined && now.getTime() - known.updatedAt.getTime() < KNOWN_ADDRESS_MS;
      if (isLocked(rows.get(keys.pair), now)) return { ok: false, lock: "account_address" } as const;
      if (!usualAddress && isLocked(rows.get(keys.account), now)) return { ok: false, lock: "account" } as const;
      if (!usualAddress && isLocked(rows.get(keys.address), now)) return { ok: false, lock: "address" } as const;
      for (const [key, limit] of [
        [keys.pair, FREE_ATTEMPTS],
        [keys.account, ACCOUNT_LIMIT],
        [keys.address, ADDRESS_LIMIT],
      ] as const) {
        const attempts = currentCount(rows.get(key), now) + 1;
        const delay = delayAfter(attempts, limit);
        await store(tx, key, attempts, delay ? new Date(now.getTime() + delay) : null, now);
      }
      return { ok: true } as const;
    },
    { behavior: "immediate" },
  );
}

/**
 * A successful login: the account-and-address count starts afresh and the address becomes a usual one; the
 * account's and address's wider counts only get this attempt back, so a success cannot wipe an attack's tally.
 */
export async function recordLoginSuccess(tx: DbOrTx, keys: ThrottleKeys, now = new Date()) {
  await lockedCounters(tx, Object.values(keys), [], now);
  await tx.delete(loginThrottle).where(eq(loginThrottle.key, keys.pair));
  await store(tx, keys.known, 0, null, now);
  await tx.update(loginThrottle)
    .set({ failures: greatest(sql`${loginThrottle.failures} - 1`, 0) })
    .where(inArray(loginThrottle.key, [keys.account, keys.address]));
}

/**
 * A fixed-window counter kept in the same table (`<purpose>:<address>` keys): counts this attempt and says whether
 * it is within the limit. Counted in the database, so every server process shares it and a restart forgets nothing.
 */
export async function withinRateLimit(db: Db, key: string, limit: number, windowMs: number, now = new Date()): Promise<boolean> {
  return await db.transaction(
    async (tx) => {
      const row = (await lockedCounters(tx, [key], [key], now)).get(key);
      const fresh = !row || now.getTime() - row.updatedAt.getTime() >= windowMs;
      const count = fresh ? 1 : row.failures + 1;
      // updatedAt marks the window's start, so it moves only when a new window opens.
      await store(tx, key, count, null, fresh ? now : row.updatedAt);
      return count <= limit;
    },
    { behavior: "immediate" },
  );
}
