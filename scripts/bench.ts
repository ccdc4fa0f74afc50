import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import autocannon from "autocannon";
import { DEMO_PASSWORD } from "../seeds/seed-demo.ts";
import { certificateRendering } from "./bench-certificates.ts";
import { allowanceBench } from "./bench-allowances.ts";
import { examDay } from "./bench-exam.ts";
import { benchIndicators } from "./bench-indicators.ts";
import { rosterImportBench, zipBombs } from "./bench-imports.ts";

/**
 * npm run bench — load figures against the production build on this machine, server and load
 * generator sharing its cores: lesson pages and study reports, then the exam day; then the indicators of a
 * province-sized tree, computed in-process on a database of their own; four zip bombs uploaded at once, and a
 * 100,000-row roster import (scripts/bench-imports.ts).
 * Reported, never asserted: compare runs as ratios. `npm run bench -- exam [2000 …]` runs only the exam day (for those
 * candidate counts); `npm run bench -- imports` only the zip bombs and the roster import; `npm run bench -- lesson`
 * only the lesson page and study reports, with the lesson page's weight as served.
 */
const examOnly = process.argv.includes("exam");
const importsOnly = process.argv.includes("imports");
const lessonOnly = process.argv.includes("lesson");
const counts = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const PORT = 3400;
const base = `http://127.0.0.1:${PORT}`;
const dir = ".tmp/bench";
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });

const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  env: { ...process.env, PORT: String(PORT), DATABASE_PATH: `${dir}/carecert.db`, DEMO: "1", NODE_ENV: "production" },
  stdio: ["ignore", "ignore", "inherit"],
});

async function waitForServer() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

async function login(username: string) {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ username, password: DEMO_PASSWORD }),
  });
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

// autocannon's histogram gives p90 and p97.5 (no p95): a p95 target is met when p97.5 meets it.
type Row = { scenario: string; load: string; rps: number; p50: number; p90: number; p97_5: number; p99: number; errors: number; non2xx: number };
const rows: Row[] = [];

async function measure(scenario: string, load: string, options: autocannon.Options) {
  const result = await autocannon({ duration: 10, ...options });
  rows.push({
    scenario,
    load,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  });
}

try {
  await waitForServer();
  if (!examOnly && !importsOnly) await learningScenarios();
  const examRows = [];
  for (const n of importsOnly || lessonOnly ? [] : counts.length > 0 ? counts : [500, 1000, 2000]) {
    const cpuBefore = serverCpuMs();
    const row = await examDay(base, `${dir}/carecert.db`, n);
    examRows.push({ ...row, serverCpuMs: cpuBefore === null ? null : serverCpuMs()! - cpuBefore });
  }
  if (rows.length > 0) console.log("\nscenario | load | req/s | p50 ms | p90 ms | p97.5 ms | p99 ms | errors | non-2xx\n---|---|---|---|---|---|---|---|---");
  for (const r of rows) console.log(`${r.scenario} | ${r.load} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p97_5} | ${r.p99} | ${r.errors} | ${r.non2xx}`);
  if (examRows.length > 0) console.log("\nexam day: candidates | papers drawn in ms | start p50 / p99 ms | all started in ms | saves | save p50 / p95 / p99 ms | submit p50 / p99 ms | server CPU s | errors | lost answers | submitted");
  if (examRows.length > 0) console.log("---|---|---|---|---|---|---|---|---|---|---");
  for (const e of examRows) console.log(`${e.candidates} | ${e.papersDrawnInMs} | ${e.startP50} / ${e.startP99} | ${e.allStartedInMs} | ${e.saves} | ${e.saveP50} / ${e.saveP95} / ${e.saveP99} | ${e.submitP50} / ${e.submitP99} | ${e.serverCpuMs === null ? "—" : (e.serverCpuMs / 1000).toFixed(1)} | ${e.errors} | ${e.lostAnswers} | ${e.submitted}`);
  if (!examOnly && !lessonOnly) await zipBombs(base, await login("institution"), server.pid);
} finally {
  server.kill();
}

/**
 * CPU the server process has used (Linux /proc, in ms; null elsewhere). Latencies on a shared machine
 * move with whatever else runs; the server's own CPU for the same exam day does not.
 */
function serverCpuMs(): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${server.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 1/100 s clock ticks
  } catch {
    return null;
  }
}

async function learningScenarios() {
  const cookie = await login("trainee");
  const lesson = { url: `${base}/courses/elderly-caregiver-5/lessons/assisted-feeding`, headers: { Cookie: cookie } };
  const report = {
    url: `${base}/api/study-activity`,
    method: "POST" as const,
    headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: "courseId=elderly-caregiver-5&lessonId=assisted-feeding",
  };
  // Warm-up, then throughput with 50 connections, then latency at a fixed 200 requests/s.
  await autocannon({ ...lesson, duration: 3, connections: 10 });
  await measure("lesson page (logged-in trainee)", "50 connections, max rate", { ...lesson, connections: 50 });
  await measure("lesson page (logged-in trainee)", "200 req/s", { ...lesson, connections: 20, overallRate: 200 });
  await measure("study activity report", "50 connections, max rate", { ...report, connections: 50 });
  await measure("study activity report", "200 req/s", { ...report, connections: 20, overallRate: 200 });
  await lessonWeight(lesson.url, cookie);
}

/** Bytes on the wire for one request with this Accept-Encoding (node's http client leaves the body compressed). */
function servedBytes(url: string, cookie: string, encoding: string): Promise<{ bytes: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { Cookie: cookie, "Accept-Encoding": encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => resolve({ bytes: chunks.reduce((n, c) => n + c.length, 0), body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

/** The lesson page as a phone downloads it: the HTML and every script and stylesheet it links, per encoding. */
async function lessonWeight(url: string, cookie: string) {
  const html = (await servedBytes(url, cookie, "identity")).body.toString("utf8");
  const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!))];
  const total = async (encoding: string) => {
    let bytes = (await servedBytes(url, cookie, encoding)).bytes;
    for (const asset of assets) bytes += (await servedBytes(`${base}${asset}`, cookie, encoding)).bytes;
    return (bytes / 1024).toFixed(1);
  };
  console.log(`\nlesson page weight (HTML + ${assets.length} JS/CSS files): ${await total("identity")} KB uncompressed, ${await total("gzip")} KB gzip, ${await total("br")} KB brotli`);
}

if (importsOnly) await rosterImportBench(dir);
else if (!examOnly && !lessonOnly) {
  // In-process, on databases of their own, with the server stopped so each has both cores. Rendering goes first:
  // it reports this process's peak memory, which the larger databases after it would otherwise set.
  await certificateRendering(dir);
  await benchIndicators(dir);
  await allowanceBench(dir);
  await rosterImportBench(dir);
}
