import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, desc, eq, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx, Tx } from "../../db/client.ts";
import { lockedForUpdate } from "../../db/dialect.ts";
import {
  applications,
  assessmentPlans,
  assessmentResults,
  assessmentSessions,
  certificateEditions,
  certificates,
  certificateSerials,
  classMembers,
  courseCompletions,
  courses,
  organisations,
  people,
  trainingClasses,
  users,
  workers,
} from "../../db/schema.ts";
import { completionCertificateNumber, completionNumberStem, certificateNumberPrefix, skillCertificateNumber, skillNumberStem } from "../../certificates/number.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import type { Scope } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { provinceCodeOf } from "../regions/region-code.ts";
import { chinaDate } from "../utils/dates.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;

/** Who issues a 培训合格证明 for a trainee who studied on the platform without a base's class. */
const PLATFORM_ISSUER = "carecert 养老托育职业技能培训平台";

/**
 * Takes `count` consecutive serials after a stem and returns the first. The counter row is written in the
 * caller's transaction: a rolled-back issue gives its serials back, and SQLite's single writer makes two
 * processes publishing at once take turns, so serials neither repeat nor skip.
 */
async function allocateSerials(tx: Tx, stem: string, count: number): Promise<number> {
  const { last } = await returnedRow(tx
    .insert(certificateSerials)
    .values({ stem, last: count })
    .onConflictDoUpdate({ target: certificateSerials.stem, set: { last: sql`${certificateSerials.last} + ${count}` } })
    .returning({ last: certificateSerials.last }));
  return last - count + 1;
}

async function insertIssued(tx: Tx, values: typeof certificates.$inferInsert, at: Date, by: Actor, relatedUserId: number) {
  const certificate = await returnedRow(tx.insert(certificates).values(values).returning());
  await tx.insert(certificateEditions).values({ certificateId: certificate.id, edition: 1, reason: "issued", issuedAt: at });
  await writeAudit(tx, { ...by, event: "certificates.issued", target: { table: "certificates", id: certificate.id }, relatedUserId, details: { number: certificate.number, kind: certificate.kind } }, at);
  return certificate;
}

/**
 * 职业技能等级证书 for every candidate of the session whose published result is a pass and who has none yet;
 * called inside the publishing transaction. The pass is read from assessment_results here, never taken
 * from the caller, so no path issues a certificate to someone who did not pass.
 */
export async function issueSessionCertificates(tx: Tx, sessionId: number, at: Date, by: Actor): Promise<number> {
  const session = await firstRow(tx
    .select({ plan: assessmentPlans, base: organisations })
    .from(assessmentSessions)
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .innerJoin(organisations, eq(organisations.id, assessmentSessions.organisationId))
    .where(eq(assessmentSessions.id, sessionId)));
  if (!session) throw new Error(`no assessment session ${sessionId}`);
  const passed = await tx
    .select({ applicationId: applications.id, userId: applications.userId, person: people })
    .from(assessmentResults)
    .innerJoin(applications, eq(applications.id, assessmentResults.applicationId))
    .innerJoin(users, eq(users.id, applications.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .leftJoin(certificates, eq(certificates.applicationId, applications.id))
    .where(and(eq(applications.sessionId, sessionId), eq(assessmentResults.passed, true), isNull(certificates.id)))
    .orderBy(asc(applications.id));
  if (passed.length === 0) return 0;
  const { base, plan } = session;
  const prefix = certificateNumberPrefix({ evaluationKind: base.evaluationKind!, evaluatorCode: base.evaluatorCode!, provinceCode: provinceCodeOf(base.regionCode), siteCode: base.siteCode! });
  const issuedOn = chinaDate(at);
  const stem = skillNumberStem(prefix, issuedOn, plan.level);
  const first = await allocateSerials(tx, stem, passed.length);
  for (const [i, { applicationId, userId, person }] of passed.entries()) {
    await insertIssued(
      tx,
      {
        kind: "skill_level",
        number: skillCertificateNumber(stem, first + i),
        personId: person.id,
        holderName: person.name,
        idNumber: person.idNumber,
        occupation: plan.occupation,
        level: plan.level,
        issuerName: base.name,
        issuerOrganisationId: base.id,
        issuedOn,
        source: "issued",
        applicationId,
        verifiedAt: at,
      },
      at,
      by,
      userId,
    );
  }
  return passed.length;
}

/**
 * The 培训合格证明 of a completed family-caregiver course, inside the transaction that records the completion.
 * Issued by the base whose class roster has the trainee on that course, otherwise by the platform.
 */
export async function issueTrainingCompletion(tx: Tx, completionId: number, at: Date) {
  const row = await firstRow(tx
    .select({ completion: courseCompletions, occupation: courses.occupation, person: people })
    .from(courseCompletions)
    .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
    .innerJoin(people, eq(people.id, courseCompletions.personId))
    .where(eq(courseCompletions.id, completionId)));
  if (!row || row.occupation !== "family_caregiver") return null;
  const base = await firstRow(tx
    .select({ id: organisations.id, name: organisations.name })
    .from(classMembers)
    .innerJoin(trainingClasses, eq(trainingClasses.id, classMembers.classId))
    .innerJoin(organisations, eq(organisations.id, trainingClasses.organisationId))
    .where(and(eq(classMembers.personId, row.person.id), eq(trainingClasses.courseId, row.completion.courseId)))
    .orderBy(desc(classMembers.addedAt)));
  const issuedOn = chinaDate(at);
  const stem = completionNumberStem(issuedOn);
  return insertIssued(
    tx,
    {
      kind: "training_completion",
      number: completionCertificateNumber(stem, await allocateSerials(tx, stem, 1)),
      personId: row.person.id,
      holderName: row.person.name,
      idNumber: row.person.idNumber,
      occupation: "family_caregiver",
      level: null,
      issuerName: base?.name ?? PLATFORM_ISSUER,
      issuerOrganisationId: base?.id ?? null,
      issuedOn,
      source: "issued",
      courseCompletionId: completionId,
      verifiedAt: at,
    },
    at,
    { userId: row.completion.userId },
    row.completion.userId,
  );
}

export type CertificateRow = typeof certificates.$inferSelect;
export type EditionRow = typeof certificateEditions.$inferSelect;

export async function certificateByNumber(db: DbOrTx, number: string): Promise<CertificateRow | null> {
  return await firstRow(db.select().from(certificates).where(eq(certificates.number, number))) ?? null;
}

/** Every edition, newest first: the first is the current one. */
export async function editionsOf(db: DbOrTx, certificateId: number): Promise<EditionRow[]> {
  return await db.select().from(certificateEditions).where(eq(certificateEditions.certificateId, certificateId)).orderBy(desc(certificateEditions.edition));
}

export async function currentEdition(db: DbOrTx, certificateId: number): Promise<EditionRow | null> {
  return (await editionsOf(db, certificateId))[0] ?? null;
}

/** Replaces the current edition with a new one under the same number (补发 or reinstatement). */
async function newEdition(tx: Tx, certificateId: number, reason: "reissued" | "reinstated", note: string, at: Date, by: Actor) {
  const current = await currentEdition(tx, certificateId);
  if (current) await tx.update(certificateEditions).set({ supersededAt: at }).where(eq(certificateEditions.id, current.id));
  return await returnedRow(tx
    .insert(certificateEditions)
    .values({ certificateId, edition: (current?.edition ?? 0) + 1, reason, note, issuedAt: at, issuedBy: by.userId ?? null })
    .returning());
}

/** 补发: a new document under the same number; the previous PDF and credential are superseded. */
export async function reissueCertificate(db: DbOrTx, certificate: CertificateRow, note: string, by: Actor, at = new Date()): Promise<string[]> {
  if (certificate.source !== "issued") return ["外部登记的证书不能在本平台补发"];
  return await db.transaction(async (tx) => {
    // The row as committed, locked (PostgreSQL): a revocation since the page read it refuses the 补发, one after it
    // revokes the new edition too, and a second 补发 waits and supersedes this one's edition.
    const current = await firstRow(lockedForUpdate(tx.select({ revokedAt: certificates.revokedAt }).from(certificates).where(eq(certificates.id, certificate.id))));
    if (!current) return ["未找到该证书"];
    if (current.revokedAt) return ["证书已吊销，不能补发"];
    const edition = await newEdition(tx, certificate.id, "reissued", note, at, by);
    await writeAudit(tx, { ...by, event: "certificates.reissued", target: { table: "certificates", id: certificate.id }, details: { number: certificate.number, edition: edition.edition, note } }, at);
    return [];
  });
}

/** Black list: the certificate stops counting from the revocation date and every edition's status bit is set. */
export async function revokeCertificate(db: DbOrTx, certificate: CertificateRow, reason: string, by: Actor & { userId: number | null }, at = new Date()): Promise<string[]> {
  if (certificate.revokedAt) return ["证书已处于吊销状态"];
  const revoked = await db.transaction(async (tx) => {
    // The row was read before this transaction: a revocation since then stands.
    const row = await returnedRow(tx.update(certificates).set({ revokedAt: at, revokedReason: reason, revokedBy: by.userId }).where(and(eq(certificates.id, certificate.id), isNull(certificates.revokedAt))).returning({ id: certificates.id }));
    if (!row) return false;
    await tx.update(certificateEditions).set({ revokedAt: at }).where(and(eq(certificateEditions.certificateId, certificate.id), isNull(certificateEditions.revokedAt)));
    await writeAudit(tx, { ...by, event: "certificates.revoked", target: { table: "certificates", id: certificate.id }, details: { number: certificate.number, reason } }, at);
    return true;
  });
  return revoked ? [] : ["证书已处于吊销状态"];
}

/**
 * Lifts a revocation. A revoked credential stays revoked (Bitstring Status List revocation is final), so a
 * certificate issued here gets a new edition with a new credential; the holder downloads it again.
 */
export async function reinstateCertificate(db: DbOrTx, certificate: CertificateRow, reason: string, by: Actor, at = new Date()): Promise<string[]> {
  if (!certificate.revokedAt) return ["证书未被吊销"];
  const reinstated = await db.transaction(async (tx) => {
    // The row was read before this transaction: a reinstatement since then stands.
    const row = await returnedRow(tx.update(certificates).set({ revokedAt: null, revokedReason: null, revokedBy: null }).where(and(eq(certificates.id, certificate.id), isNotNull(certificates.revokedAt))).returning({ id: certificates.id }));
    if (!row) return false;
    const edition = certificate.source === "issued" ? await newEdition(tx, certificate.id, "reinstated", reason, at, by) : null;
    await writeAudit(tx, { ...by, event: "certificates.reinstated", target: { table: "certificates", id: certificate.id }, details: { number: certificate.number, reason, revokedAt: certificate.revokedAt!.toISOString(), edition: edition?.edition ?? null } }, at);
    return true;
  });
  return reinstated ? [] : ["证书未被吊销"];
}

/** Status-list indexes whose bit is set: editions revoked or superseded. */
export async function cancelledEditionIds(db: DbOrTx): Promise<number[]> {
  return (await db
    .select({ id: certificateEditions.id })
    .from(certificateEditions)
    .where(or(isNotNull(certificateEditions.revokedAt), isNotNull(certificateEditions.supersededAt))))
    .map((r) => r.id);
}

/**
 * An officer's reach over certificates: those issued by a base in their region, and those of a person
 * an institution in their region employs (or employed) — external records included.
 */
export function revocationScope(scope: Scope): SQL | undefined {
  const inRegion = scopeCondition(scope, { regionCode: organisations.regionCode });
  if (!inRegion) return undefined;
  return or(
    sql`${certificates.issuerOrganisationId} IN (SELECT ${organisations.id} FROM ${organisations} WHERE ${inRegion})`,
    sql`${certificates.personId} IN (SELECT ${workers.personId} FROM ${workers} INNER JOIN ${organisations} ON ${organisations.id} = ${workers.organisationId} WHERE ${inRegion})`,
  );
}

export async function certificateInScope(db: DbOrTx, number: string, condition: SQL | undefined): Promise<CertificateRow | null> {
  return await firstRow(db.select().from(certificates).where(and(eq(certificates.number, number), condition))) ?? null;
}

/** Applicant facts for eligibility: the person's skill certificates, valid or not on the date. */
export async function skillCertificatesOf(db: DbOrTx, personId: number) {
  return await db.select().from(certificates).where(and(eq(certificates.personId, personId), eq(certificates.kind, "skill_level")));
}
