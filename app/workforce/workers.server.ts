import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, eq, inArray, isNotNull, isNull, like, or, sql, type SQL } from "drizzle-orm";
import { countRows, likeAnyCase } from "../../db/dialect.ts";
import type { Db, DbOrTx } from "../../db/client.ts";
import { allowanceAdjustments, allowanceExclusions, allowanceLines, certificates, people, workerMonths, workers } from "../../db/schema.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { fieldChanges } from "../audit/changes.ts";
import { IDENTITY_MISMATCH, identityMismatches, logIdentityMismatches, peopleByIdNumber } from "../imports/identity.server.ts";
import type { Occupation } from "../occupations/occupations.ts";
import { bornBy, JOB_SEEKER_AGE, newEntrantSince, type TrainingTag } from "./tags.ts";
import type { Actor } from "./workforce.server.ts";
import type { MonthlyRow, RosterRow } from "./worker-import.ts";

/** One worker at a time: the roster page's search, the add-one form, edits, leaving and deleting a record entered by mistake. */

type WorkerRow = typeof workers.$inferSelect;
type Refused = { ok: false; errors: Record<string, string> };
export type WorkerFilter = { q?: string; status?: "employed" | "left" | "all"; occupation?: Occupation; tag?: TrainingTag; today: string };

/** The tags.ts rules as SQL over workers joined to people, on the date. */
export function trainingTagCondition(tag: TrainingTag, date: string): SQL {
  if (tag === "new_entrant") {
    const firstHired = sql`(SELECT min(f.hired_on) FROM ${workers} f WHERE f.person_id = ${workers.personId} AND f.occupation = ${workers.occupation})`;
    return sql`${firstHired} BETWEEN ${newEntrantSince(date)} AND ${date}`;
  }
  return and(
    isNotNull(people.jobSeekerOn),
    sql`${people.jobSeekerOn} <= ${date}`,
    or(
      and(eq(people.gender, "female"), sql`${people.birthDate} <= ${bornBy(date, JOB_SEEKER_AGE.female)}`),
      and(eq(people.gender, "male"), sql`${people.birthDate} <= ${bornBy(date, JOB_SEEKER_AGE.male)}`),
    ),
  )!;
}

function filterCondition(organisationId: number, f: WorkerFilter): SQL | undefined {
  const status = f.status ?? "all";
  // Employed on a day: no leaving date, or one still to come (a leaving date is the first day away).
  const employed = or(isNull(workers.leftOn), sql`${workers.leftOn} > ${f.today}`);
  return and(
    eq(workers.organisationId, organisationId),
    status === "employed" ? employed : status === "left" ? and(isNotNull(workers.leftOn), sql`${workers.leftOn} <= ${f.today}`) : undefined,
    f.occupation ? eq(workers.occupation, f.occupation) : undefined,
    f.tag ? trainingTagCondition(f.tag, f.today) : undefined,
    // A name anywhere, or an ID number from its start (an index-friendly prefix).
    f.q ? or(likeAnyCase(people.name, `%${f.q}%`), like(people.idNumber, `${f.q.toUpperCase()}%`)) : undefined,
  );
}

/** A page of an institution's roster with each worker's certificates and latest monthly record, and the match count. */
export async function searchWorkers(db: DbOrTx, organisationId: number, filter: WorkerFilter, range: { limit: number; offset: number }) {
  const where = filterCondition(organisationId, filter);
  const rows = await db
    .select({
      worker: workers,
      name: people.name,
      idNumber: people.idNumber,
      person: { gender: people.gender, birthDate: people.birthDate, jobSeekerOn: people.jobSeekerOn, jobSeekerSource: people.jobSeekerSource },
      firstHiredInOccupation: sql<string>`(SELECT min(f.hired_on) FROM ${workers} f WHERE f.person_id = ${workers.personId} AND f.occupation = ${workers.occupation})`,
    })
    .from(workers)
    .innerJoin(people, eq(people.id, workers.personId))
    .where(where)
    .orderBy(sql`${workers.leftOn} IS NOT NULL`, asc(people.name), asc(workers.id))
    .limit(range.limit)
    .offset(range.offset);
  const total = (await firstRow(db.select({ n: countRows() }).from(workers).innerJoin(people, eq(people.id, workers.personId)).where(where)))!.n;
  const personIds = rows.map((r) => r.worker.personId);
  const workerIds = rows.map((r) => r.worker.id);
  const held = personIds.length > 0 ? await db.select().from(certificates).where(inArray(certificates.personId, personIds)) : [];
  const latest =
    workerIds.length > 0
      ? await db
          .select()
          .from(workerMonths)
          .where(and(inArray(workerMonths.workerId, workerIds), sql`${workerMonths.month} = (SELECT max(m.month) FROM ${workerMonths} m WHERE m.worker_id = ${workerMonths.workerId})`))
      : [];
  return {
    total,
    rows: rows.map((r) => ({ ...r, certificates: held.filter((c) => c.personId === r.worker.personId), latestMonth: latest.find((m) => m.workerId === r.worker.id) ?? null })),
  };
}

export async function workerInOrganisation(db: DbOrTx, organisationId: number, workerId: number) {
  return await firstRow(db
    .select({ worker: workers, name: people.name, idNumber: people.idNumber, jobSeekerOn: people.jobSeekerOn, jobSeekerSource: people.jobSeekerSource })
    .from(workers)
    .innerJoin(people, eq(people.id, workers.personId))
    .where(and(eq(workers.id, workerId), eq(workers.organisationId, organisationId))));
}

/** 求职登记 as the form gives it: when and on what record the person registered as a job seeker, or not registered. */
export type JobSeeker = { on: string; source: string } | null;

/** Records (or clears) a person's job-seeker registration, logged with what it was; 0 when nothing changed. */
async function recordJobSeeker(tx: DbOrTx, personId: number, jobSeeker: JobSeeker, by: Actor): Promise<number> {
  const before = (await firstRow(tx.select({ jobSeekerOn: people.jobSeekerOn, jobSeekerSource: people.jobSeekerSource }).from(people).where(eq(people.id, personId))))!;
  const after = { jobSeekerOn: jobSeeker?.on ?? null, jobSeekerSource: jobSeeker?.source ?? null };
  if (before.jobSeekerOn === after.jobSeekerOn && before.jobSeekerSource === after.jobSeekerSource) return 0;
  await tx.update(people).set(after).where(eq(people.id, personId));
  await writeAudit(tx, { ...by, event: "workforce.job_seeker_recorded", target: { table: "people", id: personId }, details: { before, after } });
  return 1;
}

/** Monthly records and allowance rows that name the worker: while there are none, a mistaken entry may be deleted. */
export async function workerReferences(db: DbOrTx, workerId: number): Promise<number> {
  const count = async (table: typeof workerMonths | typeof allowanceLines | typeof allowanceExclusions | typeof allowanceAdjustments) =>
    (await firstRow(db.select({ n: countRows() }).from(table).where(eq(table.workerId, workerId))))!.n;
  return await count(workerMonths) + await count(allowanceLines) + await count(allowanceExclusions) + await count(allowanceAdjustments);
}

const workerValues = (row: RosterRow) => ({ occupation: row.occupation, post: row.post, hiredOn: row.hiredOn, contractEndsOn: row.contractEndsOn, leftOn: row.leftOn ?? null, schooling: row.schooling ?? null, bankAccount: row.bankAccount ?? null });

/**
 * Adds one worker typed into the form, under the roster import's rules: a new person is registered, a known ID
 * number must carry the name on record (refused without saying whose, and logged), and one person is one worker per institution.
 */
/** `jobSeeker` null leaves a known person's registration as it is: the form's fields were left empty. */
export async function addWorker(db: Db, organisationId: number, row: RosterRow, by: Actor, jobSeeker: JobSeeker = null): Promise<{ ok: true; id: number } | Refused> {
  const mismatches = identityMismatches(await peopleByIdNumber(db, [row.idNumber]), [{ row: 1, name: row.name, idNumber: row.idNumber }]);
  if (mismatches.length > 0) {
    await logIdentityMismatches(db, "workforce.identity_mismatch", by, { table: "organisations", id: organisationId }, "单人录入", mismatches);
    return { ok: false, errors: { idNumber: IDENTITY_MISMATCH } };
  }
  return await db.transaction(async (tx): Promise<{ ok: true; id: number } | Refused> => {
    await tx.insert(people).values({ name: row.name, idNumber: row.idNumber, gender: row.gender, birthDate: row.birthDate }).onConflictDoNothing({ target: people.idNumber });
    const person = (await firstRow(tx.select({ id: people.id, name: people.name }).from(people).where(eq(people.idNumber, row.idNumber))))!;
    // Registered meanwhile under another name.
    if (person.name !== row.name) return { ok: false, errors: { idNumber: IDENTITY_MISMATCH } };
    if (await firstRow(tx.select({ id: workers.id }).from(workers).where(and(eq(workers.organisationId, organisationId), eq(workers.personId, person.id))))) {
      return { ok: false, errors: { idNumber: "该人员已在本机构名册中，请在名册中查找后修改" } };
    }
    const created = await returnedRow(tx.insert(workers).values({ organisationId, personId: person.id, ...workerValues(row) }).returning());
    await writeAudit(tx, { ...by, event: "workforce.worker_added", target: { table: "workers", id: created.id }, details: { organisationId, personId: person.id, ...workerValues(row) } });
    if (jobSeeker) await recordJobSeeker(tx, person.id, jobSeeker, by);
    return { ok: true, id: created.id };
  });
}

/** Edits a worker's employment facts field by field (name and ID number belong to the person registry and stay). */
/** `jobSeeker` undefined leaves the person's job-seeker registration alone (leaving does not touch it). */
export async function updateWorker(db: Db, worker: WorkerRow, row: RosterRow, by: Actor, event: "workforce.worker_updated" | "workforce.worker_left" = "workforce.worker_updated", jobSeeker?: JobSeeker): Promise<number> {
  return await db.transaction(async (tx) => {
    const values = workerValues(row);
    const changes = fieldChanges(worker, values);
    const registration = jobSeeker === undefined ? 0 : await recordJobSeeker(tx, worker.personId, jobSeeker, by);
    if (Object.keys(changes).length === 0) return registration;
    await tx.update(workers).set(values).where(eq(workers.id, worker.id));
    await writeAudit(tx, { ...by, event, target: { table: "workers", id: worker.id }, details: { changes } });
    return Object.keys(changes).length + registration;
  });
}

/** Deletes a worker entered by mistake; one with monthly or allowance records can only be recorded as having left. */
export async function deleteWorker(db: Db, worker: WorkerRow, by: Actor): Promise<{ ok: true } | { ok: false; message: string }> {
  return await db.transaction(async (tx): Promise<{ ok: true } | { ok: false; message: string }> => {
    const references = await workerReferences(tx, worker.id);
    if (references > 0) return { ok: false, message: `该人员已有 ${references} 条月度或补贴记录，不能删除；如已离职，请登记离职日期` };
    await tx.delete(workers).where(eq(workers.id, worker.id));
    await writeAudit(tx, { ...by, event: "workforce.worker_deleted", target: { table: "workers", id: worker.id }, details: { organisationId: worker.organisationId, personId: worker.personId } });
    return { ok: true };
  });
}

/** Records one worker's month typed into the form, as an import row would: a later entry for the same month replaces it. */
export async function recordWorkerMonth(db: Db, workerId: number, row: MonthlyRow, by: Actor): Promise<"recorded" | "unchanged"> {
  return await db.transaction(async (tx) => {
    const { idNumber: _, month, ...values } = row;
    const existing = await firstRow(tx.select().from(workerMonths).where(and(eq(workerMonths.workerId, workerId), eq(workerMonths.month, month))));
    const changes = fieldChanges(existing ?? {}, values);
    if (existing && Object.keys(changes).length === 0) return "unchanged";
    await tx.insert(workerMonths).values({ workerId, month, ...values }).onConflictDoUpdate({ target: [workerMonths.workerId, workerMonths.month], set: values });
    await writeAudit(tx, { ...by, event: "workforce.month_recorded", target: { table: "workers", id: workerId }, details: { month, changes } });
    return "recorded";
  });
}

/** A worker's monthly records, newest first, for the form that corrects one. */
export async function workerMonthsOf(db: DbOrTx, workerId: number, limit = 12) {
  return await db.select().from(workerMonths).where(eq(workerMonths.workerId, workerId)).orderBy(sql`${workerMonths.month} DESC`).limit(limit);
}
