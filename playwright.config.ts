import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against the production build (`npm run test:e2e` builds first).
 * The web server runs on its own port with a throwaway database under .tmp/e2e,
 * deleted before every run and seeded with the demo data (DEMO=1).
 */
// E2E_PORT lets two checkouts on one machine run their browser tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${PORT}`;
const e2eDir = ".tmp/e2e";

export default defineConfig({
  testDir: "tests/e2e",
  // The README screenshots are made on request (npm run screenshots), not in every test run.
  testIgnore: process.env.UPDATE_SCREENSHOTS ? [] : ["**/screenshots.spec.ts"],
  // Two cores: one worker, tests in a file run in order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: "list",
  use: {
    baseURL,
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // Playwright cannot download its own browser here; Debian's chromium is used instead.
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `rm -rf ${e2eDir} && mkdir -p ${e2eDir} && PORT=${PORT} DATABASE_PATH=${e2eDir}/carecert.db DEMO=1 node --import tsx server/index.ts`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
