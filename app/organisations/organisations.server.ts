import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, eq, inArray, like, or } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { likeAnyCase } from "../../db/dialect.ts";
import { organisations, people, regions, roleAssignments, roles, users, type OrganisationType } from "../../db/schema.ts";
import type { Scope } from "../auth/permissions.ts";
import { db } from "../db.server.ts";
import { provinceCodeOf, regionPrefix } from "../regions/region-code.ts";
import { regionPath } from "../regions/regions.server.ts";
import { certificateNumberPrefix } from "../../certificates/number.ts";
import { organisationTypeNames } from "./organisation-types.ts";
import type { OrganisationInput } from "./organisation-schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { RETIRED_REGION_MESSAGE, regionNameSql } from "../regions/region-name.ts";

/**
 * Organisations in scope, by region then name. `q` matches a name anywhere or a credit code from its start;
 * `range` pages in SQL (the admin list), without it every match is returned (pickers).
 */
export async function listOrganisations(scope: Scope, filter: { regionCode?: string; types?: readonly OrganisationType[]; q?: string } = {}, range?: { limit: number; offset: number }) {
  const query = db
    .select({ org: organisations, regionName: regionNameSql })
    .from(organisations)
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(
      and(
        scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode }),
        filter.regionCode ? like(organisations.regionCode, `${regionPrefix(filter.regionCode)}%`) : undefined,
        filter.types ? inArray(organisations.type, filter.types) : undefined,
        filter.q ? or(likeAnyCase(organisations.name, `%${filter.q}%`), like(organisations.creditCode, `${filter.q.toUpperCase()}%`)) : undefined,
      ),
    )
    .orderBy(asc(organisations.regionCode), asc(organisations.name), asc(organisations.id));
  return (range ? await query.limit(range.limit).offset(range.offset) : await query).map(({ org, regionName }) => ({ ...org, regionName }));
}

/** One organisation, or null when it does not exist or lies outside the scope: callers answer 404 either way. */
export async function getOrganisationInScope(scope: Scope, id: number) {
  return (
    await firstRow(db
      .select()
      .from(organisations)
      .where(and(eq(organisations.id, id), scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode })))) ?? null
  );
}

/** Staff holding a role at the organisation. */
export async function listStaff(organisationId: number) {
  return await db
    .select({ userId: users.id, username: users.username, name: people.name, roleName: roles.name, disabledAt: users.disabledAt })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
    .where(eq(roleAssignments.organisationId, organisationId))
    .orderBy(asc(roles.id), asc(people.name));
}

/** What pages show of an organisation, with its region written out and derived figures computed. */
export async function describeOrganisation(org: typeof organisations.$inferSelect) {
  return {
    id: org.id,
    name: org.name,
    type: org.type,
    typeName: organisationTypeNames[org.type],
    creditCode: org.creditCode,
    regionCode: org.regionCode,
    regionLabel: (await regionPath(org.regionCode)).map((r) => r.name).join(" / "),
    certificatePrefix:
      org.type === "training_base" && org.evaluationKind && org.evaluatorCode && org.siteCode
        ? certificateNumberPrefix({ evaluationKind: org.evaluationKind, evaluatorCode: org.evaluatorCode, provinceCode: provinceCodeOf(org.regionCode), siteCode: org.siteCode })
        : null,
    beds: org.beds,
    nursingBeds: org.nursingBeds,
  };
}
export type OrganisationView = Awaited<ReturnType<typeof describeOrganisation>>;

export type SaveProblem = { field: string; message: string };

/**
 * What the database says against an organisation's region and credit code, every problem at once; a field left out
 * (it is not well-formed yet) is not checked.
 */
export async function organisationProblemsIn(tx: DbOrTx, input: { regionCode?: string; creditCode?: string }, id?: number): Promise<SaveProblem[]> {
  const problems: SaveProblem[] = [];
  if (input.regionCode !== undefined) {
    const region = await firstRow(tx.select({ retired: regions.retired }).from(regions).where(eq(regions.code, input.regionCode)));
    if (!region) problems.push({ field: "regionCode", message: "没有这个行政区划代码" });
    // An organisation already in a retired region keeps its code; nothing new goes there.
    else if (region.retired && (!id || (await firstRow(tx.select({ regionCode: organisations.regionCode }).from(organisations).where(eq(organisations.id, id))))?.regionCode !== input.regionCode)) {
      problems.push({ field: "regionCode", message: RETIRED_REGION_MESSAGE });
    }
  }
  if (input.creditCode !== undefined) {
    const clash = await firstRow(tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.creditCode, input.creditCode)));
    if (clash && clash.id !== id) problems.push({ field: "creditCode", message: "已有机构使用该统一社会信用代码" });
  }
  return problems;
}

/** The same against the live database, for a form to report with its field errors. */
export async function organisationProblems(input: { regionCode?: string; creditCode?: string }, id?: number): Promise<SaveProblem[]> {
  return await organisationProblemsIn(db, input, id);
}

/** Creates or updates an organisation with its audit row; region and credit-code uniqueness are checked here. */
export async function saveOrganisation(input: OrganisationInput, by: Pick<AuditEvent, "userId" | "realUserId" | "ip">, id?: number): Promise<{ ok: true; id: number } | { ok: false; problems: SaveProblem[] }> {
  return await db.transaction(async (tx) => saveOrganisationIn(tx, input, by, id));
}

/** The same inside a caller's transaction (an organisation import applies all rows or none). */
export async function saveOrganisationIn(tx: DbOrTx, input: OrganisationInput, by: Pick<AuditEvent, "userId" | "realUserId" | "ip">, id?: number): Promise<{ ok: true; id: number } | { ok: false; problems: SaveProblem[] }> {
  const problems = await organisationProblemsIn(tx, input, id);
  if (problems.length > 0) return { ok: false, problems };
  const saved = id
    ? await returnedRow(tx.update(organisations).set(input).where(eq(organisations.id, id)).returning({ id: organisations.id }))
    : await returnedRow(tx.insert(organisations).values(input).returning({ id: organisations.id }));
  await writeAudit(tx, { ...by, event: id ? "organisation.updated" : "organisation.created", target: { table: "organisations", id: saved.id }, details: { name: input.name, type: input.type, regionCode: input.regionCode } });
  return { ok: true, id: saved.id };
}
