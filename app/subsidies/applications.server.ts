import { firstRow, returnedRow } from "../../db/query.ts";
import { and, desc, eq, inArray, isNull, like, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { countRows, isUniqueViolation, sqlTrue } from "../../db/dialect.ts";
import { certificates, organisations, people, regions, subsidyApplications, subsidyLists, subsidyPolicies, workerMonths, workers } from "../../db/schema.ts";
import { ListError, type Actor } from "../allowances/lists.server.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { levelShortLabel, occupationNames, type Occupation, type SkillLevel } from "../occupations/occupations.ts";
import { regionPrefix } from "../regions/region-code.ts";
import { chinaDate } from "../utils/dates.ts";
import { applicationStatusNames, subsidyListStatusNames, subsidyStepRefusal } from "./list-status.ts";
import { policiesReaching, ruleOf } from "./policies.server.ts";
import { checkSubsidy, subsidyKindNames, type HeldCertificate, type SubsidyDecision, type SubsidyFacts } from "./rules.ts";
import { listFacts } from "./lists.server.ts";
import { blackListFacts } from "../credit/credit.server.ts";

/** Applying for a subsidy after a published pass: by the person, or by the training base for its candidates. */

const districtOf = (regionCode: string) => regionCode.slice(0, 6);
const what = (occupation: string, level: number) => `${occupationNames[occupation as Occupation]}${levelShortLabel(level as SkillLevel)}`;

type CertificateRow = HeldCertificate & { occupation: Occupation; issuerOrganisationId: number | null };

async function certificatesOf(db: DbOrTx, personId: number): Promise<CertificateRow[]> {
  return await db
    .select({ id: certificates.id, number: certificates.number, kind: certificates.kind, occupation: certificates.occupation, level: certificates.level, issuedOn: certificates.issuedOn, source: certificates.source, verifiedAt: certificates.verifiedAt, revokedAt: certificates.revokedAt, issuerOrganisationId: certificates.issuerOrganisationId })
    .from(certificates)
    .where(and(eq(certificates.personId, personId), eq(certificates.kind, "skill_level")));
}

/** Subsidies standing for a person (pending, on a list or approved), with where they stand, for the once-per-level rule. */
async function standingOf(db: DbOrTx, personId: number) {
  return (await db
    .select({ occupation: subsidyApplications.occupation, level: subsidyApplications.level, month: subsidyLists.month, district: regions.name })
    .from(subsidyApplications)
    .innerJoin(subsidyLists, eq(subsidyLists.id, subsidyApplications.listId))
    .innerJoin(regions, eq(regions.code, subsidyLists.districtCode))
    .where(and(eq(subsidyApplications.personId, personId), eq(subsidyApplications.claimed, true))))
    .map((s) => ({ occupation: s.occupation, level: s.level, where: `${s.district} ${s.month} 名册` }));
}

/** The person's latest registered bank account (an institution's roster), the default for their application. */
async function bankAccountOf(db: DbOrTx, personId: number): Promise<string | null> {
  return (await firstRow(db.select({ account: workers.bankAccount }).from(workers).where(and(eq(workers.personId, personId), sql`${workers.bankAccount} IS NOT NULL`)).orderBy(desc(workers.hiredOn))))?.account ?? null;
}

async function factsFor(db: DbOrTx, personId: number, certificate: CertificateRow, residenceRegionCode: string | null): Promise<SubsidyFacts> {
  const person = (await firstRow(db.select().from(people).where(eq(people.id, personId))))!;
  const insuredMonths = await db
    .select({ month: workerMonths.month, regionCode: organisations.regionCode })
    .from(workerMonths)
    .innerJoin(workers, eq(workers.id, workerMonths.workerId))
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .where(and(eq(workers.personId, personId), eq(workerMonths.socialInsurancePaid, true)));
  return { idNumber: person.idNumber, residenceRegionCode, insuredMonths, certificate, certificates: await certificatesOf(db, personId), standing: await standingOf(db, personId), blackList: (await blackListFacts(db, { personIds: [personId], organisationIds: [] })).byPerson.get(personId) ?? [] };
}

/**
 * The district an application goes to: where the certificate was issued (a pass here), else where the person works
 * now, else their 户籍 district when it exists. Null when none is known.
 */
async function applicationDistrict(db: DbOrTx, personId: number, certificate: CertificateRow): Promise<string | null> {
  if (certificate.issuerOrganisationId !== null) {
    const issuer = await firstRow(db.select({ regionCode: organisations.regionCode }).from(organisations).where(eq(organisations.id, certificate.issuerOrganisationId)));
    if (issuer) return districtOf(issuer.regionCode);
  }
  const employer = await firstRow(db.select({ regionCode: organisations.regionCode }).from(workers).innerJoin(organisations, eq(organisations.id, workers.organisationId)).where(and(eq(workers.personId, personId), isNull(workers.leftOn))).orderBy(desc(workers.hiredOn)));
  if (employer) return districtOf(employer.regionCode);
  const person = (await firstRow(db.select({ idNumber: people.idNumber }).from(people).where(eq(people.id, personId))))!;
  const household = await firstRow(db.select().from(regions).where(eq(regions.code, person.idNumber.slice(0, 6))));
  return household && !household.retired ? household.code : null;
}

export type SubsidyOption = { policyId: number; policyName: string; kind: string; decision: SubsidyDecision };

/** For each of the person's certificates: the district it would go to and every policy reaching it, with the decision. */
export async function optionsForPerson(db: DbOrTx, personId: number, now = new Date(), residenceRegionCode: string | null = null) {
  const today = chinaDate(now);
  return await Promise.all((await certificatesOf(db, personId)).map(async (certificate) => {
    const districtCode = await applicationDistrict(db, personId, certificate);
    const facts = await factsFor(db, personId, certificate, residenceRegionCode);
    const options: SubsidyOption[] = districtCode
      ? (await policiesReaching(db, districtCode, today)).map(({ policy, version }) => ({ policyId: policy.id, policyName: policy.name, kind: subsidyKindNames[policy.kind], decision: checkSubsidy(ruleOf(policy, version), facts, today) }))
      : [];
    return { certificate: { id: certificate.id, number: certificate.number, occupation: certificate.occupation, level: certificate.level!, issuedOn: certificate.issuedOn }, districtCode, options, regionCodes: districtCode ? (await policiesReaching(db, districtCode, today)).map((p) => p.policy.regionCode) : [] };
  }));
}

/** Current districts inside the regions of the policies reaching a person, for declaring a 居住证. */
export async function districtsWithin(db: DbOrTx, regionCodes: string[]) {
  if (regionCodes.length === 0) return [];
  return await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.level, "district"), isNull(regions.retired), or(...regionCodes.map((code) => like(regions.code, `${regionPrefix(code)}%`)))))
    .orderBy(regions.code);
}

export async function defaultBankAccount(db: DbOrTx, personId: number) {
  return await bankAccountOf(db, personId);
}

export type ApplyInput = { personId: number; certificateId: number; policyId: number; bankAccount: string | null; residenceRegionCode: string | null } & ({ via: "self" } | { via: "base"; organisationId: number });

/** The month's list of a policy and district, created on the first application. */
async function collectingList(tx: DbOrTx, policyId: number, districtCode: string, month: string) {
  const existing = await firstRow(tx.select().from(subsidyLists).where(and(eq(subsidyLists.policyId, policyId), eq(subsidyLists.districtCode, districtCode), eq(subsidyLists.month, month))));
  const list = existing ?? await returnedRow(tx.insert(subsidyLists).values({ policyId, districtCode, month }).returning());
  if (list.status !== "collecting") throw new ListError(`${month} 名册${subsidyListStatusNames[list.status]}，不再受理申请`);
  return list;
}

/** One application inside the caller's transaction: checked against the rules, joined to this month's list. */
async function applyIn(tx: DbOrTx, input: ApplyInput, by: Actor, now: Date) {
  const today = chinaDate(now);
  const certificate = (await certificatesOf(tx, input.personId)).find((c) => c.id === input.certificateId);
  if (!certificate) throw new ListError("没有这张证书");
  let districtCode: string | null;
  if (input.via === "base") {
    if (certificate.issuerOrganisationId !== input.organisationId) throw new ListError("只能为本基地发证的考生申请");
    districtCode = districtOf((await firstRow(tx.select().from(organisations).where(eq(organisations.id, input.organisationId))))!.regionCode);
  } else {
    districtCode = await applicationDistrict(tx, input.personId, certificate);
  }
  if (!districtCode) throw new ListError("无法确定受理的区县：请由发证的培训基地或所在机构所在地申请");
  const reaching = (await policiesReaching(tx, districtCode, today)).find((p) => p.policy.id === input.policyId);
  if (!reaching) throw new ListError("该补贴政策不适用于受理区县，或已停止受理");
  const decision = checkSubsidy(ruleOf(reaching.policy, reaching.version), await factsFor(tx, input.personId, certificate, input.residenceRegionCode), today);
  if (!decision.eligible) throw new ListError(decision.reasonsAgainst.join("；"));
  const list = await collectingList(tx, input.policyId, districtCode, today.slice(0, 7));
  const person = (await firstRow(tx.select().from(people).where(eq(people.id, input.personId))))!;
  let application: typeof subsidyApplications.$inferSelect;
  try {
    application = await returnedRow(tx
      .insert(subsidyApplications)
      .values({
        listId: list.id,
        policyVersionId: reaching.version.id,
        personId: person.id,
        certificateId: certificate.id,
        occupation: certificate.occupation,
        level: certificate.level!,
        amount: decision.amount!,
        name: person.name,
        idNumber: person.idNumber,
        bankAccount: input.bankAccount,
        residenceRegionCode: input.residenceRegionCode,
        reasons: decision.reasonsFor,
        appliedVia: input.via,
        appliedByOrganisationId: input.via === "base" ? input.organisationId : null,
        appliedBy: by.userId ?? null,
        appliedAt: now,
      })
      .returning());
  } catch (error) {
    // The once-per-level index: a concurrent application for the same person and level got there first.
    if (isUniqueViolation(error)) throw new ListError(`${person.name}已申领过${what(certificate.occupation, certificate.level!)}补贴，每人每个等级只能享受一次`);
    throw error;
  }
  await writeAudit(tx, { ...by, event: "subsidy.applied", target: { table: "subsidy_applications", id: application.id }, details: { listId: list.id, policyId: input.policyId, via: input.via, name: person.name, occupation: certificate.occupation, level: certificate.level, amount: application.amount } }, now);
  return { application, list };
}

/** The person's own application (or one the base files for a single candidate). */
export async function applyForSubsidy(db: DbOrTx, input: ApplyInput, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => applyIn(tx, input, by, now));
}

/** A base's passed candidates (certificates it issued, not revoked) not yet applied for at that level, with each decision under a policy. */
export async function baseCandidates(db: DbOrTx, baseId: number, policyId: number, now = new Date()) {
  const today = chinaDate(now);
  const base = (await firstRow(db.select().from(organisations).where(eq(organisations.id, baseId))))!;
  const reaching = (await policiesReaching(db, districtOf(base.regionCode), today)).find((p) => p.policy.id === policyId);
  const rows = await db
    .select({ certificateId: certificates.id, personId: certificates.personId, name: people.name, number: certificates.number, occupation: certificates.occupation, level: certificates.level, issuedOn: certificates.issuedOn })
    .from(certificates)
    .innerJoin(people, eq(people.id, certificates.personId))
    .where(and(eq(certificates.issuerOrganisationId, baseId), eq(certificates.kind, "skill_level"), isNull(certificates.revokedAt), unappliedCondition))
    .orderBy(desc(certificates.issuedOn), certificates.id);
  // One candidate after another: the batch application reads them inside its transaction.
  const candidates = [];
  for (const r of rows) {
    const certificate = (await certificatesOf(db, r.personId)).find((c) => c.id === r.certificateId)!;
    const bankAccount = await bankAccountOf(db, r.personId);
    const decision = reaching ? checkSubsidy(ruleOf(reaching.policy, reaching.version), await factsFor(db, r.personId, certificate, null), today) : null;
    candidates.push({ ...r, level: r.level!, bankAccount, decision });
  }
  return candidates;
}

/** A certificate with no standing subsidy at its occupation and level. */
const unappliedCondition = sql`NOT EXISTS (SELECT 1 FROM subsidy_applications a WHERE a.person_id = ${certificates.personId} AND a.occupation = ${certificates.occupation} AND a.level = ${certificates.level} AND a.claimed = ${sqlTrue})`;

/** Passes of a base not yet applied for (not revoked): the base's to-do. */
export async function unappliedPassCount(db: DbOrTx, baseIds: number[]): Promise<number> {
  if (baseIds.length === 0) return 0;
  return (await firstRow(db
    .select({ n: countRows() })
    .from(certificates)
    .where(and(inArray(certificates.issuerOrganisationId, baseIds), eq(certificates.kind, "skill_level"), isNull(certificates.revokedAt), unappliedCondition))))!.n;
}

/** 批量申请: every eligible candidate of the base under one policy, all in one transaction or none. */
export async function applyForBaseCandidates(db: DbOrTx, baseId: number, policyId: number, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    const eligible = (await baseCandidates(tx, baseId, policyId, now)).filter((c) => c.decision?.eligible);
    if (eligible.length === 0) throw new ListError("没有符合条件、尚未申请的考生");
    let total = 0;
    for (const c of eligible) {
      const { application } = await applyIn(tx, { personId: c.personId, certificateId: c.certificateId, policyId, bankAccount: c.bankAccount, residenceRegionCode: null, via: "base", organisationId: baseId }, by, now);
      total += application.amount;
    }
    return { count: eligible.length, total };
  });
}

/** Applications a person or a base may withdraw: the person's own, or those the base filed. */
export type Applicant = { personId: number } | { organisationIds: number[] };

function applicantCondition(applicant: Applicant) {
  return "personId" in applicant ? eq(subsidyApplications.personId, applicant.personId) : inArray(subsidyApplications.appliedByOrganisationId, applicant.organisationIds.length ? applicant.organisationIds : [-1]);
}

export async function applicationsOf(db: DbOrTx, applicant: Applicant) {
  return await db
    .select({ application: subsidyApplications, list: subsidyLists, policyName: subsidyPolicies.name, districtName: regions.name })
    .from(subsidyApplications)
    .innerJoin(subsidyLists, eq(subsidyLists.id, subsidyApplications.listId))
    .innerJoin(subsidyPolicies, eq(subsidyPolicies.id, subsidyLists.policyId))
    .innerJoin(regions, eq(regions.code, subsidyLists.districtCode))
    .where(applicantCondition(applicant))
    .orderBy(desc(subsidyApplications.appliedAt));
}

/** 撤回申请: before the district opens 公示, while the application is pending. */
export async function withdrawApplication(db: DbOrTx, applicationId: number, applicant: Applicant, by: Actor, now = new Date()) {
  return await db.transaction(async (tx) => {
    const application = await firstRow(tx.select().from(subsidyApplications).where(and(eq(subsidyApplications.id, applicationId), applicantCondition(applicant))));
    if (!application) throw new ListError("没有这条申请");
    const list = (await firstRow(tx.select().from(subsidyLists).where(eq(subsidyLists.id, application.listId))))!;
    const refusal = subsidyStepRefusal("withdraw", await listFacts(tx, list, now), application);
    if (refusal) throw new ListError(refusal);
    await tx.update(subsidyApplications).set({ status: "withdrawn", claimed: false, decidedAt: now, decidedBy: by.userId ?? null }).where(eq(subsidyApplications.id, applicationId));
    await writeAudit(tx, { ...by, event: "subsidy.application_withdrawn", target: { table: "subsidy_applications", id: applicationId }, details: { listId: list.id, name: application.name, amount: application.amount } }, now);
    return application;
  });
}

/**
 * A person's subsidy lines for their own view (/my): every application with its list's month, district and state,
 * the amount and why (or why it was excluded or returned).
 */
export async function subsidyLinesForPerson(db: DbOrTx, personId: number) {
  return (await applicationsOf(db, { personId })).map(({ application: a, list, policyName, districtName }) => ({
    applicationId: a.id,
    listId: list.id,
    policy: policyName,
    district: districtName,
    month: list.month,
    occupation: occupationNames[a.occupation],
    level: levelShortLabel(a.level as SkillLevel),
    amount: a.amount,
    status: applicationStatusNames[a.status],
    listStatus: subsidyListStatusNames[list.status],
    notice: list.noticeStartsOn ? { startsOn: list.noticeStartsOn, endsOn: list.noticeEndsOn! } : null,
    reasons: a.reasons,
    decisionReason: a.decisionReason,
    withdrawable: a.status === "pending" && list.status === "collecting",
  }));
}
