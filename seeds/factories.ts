import { firstRow, returnedRow } from "../db/query.ts";
import { eq } from "drizzle-orm";
import { idNumberCheckChar } from "../app/people/id-number.ts";
import { creditCodeCheckChar, orgCodeCheckChar } from "../app/organisations/credit-code.ts";
import { hashPassword } from "../app/auth/password.server.ts";
import type { RoleKey } from "../app/auth/roles.ts";
import { occupations, type Occupation } from "../app/occupations/occupations.ts";
import type { DbOrTx } from "../db/client.ts";
import { HUZHOU_POST_ALLOWANCE, type PolicyDefinition } from "../app/allowances/policy-defaults.ts";
import { allowancePolicies, allowancePolicyVersions, certificates, examinerQualifications, organisations, people, roleAssignments, roles, users, workerMonths, workers, partAttendance, type OrganisationType } from "../db/schema.ts";

/** Builders shared by the demo seed and the tests, so both agree on what a valid record is. */

let sequence = 0;
const next = () => ++sequence;

export function makeIdNumber(options: { regionCode?: string; birthDate?: string; gender?: "male" | "female"; serial?: number } = {}): string {
  const region = (options.regionCode ?? "330522").slice(0, 6);
  const birth = (options.birthDate ?? "1980-01-01").replaceAll("-", "");
  const serial = options.serial ?? next();
  // The 17th digit is odd for men, even for women.
  const base = (serial % 50) * 2 + (options.gender === "female" ? 0 : 1);
  const first17 = `${region}${birth}${String(Math.floor(serial / 50) % 10)}${String(base).padStart(2, "0")}`;
  return first17 + idNumberCheckChar(first17);
}

/** Registration authority 5 (civil affairs) + category 2 (private non-enterprise unit) by default. */
export function makeCreditCode(options: { regionCode?: string; serial?: number; prefix?: string } = {}): string {
  const org8 = `MJ${String(options.serial ?? next()).padStart(6, "0")}`;
  const first17 = `${options.prefix ?? "52"}${(options.regionCode ?? "330522").slice(0, 6)}${org8}${orgCodeCheckChar(org8)}`;
  return first17 + creditCodeCheckChar(first17);
}

export async function createOrganisation(
  db: DbOrTx,
  values: { type: OrganisationType; name?: string; regionCode: string; creditCode?: string } & Partial<typeof organisations.$inferInsert>,
) {
  const serial = next();
  return await returnedRow(db
    .insert(organisations)
    .values({
      name: `测试机构${serial}`,
      creditCode: makeCreditCode({ regionCode: values.regionCode, serial }),
      ...(values.type === "training_base" ? { evaluationKind: "S" as const, evaluatorCode: "0001", siteCode: String(serial).padStart(6, "0") } : {}),
      ...(values.type === "elderly_care" ? { beds: 100, nursingBeds: 60 } : {}),
      ...values,
    })
    .returning());
}

export async function createPerson(db: DbOrTx, values: Partial<typeof people.$inferInsert> & { birthDate?: string } = {}) {
  const birthDate = values.birthDate ?? "1980-01-01";
  const gender = values.gender ?? "female";
  // Browser tests add people to the demo database, whose ID numbers come from the same generator: skip those taken.
  let serial = next();
  while (values.idNumber === undefined && await firstRow(db.select({ id: people.id }).from(people).where(eq(people.idNumber, makeIdNumber({ birthDate, gender, serial }))))) serial = next();
  return await returnedRow(db
    .insert(people)
    .values({
      name: `测试人员${serial}`,
      idNumber: makeIdNumber({ birthDate, gender, serial }),
      phone: `1380572${String(serial).padStart(4, "0")}`,
      ...values,
      birthDate,
      gender,
    })
    .returning());
}

export type UserSpec = {
  username?: string;
  name?: string;
  gender?: "male" | "female";
  // A birth date of one's own keeps the ID number apart from people another process made.
  birthDate?: string;
  role?: RoleKey;
  organisationId?: number | null;
  regionCode?: string | null;
  mustChangePassword?: boolean;
  passwordExpiresAt?: Date | null;
  /** 考评员 qualifications of an examiner; by default every certified occupation up to 一级. */
  qualifications?: Array<{ occupation: Occupation; highestLevel: number }>;
};

const everyQualification = occupations.filter((o) => o !== "family_caregiver").map((occupation) => ({ occupation, highestLevel: 1 }));

/** Synchronous, so a seed can build many users in one transaction with a hash computed once. */
export async function insertUser(db: DbOrTx, spec: UserSpec & { passwordHash: string }) {
  const person = await createPerson(db, { ...(spec.name ? { name: spec.name } : {}), ...(spec.gender ? { gender: spec.gender } : {}), ...(spec.birthDate ? { birthDate: spec.birthDate } : {}) });
  const user = await returnedRow(db
    .insert(users)
    .values({
      personId: person.id,
      username: spec.username ?? `user${person.id}`,
      passwordHash: spec.passwordHash,
      mustChangePassword: spec.mustChangePassword ?? false,
      passwordExpiresAt: spec.passwordExpiresAt ?? null,
    })
    .returning());
  if (spec.role) {
    const role = (await firstRow(db.select().from(roles).where(eq(roles.key, spec.role))))!;
    await db.insert(roleAssignments)
      .values({ userId: user.id, roleId: role.id, organisationId: spec.organisationId ?? null, regionCode: spec.regionCode ?? null });
  }
  if (spec.role === "examiner") for (const q of spec.qualifications ?? everyQualification) await db.insert(examinerQualifications).values({ userId: user.id, ...q });
  return { ...user, person };
}

export async function createUser(db: DbOrTx, spec: UserSpec & { password?: string } = {}) {
  const password = spec.password ?? "correct horse battery";
  return { ...await insertUser(db, { ...spec, passwordHash: await hashPassword(password) }), password };
}

/** An external certificate record by default (verified unless told otherwise); in-system issue goes through certificates/. */
export async function createCertificate(
  db: DbOrTx,
  values: { personId: number } & Partial<typeof certificates.$inferInsert>,
) {
  const person = (await firstRow(db.select().from(people).where(eq(people.id, values.personId))))!;
  const serial = next();
  const level = values.kind === "training_completion" ? null : (values.level ?? 5);
  return await returnedRow(db
    .insert(certificates)
    .values({
      kind: "skill_level",
      // National shape (domain §6): S + evaluator 0001 + province 33 + site 000001 + year + level + serial.
      number: `S000133000001${(values.issuedOn ?? "2023-06-30").slice(2, 4)}${level ?? 0}${String(serial).padStart(6, "0")}`,
      holderName: person.name,
      idNumber: person.idNumber,
      occupation: "elderly_caregiver",
      issuerName: "浙江省养老服务职业技能评价中心",
      issuedOn: "2023-06-30",
      source: "external",
      verifiedAt: new Date("2023-07-15T10:00:00+08:00"),
      ...values,
      level,
    })
    .returning());
}

/** A frontline 养老护理员 hired on 2023-01-01 with an open-ended contract, unless told otherwise. */
export async function createWorker(db: DbOrTx, values: { organisationId: number; personId: number } & Partial<typeof workers.$inferInsert>) {
  return await returnedRow(db
    .insert(workers)
    .values({ occupation: "elderly_caregiver", post: "caregiver", hiredOn: "2023-01-01", ...values })
    .returning());
}

/** A month that meets the usual allowance conditions (22 days, insured, no incident), unless told otherwise. */
export async function recordWorkerMonth(db: DbOrTx, values: { workerId: number; month: string } & Partial<typeof workerMonths.$inferInsert>) {
  return await returnedRow(db
    .insert(workerMonths)
    .values({ attendanceDays: 22, socialInsurancePaid: true, continuingEducationHours: 2, liabilityIncident: false, ...values })
    .returning());
}

/** An allowance policy with its first version: the seeded 湖州 post allowance unless told otherwise. */
export async function createAllowancePolicy(db: DbOrTx, definition: Partial<PolicyDefinition> = {}) {
  const { regionCode, name, kind, occupation, ...version } = { ...HUZHOU_POST_ALLOWANCE, ...definition };
  const policy = await returnedRow(db.insert(allowancePolicies).values({ regionCode, name, kind, occupation }).returning());
  const first = await returnedRow(db.insert(allowancePolicyVersions).values({ policyId: policy.id, version: 1, ...version }).returning());
  return { policy, version: first };
}

/** A part recorded at the door: 缺考 (absent) or present. Check-in writes these on the day. */
export async function recordPartAttendance(db: DbOrTx, values: { applicationId: number; part: "theory" | "skill" | "review"; recordedBy: number; status?: "present" | "absent" }) {
  return await returnedRow(db.insert(partAttendance).values({ status: "absent", recordedAt: new Date(), ...values }).returning());
}
