import fs from "node:fs";
import path from "node:path";
import { importRoster } from "../app/workforce/workforce.server.ts";
import { openDatabase } from "../db/client.ts";

/**
 * One roster import, as `workers:import` runs it, in a process of its own (scripts/bench-imports.ts starts it, compiled
 * to plain JavaScript): it loads only what the import loads, so its RSS before reading and its peak are the import's.
 * Prints one line of JSON.
 */
const statusMb = (field: "VmHWM" | "VmRSS") => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) / 1024);

const [dbFile, file, organisationId] = process.argv.slice(2);
const baselineRssMb = statusMb("VmRSS");
const db = openDatabase(dbFile!);
const started = performance.now();
const outcome = await importRoster(db, Number(organisationId), { name: path.basename(file!), bytes: fs.readFileSync(file!) }, { userId: null, realUserId: null, ip: null }, "2026-12-01");
const ms = Math.round(performance.now() - started);
console.log(JSON.stringify(outcome.ok ? { ms, lockMs: Math.round(outcome.lockMs), peakRssMb: statusMb("VmHWM"), baselineRssMb, message: outcome.message } : { ms, problems: outcome.problems.slice(0, 3) }));
