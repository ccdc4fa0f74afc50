import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions } from "../../db/schema.ts";
import { createUser } from "../../db/factories.ts";
import { db } from "../../app/db.server.ts";
import { attemptLogin, INITIAL_PASSWORD_EXPIRED, LOGIN_FAILED, LOGIN_THROTTLED } from "../../app/auth/login.server.ts";
import { LOCK_MS } from "../../app/auth/throttle.server.ts";
import * as login from "../../app/auth/routes/login.tsx";
import { postRequest, run, sessionCookieOf } from "../setup/requests.ts";

const events = (event: string) => db.select().from(auditLog).where(eq(auditLog.event, event)).all();

describe("login", () => {
  let worker: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    worker = await createUser(db, { username: "liming", role: "trainee" });
  });

  it("opens a new session at every login and ends the one the browser still carried", async () => {
    const first = await run(login.action, postRequest("/login", { username: "liming", password: worker.password }));
    expect(first.status).toBe(302);
    expect(first.location).toBe("/learn");
    const firstCookie = sessionCookieOf(first);
    const second = await run(login.action, postRequest("/login", { username: "LiMing", password: worker.password }, { cookie: firstCookie }));
    const secondCookie = sessionCookieOf(second);
    expect(secondCookie).not.toBe(firstCookie);
    const ids = db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, worker.id)).all().map((s) => s.id);
    expect(ids).toEqual([secondCookie.split("=")[1]!.split(".")[0]]);
    expect(events("auth.login_succeeded").filter((e) => e.userId === worker.id)).toHaveLength(2);
  });

  it("answers a wrong password and an unknown user with the same message, and logs both", async () => {
    const wrong = await run<{ errors: Record<string, string> }>(login.action, postRequest("/login", { username: "liming", password: "wrong password" }, { ip: "198.51.100.1" }));
    const unknown = await run<{ errors: Record<string, string> }>(login.action, postRequest("/login", { username: "nobody", password: "wrong password" }, { ip: "198.51.100.1" }));
    expect(wrong.status).toBe(400);
    expect(wrong.data!.errors._form).toBe(LOGIN_FAILED);
    expect(unknown.data!.errors._form).toBe(LOGIN_FAILED);
    const failed = events("auth.login_failed");
    expect(failed.map((e) => e.details)).toEqual(
      expect.arrayContaining([
        { username: "liming", reason: "wrong_password" },
        { username: "nobody", reason: "unknown_user" },
      ]),
    );
    expect(failed.every((e) => e.ip === "198.51.100.1")).toBe(true);
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
  });

  it("refuses an account for 10 minutes after 10 failures, even with the right password", async () => {
    const target = await createUser(db, { username: "target", role: "trainee" });
    const start = new Date("2026-11-22T08:00:00Z");
    for (let i = 0; i < 10; i++) {
      // Each attempt from a different address: the account's own count must trip.
      const outcome = await attemptLogin(db, { username: "target", password: "guess" + i, ip: `203.0.113.${i}` }, new Date(start.getTime() + i * 1000));
      expect(outcome).toEqual({ ok: false, message: LOGIN_FAILED });
    }
    const during = await attemptLogin(db, { username: "target", password: target.password, ip: "203.0.113.99" }, new Date(start.getTime() + 60_000));
    expect(during).toEqual({ ok: false, message: LOGIN_THROTTLED });
    expect(events("auth.login_throttled")).toHaveLength(1);
    const after = await attemptLogin(db, { username: "target", password: target.password, ip: "203.0.113.99" }, new Date(start.getTime() + 10_000 + LOCK_MS));
    expect(after.ok).toBe(true);
  });

  it("refuses an address after 10 failures across different accounts", async () => {
    const victim = await createUser(db, { username: "victim", role: "trainee" });
    const start = new Date("2026-11-22T09:00:00Z");
    for (let i = 0; i < 10; i++) {
      await attemptLogin(db, { username: `guess${i}`, password: "x", ip: "192.0.2.200" }, new Date(start.getTime() + i * 1000));
    }
    expect(await attemptLogin(db, { username: "victim", password: victim.password, ip: "192.0.2.200" }, new Date(start.getTime() + 20_000))).toEqual({ ok: false, message: LOGIN_THROTTLED });
    expect((await attemptLogin(db, { username: "victim", password: victim.password, ip: "192.0.2.201" }, new Date(start.getTime() + 20_000))).ok).toBe(true);
  });

  it("does not lock an account whose failures are spread out", async () => {
    const patient = await createUser(db, { username: "patient", role: "trainee" });
    const start = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < 12; i++) {
      await attemptLogin(db, { username: "patient", password: "x", ip: `198.18.0.${i}` }, new Date(start.getTime() + i * (LOCK_MS + 1000)));
    }
    expect((await attemptLogin(db, { username: "patient", password: patient.password, ip: "198.18.1.1" }, new Date(start.getTime() + 12 * (LOCK_MS + 1000)))).ok).toBe(true);
  });

  it("sends a staff member with an initial password to change it, and refuses it once expired", async () => {
    const now = new Date();
    await createUser(db, { username: "newstaff", role: "examiner", mustChangePassword: true, passwordExpiresAt: new Date(now.getTime() + 3600_000), password: "Initial-Pass-1" });
    const fresh = await run(login.action, postRequest("/login", { username: "newstaff", password: "Initial-Pass-1" }));
    expect(fresh.location).toBe("/account/password");

    await createUser(db, { username: "latestaff", role: "examiner", mustChangePassword: true, passwordExpiresAt: new Date(now.getTime() - 1000), password: "Initial-Pass-2" });
    const expired = await run<{ errors: Record<string, string> }>(login.action, postRequest("/login", { username: "latestaff", password: "Initial-Pass-2" }));
    expect(expired.data!.errors._form).toBe(INITIAL_PASSWORD_EXPIRED);
    expect(db.select().from(auditLog).where(and(eq(auditLog.event, "auth.login_failed"))).all().some((e) => (e.details as { reason?: string }).reason === "initial_password_expired")).toBe(true);
  });

  it("refuses a disabled account with the generic message", async () => {
    const gone = await createUser(db, { username: "gone", role: "trainee" });
    const { setUserDisabled } = await import("../../app/auth/accounts.server.ts");
    setUserDisabled(db, gone.id, true, { userId: null, ip: "127.0.0.1" });
    expect(await attemptLogin(db, { username: "gone", password: gone.password, ip: "192.0.2.50" })).toEqual({ ok: false, message: LOGIN_FAILED });
  });

  it("only sends users back to paths on this site after login", async () => {
    const outcome = await run(login.action, postRequest("/login", { username: "liming", password: worker.password, redirectTo: "//evil.example/phish" }));
    expect(outcome.location).toBe("/learn");
    const inside = await run(login.action, postRequest("/login", { username: "liming", password: worker.password, redirectTo: "/account" }));
    expect(inside.location).toBe("/account");
  });
});
