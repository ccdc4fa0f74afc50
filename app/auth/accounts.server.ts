import { firstRow, returnedRow } from "../../db/query.ts";
import { rosterOrganisationTypes } from "../organisations/organisation-types.ts";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "../../db/client.ts";
import { organisations, people, regions, roleAssignments, roles, users } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { generateInitialPassword, hashPassword, INITIAL_PASSWORD_VALID_MS } from "./password.server.ts";
import { roleCatalogue, type RoleKey } from "./roles.ts";
import { sameName } from "../people/person-schema.ts";
import { createSession, invalidateUserSessions } from "./session.server.ts";
import { RETIRED_REGION_MESSAGE } from "../regions/region-name.ts";
import { withinRateLimit } from "./throttle.server.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;
export type PersonInput = { name: string; idNumber: string; gender: "male" | "female"; birthDate: string; phone: string | null };
export type AccountProblem = { field: string; message: string };

export const ID_NUMBER_REFUSED =
  "该身份证号码不能用于注册。如您已有账号，请直接登录；如您的培训基地或所在机构已为您登记，而姓名与登记的不一致，请联系培训基地或机构核对";
export const REGISTRATION_THROTTLED = "注册尝试过于频繁，请 1 小时后再试";
/** Registration attempts per address per hour: enough for a class registering behind one NAT, few for a scan. */
export const REGISTRATION_LIMIT = 20;
export const REGISTRATION_WINDOW_MS = 3600_000;

/** Counts a registration attempt against the address; false once the address is over its hourly limit. */
export async function allowRegistrationAttempt(db: Db, ip: string, now = new Date()): Promise<boolean> {
  return await withinRateLimit(db, `register:${ip}`, REGISTRATION_LIMIT, REGISTRATION_WINDOW_MS, now);
}

/** Which field a new account collides on, if any. */
export async function findAccountConflict(db: DbOrTx, username: string, idNumber: string): Promise<AccountProblem | null> {
  if (await firstRow(db.select({ id: users.id }).from(users).where(eq(users.username, username)))) {
    return { field: "username", message: "该用户名已被使用" };
  }
  const person = await firstRow(db.select({ id: people.id }).from(people).where(eq(people.idNumber, idNumber)));
  if (person && await firstRow(db.select({ id: users.id }).from(users).where(eq(users.personId, person.id)))) {
    return { field: "idNumber", message: "该身份证号码已注册账号" };
  }
  return null;
}

/** People may exist before their account (rosters, imports); a staff account attaches to the existing person. */
async function upsertPerson(tx: Tx, person: PersonInput): Promise<number> {
  const existing = await firstRow(tx.select({ id: people.id }).from(people).where(eq(people.idNumber, person.idNumber)));
  if (existing) {
    await tx.update(people).set({ name: person.name, phone: person.phone }).where(eq(people.id, existing.id));
    return existing.id;
  }
  return (await returnedRow(tx.insert(people).values(person).returning({ id: people.id }))).id;
}

type RegistrationInput = PersonInput & { username: string; password: string };
type IdentityRefusal = { personId: number; reason: "has_account" | "name_mismatch" };

/**
 * Self-service never changes who a person is: an ID number someone else entered links only under the same name,
 * and never to a second account. Both refusals read alike, so the answer says no more than that the number is taken.
 */
async function identityRefusal(tx: DbOrTx, input: RegistrationInput): Promise<IdentityRefusal | null> {
  const person = await firstRow(tx.select({ id: people.id, name: people.name }).from(people).where(eq(people.idNumber, input.idNumber)));
  if (!person) return null;
  if (await firstRow(tx.select({ id: users.id }).from(users).where(eq(users.personId, person.id)))) return { personId: person.id, reason: "has_account" };
  if (!sameName(person.name, input.name)) return { personId: person.id, reason: "name_mismatch" };
  return null;
}

export type RegistrationOutcome = { ok: true; userId: number; token: string } | { ok: false; problem: AccountProblem };

async function refuse(db: DbOrTx, input: RegistrationInput, refusal: IdentityRefusal, ip: string): Promise<RegistrationOutcome> {
  await writeAudit(db, { event: "auth.registration_refused", target: { table: "people", id: refusal.personId }, ip, details: { reason: refusal.reason, username: input.username } });
  return { ok: false, problem: { field: "idNumber", message: ID_NUMBER_REFUSED } };
}

const USERNAME_TAKEN: AccountProblem = { field: "username", message: "该用户名已被使用" };

/** Self-registration: a trainee account and its first session, in one transaction, or the reason it is refused. */
export async function registerTrainee(db: Db, input: RegistrationInput, ip: string): Promise<RegistrationOutcome> {
  // Cheap checks first, so a refusal costs no password hash; repeated inside the transaction against a race.
  const early = await identityRefusal(db, input);
  if (early) return refuse(db, input, early, ip);
  if (await firstRow(db.select({ id: users.id }).from(users).where(eq(users.username, input.username)))) return { ok: false, problem: USERNAME_TAKEN };
  const passwordHash = await hashPassword(input.password);
  return db.transaction(
    async (tx): Promise<RegistrationOutcome> => {
      const refusal = await identityRefusal(tx, input);
      if (refusal) return refuse(tx, input, refusal, ip);
      if (await firstRow(tx.select({ id: users.id }).from(users).where(eq(users.username, input.username)))) return { ok: false, problem: USERNAME_TAKEN };
      const existing = await firstRow(tx.select({ id: people.id, phone: people.phone }).from(people).where(eq(people.idNumber, input.idNumber)));
      // The person entered by a base or institution stays as entered; only a missing phone is filled in.
      if (existing && existing.phone === null) await tx.update(people).set({ phone: input.phone }).where(eq(people.id, existing.id));
      const { name, idNumber, gender, birthDate, phone } = input;
      const personId = existing?.id ?? (await returnedRow(tx.insert(people).values({ name, idNumber, gender, birthDate, phone }).returning({ id: people.id }))).id;
      const user = await returnedRow(tx.insert(users).values({ personId, username: input.username, passwordHash }).returning({ id: users.id }));
      await tx.insert(roleAssignments).values({ userId: user.id, roleId: await roleId(tx, "trainee") });
      await writeAudit(tx, { event: "auth.registered", target: { table: "users", id: user.id }, userId: user.id, ip, details: existing ? { linkedPersonId: existing.id } : undefined });
      const session = await createSession(tx, user.id, { ip });
      return { ok: true, userId: user.id, token: session.token };
    },
    { behavior: "immediate" },
  );
}

async function roleId(tx: Tx, key: RoleKey): Promise<number> {
  return (await firstRow(tx.select({ id: roles.id }).from(roles).where(eq(roles.key, key))))!.id;
}

export type RoleContextInput = { role: RoleKey; organisationId?: number | null; regionCode?: string | null };

/** Checks that a role is attached to the kind of context it needs; returns a Chinese message when not. */
export async function checkRoleContext(db: Db, input: RoleContextInput): Promise<AccountProblem | null> {
  const context = roleCatalogue[input.role].context;
  if (context === "training_base" || context === "institution") {
    const org = input.organisationId
      ? await firstRow(db.select({ type: organisations.type }).from(organisations).where(eq(organisations.id, input.organisationId)))
      : undefined;
    const fits = context === "training_base" ? org?.type === "training_base" : org && (rosterOrganisationTypes as readonly string[]).includes(org.type);
    if (!fits) {
      return { field: "organisationId", message: context === "training_base" ? "请选择一个培训基地" : "请选择一个养老、托育、居家养老服务机构或社工站" };
    }
  }
  if (context === "district" || context === "city") {
    const region = input.regionCode
      ? await firstRow(db.select({ level: regions.level, retired: regions.retired }).from(regions).where(eq(regions.code, input.regionCode)))
      : undefined;
    if (region?.retired) return { field: "regionCode", message: RETIRED_REGION_MESSAGE };
    if (region?.level !== context) {
      return { field: "regionCode", message: context === "district" ? "请填写区县级行政区划代码，如 330522" : "请填写地市级行政区划代码，如 330500" };
    }
  }
  return null;
}

function contextColumns(input: RoleContextInput) {
  const context = roleCatalogue[input.role].context;
  return {
    organisationId: context === "training_base" || context === "institution" ? input.organisationId ?? null : null,
    regionCode: context === "district" || context === "city" ? input.regionCode ?? null : null,
  };
}

/**
 * A staff account with a one-time initial password that must be changed at first login and expires.
 * `alongside` writes a caller's own rows (an examiner's qualification) in the same transaction.
 */
export async function createStaffAccount(
  db: Db,
  input: PersonInput & { username: string } & RoleContextInput,
  by: Actor,
  now = new Date(),
  alongside?: (tx: Tx, userId: number) => Promise<void>,
) {
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  const userId = await db.transaction(async (tx) => {
    const personId = await upsertPerson(tx, input);
    const user = await returnedRow(tx
      .insert(users)
      .values({
        personId,
        username: input.username,
        passwordHash,
        mustChangePassword: true,
        passwordExpiresAt: new Date(now.getTime() + INITIAL_PASSWORD_VALID_MS),
      })
      .returning({ id: users.id }));
    const assignment = await returnedRow(tx
      .insert(roleAssignments)
      .values({ userId: user.id, roleId: await roleId(tx, input.role), ...contextColumns(input) })
      .returning({ id: roleAssignments.id }));
    await writeAudit(tx, { ...by, event: "user.created", target: { table: "users", id: user.id }, relatedUserId: user.id, details: { username: input.username } }, now);
    await writeAudit(tx, { ...by, event: "user.role_assigned", target: { table: "role_assignments", id: assignment.id }, relatedUserId: user.id, details: { role: input.role, ...contextColumns(input) } }, now);
    await alongside?.(tx, user.id);
    return user.id;
  });
  return { userId, initialPassword };
}

export async function assignRole(db: Db, userId: number, input: RoleContextInput, by: Actor) {
  return await db.transaction(async (tx) => {
    const assignment = await returnedRow(tx
      .insert(roleAssignments)
      .values({ userId, roleId: await roleId(tx, input.role), ...contextColumns(input) })
      .returning({ id: roleAssignments.id }));
    await writeAudit(tx, { ...by, event: "user.role_assigned", target: { table: "role_assignments", id: assignment.id }, relatedUserId: userId, details: { role: input.role, ...contextColumns(input) } });
  });
}

export async function removeRole(db: Db, userId: number, assignmentId: number, by: Actor): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const removed = await returnedRow(tx
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.id, assignmentId), eq(roleAssignments.userId, userId)))
      .returning());
    if (!removed) return false;
    await writeAudit(tx, { ...by, event: "user.role_removed", target: { table: "role_assignments", id: assignmentId }, relatedUserId: userId, details: { roleId: removed.roleId, organisationId: removed.organisationId, regionCode: removed.regionCode } });
    return true;
  });
}

/** A new one-time password; every session of the user ends. */
export async function resetInitialPassword(db: Db, userId: number, by: Actor, now = new Date()) {
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  await db.transaction(async (tx) => {
    await tx.update(users)
      .set({ passwordHash, mustChangePassword: true, passwordExpiresAt: new Date(now.getTime() + INITIAL_PASSWORD_VALID_MS) })
      .where(eq(users.id, userId));
    const ended = await invalidateUserSessions(tx, userId);
    await writeAudit(tx, { ...by, event: "user.password_reset", target: { table: "users", id: userId }, relatedUserId: userId, details: { sessionsEnded: ended } }, now);
  });
  return initialPassword;
}

export async function endUserSessions(db: Db, userId: number, by: Actor): Promise<number> {
  return await db.transaction(async (tx) => {
    const ended = await invalidateUserSessions(tx, userId);
    await writeAudit(tx, { ...by, event: "user.sessions_ended", target: { table: "users", id: userId }, relatedUserId: userId, details: { sessionsEnded: ended } });
    return ended;
  });
}

export async function setUserDisabled(db: Db, userId: number, disabled: boolean, by: Actor) {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ disabledAt: disabled ? new Date() : null }).where(eq(users.id, userId));
    if (disabled) await invalidateUserSessions(tx, userId);
    await writeAudit(tx, { ...by, event: disabled ? "user.disabled" : "user.enabled", target: { table: "users", id: userId }, relatedUserId: userId });
  });
}

/** The new password ends every other session and starts a fresh one for this browser. */
export async function changePassword(db: Db, userId: number, newPassword: string, by: Actor) {
  const passwordHash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, passwordExpiresAt: null }).where(eq(users.id, userId));
    await invalidateUserSessions(tx, userId);
    await writeAudit(tx, { ...by, event: "auth.password_changed", target: { table: "users", id: userId } });
    return (await createSession(tx, userId, { ip: by.ip })).token;
  });
}
