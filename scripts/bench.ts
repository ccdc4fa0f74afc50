import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import readline from "node:readline";
import autocannon from "autocannon";
import pg from "pg";

/**
 * npm run bench — load figures against the production build on this machine, server and load
 * generator sharing its cores: lesson pages and study reports, then the exam day; then the indicators of a
 * province-sized tree, computed in-process on a database of their own; four zip bombs uploaded at once, and a
 * 100,000-row roster import (scripts/bench-imports.ts).
 * Reported, never asserted: compare runs as ratios. `npm run bench -- exam [2000 …]` runs only the exam day (for those
 * candidate counts); `npm run bench -- imports` only the zip bombs and the roster import; `npm run bench -- lesson`
 * only the lesson page and study reports, with the lesson page's weight as served; `lesson exam 2000` both.
 *
 * The engine (issue #16): `--engine sqlite` (the default, a fresh SQLite file) or `--engine postgres`: a throw-away
 * PostgreSQL cluster with production durability (scripts/pg-cluster.sh with PG_CLUSTER_DURABLE=1, removed at the end),
 * or the empty database DATABASE_URL names when it is set. `--workers N` starts the server with WEB_CONCURRENCY=N (N
 * processes sharing the port). The in-process benches (certificates, indicators, allowances, roster import) run on
 * SQLite files of their own and are left out on PostgreSQL.
 */
const argv = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i === -1) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith("--")) fail(`${name} 后面缺少取值`);
  return value;
}
function fail(message: string): never {
  console.error(`npm run bench：${message}\n用法：npm run bench -- [--engine sqlite|postgres] [--workers N] [lesson] [exam [人数…]] [imports]`);
  process.exit(2);
}
const engine = option("--engine") ?? "sqlite";
if (engine !== "sqlite" && engine !== "postgres") fail(`--engine 只能是 sqlite 或 postgres，收到的是“${engine}”`);
const workersOption = option("--workers");
const workers = workersOption === undefined ? 1 : Number(workersOption);
if (!Number.isInteger(workers) || workers < 1 || workers > 64) fail(`--workers 须为 1–64 之间的整数，收到的是“${workersOption}”`);
// Words and candidate counts; an option's value is not a count.
const positional = argv.filter((arg, i) => !arg.startsWith("--") && !["--engine", "--workers"].includes(argv[i - 1] ?? ""));
const unknown = [...argv.filter((arg) => arg.startsWith("--") && arg !== "--engine" && arg !== "--workers"), ...positional.filter((arg) => !["exam", "imports", "lesson"].includes(arg) && !(Number.isInteger(Number(arg)) && Number(arg) > 0))];
if (unknown.length > 0) fail(`不认识的参数：${unknown.join(" ")}`);
const examOnly = positional.includes("exam");
const importsOnly = positional.includes("imports");
const lessonOnly = positional.includes("lesson");
const runLessons = lessonOnly || (!examOnly && !importsOnly);
const runExam = examOnly || (!lessonOnly && !importsOnly);
const counts = positional.map(Number).filter((n) => Number.isInteger(n) && n > 0);
if (engine === "postgres" && importsOnly) fail("imports 在进程内用自己的 SQLite 数据库测量，不支持 --engine postgres");
const PORT = 3400;
const base = `http://127.0.0.1:${PORT}`;
const dir = ".tmp/bench";
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });

// The engine is chosen from DATABASE_URL when db/schema.ts loads, so it is settled before any database module is
// imported (the imports below are dynamic for that reason).
let cluster: ChildProcess | null = null;
if (engine === "sqlite") {
  if (process.env.DATABASE_URL) console.error("npm run bench：--engine sqlite，忽略环境中的 DATABASE_URL");
  delete process.env.DATABASE_URL;
} else if (!process.env.DATABASE_URL) {
  process.env.DATABASE_URL = await startCluster();
}
const databaseUrl = process.env.DATABASE_URL ?? null;
const { DEMO_PASSWORD } = await import("../seeds/seed-demo.ts");
const { examDay } = await import("./bench-exam.ts");

const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  env: {
    ...process.env,
    PORT: String(PORT),
    DATABASE_PATH: `${dir}/carecert.db`,
    DEMO: "1",
    NODE_ENV: "production",
    ...(workersOption === undefined ? {} : { WEB_CONCURRENCY: String(workers) }),
  },
  // With several processes its output is read for each worker's "listening" line (waitForServer), else ignored.
  stdio: ["ignore", workers > 1 ? "pipe" : "ignore", "inherit"],
});
let listening = 0;
if (server.stdout) readline.createInterface({ input: server.stdout }).on("line", (line) => void (line.includes("(listening)") && listening++));
// Interrupted (Ctrl-C, kill): the server and the throw-away cluster go with the benchmark.
let interrupted = false;
for (const [signal, status] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error("npm run bench：已中断，正在停止服务器和集群");
    server.kill();
    void stopCluster().finally(() => process.exit(status));
  });
}

/** Starts scripts/pg-cluster.sh (durable) in the background and reads the DATABASE_URL it prints. */
function startCluster(): Promise<string> {
  console.error("npm run bench：正在启动一次性的 PostgreSQL 集群（持久化设置，结束时删除）……");
  const child = spawn("scripts/pg-cluster.sh", [], { env: { ...process.env, PG_CLUSTER_DURABLE: "1" }, stdio: ["ignore", "pipe", "inherit"] });
  cluster = child;
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      if (line.startsWith("DATABASE_URL=")) resolve(line.slice("DATABASE_URL=".length));
    });
    child.once("exit", (code) => reject(new Error(`PostgreSQL 集群没有启动（scripts/pg-cluster.sh 退出码 ${code}）`)));
  });
}

/** Stops the throw-away cluster and waits until pg-cluster.sh has removed it. */
async function stopCluster() {
  const child = cluster;
  cluster = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/**
 * Until /healthz answers and, with several workers, every worker listens (a keep-alive connection stays with the
 * worker that accepted it, so connections opened while one worker listens would all stay with it). Seeding the demo
 * into a durable PostgreSQL takes a while on a busy machine: up to 10 minutes.
 */
async function waitForServer() {
  const started = performance.now();
  for (let i = 0; i < 6000; i++) {
    if (interrupted) await new Promise(() => {}); // the signal handler ends the process
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`服务器启动失败（退出码 ${server.exitCode ?? server.signalCode}），见上面的输出`);
    try {
      if ((await fetch(`${base}/healthz`)).ok && (workers === 1 || listening >= workers)) {
        console.error(`npm run bench：服务器已就绪（${((performance.now() - started) / 1000).toFixed(1)} s）`);
        return;
      }
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("服务器 10 分钟内没有就绪");
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
  const header = await runHeader();
  console.log(`\n${header.text}`);
  if (runLessons) await learningScenarios();
  const examRows = [];
  for (const n of runExam ? (counts.length > 0 ? counts : [500, 1000, 2000]) : []) {
    const cpuBefore = serverCpuMs();
    let databaseCpu: { before: number | null; after: number | null } = { before: null, after: null };
    const row = await examDay(base, { databasePath: `${dir}/carecert.db`, databaseUrl }, n, 10, 3000, {
      dayStarts: () => (databaseCpu = { before: postgresCpuMs(header.postmasterPid), after: null }),
      dayEnds: () => (databaseCpu.after = postgresCpuMs(header.postmasterPid)),
    });
    const cpuAfter = serverCpuMs();
    examRows.push({
      ...row,
      serverCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      databaseCpuMs: databaseCpu.before === null || databaseCpu.after === null ? null : databaseCpu.after - databaseCpu.before,
    });
  }
  console.log(`\n${header.text}`);
  if (rows.length > 0) console.log("\nscenario | load | req/s | p50 ms | p90 ms | p97.5 ms | p99 ms | errors | non-2xx\n---|---|---|---|---|---|---|---|---");
  for (const r of rows) console.log(`${r.scenario} | ${r.load} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p97_5} | ${r.p99} | ${r.errors} | ${r.non2xx}`);
  // The columns of the SQLite-only bench come first, unchanged; PostgreSQL's own CPU is added at the end.
  if (examRows.length > 0) console.log("\nexam day: candidates | papers drawn in ms | start p50 / p99 ms | all started in ms | saves | save p50 / p95 / p99 ms | submit p50 / p99 ms | server CPU s | errors | lost answers | submitted | PostgreSQL CPU s");
  if (examRows.length > 0) console.log("---|---|---|---|---|---|---|---|---|---|---|---");
  const seconds = (ms: number | null) => (ms === null ? "—" : (ms / 1000).toFixed(1));
  for (const e of examRows) console.log(`${e.candidates} | ${e.papersDrawnInMs} | ${e.startP50} / ${e.startP99} | ${e.allStartedInMs} | ${e.saves} | ${e.saveP50} / ${e.saveP95} / ${e.saveP99} | ${e.submitP50} / ${e.submitP99} | ${seconds(e.serverCpuMs)} | ${e.errors} | ${e.lostAnswers} | ${e.submitted} | ${seconds(e.databaseCpuMs)}`);
  if (!examOnly && !lessonOnly) {
    const { zipBombs } = await import("./bench-imports.ts");
    await zipBombs(base, await login("institution"), server.pid);
  }
} finally {
  server.kill();
  await stopCluster();
}

/**
 * What this run measured on: engine, app processes, the PostgreSQL server's version and durability settings, the
 * machine's load. Printed before the scenarios and again above the tables.
 */
async function runHeader(): Promise<{ text: string; postmasterPid: number | null }> {
  const lines = [
    `engine: ${engine === "sqlite" ? `SQLite (${dir}/carecert.db, WAL, synchronous=NORMAL)` : "PostgreSQL"}; app processes: ${workers}${workers > 1 ? ` (WEB_CONCURRENCY=${workers}, one port)` : ""}`,
  ];
  let postmasterPid: number | null = null;
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const names = ["server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections", "data_directory"];
      const rows = (await client.query<{ name: string; setting: string; unit: string | null }>("select name, setting, unit from pg_settings where name = any($1)", [names])).rows;
      const setting = (name: string) => {
        const row = rows.find((r) => r.name === name);
        if (!row) return "?";
        return row.name === "shared_buffers" && row.unit === "8kB" ? `${(Number(row.setting) * 8) / 1024}MB` : row.setting;
      };
      const poolSize = process.env.DATABASE_POOL_SIZE ?? "10";
      lines.push(
        `PostgreSQL ${setting("server_version")} (${cluster ? "throw-away cluster from scripts/pg-cluster.sh, PG_CLUSTER_DURABLE=1" : "DATABASE_URL from the environment"}): fsync=${setting("fsync")}, synchronous_commit=${setting("synchronous_commit")}, full_page_writes=${setting("full_page_writes")}, wal_sync_method=${setting("wal_sync_method")}, shared_buffers=${setting("shared_buffers")}, max_connections=${setting("max_connections")}; pool ${poolSize} connections per app process`,
      );
      postmasterPid = readPostmasterPid(setting("data_directory"));
    } finally {
      await client.end();
    }
  }
  const load = os.loadavg().map((n) => n.toFixed(2)).join(" ");
  lines.push(`machine: ${os.cpus().length} cores, load average ${load} at the start; node ${process.version}`);
  return { text: lines.map((l) => `# ${l}`).join("\n"), postmasterPid };
}

/**
 * CPU the server has used (Linux /proc, in ms; null elsewhere): its process and, with WEB_CONCURRENCY, its worker
 * processes. Latencies on a shared machine move with whatever else runs; the server's own CPU for the same exam day
 * does not.
 */
function serverCpuMs(): number | null {
  return server.pid === undefined ? null : processTreeCpuMs(server.pid);
}

/** The PostgreSQL server's CPU (postmaster and every backend), when it runs on this machine and we may read it. */
function postgresCpuMs(postmasterPid: number | null): number | null {
  return postmasterPid === null ? null : processTreeCpuMs(postmasterPid);
}

function readPostmasterPid(dataDirectory: string): number | null {
  try {
    const pid = Number(fs.readFileSync(`${dataDirectory}/postmaster.pid`, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && fs.existsSync(`/proc/${pid}/stat`) ? pid : null;
  } catch {
    return null; // another machine, or not ours to read
  }
}

/**
 * utime + stime of a process and every live descendant, plus the children it has already reaped (cutime + cstime:
 * PostgreSQL's backends that ended, a worker that was replaced). In 1/100 s clock ticks, returned in ms.
 */
function processTreeCpuMs(root: number): number | null {
  const stats = new Map<number, { ppid: number; ticks: number; reaped: number }>();
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of entries) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      stats.set(Number(pid), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) });
    } catch {
      // ended meanwhile
    }
  }
  const rootStat = stats.get(root);
  if (!rootStat) return null;
  let ticks = rootStat.ticks + rootStat.reaped;
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.pop()!;
    for (const [pid, stat] of stats) {
      if (stat.ppid !== parent) continue;
      ticks += stat.ticks;
      queue.push(pid);
    }
  }
  return ticks * 10;
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

if (importsOnly) {
  const { rosterImportBench } = await import("./bench-imports.ts");
  await rosterImportBench(dir);
} else if (!examOnly && !lessonOnly && engine === "postgres") {
  console.log("\n进程内的测量（证书渲染、指标、补贴、花名册导入）只用 SQLite，--engine postgres 时跳过");
} else if (!examOnly && !lessonOnly) {
  const { certificateRendering } = await import("./bench-certificates.ts");
  const { benchIndicators } = await import("./bench-indicators.ts");
  const { allowanceBench } = await import("./bench-allowances.ts");
  const { rosterImportBench } = await import("./bench-imports.ts");
  // In-process, on databases of their own, with the server stopped so each has both cores. Rendering goes first:
  // it reports this process's peak memory, which the larger databases after it would otherwise set.
  await certificateRendering(dir);
  await benchIndicators(dir);
  await allowanceBench(dir);
  await rosterImportBench(dir);
}
