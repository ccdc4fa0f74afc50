import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { sqliteConnectionOf } from "../../db/client.ts";
import { DatabaseUrlError, parsePostgresUrl, redactDatabaseUrl } from "../../db/engine.ts";
import { getConfig } from "../config.server.ts";
import { CliError, stringOption, type CliCommand } from "./cli.server.ts";

/**
 * `npm run cli -- db:copy --to postgres://…` (issue #16): moves an installation from SQLite to PostgreSQL. The source
 * is the configured SQLite database (DATABASE_PATH). The copy runs in a child process whose DATABASE_URL is the
 * target (scripts/db-copy.ts → app/cli/copy-target.server.ts), because the app functions that check the approved
 * lists read the engine's tables, chosen once per process.
 */

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../scripts/db-copy.ts");

function targetUrl(value: string): string {
  try {
    parsePostgresUrl(value);
  } catch (error) {
    if (error instanceof DatabaseUrlError) throw new CliError(`--to 给出的目标数据库地址有误：${error.message.replaceAll("DATABASE_URL", "地址")}`);
    throw error;
  }
  return value;
}

/** Runs the copy in a process of its own; its progress lines come out through `out`, its errors on stderr. */
function runCopyProcess(sourcePath: string, url: string, out: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", childScript], {
      env: { ...process.env, DATABASE_URL: url, DATABASE_PATH: sourcePath },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = readline.createInterface({ input: child.stdout });
    lines.on("line", out);
    const closed = new Promise((done) => lines.once("close", done));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      void closed.then(() => resolve(code ?? (signal ? 1 : 0)));
    });
  });
}

export const copyCommands: CliCommand[] = [
  {
    name: "db:copy",
    usage: "db:copy --to <postgres://用户名:密码@主机:端口/数据库名>",
    summary: "把 SQLite 数据库（DATABASE_PATH）完整复制到一个空的 PostgreSQL 数据库并校验",
    async run(ctx) {
      const sqlite = sqliteConnectionOf(ctx.db);
      if (!sqlite) {
        throw new CliError("db:copy 的来源是 SQLite 数据库（DATABASE_PATH），但当前设置了 DATABASE_URL（已在使用 PostgreSQL）。请在不设置 DATABASE_URL 的环境中运行，用 --to 指定目标 PostgreSQL 数据库");
      }
      const url = targetUrl(stringOption(ctx, "to"));
      const config = getConfig();
      const code = await runCopyProcess(sqlite.name, url, ctx.out);
      if (code !== 0) return code;
      ctx.out("");
      ctx.out("切换到 PostgreSQL（复制期间服务器的新写入不会被复制：切换前请先停止服务器或进入维护）：");
      ctx.out(`  - 设置 DATABASE_URL=${redactDatabaseUrl(url)}（密码按原样填写）后启动服务器；SQLite 文件 ${sqlite.name} 保留不动，可作回退`);
      ctx.out(
        config.signingKey
          ? "  - 证书签名私钥来自 SIGNING_KEY：新服务器请设置同一个值"
          : `  - 证书签名私钥不在数据库中：新服务器须使用同一个私钥文件 ${path.resolve(config.signingKeyPath)}（保持 FILES_DIR 不变，或设置 SIGNING_KEY_PATH）`,
      );
      ctx.out(`  - FILES_DIR（${path.resolve(config.filesDir)}）中的文件（证书批量下载包等）请一并保留或迁到新的共享目录`);
      return 0;
    },
  },
];
