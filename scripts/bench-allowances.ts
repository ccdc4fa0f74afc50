import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { regionBankXlsx, type ExportList } from "../app/allowances/exports.server.ts";
import { computeAllowances, refreshInstitutionLists } from "../app/allowances/lists.server.ts";
import { idNumberCheckChar } from "../app/people/id-number.ts";
import { seededRandom } from "../app/utils/random.ts";
import { closeDatabase, openDatabase } from "../db/client.ts";
import { createAllowancePolicy, createOrganisation } from "../seeds/factories.ts";
import { applyMigrations } from "../db/migrate.ts";
import { syncReferenceData } from "../seeds/reference.ts";
import { regions } from "../db/schema.ts";

/**
 * The allowance engine at city scale: 50,000 workers in 250 institutions across 湖州's townships, a year of
 * monthly records (600,000 rows), 80 % certified. Times each month's computation for the whole city, the
 * city's bank XLSX of one month, and one institution recomputing its own list. Reported, never asserted.
 */
const WORKERS = 50_000;
const INSTITUTIONS = 250;
const MONTHS = Array.from({ length: 12 }, (_, i) => `${i === 0 ? 2025 : 2026}-${String(i === 0 ? 12 : i).padStart(2, "0")}`);

async function buildCity(file: string) {
  const db = openDatabase(file);
  await applyMigrations(db);
  await syncReferenceData(db);
  const random = seededRandom(50_000);
  const townships = (await db.select().from(regions).where(eq(regions.level, "township"))).filter((r) => r.code.startsWith("3305"));
  await createAllowancePolicy(db);
  // Bench data goes in through the raw SQLite connection, inside the transaction below: SQLite only.
  const sqlite = db.$sqlite;
  const insertPerson = sqlite.prepare("INSERT INTO people (name, id_number, gender, birth_date) VALUES (?, ?, 'female', ?)");
  const insertWorker = sqlite.prepare("INSERT INTO workers (organisation_id, person_id, occupation, post, hired_on, contract_ends_on, bank_account) VALUES (?, ?, 'elderly_caregiver', 'caregiver', ?, ?, ?)");
  const insertCertificate = sqlite.prepare(
    "INSERT INTO certificates (kind, number, person_id, holder_name, id_number, occupation, level, issuer_name, issued_on, source, verified_at, revoked_at) VALUES ('skill_level', ?, ?, ?, ?, 'elderly_caregiver', ?, '浙江省养老服务职业技能评价中心', ?, 'external', ?, ?)",
  );
  const insertMonth = sqlite.prepare("INSERT INTO worker_months (worker_id, month, attendance_days, social_insurance_paid, continuing_education_hours, liability_incident) VALUES (?, ?, ?, ?, ?, ?)");
  const date = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  await db.transaction(async (tx) => {
    const orgs: number[] = [];
    for (let i = 0; i < INSTITUTIONS; i++) orgs.push((await createOrganisation(tx, { type: "elderly_care", name: `基准养老机构${i + 1}`, regionCode: townships[i % townships.length]!.code })).id);
    const record = (workerId: number, hiredOn: string) => {
      for (const month of MONTHS) {
        if (month < hiredOn.slice(0, 7)) continue;
        insertMonth.run(workerId, month, random() < 0.06 ? 15 + Math.floor(random() * 5) : 20 + Math.floor(random() * 6), random() > 0.02 ? 1 : 0, Math.floor(random() * 5), random() < 0.01 ? 1 : 0);
      }
    };
    for (let i = 0; i < WORKERS; i++) {
      const birth = date(1965 + Math.floor(i / 1000) % 30, 1 + (Math.floor(i / 1000) % 12), 1 + (Math.floor(i / 1000) % 28));
      const first17 = `330502${birth.replaceAll("-", "")}${String(i % 1000).padStart(3, "0")}`;
      const idNumber = first17 + idNumberCheckChar(first17);
      const name = `基准人员${i}`;
      const personId = Number(insertPerson.run(name, idNumber, birth).lastInsertRowid);
      const hiredOn = date(2015 + Math.floor(random() * 11), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
      const workerId = Number(insertWorker.run(orgs[i % INSTITUTIONS], personId, hiredOn, random() < 0.5 ? null : "2028-12-31", `6228480${String(personId).padStart(12, "0")}`).lastInsertRowid);
      record(workerId, hiredOn);
      // 1 % are registered by a second institution too.
      if (random() < 0.01) record(Number(insertWorker.run(orgs[(i + 7) % INSTITUTIONS], personId, "2024-01-01", null, null).lastInsertRowid), "2024-01-01");
      if (random() < 0.8) {
        const level = ((r) => (r < 0.42 ? 5 : r < 0.77 ? 4 : r < 0.93 ? 3 : r < 0.98 ? 2 : 1))(random());
        const issuedOn = date(2016 + Math.floor(random() * 10), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
        insertCertificate.run(`S000133000001${issuedOn.slice(2, 4)}${level}${String(i).padStart(6, "0")}`, personId, name, idNumber, level, issuedOn, random() < 0.95 ? Date.parse("2026-01-15T02:00:00Z") : null, random() < 0.005 ? Date.parse("2025-06-01T02:00:00Z") : null);
      }
    }
  });
  return db;
}

export async function allowanceBench(dir: string) {
  const file = path.join(dir, "allowances.db");
  fs.rmSync(file, { force: true });
  let started = performance.now();
  const db = await buildCity(file);
  const buildMs = Math.round(performance.now() - started);
  const rows: Array<{ month: string; ms: number; lines: number; excluded: number; total: number }> = [];
  let last: Awaited<ReturnType<typeof computeAllowances>> | null = null;
  for (const month of MONTHS) {
    started = performance.now();
    last = await computeAllowances(db, "330500", month);
    rows.push({ month, ms: Math.round(performance.now() - started), lines: last.lines.length, excluded: last.excluded.length, total: last.total });
  }
  const month = MONTHS.at(-1)!;
  const byInstitution = new Map<string, ExportList>();
  for (const l of last!.lines) {
    const list = byInstitution.get(l.organisationName) ?? { title: l.policyName, month, organisationName: l.organisationName, organisationCreditCode: String(l.organisationId), contentHash: "0".repeat(64), lines: [] as ExportList["lines"] };
    list.lines.push({ name: l.name, idNumber: l.idNumber, bankAccount: l.bankAccount, level: l.level, amount: l.amount, kind: "allowance", rule: l.rule });
    byInstitution.set(l.organisationName, list);
  }
  started = performance.now();
  const xlsx = await regionBankXlsx([...byInstitution.values()], { regionName: "湖州市", month });
  const xlsxMs = Math.round(performance.now() - started);
  started = performance.now();
  await refreshInstitutionLists(db, last!.lines[0]!.organisationId, month, { userId: null, ip: "bench" });
  const refreshMs = Math.round(performance.now() - started);
  await closeDatabase(db);

  const times = rows.map((r) => r.ms).sort((a, b) => a - b);
  console.log(`\nallowances: ${WORKERS} workers in ${INSTITUTIONS} institutions, ${MONTHS.length} months of records (city built in ${buildMs} ms)`);
  console.log("month | compute ms (whole city) | lines | excluded | total CNY");
  console.log("---|---|---|---|---");
  for (const r of rows) console.log(`${r.month} | ${r.ms} | ${r.lines} | ${r.excluded} | ${r.total}`);
  console.log(`compute per month: min ${times[0]} / median ${times[Math.floor(times.length / 2)]} / max ${times.at(-1)} ms (target < 2000)`);
  console.log(`bank XLSX of ${month}: ${last!.lines.length} rows, ${Math.round(xlsx.length / 1024)} KB in ${xlsxMs} ms (target < 5000)`);
  console.log(`one institution recomputing its ${month} list: ${refreshMs} ms`);
}
