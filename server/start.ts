import cluster from "node:cluster";
import { getConfig, type Config } from "../app/config.server.ts";
import { contentRoot, examPoolRoot } from "../app/learning/content/content-root.ts";
import { formatProblem, loadContent } from "../app/learning/content/load-content.ts";
import { syncContent } from "../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../app/assessment/assessment-defaults.server.ts";
import { markServerRunning, scheduledBackup } from "../db/backup.ts";
import { closeDatabase, sqliteConnectionOf } from "../db/client.ts";
import { openConfiguredDatabase } from "../db/connect.ts";
import { applyMigrations, NewerDatabaseError } from "../db/migrate.ts";
import { PostgresStartupError } from "../db/postgres.ts";
import { syncReferenceData } from "../seeds/reference.ts";
import { loadSigningKey } from "../certificates/keys.server.ts";
import { demoCertificateNumber } from "../seeds/seed-demo-certificates.ts";
import { DEMO_PASSWORD, seedDemo } from "../seeds/seed-demo.ts";
import { startHttpServer } from "./http.ts";

/** Work done once, before the first request: migrate, reference data, course content, demo. */
async function prepareDatabase(config: Config) {
  const db = openConfiguredDatabase(config);
  try {
    await applyMigrations(db);
  } catch (error) {
    // One clear message naming the problem (wrong URL, unreachable server, a newer version's database), no trace.
    if (error instanceof PostgresStartupError || error instanceof NewerDatabaseError) {
      console.error(`数据库无法使用，未启动 (database unusable, not started): ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  await syncReferenceData(db);
  const content = loadContent(contentRoot(), examPoolRoot());
  if (content.problems.length > 0) {
    console.error(`课程内容有误，未启动 (content problems, not started):\n${content.problems.map(formatProblem).join("\n")}`);
    process.exit(1);
  }
  const { changed } = await syncContent(db, content.courses);
  if (changed.length > 0) console.log(`已同步课程内容 (content synced): ${changed.join(", ")}`);
  await seedAssessmentDefaults(db);
  if (config.demo) {
    const demo = await seedDemo(db);
    console.log(demo.created ? "已创建演示数据 (demo data created)." : "演示数据已存在 (demo data present).");
    console.log(`演示账号 (demo logins), 密码 password: ${DEMO_PASSWORD}`);
    for (const login of demo.logins) console.log(`  ${login.username.padEnd(12)} ${login.role}`);
    const number = await demoCertificateNumber(db);
    if (number) console.log(`演示证书查验 (verify a demo certificate): ${config.publicUrl}/verify/${number}`);
  }
  // Certificates are signed with this key; made on the first start.
  await loadSigningKey(db, config);
  await closeDatabase(db);
}

/** Optional online backups while serving (BACKUP_DIR, BACKUP_INTERVAL, BACKUP_KEEP), on a connection of their own. */
function scheduleBackups(config: Config) {
  const backup = config.backup;
  if (!backup) return;
  if (config.databaseUrl) {
    console.warn("BACKUP_DIR 仅用于 SQLite；PostgreSQL 请用 pg_dump 或数据库自身的备份（见 README「部署」）");
    return;
  }
  const sqlite = sqliteConnectionOf(openConfiguredDatabase(config))!;
  const run = () =>
    scheduledBackup(sqlite, backup.dir, backup.keep).then(
      (file) => console.log(`已自动备份 (scheduled backup): ${file}`),
      (error: unknown) => console.error("自动备份失败 (scheduled backup failed):", error),
    );
  setInterval(() => void run(), backup.intervalMs).unref();
  console.log(`自动备份已开启 (scheduled backups): ${backup.dir}，每 ${backup.intervalMs / 60_000} 分钟，保留 ${backup.keep} 份`);
}

/**
 * WEB_CONCURRENCY=N: this process prepares the database once, then N workers share the port (the OS hands each
 * connection to one of them). A worker that dies is replaced; one that keeps dying at start-up stops the server.
 */
function superviseWorkers(config: Config) {
  const startedAt = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };
  let stopping = false;
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    const livedMs = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (livedMs < 10_000) {
      console.error(`工作进程启动后即退出（${code ?? signal}），服务停止 (worker died at start-up, stopping)`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill();
      process.exitCode = 1;
      return;
    }
    console.error(`工作进程 ${worker.process.pid} 退出（${code ?? signal}），已重启 (worker replaced)`);
    fork();
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
  for (let i = 0; i < config.webConcurrency; i++) fork();
  console.log(`carecert: ${config.webConcurrency} 个工作进程 (workers) 共用端口 ${config.port}`);
}

const config = getConfig();
if (cluster.isWorker) {
  await startHttpServer(config);
} else {
  await prepareDatabase(config);
  if (config.webConcurrency > 1) superviseWorkers(config);
  else await startHttpServer(config);
  // `npm run cli -- restore` (SQLite's) refuses while this marker names a live process; PostgreSQL has no file to mark.
  if (!config.databaseUrl) markServerRunning(config.databasePath);
  scheduleBackups(config);
}
