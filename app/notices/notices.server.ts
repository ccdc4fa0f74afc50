import { firstRow } from "../../db/query.ts";
import { and, asc, desc, eq, gte, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { allowanceLines, allowanceLists, allowancePolicies, allowancePolicyVersions, competitionEntries, competitionResults, competitions, organisations, regions, subsidyApplications, subsidyLists, subsidyPolicies, workers } from "../../db/schema.ts";
import type { NoticeSummary } from "./notice-parts.tsx";
import { maskHolderName } from "../../certificates/mask.ts";
import { lineCount, lineTotal } from "../allowances/lists.server.ts";
import { noticeRunning } from "../allowances/list-status.ts";
import { levelLabel, occupationNames, type SkillLevel } from "../occupations/occupations.ts";
import type { PageWindow } from "../utils/pagination.ts";

/**
 * What the public sees of allowance lists in 公示 (domain §7): masked names, amounts and reasons, never an ID
 * number or a bank account. A list is public only while its notice period runs (`noticeRunning`).
 */

const districtCode = sql<string>`substr(${organisations.regionCode}, 1, 6)`;
const districtName = sql<string>`(SELECT r.name FROM ${regions} r WHERE r.code = substr(${organisations.regionCode}, 1, 6))`;
const running = (today: string) => and(eq(allowanceLists.status, "publicised"), lte(allowanceLists.noticeStartsOn, today), gte(allowanceLists.noticeEndsOn, today));

/** Lists in 公示 today, the district's first and the newest month first; `districtCode` narrows to one district. */
export async function allowanceNoticesRunning(db: DbOrTx, today: string, filter: { districtCode?: string }, range: PageWindow) {
  return await db
    .select({
      listId: allowanceLists.id,
      districtName,
      organisationName: organisations.name,
      month: allowanceLists.month,
      policyName: allowancePolicies.name,
      payees: lineCount,
      total: lineTotal,
      noticeEndsOn: allowanceLists.noticeEndsOn,
    })
    .from(allowanceLists)
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .innerJoin(allowancePolicies, eq(allowancePolicies.id, allowanceLists.policyId))
    .where(and(running(today), filter.districtCode ? eq(districtCode, filter.districtCode) : undefined))
    .orderBy(asc(districtCode), desc(allowanceLists.month), asc(organisations.name), asc(allowanceLists.id))
    .limit(range.limit)
    .offset(range.offset);
}

/** The districts with lists in 公示 today: the region filter's choices. */
export async function districtsWithNotices(db: DbOrTx, today: string) {
  return await db
    .selectDistinct({ code: districtCode, name: districtName })
    .from(allowanceLists)
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .where(running(today))
    .orderBy(asc(districtCode));
}

/** The district civil-affairs office that takes written objections: its organisation when registered, else the district's name. */
async function objectionOffice(db: DbOrTx, regionCode: string) {
  const code = regionCode.slice(0, 6);
  const office = await firstRow(db.select({ name: organisations.name }).from(organisations).where(and(eq(organisations.type, "civil_affairs"), eq(organisations.regionCode, code))));
  if (office) return office.name;
  const region = await firstRow(db.select({ name: regions.name }).from(regions).where(eq(regions.code, code)));
  return `${region?.name ?? code}民政部门`;
}

export type PublicNoticeLine = { lineId: number; personId: number; maskedName: string; occupation: string; level: string; amount: number; reason: string };

/** One list as the public notice shows it, or null when it is not in 公示 today (the page answers 404). */
export async function allowanceNotice(db: DbOrTx, listId: number, today: string) {
  const found = await firstRow(db
    .select({ list: allowanceLists, organisation: organisations, policy: allowancePolicies, version: allowancePolicyVersions })
    .from(allowanceLists)
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .innerJoin(allowancePolicies, eq(allowancePolicies.id, allowanceLists.policyId))
    .innerJoin(allowancePolicyVersions, eq(allowancePolicyVersions.id, allowanceLists.policyVersionId))
    .where(eq(allowanceLists.id, listId)));
  if (!found || !noticeRunning(found.list, today)) return null;
  const { list, organisation, policy, version } = found;
  const lines = await db
    .select({ id: allowanceLines.id, personId: allowanceLines.personId, name: allowanceLines.name, kind: allowanceLines.kind, level: allowanceLines.level, amount: allowanceLines.amount, rule: allowanceLines.rule, occupation: workers.occupation })
    .from(allowanceLines)
    .innerJoin(workers, eq(workers.id, allowanceLines.workerId))
    .where(and(eq(allowanceLines.listId, listId), sql`${allowanceLines.excludedAt} IS NULL`))
    .orderBy(asc(allowanceLines.id));
  const district = await firstRow(db.select({ name: regions.name }).from(regions).where(eq(regions.code, organisation.regionCode.slice(0, 6))));
  return {
    listId: list.id,
    title: `${organisation.name} ${list.month} ${policy.name}发放名册`,
    organisationName: organisation.name,
    districtName: district?.name ?? organisation.regionCode.slice(0, 6),
    month: list.month,
    policyName: `${policy.name}（第 ${version.version} 版）`,
    startsOn: list.noticeStartsOn!,
    endsOn: list.noticeEndsOn!,
    office: await objectionOffice(db, organisation.regionCode),
    payees: lines.length,
    total: lines.reduce((sum, l) => sum + l.amount, 0),
    lines: lines.map(
      (l): PublicNoticeLine => ({
        lineId: l.id,
        personId: l.personId,
        maskedName: maskHolderName(l.name),
        occupation: occupationNames[l.occupation],
        level: l.kind === "adjustment" ? "调整" : l.level ? levelLabel(l.level as SkillLevel) : "—",
        amount: l.amount,
        reason: l.rule,
      }),
    ),
  };
}
export type AllowanceNotice = NonNullable<Awaited<ReturnType<typeof allowanceNotice>>>;

/** Subsidy lists in 公示 today and competition results published but not yet final: the other public notices. */
export async function otherNoticesRunning(db: DbOrTx, today: string): Promise<{ subsidies: NoticeSummary[]; competitions: NoticeSummary[] }> {
  const regionName = (code: unknown) => sql<string>`(SELECT r.name FROM ${regions} r WHERE r.code = ${code})`;
  const subsidies = await db
    .select({
      id: subsidyLists.id,
      district: regionName(subsidyLists.districtCode),
      policy: subsidyPolicies.name,
      month: subsidyLists.month,
      payees: sql<number>`count(${subsidyApplications.id})`,
      total: sql<number>`coalesce(sum(${subsidyApplications.amount}), 0)`,
      endsOn: subsidyLists.noticeEndsOn,
    })
    .from(subsidyLists)
    .innerJoin(subsidyPolicies, eq(subsidyPolicies.id, subsidyLists.policyId))
    .leftJoin(subsidyApplications, and(eq(subsidyApplications.listId, subsidyLists.id), eq(subsidyApplications.status, "pending")))
    .where(and(eq(subsidyLists.status, "publicised"), lte(subsidyLists.noticeStartsOn, today), gte(subsidyLists.noticeEndsOn, today)))
    // PostgreSQL groups strictly: the policy's name is not the list's own column.
    .groupBy(subsidyLists.id, subsidyPolicies.name)
    .orderBy(asc(subsidyLists.districtCode), desc(subsidyLists.month));
  const published = await db
    .select({
      id: competitions.id,
      region: regionName(competitions.regionCode),
      title: competitions.title,
      awarded: sql<number>`count(${competitionResults.award})`,
      total: sql<number>`coalesce(sum(${competitionResults.amount}), 0)`,
    })
    .from(competitions)
    .leftJoin(competitionEntries, eq(competitionEntries.competitionId, competitions.id))
    .leftJoin(competitionResults, eq(competitionResults.entryId, competitionEntries.id))
    .where(eq(competitions.status, "published"))
    .groupBy(competitions.id)
    .orderBy(desc(competitions.id));
  return {
    subsidies: subsidies.map((l) => ({ key: `subsidy-${l.id}`, href: `/notices/subsidies/${l.id}`, district: l.district, issuer: "区县民政部门", title: `${l.month} ${l.policy}`, payees: l.payees, total: l.total, endsOn: l.endsOn ?? "" })),
    competitions: published.map((c) => ({ key: `competition-${c.id}`, href: `/notices/competitions/${c.id}`, district: c.region, issuer: "竞赛组委会", title: `${c.title}：获奖名单`, payees: c.awarded, total: c.total, endsOn: "" })),
  };
}
