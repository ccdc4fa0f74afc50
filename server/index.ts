// First: React and Express pick their production or development code from NODE_ENV as they load.
import "./production-default.ts";
import { ConfigError, getConfig, type Config } from "../app/config.server.ts";
import { contentRoot, examPoolRoot } from "../app/learning/content/content-root.ts";
import { formatProblem, loadContent } from "../app/learning/content/load-content.ts";
import { syncContent } from "../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../app/assessment/assessment-defaults.server.ts";
import { markServerRunning, scheduledBackup } from "../db/backup.ts";
import { openDatabase } from "../db/client.ts";
import { applyMigrations } from "../db/migrate.ts";
import { syncReferenceData } from "../db/reference.ts";
import { loadSigningKey } from "../certificates/keys.server.ts";
import { demoCertificateNumber } from "../db/seed-demo-certificates.ts";
import { DEMO_PASSWORD, seedDemo } from "../db/seed-demo.ts";
import { startHttpServer } from "./http.ts";

function loadConfig(): Config {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Work done once, before the first request: migrate, reference data, course content, demo. */
async function prepareDatabase(config: Config) {
  const db = openDatabase(config.databasePath);
  applyMigrations(db);
  await syncReferenceData(db);
  const content = loadContent(contentRoot(), examPoolRoot());
  if (content.problems.length > 0) {
    console.error(`课程内容有误，未启动 (content problems, not started):\n${content.problems.map(formatProblem).join("\n")}`);
    process.exit(1);
  }
  const { changed } = await syncContent(db, content.courses);
  if (changed.length > 0) console.log(`已同步课程内容 (content synced): ${changed.join(", ")}`);
  seedAssessmentDefaults(db);
  if (config.demo) {
    const demo = await seedDemo(db);
    console.log(demo.created ? "已创建演示数据 (demo data created)." : "演示数据已存在 (demo data present).");
    console.log(`演示账号 (demo logins), 密码 password: ${DEMO_PASSWORD}`);
    for (const login of demo.logins) console.log(`  ${login.username.padEnd(12)} ${login.role}`);
    const number = await demoCertificateNumber(db);
    if (number) console.log(`演示证书查验 (verify a demo certificate): ${config.publicUrl}/verify/${number}`);
  }
  // Certificates are signed with this key; made on the first start.
  await loadSigningKey(db, config.signingKeyPath);
  db.$client.close();
}

/** Optional online backups while serving (BACKUP_DIR, BACKUP_INTERVAL, BACKUP_KEEP), on a connection of their own. */
function scheduleBackups(config: Config) {
  const backup = config.backup;
  if (!backup) return;
  const db = openDatabase(config.databasePath);
  const run = () =>
    scheduledBackup(db.$client, backup.dir, backup.keep).then(
      (file) => console.log(`已自动备份 (scheduled backup): ${file}`),
      (error: unknown) => console.error("自动备份失败 (scheduled backup failed):", error),
    );
  setInterval(run, backup.intervalMs).unref();
  console.log(`自动备份已开启 (scheduled backups): ${backup.dir}，每 ${backup.intervalMs / 60_000} 分钟，保留 ${backup.keep} 份`);
}

const config = loadConfig();
await prepareDatabase(config);
await startHttpServer(config);
// `npm run cli -- restore` refuses while this marker names a live process.
markServerRunning(config.databasePath);
scheduleBackups(config);
