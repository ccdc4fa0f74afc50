import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/http/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/fresh-database.ts"],
    // argon2 hashing and the built server's start-up are slow-ish on a 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
