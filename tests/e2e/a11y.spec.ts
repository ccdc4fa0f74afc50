import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import routes from "../../app/routes.ts";
import { demoRoles, expect, test, type DemoRole } from "./fixtures.ts";

/**
 * Every page each demo role (and the public) can open, at a phone's and a laptop's width: axe finds 0 violations
 * and the phone never scrolls sideways. The pages are the page routes of app/routes.ts (modules that render, .tsx),
 * reached with real ids by following the links each role is shown, one address per route.
 */
type RouteEntry = { path?: string; file: string; children?: RouteEntry[] };
const flatten = (entries: RouteEntry[]): RouteEntry[] => entries.flatMap((e) => [e, ...flatten(e.children ?? [])]);
const pageRoutes = flatten(routes as RouteEntry[])
  .filter((r) => r.file.endsWith(".tsx"))
  .map((r) => {
    const path = `/${r.path ?? ""}`;
    const segments = path.split("/").filter(Boolean);
    return {
      path,
      staticSegments: segments.filter((s) => !s.startsWith(":")).length,
      pattern: new RegExp(`^/${segments.map((s) => (s.startsWith(":") ? "[^/]+" : s.replace(/\./g, "\\."))).join("/")}/?$`),
    };
  });

/** The page route an address opens (the most specific one when several match), or null for files and APIs. */
function routeOf(pathname: string): string | null {
  const matches = pageRoutes.filter((r) => r.pattern.test(pathname)).sort((a, b) => b.staticSegments - a.staticSegments);
  return matches[0]?.path ?? null;
}

// Pages a role could open only in a state the demo does not start in (an exam in progress, an oral exam being recorded,
// a published session's 复核 for its chief examiner, a session with every score in, a certificate batch), one that
// changes state when opened (the exam page starts the candidate's paper), and the POST-only steps. The specs that
// create those states run axe there instead: the exam page (exam-day) and publishing (resit).
const notInDemo = new Set([
  "/exam/:sessionId",
  "/examiner/sessions/:sessionId/oral/:applicationId",
  "/examiner/sessions/:sessionId/rechecks",
  "/base/assessments/:sessionId/publish",
  "/base/certificates/batches/:batchId",
  "/logout",
  "/impersonation/stop",
]);

const unknownAddress = "/no-such-page";

const widths = [
  { name: "390", viewport: { width: 390, height: 844 } },
  { name: "1366", viewport: { width: 1366, height: 900 } },
];

async function check(page: Page, url: string, width: string) {
  const response = await page.goto(url);
  if (url === unknownAddress) expect(response?.status()).toBe(404);
  else expect(response?.status(), `${url} at ${width}`).toBeLessThan(400);
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
  expect.soft(violations, `axe on ${url} at ${width} px`).toEqual([]);
  if (width === "390") {
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect.soft(scrollWidth, `${url} is wider than the phone`).toBeLessThanOrEqual(390);
  }
}

/** Follows the links a role is shown, breadth first, keeping the first address of every page route. */
async function discover(page: Page, start: string): Promise<Map<string, string>> {
  const found = new Map<string, string>([[routeOf(start)!, start]]);
  const queue = [start];
  while (queue.length > 0) {
    const url = queue.shift()!;
    const response = await page.goto(url);
    expect(response?.status(), `${url}`).toBeLessThan(400);
    const hrefs = await page.$$eval("a[href]:not([download])", (links) => links.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const target = new URL(href);
      if (target.origin !== new URL(page.url()).origin) continue;
      const route = routeOf(target.pathname);
      if (!route || found.has(route) || notInDemo.has(route)) continue;
      const address = target.pathname + target.search;
      found.set(route, address);
      queue.push(address);
    }
  }
  return found;
}

// Each role's pages go to a file: a failed test restarts Playwright's worker, which would forget a variable.
const visitedDir = path.resolve(import.meta.dirname, "../../.tmp/a11y-visited");
const who: Array<DemoRole | "anonymous"> = ["anonymous", ...(Object.keys(demoRoles) as DemoRole[])];

test.describe("accessibility: every page a role can open, 0 axe violations at 390 and 1366 px", () => {
  test.describe.configure({ timeout: 600_000 });

  for (const role of who) {
    test(role, async ({ page, loginAs }) => {
      fs.mkdirSync(visitedDir, { recursive: true });
      fs.writeFileSync(path.join(visitedDir, `${role}.json`), "[]");
      if (role !== "anonymous") await loginAs(role);
      const pages = await discover(page, role === "anonymous" ? "/" : demoRoles[role].home);
      // Pages a role reaches by typing an address or from outside the app (a public verification address).
      if (role === "anonymous") {
        pages.set("/password-reset", "/password-reset");
        pages.set(unknownAddress, unknownAddress);
      }
      fs.writeFileSync(path.join(visitedDir, `${role}.json`), JSON.stringify([...pages.keys()]));
      console.log(`${role}: ${pages.size} pages: ${[...pages.values()].join(" ")}`);
      for (const [, url] of pages) {
        for (const { name, viewport } of widths) {
          await page.setViewportSize(viewport);
          await check(page, url, name);
        }
      }
    });
  }

  test("together the roles opened every page route", () => {
    const visited = new Set(who.flatMap((role) => JSON.parse(fs.readFileSync(path.join(visitedDir, `${role}.json`), "utf8")) as string[]));
    const missing = pageRoutes.map((r) => r.path).filter((route) => !visited.has(route) && !notInDemo.has(route));
    expect(missing).toEqual([]);
  });
});
