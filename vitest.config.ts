import { defineConfig } from "vitest/config";

/**
 * Two suites from one config (issue #16). Without DATABASE_URL (`npm test`): unit, integration and HTTP tests on
 * SQLite. With a postgres:// DATABASE_URL (`npm run test:pg`, which starts a throw-away cluster): the integration and
 * HTTP tests on PostgreSQL, plus tests/postgres; tests/setup/test-database.ts makes every test database on that server.
 */
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL?.trim() ?? "");

const sqliteOnly = [
  // Pure logic, or SQLite in memory (the SQLite dialect, scope conditions on SQLite's tables, the schema files): none
  // of them opens the configured database, so a second run would repeat the first. PostgreSQL's side of the dialect
  // and schema runs on a real server in tests/postgres.
  "tests/unit/**",
  // Two SQLite connections in one file contending for SQLite's write lock (BEGIN IMMEDIATE, busy timeout, SQLITE_BUSY);
  // PostgreSQL has row locks and MVCC instead, and its overlapping transactions are in concurrent-transactions.test.ts.
  "tests/integration/write-transactions.test.ts",
  // SQLite's online backup API on the database file (db/backup.ts); a PostgreSQL installation backs up with pg_dump.
  "tests/integration/backup.test.ts",
  // Another process holding SQLite's write lock past the server's busy timeout, and the CLI's backup and restore of
  // the file; a PostgreSQL restart during saves is tests/postgres/restart.test.ts.
  "tests/http/resilience-sqlite.test.ts",
];

export default defineConfig({
  test: {
    include: onPostgres
      ? ["tests/integration/**/*.test.ts", "tests/http/**/*.test.ts", "tests/postgres/**/*.test.ts"]
      : ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/http/**/*.test.ts"],
    exclude: onPostgres ? ["**/node_modules/**", ...sqliteOnly] : ["**/node_modules/**"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/fresh-database.ts"],
    // argon2 hashing and the built server's start-up are slow-ish on a 2-core machine; on PostgreSQL every query is a
    // round trip to another process sharing those two cores (the walks over every page take 2–3 times as long).
    testTimeout: onPostgres ? 60_000 : 20_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
