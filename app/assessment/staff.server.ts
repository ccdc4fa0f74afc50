import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { examinerQualifications, people, roleAssignments, roles, users } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { createStaffAccount, type PersonInput } from "../auth/accounts.server.ts";
import type { Occupation } from "../occupations/occupations.ts";
import { qualificationCovers, type Qualification } from "./qualifications.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;

/** A base's 考评人员 (examiner-role accounts, who invigilate or score), with their qualifications. */
export async function listBaseStaff(db: DbOrTx, organisationIds: number[]) {
  if (organisationIds.length === 0) return [];
  const staff = await db
    .selectDistinct({ userId: users.id, username: users.username, name: people.name, disabledAt: users.disabledAt, organisationId: roleAssignments.organisationId })
    .from(roleAssignments)
    .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .where(and(inArray(roleAssignments.organisationId, organisationIds), eq(roles.key, "examiner")))
    .orderBy(asc(people.name));
  const qualifications = staff.length ? await db.select().from(examinerQualifications).where(inArray(examinerQualifications.userId, staff.map((s) => s.userId))) : [];
  return staff.map((s) => ({ ...s, qualifications: qualifications.filter((q) => q.userId === s.userId) }));
}

export async function qualificationsOf(db: DbOrTx, userId: number): Promise<Qualification[]> {
  return await db.select({ occupation: examinerQualifications.occupation, highestLevel: examinerQualifications.highestLevel }).from(examinerQualifications).where(eq(examinerQualifications.userId, userId));
}

export async function examinerQualifiedFor(db: DbOrTx, userId: number, plan: { occupation: Occupation; level: number }): Promise<boolean> {
  return qualificationCovers(await qualificationsOf(db, userId), plan.occupation, plan.level);
}

/** An examiner account for a base, with its qualification written in the same transaction. */
export function createBaseStaff(
  db: Db,
  input: PersonInput & { username: string; organisationId: number; qualification: (Qualification & { certificateNumber: string | null }) | null },
  by: Actor,
) {
  const { qualification, ...account } = input;
  return createStaffAccount(db, { ...account, role: "examiner" }, by, new Date(), async (tx, userId) => {
    if (!qualification) return;
    await tx.insert(examinerQualifications).values({ userId, ...qualification });
    await writeAudit(tx, { ...by, event: "assessment.qualification_recorded", target: { table: "users", id: userId }, relatedUserId: userId, details: qualification });
  });
}
