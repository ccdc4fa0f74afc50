import { firstRow, returnedRow } from "../../db/query.ts";
import { createHash, timingSafeEqual } from "node:crypto";
import { and, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { passwordResetCodes, people, roleAssignments, users } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { loadGrants } from "./auth.server.ts";
import { generateInitialPassword, hashPassword } from "./password.server.ts";
import { hasPermission, type Scope } from "./permissions.ts";
import { createSession, invalidateUserSessions } from "./session.server.ts";
import { recordLoginSuccess, throttleKeys } from "./throttle.server.ts";

/** Long enough to read the code out on the phone and use it; an unused code is replaced by starting again. */
export const RESET_CODE_VALID_MS = 60 * 60_000;
export const RESET_CODE_INVALID = "用户名或重置码不正确，或重置码已使用、已过期，请联系管理员重新发放";

const hashCode = (code: string) => createHash("sha256").update(code).digest();

/**
 * The user an admin may start a reset for: anyone for a system-wide grant; otherwise someone with a role in one of
 * the admin's organisations, and never an account administrator (those are reset by the system admin).
 */
export async function loadResetTarget(db: Db, scope: Scope, userId: number) {
  const target = await firstRow(db
    .select({ id: users.id, username: users.username, name: people.name, disabledAt: users.disabledAt })
    .from(users)
    .innerJoin(people, eq(people.id, users.personId))
    .where(eq(users.id, userId)));
  if (!target || scope.any) return target ?? null;
  const inOrganisation =
    scope.organisationIds.length > 0 &&
    await firstRow(db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, userId), inArray(roleAssignments.organisationId, scope.organisationIds)))) !== undefined;
  return inOrganisation && !hasPermission(await loadGrants(db, userId), "manage:user") ? target : null;
}

/** A new one-time code (any earlier unused one stops working); the current password stays until the code is used. */
export async function startPasswordReset(db: Db, userId: number, by: Pick<AuditEvent, "userId" | "realUserId" | "ip">, now = new Date()) {
  const code = generateInitialPassword();
  const expiresAt = new Date(now.getTime() + RESET_CODE_VALID_MS);
  await db.transaction(
    async (tx) => {
      await tx.update(passwordResetCodes).set({ usedAt: now }).where(and(eq(passwordResetCodes.userId, userId), isNull(passwordResetCodes.usedAt)));
      const row = await returnedRow(tx
        .insert(passwordResetCodes)
        .values({ userId, codeHash: hashCode(code), createdAt: now, expiresAt, createdByUserId: by.realUserId ?? by.userId ?? null })
        .returning({ id: passwordResetCodes.id }));
      await writeAudit(tx, { ...by, event: "user.password_reset_started", target: { table: "password_reset_codes", id: row.id }, relatedUserId: userId, details: { expiresAt: expiresAt.toISOString() } }, now);
    },
    { behavior: "immediate" },
  );
  return { code, expiresAt };
}

/** The live code row matching this username and code, if any. */
async function liveCode(db: DbOrTx, username: string, code: string, now: Date) {
  const row = await firstRow(db
    .select({ id: passwordResetCodes.id, userId: users.id, codeHash: passwordResetCodes.codeHash })
    .from(passwordResetCodes)
    .innerJoin(users, eq(users.id, passwordResetCodes.userId))
    .where(and(eq(users.username, username), isNull(passwordResetCodes.usedAt), gt(passwordResetCodes.expiresAt, now), isNull(users.disabledAt)))
    .orderBy(desc(passwordResetCodes.id)));
  return row && timingSafeEqual(row.codeHash, hashCode(code)) ? row : null;
}

export type ResetOutcome = { ok: true; userId: number; token: string } | { ok: false };

/**
 * Sets the new password with a live code, once: the code is spent, every session ends and this browser gets a new
 * one. The caller has reserved the attempt with the login throttle, so codes cannot be guessed at speed.
 */
export async function completePasswordReset(db: Db, input: { username: string; code: string; newPassword: string; ip: string }, now = new Date()): Promise<ResetOutcome> {
  const username = input.username.trim().toLowerCase();
  if (!await liveCode(db, username, input.code, now)) {
    await writeAudit(db, { event: "auth.password_reset_failed", ip: input.ip, details: { username } }, now);
    return { ok: false };
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(
    async (tx): Promise<ResetOutcome> => {
      // Checked again inside the write: two concurrent uses of one code cannot both succeed.
      const code = await liveCode(tx, username, input.code, now);
      if (!code) return { ok: false };
      await tx.update(passwordResetCodes).set({ usedAt: now }).where(eq(passwordResetCodes.id, code.id));
      await tx.update(users).set({ passwordHash, mustChangePassword: false, passwordExpiresAt: null }).where(eq(users.id, code.userId));
      const ended = await invalidateUserSessions(tx, code.userId);
      await recordLoginSuccess(tx, throttleKeys(username, input.ip), now);
      const session = await createSession(tx, code.userId, { ip: input.ip, now });
      await writeAudit(tx, { event: "auth.password_reset_completed", target: { table: "password_reset_codes", id: code.id }, userId: code.userId, ip: input.ip, details: { sessionsEnded: ended } }, now);
      return { ok: true, userId: code.userId, token: session.token };
    },
    { behavior: "immediate" },
  );
}
