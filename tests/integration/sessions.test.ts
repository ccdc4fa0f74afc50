import { firstRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, sessions } from "../../db/schema.ts";
import { createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { changePassword, endUserSessions } from "../../app/auth/accounts.server.ts";
import { PASSWORD_COMMON, PASSWORD_HAS_USERNAME } from "../../app/auth/password.server.ts";
import { ABSOLUTE_TIMEOUT_MS, ACTIVITY_CHECK_INTERVAL_MS, createSession, INACTIVITY_TIMEOUT_MS, validateSessionToken } from "../../app/auth/session.server.ts";
import * as logout from "../../app/auth/routes/logout.tsx";
import * as account from "../../app/auth/routes/account.tsx";
import * as passwordPage from "../../app/auth/routes/password.tsx";
import { getRequest, postRequest, run, sessionCookieOf } from "../setup/requests.ts";

const HOUR = 3600_000;

describe("sessions", () => {
  let user: Awaited<ReturnType<typeof createUser>>;
  beforeEach(async () => {
    user = await createUser(db, { role: "trainee" });
  });

  it("stores only a SHA-256 hash of the secret", async () => {
    const { id, token } = await createSession(db, user.id);
    const secret = token.split(".")[1]!;
    const row = (await firstRow(db.select().from(sessions).where(eq(sessions.id, id))))!;
    expect(row.secretHash).toHaveLength(32);
    expect(row.secretHash.toString("utf8")).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("rejects a token whose secret was changed, or that is malformed", async () => {
    const { token } = await createSession(db, user.id);
    const [id, secret] = token.split(".");
    const flipped = `${id}.${secret!.slice(0, -1)}${secret!.endsWith("a") ? "b" : "a"}`;
    expect(await validateSessionToken(db, token)).toMatchObject({ userId: user.id });
    expect(await validateSessionToken(db, flipped)).toBeNull();
    expect(await validateSessionToken(db, id!)).toBeNull();
    expect(await validateSessionToken(db, `${token}.extra`)).toBeNull();
  });

  it("expires after the inactivity timeout and deletes the row", async () => {
    const t0 = new Date("2026-11-01T00:00:00Z");
    const { id, token } = await createSession(db, user.id, { now: t0 });
    expect(await validateSessionToken(db, token, new Date(t0.getTime() + INACTIVITY_TIMEOUT_MS - 1))).not.toBeNull();
    const fresh = await createSession(db, user.id, { now: t0 });
    expect(await validateSessionToken(db, fresh.token, new Date(t0.getTime() + INACTIVITY_TIMEOUT_MS))).toBeNull();
    expect(await firstRow(db.select().from(sessions).where(eq(sessions.id, fresh.id)))).toBeUndefined();
    expect(await firstRow(db.select().from(sessions).where(eq(sessions.id, id)))).toBeDefined();
  });

  it("slides forward while used, at most once per check interval", async () => {
    const t0 = new Date("2026-11-01T00:00:00Z");
    const { id, token } = await createSession(db, user.id, { now: t0 });
    await validateSessionToken(db, token, new Date(t0.getTime() + ACTIVITY_CHECK_INTERVAL_MS / 2));
    expect((await firstRow(db.select().from(sessions).where(eq(sessions.id, id))))!.lastVerifiedAt).toEqual(t0);
    const used = new Date(t0.getTime() + 6 * 24 * HOUR);
    await validateSessionToken(db, token, used);
    expect((await firstRow(db.select().from(sessions).where(eq(sessions.id, id))))!.lastVerifiedAt).toEqual(used);
    // Without the slide this would be past the timeout counted from t0.
    expect(await validateSessionToken(db, token, new Date(used.getTime() + INACTIVITY_TIMEOUT_MS - HOUR))).not.toBeNull();
  });

  it("logout ends the session on the server and blanks the cookie", async () => {
    const { id, token } = await createSession(db, user.id);
    const outcome = await run(logout.action, postRequest("/logout", {}, { cookie: `carecert_session=${token}` }));
    expect(outcome.location).toBe("/login");
    expect(outcome.headers.get("Set-Cookie")).toContain("Max-Age=0");
    expect(await firstRow(db.select().from(sessions).where(eq(sessions.id, id)))).toBeUndefined();
    expect(await validateSessionToken(db, token)).toBeNull();
    expect((await db.select().from(auditLog).where(eq(auditLog.event, "auth.logout"))).at(-1)?.userId).toBe(user.id);
  });

  it("a password change ends every session and opens a new one for the browser that changed it", async () => {
    const other = await createSession(db, user.id);
    const mine = await createSession(db, user.id);
    const outcome = await run(
      passwordPage.action,
      postRequest("/account/password", { currentPassword: user.password, newPassword: "a brand new pass", confirmPassword: "a brand new pass" }, { cookie: `carecert_session=${mine.token}` }),
    );
    expect(outcome.status).toBe(302);
    expect(await validateSessionToken(db, other.token)).toBeNull();
    expect(await validateSessionToken(db, mine.token)).toBeNull();
    expect(await validateSessionToken(db, sessionCookieOf(outcome).split("=")[1]!)).toMatchObject({ userId: user.id });
  });

  it.each([
    ["a common password", "iloveyou", PASSWORD_COMMON],
    ["one containing the username", "", PASSWORD_HAS_USERNAME],
    ["a short one", "short", "密码至少 8 个字符"],
  ])("a password change refuses %s with a message on the field", async (_kind, newPassword, message) => {
    const mine = await createSession(db, user.id);
    const chosen = newPassword || `${user.username.toUpperCase()}!2026`;
    const outcome = await run<{ errors: Record<string, string> }>(
      passwordPage.action,
      postRequest("/account/password", { currentPassword: user.password, newPassword: chosen, confirmPassword: chosen }, { cookie: `carecert_session=${mine.token}` }),
    );
    expect(outcome.status).toBe(400);
    expect(outcome.data!.errors.newPassword).toBe(message);
    expect(await validateSessionToken(db, mine.token)).not.toBeNull();
  });

  it("ends a session 30 days after it opened however often it is used", async () => {
    const t0 = new Date("2026-11-01T00:00:00Z");
    const { id, token } = await createSession(db, user.id, { now: t0 });
    // Used every three days: the idle limit never trips.
    for (let day = 3; day < 30; day += 3) expect(await validateSessionToken(db, token, new Date(t0.getTime() + day * 24 * HOUR))).not.toBeNull();
    expect(await validateSessionToken(db, token, new Date(t0.getTime() + ABSOLUTE_TIMEOUT_MS - 1000))).not.toBeNull();
    expect(await validateSessionToken(db, token, new Date(t0.getTime() + ABSOLUTE_TIMEOUT_MS))).toBeNull();
    expect(ABSOLUTE_TIMEOUT_MS).toBe(30 * 24 * HOUR);
    expect(await firstRow(db.select().from(sessions).where(eq(sessions.id, id)))).toBeUndefined();
  });

  it("a wrong current password changes nothing", async () => {
    const mine = await createSession(db, user.id);
    const outcome = await run<{ errors: Record<string, string> }>(
      passwordPage.action,
      postRequest("/account/password", { currentPassword: "not it at all", newPassword: "a brand new pass", confirmPassword: "a brand new pass" }, { cookie: `carecert_session=${mine.token}` }),
    );
    expect(outcome.data!.errors.currentPassword).toBe("当前密码不正确");
    expect(await validateSessionToken(db, mine.token)).not.toBeNull();
  });

  it("an admin can end all of a user's sessions", async () => {
    const a = await createSession(db, user.id);
    const b = await createSession(db, user.id);
    expect(await endUserSessions(db, user.id, { userId: null, ip: "127.0.0.1" })).toBe(2);
    expect(await validateSessionToken(db, a.token)).toBeNull();
    expect(await validateSessionToken(db, b.token)).toBeNull();
  });

  it("changePassword clears the pending initial-password state", async () => {
    const staff = await createUser(db, { role: "examiner", mustChangePassword: true, passwordExpiresAt: new Date(Date.now() + HOUR) });
    const token = await changePassword(db, staff.id, "my own password", { userId: staff.id, ip: "127.0.0.1" });
    const page = await run(account.loader, getRequest("/account", { cookie: `carecert_session=${token}` }));
    expect(page.status).toBe(200);
  });

  it("a user with a pending initial password is held on the password page", async () => {
    const staff = await createUser(db, { role: "examiner", mustChangePassword: true, passwordExpiresAt: new Date(Date.now() + HOUR) });
    const { token } = await createSession(db, staff.id);
    const page = await run(account.loader, getRequest("/account", { cookie: `carecert_session=${token}` }));
    expect(page.location).toBe("/account/password");
    const allowed = await run(passwordPage.loader, getRequest("/account/password", { cookie: `carecert_session=${token}` }));
    expect(allowed.data).toEqual({ mustChange: true });
  });
});
