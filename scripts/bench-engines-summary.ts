import fs from "node:fs";

/**
 * The tables of scripts/bench-engines.sh: reads the output of each `scripts/bench.ts` run (label=log files, in order)
 * and prints one markdown table for the exam day, one for the lesson page and study reports, the after/before ratios
 * on SQLite, and each run's settings header. The logs themselves stay beside the result for anything not summarised.
 *
 *   node --import tsx scripts/bench-engines-summary.ts "SQLite before=logs/a-exam.log,logs/a-lesson.log" …
 */
type Run = { label: string; header: string[]; exam: string[][]; lessons: string[][]; weight: string | null; problems: string[] };

function tableAfter(lines: string[], startsWith: string): string[][] {
  const at = lines.findIndex((l) => l.startsWith(startsWith));
  if (at === -1) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.includes(" | ")) break;
    rows.push(line.split(" | ").map((cell) => cell.trim()));
  }
  return rows;
}

function readRun(label: string, files: string[]): Run {
  const lines: string[] = [];
  const header: string[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const own = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
    if (own.length === 0) problems.push(`没有输出（${file}）`);
    const name = file.replace(/^.*\//, "").replace(/\.log$/, "");
    header.push(...[...new Set(own.filter((l) => l.startsWith("# ")).map((l) => l.slice(2)))].map((l) => `${name}: ${l}`));
    problems.push(...own.filter((l) => /^(Error|DrizzleQueryError)|服务器启动失败|没有就绪|没有启动/.test(l.trim())).slice(0, 3));
    lines.push(...own, "");
  }
  return {
    label,
    header,
    exam: tableAfter(lines, "exam day:"),
    lessons: tableAfter(lines, "scenario | load"),
    weight: lines.find((l) => l.startsWith("lesson page weight")) ?? null,
    problems,
  };
}

const runs = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf("=");
  return readRun(arg.slice(0, at), arg.slice(at + 1).split(","));
});

const out: string[] = [];
const cell = (value: string | undefined) => value ?? "—";

// Exam day. Columns of bench.ts: candidates | papers drawn | start p50 / p99 | all started | saves | save p50 / p95 / p99 |
// submit p50 / p99 | server CPU s | errors | lost | submitted | PostgreSQL CPU s (the last one only since issue #16).
out.push("## Exam day", "");
out.push("| run | candidates | papers drawn ms | start p50 / p99 ms | all started in ms | saves | save p50 / p95 / p99 ms | submit p50 / p99 ms | server CPU s | PostgreSQL CPU s | errors | lost answers | submitted |");
out.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const run of runs) {
  if (run.exam.length === 0) out.push(`| ${run.label} | (no result${run.problems.length > 0 ? `: ${run.problems.join("; ")}` : ""}) |||||||||||| `);
  for (const e of run.exam) out.push(`| ${run.label} | ${e[0]} | ${e[1]} | ${e[2]} | ${e[3]} | ${e[4]} | ${e[5]} | ${e[6]} | ${e[7]} | ${cell(e[11])} | ${e[8]} | ${e[9]} | ${e[10]} |`);
}

// Lesson page and study reports: four rows per run (lesson / report × max rate / 200 req/s).
out.push("", "## Lesson page and study activity reports", "");
out.push("| run | scenario | load | req/s | p50 ms | p90 ms | p97.5 ms | p99 ms | errors | non-2xx |");
out.push("|---|---|---|---|---|---|---|---|---|---|");
for (const run of runs) {
  if (run.lessons.length === 0) out.push(`| ${run.label} | (no result${run.problems.length > 0 ? `: ${run.problems.join("; ")}` : ""}) ||||||||| `);
  for (const l of run.lessons) out.push(`| ${run.label} | ${l.join(" | ")} |`);
}

// After / before on SQLite: the issue allows at most 10 % slower. Server CPU is the steadiest figure on a shared machine.
const before = runs.find((r) => /before/i.test(r.label));
const after = runs.find((r) => /after/i.test(r.label));
if (before && after) {
  out.push("", "## SQLite after / before (issue #16: at most 10 % slower)", "");
  out.push("| figure | before | after | after / before |", "|---|---|---|---|");
  const ratio = (b: number, a: number, higherIsBetter: boolean) => {
    if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "—";
    const r = a / b;
    const slower = higherIsBetter ? b / a - 1 : r - 1;
    return `${r.toFixed(2)}×${slower > 0.1 ? " (more than 10 % slower)" : ""}`;
  };
  const num = (s: string | undefined) => Number(String(s ?? "").replace(/,/g, ""));
  const split = (s: string | undefined, i: number) => num(String(s ?? "").split("/")[i]);
  const be = before.exam.at(-1);
  const ae = after.exam.at(-1);
  if (be && ae) {
    out.push(`| exam day save p50 ms | ${split(be[5], 0)} | ${split(ae[5], 0)} | ${ratio(split(be[5], 0), split(ae[5], 0), false)} |`);
    out.push(`| exam day save p99 ms | ${split(be[5], 2)} | ${split(ae[5], 2)} | ${ratio(split(be[5], 2), split(ae[5], 2), false)} |`);
    out.push(`| exam day submit p50 ms | ${split(be[6], 0)} | ${split(ae[6], 0)} | ${ratio(split(be[6], 0), split(ae[6], 0), false)} |`);
    out.push(`| exam day all started in ms | ${be[3]} | ${ae[3]} | ${ratio(num(be[3]), num(ae[3]), false)} |`);
    out.push(`| exam day server CPU s | ${be[7]} | ${ae[7]} | ${ratio(num(be[7]), num(ae[7]), false)} |`);
  }
  for (const [i, name] of [
    [0, "lesson page, 50 connections, req/s"],
    [2, "study report, 50 connections, req/s"],
  ] as const) {
    const b = before.lessons[i];
    const a = after.lessons[i];
    if (b && a) out.push(`| ${name} | ${b[2]} | ${a[2]} | ${ratio(num(b[2]), num(a[2]), true)} |`);
  }
  for (const [i, name] of [
    [1, "lesson page at 200 req/s, p97.5 ms"],
    [3, "study report at 200 req/s, p97.5 ms"],
  ] as const) {
    const b = before.lessons[i];
    const a = after.lessons[i];
    if (b && a) out.push(`| ${name} | ${b[5]} | ${a[5]} | ${ratio(num(b[5]), num(a[5]), false)} |`);
  }
}

out.push("", "## Settings of each run", "");
for (const run of runs) {
  out.push(`- **${run.label}**`);
  for (const line of run.header) out.push(`  - ${line}`);
  if (run.weight) out.push(`  - ${run.weight}`);
  for (const problem of run.problems) out.push(`  - 问题：${problem}`);
}
console.log(out.join("\n"));
