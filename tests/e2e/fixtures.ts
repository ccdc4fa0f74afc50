import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, request as playwrightRequest, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../seeds/seed-demo.ts";

export { idNumberCheckChar } from "../../app/people/id-number.ts";
export { DEMO_PASSWORD };

/** The demo logins seeded by DEMO=1 (seeds/seed-demo.ts), all with the same password. */
export const demoRoles = {
  admin: { home: "/admin", heading: "系统管理" },
  trainee: { home: "/learn", heading: "我的学习" },
  examiner: { home: "/examiner", heading: "考评工作台" },
  base: { home: "/base", heading: "培训基地管理" },
  institution: { home: "/institution", heading: "机构管理" },
  district: { home: "/region", heading: "长兴县概览" },
  city: { home: "/region", heading: "湖州市概览" },
} as const;

export type DemoRole = keyof typeof demoRoles;

export const SESSION_COOKIE = "carecert_session";

type Fixtures = {
  /**
   * Logs a demo account in without the form: POSTs /login through the API
   * (with the Origin header the server's CSRF check requires) and hands the
   * session cookie to the page's browser context.
   */
  loginAs: (role: DemoRole) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  loginAs: async ({ context, baseURL }, use) => {
    if (!baseURL) throw new Error("loginAs needs use.baseURL");
    const origin = new URL(baseURL).origin;
    await use(async (role) => {
      const api = await playwrightRequest.newContext({ baseURL });
      try {
        const response = await api.post("/login", {
          form: { username: role, password: DEMO_PASSWORD, redirectTo: "" },
          headers: { Origin: origin },
          maxRedirects: 0,
        });
        expect(response.status(), `login as ${role}: ${await response.text()}`).toBe(302);
        expect(response.headers()["location"]).toBe(demoRoles[role].home);
        const { cookies } = await api.storageState();
        const session = cookies.find((c) => c.name === SESSION_COOKIE);
        expect(session, `${SESSION_COOKIE} cookie after logging in as ${role}`).toBeTruthy();
        await context.addCookies([session!]);
      } finally {
        await api.dispose();
      }
    });
  },
});

export { expect };

/** axe on the page as it stands: 0 violations (for pages only a test's own state reaches; a11y.spec.ts walks the rest). */
export async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}
