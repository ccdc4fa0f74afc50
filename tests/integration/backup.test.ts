import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkBackupFile, markServerRunning, runningServer, scheduledBackup, serverMarkerPath } from "../../db/backup.ts";
import { openDatabase, closeDatabase } from "../../db/client.ts";
import { regions } from "../../db/schema.ts";

describe("scheduled backups", () => {
  it("are named by time and only the newest BACKUP_KEEP are kept", async () => {
    const db = openDatabase(process.env.DATABASE_PATH!);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "carecert-backups-"));
    fs.writeFileSync(path.join(dir, "notes.txt"), "an operator's file stays");
    for (const hour of ["01", "02", "03"]) await scheduledBackup(db.$sqlite, dir, 2, new Date(`2026-12-01T${hour}:00:00Z`));
    expect(fs.readdirSync(dir).sort()).toEqual(["carecert-20261201-020000.db", "carecert-20261201-030000.db", "notes.txt"]);
    const copy = openDatabase(path.join(dir, "carecert-20261201-030000.db"));
    expect((await copy.select().from(regions)).length).toBe((await db.select().from(regions)).length);
    await closeDatabase(copy);
    expect(checkBackupFile(path.join(dir, "carecert-20261201-030000.db"))).toBeNull();
    expect(checkBackupFile(path.join(dir, "notes.txt"))).toMatch(/无法读取备份文件|备份文件已损坏/);
    await closeDatabase(db);
  });
});

describe("the running-server marker", () => {
  it("names a live process and ignores one left by a process that died", () => {
    const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "carecert-marker-")), "c.db");
    expect(runningServer(database)).toBeNull();
    markServerRunning(database);
    expect(runningServer(database)).toMatchObject({ pid: process.pid });
    fs.writeFileSync(serverMarkerPath(database), JSON.stringify({ pid: 2 ** 22 + 1, host: os.hostname() }));
    expect(runningServer(database)).toBeNull();
  });
});
