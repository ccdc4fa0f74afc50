import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import ExcelJS from "exceljs";
import { rosterHeaders } from "../app/workforce/worker-import.ts";
import { createOrganisation, makeIdNumber } from "../seeds/factories.ts";
import { openDatabase } from "../db/client.ts";
import { applyMigrations } from "../db/migrate.ts";
import { syncReferenceData } from "../seeds/reference.ts";
import { xlsxBomb } from "../tests/setup/xlsx-bomb.ts";

/**
 * Imports under load: a 100,000-row roster imported the way `workers:import` does (in a fresh process,
 * scripts/bench-imports-child.ts, so its peak RSS is the import's own), first into an empty registry and then again unchanged; and, against the running
 * server, four zip bombs uploaded at once while /healthz is polled. Figures only; nothing is asserted.
 * Alone: `node --import tsx scripts/bench-imports.ts` (the roster only).
 */
const ROWS = 100_000;
const NAME_CHARS = "秀英丽华美芳桂兰玉珍淑琴红梅春燕海霞凤云建国志强明军伟平";
/** A distinct Chinese name per row (names may hold no digits). */
const nameOf = (i: number) => `王${NAME_CHARS[i % 28]}${NAME_CHARS[Math.floor(i / 28) % 28]}${NAME_CHARS[Math.floor(i / 784) % 28]}`;

/** The roster file, written with exceljs's streaming writer: one worker a row, every second one with a certificate. */
async function writeRoster(file: string) {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = writer.addWorksheet("从业人员名册");
  sheet.addRow([...rosterHeaders]).commit();
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(Date.UTC(1965, 0, 1) + Math.floor(i / 500) * 86_400_000).toISOString().slice(0, 10);
    const certified = i % 2 === 0;
    const number = `S000133000001${"24"}4${String(i).padStart(6, "0")}`;
    sheet.addRow([nameOf(i), makeIdNumber({ birthDate: day, serial: i % 500 }), "养老护理员", "护理员", "2020-01-01", "", certified ? number : "", certified ? "四级" : "", certified ? "2024-06-30" : "", certified ? "浙江省养老服务职业技能评价中心" : ""]).commit();
  }
  sheet.commit();
  await writer.commit();
}

export async function rosterImportBench(dir = ".tmp/bench") {
  fs.mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, "imports.db");
  const file = path.join(dir, "roster-100000.xlsx");
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  const db = openDatabase(dbFile);
  await applyMigrations(db);
  await syncReferenceData(db);
  const organisationId = (await createOrganisation(db, { type: "elderly_care", name: "基准养老院", regionCode: "330522001" })).id;
  db.$sqlite.close();
  await writeRoster(file);
  // The child is compiled to plain JavaScript: under tsx, its loader thread and compiler alone hold about 50 MB before
  // the import's modules load, which no deployment pays once built.
  const child = path.join(dir, "bench-imports-child.mjs");
  await build({ entryPoints: [new URL("./bench-imports-child.ts", import.meta.url).pathname], outfile: child, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "error" });
  console.log(`\nroster import: ${ROWS} rows, ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB XLSX (target < 10 s, peak RSS < 250 MB, write lock < 500 ms)`);
  console.log("run | total ms | write lock ms | peak RSS MB | RSS before reading MB | result\n---|---|---|---|---|---");
  for (const run of ["first import", "same file again"]) {
    const once = spawnSync(process.execPath, [child, dbFile, file, String(organisationId)], { encoding: "utf8" });
    const result = JSON.parse(once.stdout.trim().split("\n").at(-1) ?? "{}");
    console.log(`${run} | ${result.ms} | ${result.lockMs ?? "—"} | ${result.peakRssMb ?? "—"} | ${result.baselineRssMb ?? "—"} | ${result.message ?? JSON.stringify(result.problems ?? once.stderr.slice(0, 300))}`);
  }
}

/** Four zip bombs (each a sheet inflating to 1.9 GB) uploaded at once to a running server, /healthz polled meanwhile. */
export async function zipBombs(base: string, cookie: string, serverPid: number | undefined) {
  const bomb = xlsxBomb(1900 * 1024 * 1024, 4096);
  const served: number[] = [];
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const started = performance.now();
      const ok = (await fetch(`${base}/healthz`).catch(() => null))?.ok;
      served.push(ok ? performance.now() - started : Infinity);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const form = new FormData();
      form.set("intent", "import-roster");
      form.set("file", new File([new Uint8Array(bomb)], "bomb.xlsx"));
      const response = await fetch(`${base}/institution/workers`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: base } });
      const text = await response.text();
      return `${response.status} ${/解压后超过[^<"]*/.exec(text)?.[0] ?? text.slice(0, 80)}`;
    }),
  );
  const ms = Math.round(performance.now() - started);
  polling = false;
  await poll;
  const rss = serverPid ? Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${serverPid}/status`, "utf8"))![1]) / 1024) : null;
  console.log(`\nzip bombs: 4 × ${(bomb.length / 1024 / 1024).toFixed(1)} MB XLSX inflating to 1.9 GB each, uploaded at once: answered in ${ms} ms: ${answers.join(" | ")}`);
  console.log(`/healthz during the uploads: ${served.length} polls, ${served.filter((s) => s === Infinity).length} failed, slowest ${Math.round(Math.max(...served))} ms; server peak RSS ${rss ?? "—"} MB`);
}

if (import.meta.url === `file://${process.argv[1]}`) await rosterImportBench();
