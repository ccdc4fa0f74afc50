import http from "node:http";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema.ts";
import { createUser } from "../../seeds/factories.ts";
import { baseUrl, post, serverDb } from "./client.ts";

/** A login POST sent from another loopback address (127.0.0.2), so the server sees a second client. */
function postFrom(localAddress: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields).toString();
  return new Promise<number>((resolve, reject) => {
    const request = http.request(`${baseUrl}/login`, {
      method: "POST",
      localAddress,
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) },
    });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on("error", reject);
    request.end(body);
  });
}

async function loginEvents(username: string) {
  const rows = await serverDb().select().from(auditLog);
  const mine = rows.filter((r) => (r.details as { username?: string } | null)?.username === username);
  return {
    checked: mine.filter((r) => r.event === "auth.login_failed").length,
    throttled: mine.filter((r) => r.event === "auth.login_throttled").length,
  };
}

describe("login throttling under a concurrent burst", () => {
  let password = "";
  beforeAll(async () => {
    password = (await createUser(serverDb(), { username: "burst", role: "trainee" })).password;
  });

  it("checks only a handful of 40 concurrent guesses from one address, refuses the right password once locked, and leaves other addresses alone", async () => {
    const guesses = Array.from({ length: 39 }, (_, i) => post("/login", { username: "burst", password: `wrong-guess-${i}` }));
    await new Promise((r) => setImmediate(r));
    const right = post("/login", { username: "burst", password });
    const statuses = (await Promise.all([...guesses, right])).map((r) => r.status);

    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 302)).toHaveLength(0);
    const { checked, throttled } = await loginEvents("burst");
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked + throttled).toBe(40);

    // Still locked for this address afterwards, but the owner elsewhere logs in.
    expect((await post("/login", { username: "burst", password })).status).toBe(429);
    expect(await postFrom("127.0.0.2", { username: "burst", password })).toBe(302);
    const succeeded = await serverDb().select().from(auditLog).where(eq(auditLog.event, "auth.login_succeeded"));
    expect(succeeded.some((e) => e.ip?.endsWith("127.0.0.2"))).toBe(true);
  });
});
