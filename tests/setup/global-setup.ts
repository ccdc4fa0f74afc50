import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import type { TestProject } from "vitest/node";
import { childEnv, createDatabase, dropAllDatabases, prepareTemplate, suiteAdminUrl, type TestDatabase } from "./test-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The shared HTTP server's database (tests/http/client.ts `serverDb`). */
    serverDatabase: TestDatabase;
    serverPid: number;
    /** Why the shared HTTP server did not start (its log), or "" when it runs. */
    serverStartError: string;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

// Two cores shared by several test runs: a start-up (demo seed, argon2) can take well over 30 s.
export async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not become healthy:\n${output()}`);
}

/**
 * Builds the template database once (tests/setup/test-database.ts: a SQLite file, or a template database on the
 * PostgreSQL server DATABASE_URL names), and starts the real built server (demo data, its own database) for the
 * HTTP tests. `npm test` builds the app before vitest runs. The teardown stops it and drops the test databases.
 */
export default async function setup(project: TestProject) {
  // Kept before anything replaces DATABASE_URL; the test files' processes inherit it.
  suiteAdminUrl();
  await prepareTemplate();

  const port = await freePort();
  const serverDatabase = await createDatabase({ name: "http-server" });
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: childEnv(serverDatabase, { PORT: String(port), DEMO: "1", NODE_ENV: "production", PUBLIC_URL: "" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child, () => log);
    project.provide("serverStartError", "");
  } catch (error) {
    // The integration tests do not need this server: they still run, and each HTTP test file fails with this error
    // (tests/http/client.ts).
    child.kill();
    project.provide("serverStartError", error instanceof Error ? error.message : String(error));
  }
  project.provide("baseUrl", baseUrl);
  project.provide("serverDatabase", serverDatabase);
  project.provide("serverPid", child.pid!);

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    }
    await dropAllDatabases();
  };
}
