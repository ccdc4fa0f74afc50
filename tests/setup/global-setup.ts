import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase, closeDatabase } from "../../db/client.ts";
import { applyMigrations } from "../../db/migrate.ts";
import { syncReferenceData } from "../../seeds/reference.ts";
import { TEMPLATE_DB, TMP_DIR } from "./paths.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serverDatabasePath: string;
    serverPid: number;
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
 * Builds the template database once, and starts the real built server (demo data, its own
 * database) for the HTTP tests. `npm test` builds the app before vitest runs.
 */
export default async function setup(project: TestProject) {
  fs.rmSync(TMP_DIR, { recursive: true, force: true });
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const template = openDatabase(TEMPLATE_DB);
  await applyMigrations(template);
  await syncReferenceData(template);
  template.$sqlite.pragma("wal_checkpoint(TRUNCATE)");
  await closeDatabase(template);

  const port = await freePort();
  const serverDatabasePath = path.join(TMP_DIR, "http-server.db");
  fs.copyFileSync(TEMPLATE_DB, serverDatabasePath);
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, PORT: String(port), DATABASE_PATH: serverDatabasePath, DEMO: "1", NODE_ENV: "production", PUBLIC_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, () => log);
  project.provide("baseUrl", baseUrl);
  project.provide("serverDatabasePath", serverDatabasePath);
  project.provide("serverPid", child.pid!);

  return () => {
    child.kill();
  };
}
