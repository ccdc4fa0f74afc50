import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * An online backup with SQLite's backup API: WAL content included, consistent while the server writes.
 * After a first step that sizes the job, one step copies every page under one read transaction, so writers
 * (never blocked in WAL mode) cannot make it restart. Written to a `.partial` file and renamed when complete.
 */
export async function backupDatabase(sqlite: Database.Database, file: string): Promise<{ pages: number; bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  const { totalPages } = await sqlite.backup(partial, { progress: () => 0x7fffffff });
  fs.renameSync(partial, file);
  return { pages: totalPages, bytes: fs.statSync(file).size };
}

/** Refuses a file that is not a sound SQLite database before it replaces anything. */
export function checkBackupFile(file: string): string | null {
  if (!fs.existsSync(file)) return `找不到备份文件：${file}`;
  try {
    const source = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const result = source.pragma("quick_check", { simple: true });
      if (result !== "ok") return `备份文件已损坏：${String(result)}`;
      const migrated = source.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'").get() as { n: number };
      if (migrated.n === 0) return "该文件不是 carecert 数据库的备份";
    } finally {
      source.close();
    }
  } catch (error) {
    return `无法读取备份文件：${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/** Copies a backup over the database, page by page through SQLite, so open connections see a whole database. */
export async function restoreDatabase(file: string, databasePath: string): Promise<void> {
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(databasePath, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
}

/**
 * A running server marks its database with `<database>.server.pid` (its process id and host). Restore refuses
 * while that process is alive; a file left by a killed server names a dead process and is ignored.
 */
export const serverMarkerPath = (databasePath: string) => `${path.resolve(databasePath)}.server.pid`;

export function markServerRunning(databasePath: string) {
  const marker = serverMarkerPath(databasePath);
  fs.writeFileSync(marker, JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() }));
  process.once("exit", () => fs.rmSync(marker, { force: true }));
}

/** The running server on this database, if any: its pid, or a reason to believe one may run elsewhere. */
export function runningServer(databasePath: string): { pid: number; host: string } | null {
  let marker: { pid: number; host: string };
  try {
    marker = JSON.parse(fs.readFileSync(serverMarkerPath(databasePath), "utf8")) as { pid: number; host: string };
  } catch {
    return null;
  }
  // Another machine's process cannot be checked from here: assume it runs.
  if (marker.host !== os.hostname()) return marker;
  try {
    process.kill(marker.pid, 0);
    return marker;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? marker : null;
  }
}

const SCHEDULED_NAME = /^carecert-\d{8}-\d{6}\.db$/;

/** One scheduled backup into `dir`, named by time (UTC), keeping the newest `keep` of them. */
export async function scheduledBackup(sqlite: Database.Database, dir: string, keep: number, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const file = path.join(dir, `carecert-${stamp}.db`);
  await backupDatabase(sqlite, file);
  const kept = fs
    .readdirSync(dir)
    .filter((name) => SCHEDULED_NAME.test(name))
    .sort()
    .reverse();
  for (const old of kept.slice(keep)) fs.rmSync(path.join(dir, old), { force: true });
  return file;
}
