import { firstRow } from "../../db/query.ts";
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { dialect, rawRows, rawWrite } from "../../db/dialect.ts";
import { sqliteConnectionOf, type Db, type DbOrTx } from "../../db/client.ts";
import { certificates, organisations, people, workerMonths, workers } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import type { Scope } from "../auth/permissions.ts";
import { IDENTITY_MISMATCH, identityMismatches, logIdentityMismatches, peopleByIdNumber } from "../imports/identity.server.ts";
import { ImportRejected, inChunks, runImport, type ImportOutcome } from "../imports/pipeline.server.ts";
import type { ImportProblem } from "../imports/table.server.ts";
import type { UploadedFile } from "../imports/upload-limit.ts";
import type { OrganisationInput } from "../organisations/organisation-schema.ts";
import { organisationProblemsIn, saveOrganisationIn } from "../organisations/organisations.server.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { organisationColumnOf, organisationHeaders, organisationRowSchema } from "./organisation-import.ts";
import { monthlyConflicts, monthlyHeaders, monthlyRowSchema, rosterConflicts, rosterHeaders, rosterRowSchema, type MonthlyRow, type RosterCertificate, type RosterRow } from "./worker-import.ts";

export type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;
export type { ImportOutcome };

/** Whether a record already holds the values; undefined ones (a column the file lacks) are not compared. */
const sameValues = (row: Record<string, unknown>, values: Record<string, unknown>) => Object.entries(values).every(([k, v]) => v === undefined || row[k] === v);

// Only the columns the roster compares: a 100,000-row re-import reads this many records while it checks.
const certificateColumns = { id: certificates.id, number: certificates.number, personId: certificates.personId, idNumber: certificates.idNumber, occupation: certificates.occupation, level: certificates.level, issuedOn: certificates.issuedOn, issuerName: certificates.issuerName, source: certificates.source, verifiedAt: certificates.verifiedAt };
type Certificate = { [K in keyof typeof certificateColumns]: (typeof certificates.$inferSelect)[K] };
const workerColumns = { id: workers.id, personId: workers.personId, occupation: workers.occupation, post: workers.post, hiredOn: workers.hiredOn, contractEndsOn: workers.contractEndsOn, leftOn: workers.leftOn, schooling: workers.schooling, bankAccount: workers.bankAccount };
type CertificateDecision = { create: true } | { update: Pick<Certificate, "id"> & Record<string, unknown> } | "unchanged" | { problem: string };

/**
 * What to do with a roster certificate: a number already issued here is linked (it must be the same holder and
 * level), an external one already recorded is updated while unverified, a new one is recorded as external and
 * unverified until an officer confirms it.
 */
function decideCertificate(existing: Certificate | undefined, personId: number | undefined, row: RosterRow): CertificateDecision {
  const c = row.certificate!;
  if (!existing) return { create: true };
  if (existing.personId !== personId || existing.idNumber !== row.idNumber) return { problem: "该证书编号已登记在他人名下" };
  const values = { occupation: row.occupation, level: c.level, issuedOn: c.issuedOn, issuerName: c.issuerName };
  if (existing.source === "issued") return existing.occupation === row.occupation && existing.level === c.level ? "unchanged" : { problem: "与本系统发放的该证书的职业或等级不一致" };
  if (sameValues(existing, values)) return "unchanged";
  if (existing.verifiedAt !== null) return { problem: "该证书已经民政部门核验，文件中的信息与核验记录不一致" };
  return { update: { id: existing.id, ...values } };
}

type WorkerValues = Pick<RosterRow, "occupation" | "post" | "hiredOn" | "contractEndsOn" | "leftOn" | "schooling" | "bankAccount">;
type RosterPlan = {
  /** People new to the registry; `apply` gives them ids (the roster writer: above every id in use, or the identity's). */
  newPeople: number;
  workerUpdates: Array<{ id: number; row: RosterRow }>;
  certificateUpdates: Array<Pick<Certificate, "id"> & Record<string, unknown>>;
  counts: { workersCreated: number; workersUpdated: number; certificatesCreated: number; certificatesUpdated: number };
  rows: number;
  /** What the roster writer writes: each person once, ranked by ID number, and the certificates to create. */
  staged: {
    people: Array<{ rank: number; personId: number | undefined; newOrdinal: number; createWorker: boolean; data: RosterRow }>;
    certificates: Array<{ rank: number; certificate: RosterCertificate }>;
  };
};

/** A staged person's id: for a new one, its ordinal among the new ones (1, 2, …) counted from the first free id. */
const stagedPersonId = (p = "") => `CASE WHEN ${p}is_new THEN ${p}person_id - 1 + @firstId ELSE ${p}person_id END`;

/**
 * How a checked roster is written: one writer per engine behind the same three steps. `stage` runs once the file is
 * accepted, before the transaction; `write` inside it (the people, their workers and the new certificates, and the
 * workers to update); `release` once the import is over, whatever its outcome.
 */
type RosterWriter = {
  stage(plan: RosterPlan): Promise<void>;
  /** Throws ImportRejected when someone registered meanwhile under a new person's ID number with another name. */
  write(tx: DbOrTx, plan: RosterPlan): Promise<void>;
  release(): Promise<void>;
};

function rosterWriter(db: Db, organisationId: number): Promise<RosterWriter> | RosterWriter {
  return dialect.engine === "postgres" ? postgresRosterWriter(organisationId) : sqliteRosterWriter(db, organisationId);
}

/** A worker's columns an UPDATE sets: an optional column the file lacks (undefined) keeps the record's value. */
const given = (value: string | null | undefined) => [value === undefined ? 0 : 1, value ?? null] as const;

/**
 * SQLite: the roster's creations are staged in TEMP tables before the write lock is taken: the temp database takes no
 * lock on the main one, so exams and other writers carry on. `write` then inserts them with three INSERT … SELECT
 * statements, each person in ID-number order (`rank`), so the indexes grow at one end instead of splitting pages
 * everywhere, and each new person's id is fixed before the insert, so workers and certificates need no lookup.
 */
async function sqliteRosterWriter(db: Db, organisationId: number): Promise<RosterWriter> {
  // SQLite's TEMP tables and prepared statements on its one connection.
  const client = sqliteConnectionOf(db);
  if (!client) throw new Error("importRoster: no SQLite connection");
  // Raw writes outside `apply` hold the connection as a transaction does: run while another request's transaction is
  // open, they would become part of it (and be undone by its rollback).
  const holdingConnection = (work: () => void) => db.transaction(async () => work(), { behavior: "deferred" });
  await holdingConnection(() => client.exec(`CREATE TEMP TABLE IF NOT EXISTS roster_people (rank INTEGER PRIMARY KEY, person_id INTEGER, is_new INTEGER NOT NULL,
      name TEXT, id_number TEXT, gender TEXT, birth_date TEXT, create_worker INTEGER NOT NULL, occupation TEXT, post TEXT,
      hired_on TEXT, contract_ends_on TEXT, left_on TEXT, schooling TEXT, bank_account TEXT);
    CREATE TEMP TABLE IF NOT EXISTS roster_certificates (seq INTEGER PRIMARY KEY, number TEXT, rank INTEGER NOT NULL, level INTEGER, issuer_name TEXT, issued_on TEXT);`));
  // The staged rows are written once and read once: a 1 MB cache for them rather than better-sqlite3's 16 MB default
  // (13 MB less peak RSS for 100,000 rows; the temp file stays in the OS's page cache).
  client.pragma("temp.cache_size = -1024");
  const stagePerson = client.prepare("INSERT INTO temp.roster_people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const stageCertificate = client.prepare("INSERT INTO temp.roster_certificates (number, rank, level, issuer_name, issued_on) VALUES (?, ?, ?, ?, ?)");
  const updateWorker = client.prepare(`UPDATE workers SET occupation = ?, post = ?, hired_on = ?, contract_ends_on = ?,
    left_on = CASE WHEN ? THEN ? ELSE left_on END, schooling = CASE WHEN ? THEN ? ELSE schooling END, bank_account = CASE WHEN ? THEN ? ELSE bank_account END
    WHERE id = ?`);
  // AUTOINCREMENT never reuses an id: the new ones start above both the largest id and the largest ever handed out.
  // Read once inside the lock and added as the rows are inserted, rather than written into every staged row first.
  const firstFreeId = client.prepare<[], { id: number }>(`SELECT 1 + max(coalesce((SELECT max(id) FROM main.people), 0),
    coalesce((SELECT seq FROM main.sqlite_sequence WHERE name = 'people'), 0)) AS id`);
  const insertPeople = client.prepare<[{ firstId: number }]>(`INSERT INTO people (id, name, id_number, gender, birth_date)
    SELECT ${stagedPersonId()}, name, id_number, gender, birth_date FROM temp.roster_people WHERE is_new ORDER BY rank ON CONFLICT (id_number) DO NOTHING`);
  // Someone registered meanwhile: the same name is that person, another name is refused as the check would have.
  const takenMeanwhile = client.prepare<[], { n: number }>("SELECT count(*) AS n FROM temp.roster_people s JOIN main.people p ON p.id_number = s.id_number WHERE s.is_new AND p.name <> s.name");
  const linkMeanwhile = client.prepare("UPDATE temp.roster_people SET person_id = (SELECT id FROM main.people p WHERE p.id_number = roster_people.id_number), is_new = 0 WHERE is_new");
  const insertWorkers = client.prepare<[{ firstId: number }]>(`INSERT INTO workers (organisation_id, person_id, occupation, post, hired_on, contract_ends_on, left_on, schooling, bank_account)
    SELECT ${organisationId}, ${stagedPersonId()}, occupation, post, hired_on, contract_ends_on, left_on, schooling, bank_account FROM temp.roster_people
    WHERE create_worker ORDER BY rank ON CONFLICT (organisation_id, person_id) DO NOTHING`);
  const insertCertificates = client.prepare<[{ firstId: number }]>(`INSERT INTO certificates (kind, number, person_id, holder_name, id_number, occupation, level, issuer_name, issued_on, source)
    SELECT 'skill_level', c.number, ${stagedPersonId("p.")}, p.name, p.id_number, p.occupation, c.level, c.issuer_name, c.issued_on, 'external'
    FROM temp.roster_certificates c JOIN temp.roster_people p ON p.rank = c.rank ORDER BY c.seq`);
  return {
    /** Staging writes only the temp database: no lock on the main one. A new person is staged with its ordinal among the new ones in place of an id. */
    async stage(plan) {
      await holdingConnection(() => {
        for (const { rank, personId, newOrdinal, createWorker, data: r } of plan.staged.people) {
          stagePerson.run(rank, personId ?? newOrdinal, personId === undefined ? 1 : 0, r.name, r.idNumber, r.gender, r.birthDate, createWorker ? 1 : 0, r.occupation, r.post, r.hiredOn, r.contractEndsOn, r.leftOn ?? null, r.schooling ?? null, r.bankAccount ?? null);
        }
        for (const { rank, certificate: c } of plan.staged.certificates) stageCertificate.run(c.number, rank, c.level, c.issuerName, c.issuedOn);
      });
      // The rows live in the temp tables now.
      plan.staged = { people: [], certificates: [] };
    },
    // The prepared statements run on the connection the transaction holds (the one connection).
    async write(_tx, plan) {
      const firstId = firstFreeId.get()!.id;
      const inserted = insertPeople.run({ firstId }).changes;
      if (inserted < plan.newPeople) {
        const taken = takenMeanwhile.get()!.n;
        if (taken > 0) throw new ImportRejected(Array.from({ length: taken }, () => ({ row: null, column: "姓名", message: IDENTITY_MISMATCH })));
        linkMeanwhile.run();
      }
      insertWorkers.run({ firstId });
      for (const { id, row: r } of plan.workerUpdates) updateWorker.run(r.occupation, r.post, r.hiredOn, r.contractEndsOn, ...given(r.leftOn), ...given(r.schooling), ...given(r.bankAccount), id);
      insertCertificates.run({ firstId });
    },
    release: () => holdingConnection(() => client.exec("DELETE FROM temp.roster_people; DELETE FROM temp.roster_certificates")),
  };
}

/** Rows per JSON parameter when the PostgreSQL writer sends the staged rows (a few MB each). */
const PG_CHUNK = 5_000;

/** The JSON rows of `items`, `PG_CHUNK` at a time. */
function* jsonChunks<T>(items: T[], row: (item: T) => Record<string, unknown>): Generator<string> {
  for (let i = 0; i < items.length; i += PG_CHUNK) yield JSON.stringify(items.slice(i, i + PG_CHUNK).map(row));
}

/**
 * PostgreSQL: nothing to stage before the transaction (there is no database-wide write lock to stay out of). Inside
 * it, the people go into a temp table dropped at COMMIT, on the transaction's own connection, sent as JSON parameters
 * a few thousand rows at a time; then the same INSERT … SELECT statements as on SQLite, in ID-number order. New people
 * get their ids from the identity column (its sequence advances as it should), and the staged rows learn them by ID
 * number (unique) before the workers and certificates refer to them.
 */
function postgresRosterWriter(organisationId: number): RosterWriter {
  return {
    async stage() {},
    async write(tx, plan) {
      const run = (query: SQL) => rawWrite(tx, query);
      await run(sql`CREATE TEMP TABLE roster_people (rank integer PRIMARY KEY, person_id integer, is_new boolean NOT NULL,
        name text NOT NULL, id_number text NOT NULL, gender text, birth_date text, create_worker boolean NOT NULL, occupation text, post text,
        hired_on text, contract_ends_on text, left_on text, schooling text, bank_account text) ON COMMIT DROP`);
      for (const rows of jsonChunks(plan.staged.people, ({ rank, personId, createWorker, data: r }) => ({
        rank, person_id: personId ?? null, is_new: personId === undefined, name: r.name, id_number: r.idNumber, gender: r.gender, birth_date: r.birthDate,
        create_worker: createWorker, occupation: r.occupation, post: r.post, hired_on: r.hiredOn, contract_ends_on: r.contractEndsOn,
        left_on: r.leftOn ?? null, schooling: r.schooling ?? null, bank_account: r.bankAccount ?? null,
      }))) {
        await run(sql`INSERT INTO roster_people SELECT * FROM jsonb_to_recordset(${rows}::jsonb) AS r(rank integer, person_id integer, is_new boolean,
          name text, id_number text, gender text, birth_date text, create_worker boolean, occupation text, post text,
          hired_on text, contract_ends_on text, left_on text, schooling text, bank_account text)`);
      }
      // A temp table has no statistics until analysed; the joins below are planned on them.
      await run(sql`ANALYZE roster_people`);
      const inserted = await run(sql`INSERT INTO people (name, id_number, gender, birth_date)
        SELECT name, id_number, gender, birth_date FROM roster_people WHERE is_new ORDER BY rank ON CONFLICT (id_number) DO NOTHING`);
      if (inserted < plan.newPeople) {
        // Someone registered meanwhile: the same name is that person, another name is refused as the check would have.
        const taken = (await rawRows<{ n: number }>(tx, sql`SELECT count(*) AS n FROM roster_people s JOIN people p ON p.id_number = s.id_number WHERE s.is_new AND p.name <> s.name`))[0]!.n;
        if (taken > 0) throw new ImportRejected(Array.from({ length: taken }, () => ({ row: null, column: "姓名", message: IDENTITY_MISMATCH })));
      }
      await run(sql`UPDATE roster_people s SET person_id = p.id, is_new = false FROM people p WHERE s.is_new AND p.id_number = s.id_number`);
      await run(sql`INSERT INTO workers (organisation_id, person_id, occupation, post, hired_on, contract_ends_on, left_on, schooling, bank_account)
        SELECT ${organisationId}, person_id, occupation, post, hired_on, contract_ends_on, left_on, schooling, bank_account FROM roster_people
        WHERE create_worker ORDER BY rank ON CONFLICT (organisation_id, person_id) DO NOTHING`);
      for (const rows of jsonChunks(plan.workerUpdates, ({ id, row: r }) => {
        const [leftOnGiven, leftOn] = given(r.leftOn);
        const [schoolingGiven, schooling] = given(r.schooling);
        const [bankAccountGiven, bankAccount] = given(r.bankAccount);
        return { id, occupation: r.occupation, post: r.post, hired_on: r.hiredOn, contract_ends_on: r.contractEndsOn, left_on_given: leftOnGiven === 1, left_on: leftOn, schooling_given: schoolingGiven === 1, schooling, bank_account_given: bankAccountGiven === 1, bank_account: bankAccount };
      })) {
        await run(sql`UPDATE workers w SET occupation = u.occupation, post = u.post, hired_on = u.hired_on, contract_ends_on = u.contract_ends_on,
          left_on = CASE WHEN u.left_on_given THEN u.left_on ELSE w.left_on END, schooling = CASE WHEN u.schooling_given THEN u.schooling ELSE w.schooling END,
          bank_account = CASE WHEN u.bank_account_given THEN u.bank_account ELSE w.bank_account END
          FROM jsonb_to_recordset(${rows}::jsonb) AS u(id integer, occupation text, post text, hired_on text, contract_ends_on text, left_on_given boolean, left_on text,
            schooling_given boolean, schooling text, bank_account_given boolean, bank_account text)
          WHERE w.id = u.id`);
      }
      let seq = 0;
      for (const rows of jsonChunks(plan.staged.certificates, ({ rank, certificate: c }) => ({ seq: ++seq, rank, number: c.number, level: c.level, issuer_name: c.issuerName, issued_on: c.issuedOn }))) {
        await run(sql`INSERT INTO certificates (kind, number, person_id, holder_name, id_number, occupation, level, issuer_name, issued_on, source)
          SELECT 'skill_level', c.number, p.person_id, p.name, p.id_number, p.occupation, c.level, c.issuer_name, c.issued_on, 'external'
          FROM jsonb_to_recordset(${rows}::jsonb) AS c(seq integer, rank integer, number text, level integer, issuer_name text, issued_on text)
          JOIN roster_people p ON p.rank = c.rank ORDER BY c.seq`);
      }
    },
    async release() {},
  };
}

export async function importRoster(db: Db, organisationId: number, file: UploadedFile, by: Actor, today: string): Promise<ImportOutcome> {
  const writer = await rosterWriter(db, organisationId);
  return await runImport<RosterRow, RosterPlan>(db, file, {
    headers: rosterHeaders,
    schema: rosterRowSchema(today),
    conflicts: rosterConflicts,
    async check(db, rows) {
      const known = await peopleByIdNumber(db, rows.map((r) => r.data.idNumber));
      const problems = identityMismatches(known, rows.map(({ row, data }) => ({ row, name: data.name, idNumber: data.idNumber })));
      const staff = new Map((await db.select(workerColumns).from(workers).where(eq(workers.organisationId, organisationId))).map((w) => [w.personId, w]));
      const numbers = [...new Set(rows.flatMap((r) => (r.data.certificate ? [r.data.certificate.number] : [])))];
      const held = new Map((await inChunks(numbers, async (chunk) => await db.select(certificateColumns).from(certificates).where(inArray(certificates.number, chunk)))).map((c) => [c.number, c]));
      const plan: RosterPlan = { newPeople: 0, workerUpdates: [], certificateUpdates: [], counts: { workersCreated: 0, workersUpdated: 0, certificatesCreated: 0, certificatesUpdated: 0 }, rows: rows.length, staged: { people: [], certificates: [] } };
      // Each person once, ranked by ID number; the certificates to create, by the rank of their holder.
      const people = new Map<string, { data: RosterRow; createWorker: boolean }>();
      const certificateCreates: RosterRow[] = [];
      const planned = new Set<string>();
      for (const { row, data } of rows) {
        const person = known.get(data.idNumber);
        if (person && person.name !== data.name) continue;
        if (!people.has(data.idNumber)) {
          const values: WorkerValues = { occupation: data.occupation, post: data.post, hiredOn: data.hiredOn, contractEndsOn: data.contractEndsOn, leftOn: data.leftOn, schooling: data.schooling, bankAccount: data.bankAccount };
          const existing = person ? staff.get(person.id) : undefined;
          people.set(data.idNumber, { data, createWorker: !existing });
          if (!person) plan.newPeople++;
          if (!existing) plan.counts.workersCreated++;
          else if (!sameValues(existing, values)) {
            plan.workerUpdates.push({ id: existing.id, row: data });
            plan.counts.workersUpdated++;
          }
        }
        if (!data.certificate || planned.has(data.certificate.number)) continue;
        planned.add(data.certificate.number);
        const decision = decideCertificate(held.get(data.certificate.number), person?.id, data);
        if (decision === "unchanged") continue;
        if ("problem" in decision) problems.push({ row, column: "证书编号", message: decision.problem });
        else if ("create" in decision) {
          certificateCreates.push(data);
          plan.counts.certificatesCreated++;
        } else {
          plan.certificateUpdates.push(decision.update);
          plan.counts.certificatesUpdated++;
        }
      }
      // Only people with something to create are staged: a re-import of an unchanged file stages nothing.
      const certificateHolders = new Set(certificateCreates.map((r) => r.idNumber));
      const ranked = [...people.keys()].filter((idNumber) => !known.has(idNumber) || people.get(idNumber)!.createWorker || certificateHolders.has(idNumber)).sort();
      const rank = new Map(ranked.map((idNumber, i) => [idNumber, i + 1]));
      let newOrdinal = 0;
      plan.staged.people = ranked.map((idNumber) => {
        const personId = known.get(idNumber)?.id;
        if (personId === undefined) newOrdinal++;
        return { rank: rank.get(idNumber)!, personId, newOrdinal, ...people.get(idNumber)! };
      });
      plan.staged.certificates = certificateCreates.map((r) => ({ rank: rank.get(r.idNumber)!, certificate: r.certificate! }));
      return { problems, plan };
    },
    stage: (plan) => writer.stage(plan),
    refused: async (problems) => logIdentityMismatches(db, "workforce.identity_mismatch", by, { table: "organisations", id: organisationId }, file.name, problems),
    async apply(tx, plan) {
      await writer.write(tx, plan);
      for (const { id, ...values } of plan.certificateUpdates) await tx.update(certificates).set(values).where(eq(certificates.id, id));
      const { counts } = plan;
      if (Object.values(counts).some((n) => n > 0)) await writeAudit(tx, { ...by, event: "workforce.roster_imported", target: { table: "organisations", id: organisationId }, details: { file: file.name, rows: plan.rows, ...counts } });
      return `导入完成：共 ${plan.rows} 行；新增人员 ${counts.workersCreated} 名，更新 ${counts.workersUpdated} 名；新登记外部证书 ${counts.certificatesCreated} 张，更新 ${counts.certificatesUpdated} 张（待民政部门核验）`;
    },
    release: () => writer.release(),
  });
}

type MonthlyPlan = { writes: Array<MonthlyRow & { workerId: number }>; rows: number };

export function importMonthly(db: Db, organisationId: number, file: UploadedFile, by: Actor, today: string): Promise<ImportOutcome> {
  return runImport<MonthlyRow, MonthlyPlan>(db, file, {
    headers: monthlyHeaders,
    schema: monthlyRowSchema(today),
    conflicts: monthlyConflicts,
    async check(db, rows) {
      const staff = new Map(
        (await db
          .select({ id: workers.id, idNumber: people.idNumber })
          .from(workers)
          .innerJoin(people, eq(people.id, workers.personId))
          .where(eq(workers.organisationId, organisationId)))
          .map((w) => [w.idNumber, w.id]),
      );
      const months = [...new Set(rows.map((r) => r.data.month))];
      const recorded = new Map(
        (await db
          .select()
          .from(workerMonths)
          .where(and(sql`${workerMonths.workerId} IN (SELECT ${workers.id} FROM ${workers} WHERE ${workers.organisationId} = ${organisationId})`, inArray(workerMonths.month, months))))
          .map((m) => [`${m.workerId}|${m.month}`, m]),
      );
      const problems: ImportProblem[] = [];
      const writes: MonthlyPlan["writes"] = [];
      for (const { row, data } of rows) {
        const workerId = staff.get(data.idNumber);
        if (workerId === undefined) {
          problems.push({ row, column: "身份证号", message: "本机构从业人员名册中没有该身份证号，请先导入名册" });
          continue;
        }
        const existing = recorded.get(`${workerId}|${data.month}`);
        const { idNumber: _, month: __, ...values } = data;
        if (existing && sameValues(existing, values)) continue;
        recorded.set(`${workerId}|${data.month}`, { workerId, ...data, wageFen: data.wageFen === undefined ? (existing?.wageFen ?? null) : data.wageFen });
        writes.push({ workerId, ...data });
      }
      return { problems, plan: { writes, rows: rows.length } };
    },
    async apply(tx, { writes, rows }) {
      for (const { workerId, month, idNumber: _, ...values } of writes) {
        await tx.insert(workerMonths).values({ workerId, month, ...values }).onConflictDoUpdate({ target: [workerMonths.workerId, workerMonths.month], set: values });
      }
      if (writes.length > 0) await writeAudit(tx, { ...by, event: "workforce.monthly_imported", target: { table: "organisations", id: organisationId }, details: { file: file.name, rows, changed: writes.length } });
      return `导入完成：共 ${rows} 行，新增或更新 ${writes.length} 条月度记录`;
    },
  });
}

/** `orgs:import`: creates organisations or updates them by credit code, through the admin form's checks. */
export function importOrganisations(db: Db, file: UploadedFile, by: Actor): Promise<ImportOutcome> {
  type Row = { row: number; data: OrganisationInput; existingId: number | undefined };
  return runImport<OrganisationInput, { changed: Row[]; rows: number }>(db, file, {
    headers: organisationHeaders,
    schema: organisationRowSchema,
    conflicts(rows) {
      const seen = new Map<string, number>();
      const problems: ImportProblem[] = [];
      for (const { row, data } of rows) {
        const first = seen.get(data.creditCode);
        if (first !== undefined) problems.push({ row, column: "统一社会信用代码", message: `与第 ${first} 行统一社会信用代码相同` });
        else seen.set(data.creditCode, row);
      }
      return problems;
    },
    async check(db, rows) {
      const existing = new Map((await inChunks(rows.map((r) => r.data.creditCode), async (chunk) => await db.select().from(organisations).where(inArray(organisations.creditCode, chunk)))).map((o) => [o.creditCode, o]));
      const changed = rows.flatMap(({ row, data }) => {
        const found = existing.get(data.creditCode);
        return found && sameValues(found, data) ? [] : [{ row, data, existingId: found?.id }];
      });
      // The admin form's database checks, read-only here so they are reported with the rows' own problems.
      const problems: ImportProblem[] = [];
      for (const { row, data, existingId } of changed) {
        problems.push(...(await organisationProblemsIn(db, data, existingId)).map((p) => ({ row, column: organisationColumnOf[p.field] ?? null, message: p.message })));
      }
      return { problems, plan: { changed, rows: rows.length } };
    },
    async apply(tx, { changed, rows }) {
      // The admin form's own save, which checks the region, the type's fields and the codes against the database.
      const problems: ImportProblem[] = [];
      for (const { row, data, existingId } of changed) {
        const saved = await saveOrganisationIn(tx, data, by, existingId);
        if (!saved.ok) problems.push(...saved.problems.map((p) => ({ row, column: organisationColumnOf[p.field] ?? null, message: p.message })));
      }
      if (problems.length > 0) throw new ImportRejected(problems);
      const created = changed.filter((c) => c.existingId === undefined).length;
      return `导入完成：共 ${rows} 行，新增机构 ${created} 个，更新 ${changed.length - created} 个`;
    },
  });
}

/** External certificates awaiting confirmation whose holders work at an institution in the scope. */
export async function unverifiedExternalCertificates(db: DbOrTx, scope: Scope) {
  return await db
    .selectDistinct({ certificate: certificates, organisationName: organisations.name })
    .from(certificates)
    .innerJoin(workers, eq(workers.personId, certificates.personId))
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .where(and(eq(certificates.source, "external"), isNull(certificates.verifiedAt), isNull(certificates.revokedAt), scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode })))
    .orderBy(asc(organisations.name), asc(certificates.holderName));
}

/** An officer confirms external certificates (all awaiting in scope, or the ids given); each is logged. */
export async function verifyExternalCertificates(db: Db, scope: Scope, ids: number[] | "all", by: Actor, now = new Date()): Promise<number> {
  return await db.transaction(async (tx) => {
    const awaiting = (await unverifiedExternalCertificates(tx, scope)).filter(({ certificate }) => ids === "all" || ids.includes(certificate.id));
    const unique = [...new Map(awaiting.map((a) => [a.certificate.id, a.certificate])).values()];
    for (const c of unique) {
      await tx.update(certificates).set({ verifiedAt: now, verifiedBy: by.userId ?? null }).where(eq(certificates.id, c.id));
      await writeAudit(tx, { ...by, event: "workforce.external_certificate_verified", target: { table: "certificates", id: c.id }, details: { number: c.number, holder: c.holderName, level: c.level } }, now);
    }
    return unique.length;
  });
}

/** The latest month with records at an institution, for the pages' defaults. */
export async function latestRecordedMonth(db: DbOrTx, organisationIds: number[]): Promise<string | null> {
  if (organisationIds.length === 0) return null;
  const row = await firstRow(db
    .select({ month: workerMonths.month })
    .from(workerMonths)
    .innerJoin(workers, eq(workers.id, workerMonths.workerId))
    .where(inArray(workers.organisationId, organisationIds))
    .orderBy(desc(workerMonths.month))
    .limit(1));
  return row?.month ?? null;
}
