import path from "node:path";
import { backupDatabase, checkBackupFile, restoreDatabase, runningServer } from "../../db/backup.ts";
import { sqliteConnectionOf } from "../../db/client.ts";
import { CliError, type CliCommand, type CliContext } from "./cli.server.ts";

function fileArgument(ctx: CliContext): string {
  const file = ctx.args[0];
  if (!file) throw new CliError("请给出备份文件路径");
  return path.resolve(file);
}

/** These commands copy the SQLite file; a PostgreSQL installation is backed up with pg_dump (README, Deployment). */
function sqliteOf(ctx: CliContext) {
  const sqlite = sqliteConnectionOf(ctx.db);
  if (!sqlite) throw new CliError("当前使用 PostgreSQL：请用 pg_dump / pg_restore 备份与恢复（见 README「部署」）");
  return sqlite;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Backups of the database this command runs on (DATABASE_PATH). */
export const backupCommands: CliCommand[] = [
  {
    name: "backup",
    usage: "backup <文件>",
    summary: "在线备份数据库（服务器运行时也可执行）",
    async run(ctx) {
      const file = fileArgument(ctx);
      const { bytes } = await backupDatabase(sqliteOf(ctx), file);
      ctx.out(`已备份到 ${file}（${megabytes(bytes)}）`);
      return 0;
    },
  },
  {
    name: "restore",
    usage: "restore <文件>",
    summary: "用备份替换数据库（须先停止服务器；原数据库先另存一份）",
    async run(ctx) {
      const file = fileArgument(ctx);
      const sqlite = sqliteOf(ctx);
      const databasePath = sqlite.name;
      const server = runningServer(databasePath);
      if (server) throw new CliError(`服务器正在使用该数据库（主机 ${server.host}，进程 ${server.pid}），请先停止服务器再恢复。`);
      const problem = checkBackupFile(file);
      if (problem) throw new CliError(problem);
      const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
      const previous = `${databasePath}.before-restore-${stamp}`;
      await backupDatabase(sqlite, previous);
      await restoreDatabase(file, databasePath);
      ctx.out(`已从 ${file} 恢复数据库；恢复前的数据库另存为 ${previous}`);
      return 0;
    },
  },
];
