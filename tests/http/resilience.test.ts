import zlib from "node:zlib";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase } from "../../db/client.ts";
import { firstRow } from "../../db/query.ts";
import { auditLog } from "../../db/schema.ts";
import { DEMO_PASSWORD } from "../../seeds/seed-demo.ts";
import { send, startOwnServer, type OwnServer } from "../setup/own-server.ts";
import { openTestDatabase } from "../setup/test-database.ts";

/**
 * A server of its own, started as `npm run serve` does, behind a public address and a trusted proxy: on either engine.
 * What only SQLite has (another process's write lock, online backups and restore) is in resilience-sqlite.test.ts;
 * a PostgreSQL restart during saves is in tests/postgres/restart.test.ts.
 */

const HOST = "carecert.example.cn";
const ORIGIN = `http://${HOST}`;
let server: OwnServer;

/** A request as a browser on our public address sends it. */
const ours = (pathname: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  send(`${server.url}${pathname}`, { ...init, headers: { Host: HOST, Origin: ORIGIN, ...init.headers } });
const form = (fields: Record<string, string>) => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });

beforeAll(async () => {
  server = await startOwnServer({ PUBLIC_URL: ORIGIN, TRUST_PROXY: "loopback" });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("a server started without NODE_ENV, as `npm run serve` did", () => {
  const leaks = /\bat .+\(|\/work\/|node_modules|Error:|\.ts:\d+/;
  it.each([
    ["a missing asset", "/assets/missing-file.js", {}, 404],
    ["an undecodable path parameter", "/api/exam/%ZZ/answers", form({ seq: "1" }), 400],
    ["an oversized answer", "/api/exam/1/answers", form({ questionId: "x".repeat(5000), seq: "1" }), 413],
  ])("answers %s in Chinese, without a stack trace or a path", async (_case, pathname, init, status) => {
    const reply = await ours(pathname, init);
    expect(reply.status).toBe(status);
    expect(reply.text).toMatch(/[\u4e00-\u9fff]/);
    expect(reply.text).not.toMatch(leaks);
  });

  it("compresses pages, scripts and styles, and they decode to the page", async () => {
    const page = await ours("/login", { headers: { "Accept-Encoding": "br, gzip" } });
    expect(page.headers["content-encoding"]).toBe("br");
    const html = zlib.brotliDecompressSync(page.body).toString("utf8");
    expect(html).toContain("登录");
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith(".css")) && assets.some((a) => a.endsWith(".js"))).toBe(true);
    for (const asset of assets.slice(0, 4)) {
      const reply = await ours(asset, { headers: { "Accept-Encoding": "gzip" } });
      expect(reply.headers["content-encoding"], asset).toBe("gzip");
      expect(zlib.gunzipSync(reply.body).length).toBeGreaterThan(reply.body.length);
    }
  });
});

describe("the Origin check", () => {
  it("compares with PUBLIC_URL, whatever Host the request names", async () => {
    const spoofed = await send(`${server.url}/login`, { ...form({ username: "trainee", password: DEMO_PASSWORD }), headers: { Host: "evil.example", Origin: "http://evil.example", "Content-Type": "application/x-www-form-urlencoded" } });
    expect(spoofed.status).toBe(403);
    expect(spoofed.headers["set-cookie"]).toBeUndefined();
    // Loopback names are ours only while PUBLIC_URL is the default local one.
    const loopback = await send(`${server.url}/login`, { ...form({ username: "trainee", password: DEMO_PASSWORD }), headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" } });
    expect(loopback.status).toBe(403);
  });

  it("lets our own origin log in, with the session cookie Secure under a real host name", async () => {
    const reply = await ours("/login", form({ username: "trainee", password: DEMO_PASSWORD }));
    expect(reply.status).toBe(302);
    expect(String(reply.headers["set-cookie"])).toContain("; Secure");
  });
});

describe("TRUST_PROXY naming the proxies", () => {
  it("takes the client address from the last untrusted hop, not from what the client wrote", async () => {
    const reply = await ours("/login", { ...form({ username: "institution", password: "wrong-password" }), headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "6.6.6.6, 203.0.113.9" } });
    expect(reply.status).toBe(400);
    const db = openTestDatabase(server.database);
    try {
      const row = await firstRow(db.select({ ip: auditLog.ip }).from(auditLog).where(eq(auditLog.event, "auth.login_failed")).orderBy(desc(auditLog.id)).limit(1));
      expect(row?.ip).toBe("203.0.113.9");
    } finally {
      await closeDatabase(db);
    }
  });
});
