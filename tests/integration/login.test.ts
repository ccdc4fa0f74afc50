import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions } from "../../db/schema.ts";
import { createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { attemptLogin, INITIAL_PASSWORD_EXPIRED, LOGIN_FAILED, LOGIN_THROTTLED } from "../../app/auth/login.server.ts";
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, FIRST_DELAY_MS, FREE_ATTEMPTS, QUIET_RESET_MS, reserveLoginAttempt, throttleKeys, withinRateLimit } from "../../app/auth/throttle.server.ts";
import * as login from "../../app/auth/routes/login.tsx";
import { postRequest, run, sessionCookieOf } from "../setup/requests.ts";

const events = async (event: string) => await db.select().from(auditLog).where(eq(auditLog.event, event));

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
    const ids = (await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, worker.id))).map((s) => s.id);
    expect(ids).toEqual([secondCookie.split("=")[1]!.split(".")[0]]);
    expect((await events("auth.login_succeeded")).filter((e) => e.userId === worker.id)).toHaveLength(2);
  });

  it("answers a wrong password and an unknown user with the same message, and logs both", async () => {
    const wrong = await run<{ errors: Record<string, string> }>(login.action, postRequest("/login", { username: "liming", password: "wrong password" }, { ip: "198.51.100.1" }));
    const unknown = await run<{ errors: Record<string, string> }>(login.action, postRequest("/login", { username: "nobody", password: "wrong password" }, { ip: "198.51.100.1" }));
    expect(wrong.status).toBe(400);
    expect(wrong.data!.errors._form).toBe(LOGIN_FAILED);
    expect(unknown.data!.errors._form).toBe(LOGIN_FAILED);
    const failed = await events("auth.login_failed");
    expect(failed.map((e) => e.details)).toEqual(
      expect.arrayContaining([
        { username: "liming", reason: "wrong_password" },
        { username: "nobody", reason: "unknown_user" },
      ]),
    );
    expect(failed.every((e) => e.ip === "198.51.100.1")).toBe(true);
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
  });

  it("refuses an account from one address after 5 failures with a growing delay, even with the right password", async () => {
    const target = await createUser(db, { username: "target", role: "trainee" });
    const start = new Date("2026-11-22T08:00:00Z");
    const at = (ms: number) => new Date(start.getTime() + ms);
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      expect(await attemptLogin(db, { username: "target", password: "guess" + i, ip: "203.0.113.7" }, at(i * 1000))).toEqual({ ok: false, message: LOGIN_FAILED });
    }
    expect(await attemptLogin(db, { username: "target", password: target.password, ip: "203.0.113.7" }, at(10_000))).toEqual({ ok: false, message: LOGIN_THROTTLED });
    expect((await events("auth.login_throttled")).map((e) => e.details)).toEqual([{ username: "target", lock: "account_address" }]);
    // After the first delay one more try; a wrong one doubles the wait.
    expect(await attemptLogin(db, { username: "target", password: "guess-6", ip: "203.0.113.7" }, at(4000 + FIRST_DELAY_MS))).toEqual({ ok: false, message: LOGIN_FAILED });
    expect(await attemptLogin(db, { username: "target", password: target.password, ip: "203.0.113.7" }, at(4000 + FIRST_DELAY_MS + 2 * FIRST_DELAY_MS - 1000))).toEqual({ ok: false, message: LOGIN_THROTTLED });
    expect((await attemptLogin(db, { username: "target", password: target.password, ip: "203.0.113.7" }, at(4000 + 3 * FIRST_DELAY_MS + 1000))).ok).toBe(true);
  });

  it("lets the owner in from another address while one address is locked out of the account", async () => {
    const owner = await createUser(db, { username: "owner", role: "trainee" });
    const start = new Date("2026-11-22T08:30:00Z");
    for (let i = 0; i < 20; i++) await attemptLogin(db, { username: "owner", password: "x" + i, ip: "198.51.100.66" }, new Date(start.getTime() + i * 100));
    expect((await attemptLogin(db, { username: "owner", password: owner.password, ip: "192.0.2.77" }, new Date(start.getTime() + 5000))).ok).toBe(true);
  });

  it("after an attack spread over many addresses, refuses new addresses but not the owner's usual one", async () => {
    const spread = await createUser(db, { username: "spread", role: "trainee" });
    const start = new Date("2026-11-22T09:00:00Z");
    const at = (ms: number) => new Date(start.getTime() + ms);
    expect((await attemptLogin(db, { username: "spread", password: spread.password, ip: "192.0.2.10" }, start)).ok).toBe(true);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      await attemptLogin(db, { username: "spread", password: "x", ip: `203.0.113.${100 + (i % 50)}` }, at(1000 + i));
    }
    expect(await attemptLogin(db, { username: "spread", password: spread.password, ip: "198.51.100.200" }, at(5000))).toEqual({ ok: false, message: LOGIN_THROTTLED });
    expect((await attemptLogin(db, { username: "spread", password: spread.password, ip: "192.0.2.10" }, at(5000))).ok).toBe(true);
  }, 120_000);

  it("does not refuse other accounts behind an address that has guessed at many (an exam room behind one NAT)", async () => {
    const victim = await createUser(db, { username: "victim", role: "trainee" });
    const start = new Date("2026-11-22T09:30:00Z");
    for (let i = 0; i < 30; i++) {
      await attemptLogin(db, { username: `guess${i}`, password: "x", ip: "192.0.2.200" }, new Date(start.getTime() + i * 1000));
    }
    expect((await attemptLogin(db, { username: "victim", password: victim.password, ip: "192.0.2.200" }, new Date(start.getTime() + 40_000))).ok).toBe(true);
  });

  it("refuses an address that has guessed at very many accounts, except for accounts it usually logs in to", async () => {
    const regular = await createUser(db, { username: "regular", role: "trainee" });
    const newcomer = await createUser(db, { username: "newcomer", role: "trainee" });
    const start = new Date("2026-11-22T09:45:00Z");
    expect((await attemptLogin(db, { username: "regular", password: regular.password, ip: "192.0.2.201" }, start)).ok).toBe(true);
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      await attemptLogin(db, { username: `spray${i}`, password: "x", ip: "192.0.2.201" }, new Date(start.getTime() + 1000 + i));
    }
    const later = new Date(start.getTime() + 5000);
    expect(await attemptLogin(db, { username: "newcomer", password: newcomer.password, ip: "192.0.2.201" }, later)).toEqual({ ok: false, message: LOGIN_THROTTLED });
    expect((await attemptLogin(db, { username: "regular", password: regular.password, ip: "192.0.2.201" }, later)).ok).toBe(true);
  }, 120_000);

  it("does not lock an account whose failures are spread out", async () => {
    const patient = await createUser(db, { username: "patient", role: "trainee" });
    const start = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < 12; i++) {
      await attemptLogin(db, { username: "patient", password: "x", ip: "198.18.0.1" }, new Date(start.getTime() + i * (QUIET_RESET_MS + 1000)));
    }
    expect((await attemptLogin(db, { username: "patient", password: patient.password, ip: "198.18.0.1" }, new Date(start.getTime() + 12 * (QUIET_RESET_MS + 1000)))).ok).toBe(true);
  });

  it("sends a staff member with an initial password to change it, and refuses it once expired", async () => {
    const now = new Date();
    await createUser(db, { username: "newstaff", role: "examiner", mustChangePassword: true, passwordExpiresAt: new Date(now.getTime() + 3600_000), password: "Initial-Pass-1" });
    const fresh = await run(login.action, postRequest("/login", { username: "newstaff", password: "Initial-Pass-1" }));
    expect(fresh.location).toBe("/account/password");

    await createUser(db, { username: "latestaff", role: "examiner", mustChangePassword: true, passwordExpiresAt: new Date(now.getTime() - 1000), password: "Initial-Pass-2" });
    const expired = await run<{ errors: Record<string, string> }>(login.action, postRequest("/login", { username: "latestaff", password: "Initial-Pass-2" }));
    expect(expired.data!.errors._form).toBe(INITIAL_PASSWORD_EXPIRED);
    expect((await db.select().from(auditLog).where(and(eq(auditLog.event, "auth.login_failed")))).some((e) => (e.details as { reason?: string }).reason === "initial_password_expired")).toBe(true);
  });

  it("refuses a disabled account with the generic message", async () => {
    const gone = await createUser(db, { username: "gone", role: "trainee" });
    const { setUserDisabled } = await import("../../app/auth/accounts.server.ts");
    await setUserDisabled(db, gone.id, true, { userId: null, ip: "127.0.0.1" });
    expect(await attemptLogin(db, { username: "gone", password: gone.password, ip: "192.0.2.50" })).toEqual({ ok: false, message: LOGIN_FAILED });
  });

  it("only sends users back to paths on this site after login", async () => {
    const outcome = await run(login.action, postRequest("/login", { username: "liming", password: worker.password, redirectTo: "//evil.example/phish" }));
    expect(outcome.location).toBe("/learn");
    for (const crafted of ["/\t/evil.example/phish", "/\n/evil.example/phish", "/account\nX-Injected: 1"]) {
      const landed = await run(login.action, postRequest("/login", { username: "liming", password: worker.password, redirectTo: crafted }));
      expect(landed.status, JSON.stringify(crafted)).toBe(302);
      expect(landed.location, JSON.stringify(crafted)).toBe("/learn");
    }
    const inside = await run(login.action, postRequest("/login", { username: "liming", password: worker.password, redirectTo: "/account" }));
    expect(inside.location).toBe("/account");
  });

  it("lets only the free attempts through when 30 guesses at a new account arrive at once (transactions overlap on a pool)", async () => {
    const keys = throttleKeys("burst-account", "198.51.100.77");
    const reservations = await Promise.all(Array.from({ length: 30 }, () => reserveLoginAttempt(db, keys)));
    expect(reservations.filter((r) => r.ok)).toHaveLength(FREE_ATTEMPTS);
  });

  it("counts every one of 30 concurrent requests against a fixed-window limit", async () => {
    const allowed = await Promise.all(Array.from({ length: 30 }, () => withinRateLimit(db, "register:198.51.100.78", 10, 60_000)));
    expect(allowed.filter(Boolean)).toHaveLength(10);
  });
});
