import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { countRows, jsonArrayContains, likeAnyCase, sqlTrue } from "../../db/dialect.ts";
import { classSessions, experts, organisations, teachers } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { fieldChanges } from "../audit/changes.ts";
import type { Scope } from "../auth/permissions.ts";
import type { Occupation } from "../occupations/occupations.ts";
import { scopeCondition } from "../auth/scope-condition.ts";

/** The region-wide pool (养老培训师资数据库, 专家库): the bases' teachers and the officers' experts in a scope. */

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;

export type PoolFilter = {
  q?: string;
  /** Teachers only: a curriculum area, a level they may teach, their base. */
  subject?: string;
  level?: number;
  baseId?: number;
  /** Experts only: their occupation. */
  occupation?: Occupation;
  /** Experts available for examiner panels or judging; teachers who are such experts too. */
  available?: "panels" | "judging";
};

const availability = (kind: PoolFilter["available"]) => (kind === "panels" ? eq(experts.availableForPanels, true) : kind === "judging" ? eq(experts.availableForJudging, true) : undefined);

function teacherCondition(scope: Scope, f: PoolFilter): SQL | undefined {
  return and(
    scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode }),
    eq(organisations.type, "training_base"),
    isNull(teachers.retiredAt),
    f.q ? or(likeAnyCase(teachers.name, `%${f.q}%`), likeAnyCase(teachers.specialty, `%${f.q}%`), likeAnyCase(teachers.qualification, `%${f.q}%`)) : undefined,
    f.subject ? jsonArrayContains(teachers.subjects, f.subject) : undefined,
    f.level ? jsonArrayContains(teachers.levels, f.level) : undefined,
    f.baseId ? eq(teachers.organisationId, f.baseId) : undefined,
    // A teacher who is also in the expert pool of the scope, available as asked.
    f.available ? sql`EXISTS (SELECT 1 FROM ${experts} WHERE ${experts.idNumber} = ${teachers.idNumber} AND ${experts.retiredAt} IS NULL AND ${and(scopeCondition(scope, { regionCode: experts.regionCode }), availability(f.available))})` : undefined,
  );
}

/** A page of the scope's teachers (not retired) with their base and how many class sessions name them. */
export async function searchTeachers(db: DbOrTx, scope: Scope, f: PoolFilter, range: { limit: number; offset: number }) {
  const where = teacherCondition(scope, f);
  const rows = await db
    .select({
      teacher: teachers,
      base: organisations.name,
      sessions: sql<number>`(SELECT count(*) FROM ${classSessions} WHERE ${classSessions.teacherId} = ${teachers.id})`,
      classes: sql<number>`(SELECT count(DISTINCT ${classSessions.classId}) FROM ${classSessions} WHERE ${classSessions.teacherId} = ${teachers.id})`,
      expert: sql<boolean>`EXISTS (SELECT 1 FROM ${experts} WHERE ${experts.idNumber} = ${teachers.idNumber} AND ${experts.retiredAt} IS NULL AND ${scopeCondition(scope, { regionCode: experts.regionCode }) ?? sqlTrue})`,
    })
    .from(teachers)
    .innerJoin(organisations, eq(organisations.id, teachers.organisationId))
    .where(where)
    .orderBy(asc(organisations.name), asc(teachers.name), asc(teachers.id))
    .limit(range.limit)
    .offset(range.offset);
  const total = (await firstRow(db.select({ n: countRows() }).from(teachers).innerJoin(organisations, eq(organisations.id, teachers.organisationId)).where(where)))!.n;
  return { rows, total };
}

function expertCondition(scope: Scope, f: PoolFilter & { retired?: boolean }): SQL | undefined {
  return and(
    scopeCondition(scope, { regionCode: experts.regionCode }),
    f.retired ? undefined : isNull(experts.retiredAt),
    f.q ? or(likeAnyCase(experts.name, `%${f.q}%`), likeAnyCase(experts.speciality, `%${f.q}%`), likeAnyCase(experts.employer, `%${f.q}%`)) : undefined,
    f.occupation ? eq(experts.occupation, f.occupation) : undefined,
    availability(f.available),
  );
}

/** A page of the scope's experts; retired ones only when asked (the officer's own list shows them). */
export async function searchExperts(db: DbOrTx, scope: Scope, f: PoolFilter & { retired?: boolean }, range: { limit: number; offset: number }) {
  const where = expertCondition(scope, f);
  const rows = await db.select().from(experts).where(where).orderBy(sql`${experts.retiredAt} IS NOT NULL`, asc(experts.regionCode), asc(experts.name), asc(experts.id)).limit(range.limit).offset(range.offset);
  const total = (await firstRow(db.select({ n: countRows() }).from(experts).where(where)))!.n;
  return { rows, total };
}

/** The training bases of the scope, for the pool's base filter. */
export async function basesOf(db: DbOrTx, scope: Scope) {
  return await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(and(scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode }), eq(organisations.type, "training_base"))).orderBy(asc(organisations.name));
}

export type ExpertInput = { regionCode: string; name: string; idNumber: string; occupation: Occupation; speciality: string; title: string; employer: string | null; availableForPanels: boolean; availableForJudging: boolean };
type Refused = { ok: false; errors: Record<string, string> };

const duplicateIn = async (db: DbOrTx, input: ExpertInput, exceptId?: number) =>
  await firstRow(db
    .select({ name: experts.name })
    .from(experts)
    .where(and(eq(experts.regionCode, input.regionCode), eq(experts.idNumber, input.idNumber), exceptId === undefined ? undefined : sql`${experts.id} <> ${exceptId}`)));

export async function expertInScope(db: DbOrTx, scope: Scope, id: number) {
  return await firstRow(db.select().from(experts).where(and(eq(experts.id, id), scopeCondition(scope, { regionCode: experts.regionCode })))) ?? null;
}

/** Adds an expert to a region's pool; one person is one entry per region. */
export async function addExpert(db: Db, input: ExpertInput, by: Actor): Promise<{ ok: true; id: number } | Refused> {
  return await db.transaction(async (tx): Promise<{ ok: true; id: number } | Refused> => {
    const duplicate = await duplicateIn(tx, input);
    if (duplicate) return { ok: false, errors: { idNumber: `该地区专家库中已有该身份证号（${duplicate.name}）` } };
    const created = await returnedRow(tx.insert(experts).values(input).returning());
    await writeAudit(tx, { ...by, event: "pool.expert_added", target: { table: "experts", id: created.id }, details: { name: input.name, regionCode: input.regionCode } });
    return { ok: true, id: created.id };
  });
}

/** Edits an expert field by field (the pages offer it only while the expert is in the pool). */
export async function updateExpert(db: Db, expert: typeof experts.$inferSelect, input: ExpertInput, by: Actor): Promise<{ ok: true; changed: number } | Refused> {
  return await db.transaction(async (tx): Promise<{ ok: true; changed: number } | Refused> => {
    const duplicate = await duplicateIn(tx, input, expert.id);
    if (duplicate) return { ok: false, errors: { idNumber: `该地区专家库中已有该身份证号（${duplicate.name}）` } };
    const changes = fieldChanges(expert, input);
    if (Object.keys(changes).length === 0) return { ok: true, changed: 0 };
    await tx.update(experts).set(input).where(eq(experts.id, expert.id));
    await writeAudit(tx, { ...by, event: "pool.expert_updated", target: { table: "experts", id: expert.id }, details: { changes } });
    return { ok: true, changed: Object.keys(changes).length };
  });
}

/** Takes an expert out of the pool with the reason; the entry stays for the record (past panels name them). */
export async function retireExpert(db: Db, expert: typeof experts.$inferSelect, reason: string, by: Actor, now = new Date()) {
  await db.transaction(async (tx) => {
    await tx.update(experts).set({ retiredAt: now, retiredReason: reason }).where(eq(experts.id, expert.id));
    await writeAudit(tx, { ...by, event: "pool.expert_retired", target: { table: "experts", id: expert.id }, details: { name: expert.name, reason } }, now);
  });
}
