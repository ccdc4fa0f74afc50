import { firstRow } from "../../db/query.ts";
import { createHash, getRandomValues, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { prepared } from "../../db/prepared.ts";
import { people, sessions, users } from "../../db/schema.ts";
import { cookieAttributes, readCookie } from "../utils/http.ts";

/**
 * Sessions as lucia-auth.com's guide builds them: the token is `<id>.<secret>`, only SHA-256(secret)
 * is stored, secrets are compared in constant time, and a session dies after a period without use
 * (its last-verified time slides forward at most once per check interval), and 30 days after it opened whatever the use.
 */
export const INACTIVITY_TIMEOUT_MS = 7 * 24 * 3600_000;
/** However often it is used, a session ends this long after it was opened. */
export const ABSOLUTE_TIMEOUT_MS = 30 * 24 * 3600_000;
export const ACTIVITY_CHECK_INTERVAL_MS = 3600_000;
export const SESSION_COOKIE = "carecert_session";

// Human-readable alphabet: a–z and 2–9 without l, o, 0, 1.
const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
function secureRandomString(): string {
  const bytes = getRandomValues(new Uint8Array(24)); // 120 bits of entropy
  let s = "";
  for (const b of bytes) s += ALPHABET[b >> 3];
  return s;
}

function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}

export async function createSession(
  db: DbOrTx,
  userId: number,
  options: { ip?: string | null; impersonatorUserId?: number | null; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  const id = secureRandomString();
  const secret = secureRandomString();
  await db.insert(sessions)
    .values({
      id,
      userId,
      secretHash: hashSecret(secret),
      createdAt: now,
      lastVerifiedAt: now,
      impersonatorUserId: options.impersonatorUserId ?? null,
      ip: options.ip ?? null,
    });
  return { id, token: `${id}.${secret}` };
}

export type ValidSession = {
  id: string;
  userId: number;
  impersonatorUserId: number | null;
  /** The account and its holder's name, read with the session (one query on every request). */
  user: typeof users.$inferSelect;
  name: string;
};

const sessionById = prepared((db) =>
  db
    .select({ session: sessions, user: users, name: people.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare(),
);

export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<ValidSession | null> {
  const [id, secret, ...rest] = token.split(".");
  if (!id || !secret || rest.length > 0) return null;
  const row = await firstRow(sessionById(db).execute({ id }));
  if (!row) return null;
  const { session } = row;
  if (!timingSafeEqual(hashSecret(secret), session.secretHash)) return null;
  const idle = now.getTime() - session.lastVerifiedAt.getTime() >= INACTIVITY_TIMEOUT_MS;
  const tooOld = now.getTime() - session.createdAt.getTime() >= ABSOLUTE_TIMEOUT_MS;
  if (idle || tooOld || row.user.disabledAt) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now.getTime() - session.lastVerifiedAt.getTime() >= ACTIVITY_CHECK_INTERVAL_MS) {
    await db.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, id));
  }
  return { id, userId: session.userId, impersonatorUserId: session.impersonatorUserId, user: row.user, name: row.name };
}

export async function invalidateSession(db: DbOrTx, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user; returns how many there were. */
export async function invalidateUserSessions(db: DbOrTx, userId: number): Promise<number> {
  return (await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })).length;
}

/** The cookie outlives the server-side inactivity limit; the database decides whether it still counts. */
export function sessionCookie(request: Request, token: string): string {
  return `${SESSION_COOKIE}=${token}; ${cookieAttributes(request, 60 * 60 * 24 * 365)}`;
}

export function blankSessionCookie(request: Request): string {
  return `${SESSION_COOKIE}=; ${cookieAttributes(request, 0)}`;
}

export function sessionTokenFrom(request: Request): string | null {
  return readCookie(request, SESSION_COOKIE);
}
