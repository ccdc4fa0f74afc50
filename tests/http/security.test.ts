import { closeDatabase } from "../../db/client.ts";
import { firstRow } from "../../db/query.ts";
import { describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { auditLog } from "../../db/schema.ts";
import { baseUrl, get, loginAs, post, serverDb } from "./client.ts";
import { DEMO_PASSWORD } from "../../seeds/seed-demo.ts";
import { databaseEngine } from "../../db/engine.ts";
import sqliteJournal from "../../db/migrations/meta/_journal.json";
import postgresJournal from "../../db/migrations-pg/meta/_journal.json";

describe("the built server", () => {
  it("answers /healthz with JSON once migrated", async () => {
    const response = await get("/healthz");
    expect(response.status).toBe(200);
    // Every migration this engine has, counted from drizzle's own table (schema `drizzle` on PostgreSQL).
    const committed = (databaseEngine() === "sqlite" ? sqliteJournal : postgresJournal).entries.length;
    expect(await response.json()).toEqual({ status: "ok", database: "ok", migrations: committed });
  });

  it.each([
    ["missing", null],
    ["foreign", "https://evil.example"],
    ["look-alike", `${baseUrl}.evil.example`],
    ["opaque", "null"],
  ])("refuses a POST with a %s Origin before it reaches the app", async (_kind, origin) => {
    const response = await post("/login", { username: "admin", password: DEMO_PASSWORD }, { origin });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.text()).toContain("请求来源无效");
  });

  it("refuses a cross-origin logout too, leaving the session alive", async () => {
    const cookie = await loginAs("trainee");
    expect((await post("/logout", {}, { cookie, origin: "https://evil.example" })).status).toBe(403);
    expect((await get("/learn", cookie)).status).toBe(200);
  });

  it("sets the session cookie HttpOnly, SameSite=Lax, path-wide, without Secure on localhost", async () => {
    const response = await post("/login", { username: "trainee", password: DEMO_PASSWORD });
    expect(response.status).toBe(302);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^carecert_session=[a-z2-9]{24}\.[a-z2-9]{24};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).not.toContain("Secure");
  });

  it("sends security headers and a CSP whose nonce is the one on the page's scripts", async () => {
    const response = await get("/login");
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    // A fresh nonce per response.
    const again = (await get("/login")).headers.get("content-security-policy")!;
    expect(again).not.toContain(nonce);
  });

  it("records the real peer address, whatever address header a client sends", async () => {
    // Were the header trusted, a guesser could dodge the per-address throttle by changing it.
    const response = await post("/login", { username: "nobody-here", password: "x" }, { headers: { "x-carecert-client-ip": "10.9.9.9" } });
    expect(response.status).toBe(400);
    const db = serverDb();
    const row = (await firstRow(db.select().from(auditLog).where(eq(auditLog.event, "auth.login_failed")).orderBy(desc(auditLog.id))))!;
    await closeDatabase(db);
    expect(row.details).toMatchObject({ username: "nobody-here" });
    expect(row.ip).toMatch(/127\.0\.0\.1$/);
  });

  it("shows friendly Chinese error pages", async () => {
    const missing = await get("/no-such-page");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("页面不存在");
    const forbidden = await get("/admin", await loginAs("trainee"));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain("没有访问权限");
  });
});

describe("the exam-save fast path", () => {
  it("keeps the same guards as every other route", async () => {
    const anonymous = await post("/api/exam/1/answers", { questionId: "ec5-0001", choice: "0", seq: "1" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?redirectTo=%2Fapi%2Fexam%2F1%2Fanswers");
    const foreign = await post("/api/exam/1/answers", { questionId: "ec5-0001", choice: "0", seq: "1" }, { cookie: await loginAs("trainee"), origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const forbidden = await post("/api/exam/1/answers", { questionId: "ec5-0001", choice: "0", seq: "1" }, { cookie: await loginAs("examiner") });
    expect(forbidden.status).toBe(403);
    const notTheirs = await post("/api/exam/999999/answers", { questionId: "ec5-0001", choice: "0", seq: "1" }, { cookie: await loginAs("trainee") });
    expect(notTheirs.status).toBe(404);
    expect(await notTheirs.json()).toEqual({ status: "refused", reason: "not_found" });
    expect(notTheirs.headers.get("content-security-policy")).toContain("default-src 'self'");
  });
});
