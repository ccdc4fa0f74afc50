import { afterAll, inject } from "vitest";
import { closeDatabase, type Db } from "../../db/client.ts";
import { DEMO_PASSWORD } from "../../seeds/seed-demo.ts";
import { openTestDatabase } from "../setup/test-database.ts";

const serverStartError = inject("serverStartError");
if (serverStartError) throw new Error(`the shared HTTP test server did not start (tests/setup/global-setup.ts):\n${serverStartError.slice(0, 4000)}`);

export const baseUrl = inject("baseUrl");

const opened: Db[] = [];
/**
 * The running server's own database (SQLite file or PostgreSQL database), for looking up ids and adding cross-scope
 * records. A test may close it; whatever is still open is closed after the file.
 */
export function serverDb(): Db {
  const db = openTestDatabase(inject("serverDatabase"));
  opened.push(db);
  return db;
}
afterAll(async () => {
  for (const db of opened.splice(0)) await closeDatabase(db).catch(() => undefined); // some were closed by their test
});

export const demoRoles = ["admin", "trainee", "examiner", "base", "institution", "district", "city"] as const;
export type DemoRole = (typeof demoRoles)[number];

export async function post(path: string, fields: Record<string, string>, init: { cookie?: string; origin?: string | null; headers?: Record<string, string> } = {}) {
  const origin = init.origin === undefined ? baseUrl : init.origin;
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(origin ? { Origin: origin } : {}),
      ...(init.cookie ? { Cookie: init.cookie } : {}),
      ...init.headers,
    },
  });
}

export function get(path: string, cookie?: string) {
  return fetch(`${baseUrl}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}

const cookies = new Map<DemoRole, string>();
/** Logs a demo role in through the real login form, once per test file. */
export async function loginAs(role: DemoRole): Promise<string> {
  const known = cookies.get(role);
  if (known) return known;
  const response = await post("/login", { username: role, password: DEMO_PASSWORD });
  if (response.status !== 302) throw new Error(`login as ${role} answered ${response.status}`);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  cookies.set(role, cookie);
  return cookie;
}
