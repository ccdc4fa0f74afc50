import { copySqliteToPostgres } from "../app/cli/copy-target.server.ts";

/**
 * The PostgreSQL side of `npm run cli -- db:copy --to …`, started by that command (app/cli/copy.server.ts) with
 * DATABASE_URL = the target and DATABASE_PATH = the SQLite source, so this process's engine is PostgreSQL.
 */
const targetUrl = process.env.DATABASE_URL?.trim();
const sourcePath = process.env.DATABASE_PATH?.trim();
if (!targetUrl || !sourcePath) {
  console.error("scripts/db-copy.ts 由 npm run cli -- db:copy --to <postgres://…> 启动，需要 DATABASE_URL（目标）和 DATABASE_PATH（来源）");
  process.exitCode = 2;
} else {
  process.exitCode = await copySqliteToPostgres({ sourcePath, targetUrl });
}
