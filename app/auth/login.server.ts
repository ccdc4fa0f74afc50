import { firstRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.server.ts";
import { createSession } from "./session.server.ts";
import { recordLoginSuccess, reserveLoginAttempt, throttleKeys } from "./throttle.server.ts";

export const LOGIN_FAILED = "用户名或密码错误";
export const LOGIN_THROTTLED = "登录失败次数过多，请稍后再试";
export const INITIAL_PASSWORD_EXPIRED = "初始密码已过期，请联系管理员重新设置";

export type LoginOutcome = { ok: true; userId: number; token: string; mustChangePassword: boolean } | { ok: false; message: string };

/** Every login opens a new session; attempts are counted before the check and logged without saying which part was wrong. */
export async function attemptLogin(db: Db, input: { username: string; password: string; ip: string }, now = new Date()): Promise<LoginOutcome> {
  const username = input.username.trim().toLowerCase();
  const keys = throttleKeys(username, input.ip);
  // Reserved before the slow password check, so concurrent attempts cannot all pass a stale count.
  const reservation = await reserveLoginAttempt(db, keys, now);
  if (!reservation.ok) {
    await writeAudit(db, { event: "auth.login_throttled", ip: input.ip, details: { username, lock: reservation.lock } }, now);
    return { ok: false, message: LOGIN_THROTTLED };
  }
  const user = await firstRow(db.select().from(users).where(eq(users.username, username)));
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  const reason = !user ? "unknown_user" : !passwordOk ? "wrong_password" : user.disabledAt ? "disabled" : null;
  if (reason || !user) {
    await writeAudit(db, { event: "auth.login_failed", relatedUserId: user?.id ?? null, ip: input.ip, details: { username, reason } }, now);
    return { ok: false, message: LOGIN_FAILED };
  }
  if (user.passwordExpiresAt && user.passwordExpiresAt.getTime() <= now.getTime()) {
    await writeAudit(db, { event: "auth.login_failed", relatedUserId: user.id, ip: input.ip, details: { username, reason: "initial_password_expired" } }, now);
    return { ok: false, message: INITIAL_PASSWORD_EXPIRED };
  }
  return db.transaction(async (tx) => {
    await recordLoginSuccess(tx, keys, now);
    const session = await createSession(tx, user.id, { ip: input.ip, now });
    await writeAudit(tx, { event: "auth.login_succeeded", target: { table: "sessions", id: session.id }, userId: user.id, ip: input.ip }, now);
    return { ok: true, userId: user.id, token: session.token, mustChangePassword: user.mustChangePassword };
  });
}
