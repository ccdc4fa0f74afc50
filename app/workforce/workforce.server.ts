import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { ZodType } from "zod";
import type { Db, DbOrTx } from "../../db/client.ts";
import { certificates, organisations, people, workerMonths, workers } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import type { Scope } from "../auth/permissions.ts";
import { ImportFileError, readTable, validateTable, type ImportProblem } from "../imports/table.server.ts";
import { organisationScopeCondition, saveOrganisationIn } from "../organisations/organisations.server.ts";
import { organisationColumnOf, organisationHeaders, organisationRowSchema } from "./organisation-import.ts";
import { monthlyConflicts, monthlyHeaders, monthlyRowSchema, rosterConflicts, rosterHeaders, rosterRowSchema, type MonthlyRow, type RosterRow } from "./worker-import.ts";

export type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;
export type ImportOutcome = { ok: true; message: string } | { ok: false; problems: ImportProblem[] };

class Rejected extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super("import rejected");
  }
}

/**
 * The import pipeline end to end: read, validate every row, check in-file conflicts, then apply every
 * row in one transaction; `apply` collects problems found against the database and any one rolls all back.
 */
async function importFile<T>(
  db: Db,
  file: { name: string; bytes: Uint8Array },
  spec: { headers: readonly string[]; schema: ZodType<T>; conflicts?: (rows: Array<{ row: number; data: T }>) => ImportProblem[] },
  apply: (tx: DbOrTx, rows: Array<{ row: number; data: T }>, problems: ImportProblem[]) => string,
): Promise<ImportOutcome> {
  try {
    const table = await readTable(file);
    const checked = validateTable(table, [...spec.headers], spec.schema);
    if (!checked.ok) return { ok: false, problems: checked.problems };
    const conflicts = spec.conflicts?.(checked.rows) ?? [];
    if (conflicts.length > 0) return { ok: false, problems: conflicts };
    return db.transaction((tx) => {
      const problems: ImportProblem[] = [];
      const message = apply(tx, checked.rows, problems);
      if (problems.length > 0) throw new Rejected(problems);
      return { ok: true as const, message };
    });
  } catch (error) {
    if (error instanceof ImportFileError) return { ok: false, problems: [{ row: null, column: null, message: error.message }] };
    if (error instanceof Rejected) return { ok: false, problems: error.problems };
    throw error;
  }
}

/** Whether a record already holds the values; undefined ones (a column the file lacks) are not compared. */
const sameValues = (row: Record<string, unknown>, values: Record<string, unknown>) => Object.entries(values).every(([k, v]) => v === undefined || row[k] === v);

/** The person an ID number names, created when new; a different name on record is a problem for the 姓名 column. */
function personFor(tx: DbOrTx, entry: Pick<RosterRow, "name" | "idNumber" | "gender" | "birthDate">): { id: number } | { conflict: string } {
  const existing = tx.select().from(people).where(eq(people.idNumber, entry.idNumber)).get();
  if (existing) return existing.name === entry.name ? existing : { conflict: `该身份证号码已登记为“${existing.name}”，与填写的姓名不一致` };
  return tx.insert(people).values({ name: entry.name, idNumber: entry.idNumber, gender: entry.gender, birthDate: entry.birthDate }).returning({ id: people.id }).get();
}

/**
 * Records a roster certificate: a number already issued here is linked (it must be the same holder and
 * level), an external one already recorded is updated while unverified, a new one is recorded as external
 * and unverified until an officer confirms it.
 */
function recordCertificate(tx: DbOrTx, personId: number, row: RosterRow, problems: ImportProblem[], rowNumber: number): "created" | "updated" | "unchanged" {
  const c = row.certificate!;
  const existing = tx.select().from(certificates).where(eq(certificates.number, c.number)).get();
  const problem = (message: string) => {
    problems.push({ row: rowNumber, column: "证书编号", message });
    return "unchanged" as const;
  };
  if (!existing) {
    tx.insert(certificates)
      .values({ kind: "skill_level", number: c.number, personId, holderName: row.name, idNumber: row.idNumber, occupation: row.occupation, level: c.level, issuerName: c.issuerName, issuedOn: c.issuedOn, source: "external" })
      .run();
    return "created";
  }
  if (existing.personId !== personId || existing.idNumber !== row.idNumber) return problem("该证书编号已登记在他人名下");
  const values = { occupation: row.occupation, level: c.level, issuedOn: c.issuedOn, issuerName: c.issuerName };
  if (existing.source === "issued") {
    return existing.occupation === row.occupation && existing.level === c.level ? "unchanged" : problem("与本系统发放的该证书的职业或等级不一致");
  }
  if (sameValues(existing, values)) return "unchanged";
  if (existing.verifiedAt !== null) return problem("该证书已经民政部门核验，文件中的信息与核验记录不一致");
  tx.update(certificates).set(values).where(eq(certificates.id, existing.id)).run();
  return "updated";
}

export function importRoster(db: Db, organisationId: number, file: { name: string; bytes: Uint8Array }, by: Actor, today: string): Promise<ImportOutcome> {
  return importFile(db, file, { headers: rosterHeaders, schema: rosterRowSchema(today), conflicts: rosterConflicts }, (tx, rows, problems) => {
    const counts = { workersCreated: 0, workersUpdated: 0, certificatesCreated: 0, certificatesUpdated: 0 };
    const done = new Set<string>();
    for (const { row, data } of rows) {
      const person = personFor(tx, data);
      if ("conflict" in person) {
        problems.push({ row, column: "姓名", message: person.conflict });
        continue;
      }
      if (!done.has(data.idNumber)) {
        done.add(data.idNumber);
        const values = { occupation: data.occupation, post: data.post, hiredOn: data.hiredOn, contractEndsOn: data.contractEndsOn, leftOn: data.leftOn, schooling: data.schooling, bankAccount: data.bankAccount };
        const existing = tx.select().from(workers).where(and(eq(workers.organisationId, organisationId), eq(workers.personId, person.id))).get();
        if (!existing) {
          tx.insert(workers).values({ organisationId, personId: person.id, ...values }).run();
          counts.workersCreated++;
        } else if (!sameValues(existing, values)) {
          tx.update(workers).set(values).where(eq(workers.id, existing.id)).run();
          counts.workersUpdated++;
        }
      }
      if (data.certificate) {
        const outcome = recordCertificate(tx, person.id, data, problems, row);
        if (outcome === "created") counts.certificatesCreated++;
        if (outcome === "updated") counts.certificatesUpdated++;
      }
    }
    if (Object.values(counts).some((n) => n > 0)) writeAudit(tx, { ...by, event: "workforce.roster_imported", target: { table: "organisations", id: organisationId }, details: { file: file.name, rows: rows.length, ...counts } });
    return `导入完成：共 ${rows.length} 行；新增人员 ${counts.workersCreated} 名，更新 ${counts.workersUpdated} 名；新登记外部证书 ${counts.certificatesCreated} 张，更新 ${counts.certificatesUpdated} 张（待民政部门核验）`;
  });
}

export function importMonthly(db: Db, organisationId: number, file: { name: string; bytes: Uint8Array }, by: Actor, today: string): Promise<ImportOutcome> {
  return importFile(db, file, { headers: monthlyHeaders, schema: monthlyRowSchema(today), conflicts: monthlyConflicts }, (tx, rows, problems) => {
    const staff = new Map(
      tx
        .select({ id: workers.id, idNumber: people.idNumber })
        .from(workers)
        .innerJoin(people, eq(people.id, workers.personId))
        .where(eq(workers.organisationId, organisationId))
        .all()
        .map((w) => [w.idNumber, w.id]),
    );
    let changed = 0;
    for (const { row, data } of rows) {
      const workerId = staff.get(data.idNumber);
      if (workerId === undefined) {
        problems.push({ row, column: "身份证号", message: "本机构从业人员名册中没有该身份证号，请先导入名册" });
        continue;
      }
      const values: Omit<MonthlyRow, "idNumber" | "month"> = { attendanceDays: data.attendanceDays, socialInsurancePaid: data.socialInsurancePaid, continuingEducationHours: data.continuingEducationHours, liabilityIncident: data.liabilityIncident };
      const existing = tx.select().from(workerMonths).where(and(eq(workerMonths.workerId, workerId), eq(workerMonths.month, data.month))).get();
      if (existing && sameValues(existing, values)) continue;
      tx.insert(workerMonths).values({ workerId, month: data.month, ...values }).onConflictDoUpdate({ target: [workerMonths.workerId, workerMonths.month], set: values }).run();
      changed++;
    }
    if (changed > 0) writeAudit(tx, { ...by, event: "workforce.monthly_imported", target: { table: "organisations", id: organisationId }, details: { file: file.name, rows: rows.length, changed } });
    return `导入完成：共 ${rows.length} 行，新增或更新 ${changed} 条月度记录`;
  });
}

/** `orgs:import`: creates organisations or updates them by credit code, through the admin form's checks. */
export function importOrganisations(db: Db, file: { name: string; bytes: Uint8Array }, by: Actor): Promise<ImportOutcome> {
  return importFile(db, file, { headers: organisationHeaders, schema: organisationRowSchema }, (tx, rows, problems) => {
    let created = 0;
    let updated = 0;
    const seen = new Map<string, number>();
    for (const { row, data } of rows) {
      const first = seen.get(data.creditCode);
      if (first !== undefined) {
        problems.push({ row, column: "统一社会信用代码", message: `与第 ${first} 行统一社会信用代码相同` });
        continue;
      }
      seen.set(data.creditCode, row);
      const existing = tx.select().from(organisations).where(eq(organisations.creditCode, data.creditCode)).get();
      if (existing && sameValues(existing, data)) continue;
      const saved = saveOrganisationIn(tx, data, by, existing?.id);
      if (!saved.ok) problems.push({ row, column: organisationColumnOf[saved.problem.field] ?? null, message: saved.problem.message });
      else if (existing) updated++;
      else created++;
    }
    return `导入完成：共 ${rows.length} 行，新增机构 ${created} 个，更新 ${updated} 个`;
  });
}

/** The registry of one institution: each worker with their certificates and latest monthly record. */
export function workersOf(db: DbOrTx, organisationId: number) {
  const rows = db
    .select({ worker: workers, name: people.name, idNumber: people.idNumber })
    .from(workers)
    .innerJoin(people, eq(people.id, workers.personId))
    .where(eq(workers.organisationId, organisationId))
    .orderBy(asc(workers.leftOn), asc(people.name))
    .all();
  const personIds = rows.map((r) => r.worker.personId);
  const held = personIds.length > 0 ? db.select().from(certificates).where(inArray(certificates.personId, personIds)).all() : [];
  const latest = db
    .select()
    .from(workerMonths)
    .where(sql`${workerMonths.workerId} IN (SELECT ${workers.id} FROM ${workers} WHERE ${workers.organisationId} = ${organisationId}) AND ${workerMonths.month} = (SELECT max(m.month) FROM ${workerMonths} m WHERE m.worker_id = ${workerMonths.workerId})`)
    .all();
  return rows.map((r) => ({
    ...r,
    certificates: held.filter((c) => c.personId === r.worker.personId),
    latestMonth: latest.find((m) => m.workerId === r.worker.id) ?? null,
  }));
}

/** External certificates awaiting confirmation whose holders work at an institution in the scope. */
export function unverifiedExternalCertificates(db: DbOrTx, scope: Scope) {
  return db
    .selectDistinct({ certificate: certificates, organisationName: organisations.name })
    .from(certificates)
    .innerJoin(workers, eq(workers.personId, certificates.personId))
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .where(and(eq(certificates.source, "external"), isNull(certificates.verifiedAt), isNull(certificates.revokedAt), organisationScopeCondition(scope)))
    .orderBy(asc(organisations.name), asc(certificates.holderName))
    .all();
}

/** An officer confirms external certificates (all awaiting in scope, or the ids given); each is logged. */
export function verifyExternalCertificates(db: Db, scope: Scope, ids: number[] | "all", by: Actor, now = new Date()): number {
  return db.transaction((tx) => {
    const awaiting = unverifiedExternalCertificates(tx, scope).filter(({ certificate }) => ids === "all" || ids.includes(certificate.id));
    const unique = [...new Map(awaiting.map((a) => [a.certificate.id, a.certificate])).values()];
    for (const c of unique) {
      tx.update(certificates).set({ verifiedAt: now, verifiedBy: by.userId ?? null }).where(eq(certificates.id, c.id)).run();
      writeAudit(tx, { ...by, event: "workforce.external_certificate_verified", target: { table: "certificates", id: c.id }, details: { number: c.number, holder: c.holderName, level: c.level } }, now);
    }
    return unique.length;
  });
}

/** The latest month with records at an institution, for the pages' defaults. */
export function latestRecordedMonth(db: DbOrTx, organisationIds: number[]): string | null {
  if (organisationIds.length === 0) return null;
  const row = db
    .select({ month: workerMonths.month })
    .from(workerMonths)
    .innerJoin(workers, eq(workers.id, workerMonths.workerId))
    .where(inArray(workers.organisationId, organisationIds))
    .orderBy(desc(workerMonths.month))
    .limit(1)
    .get();
  return row?.month ?? null;
}
