import { firstRow } from "../../db/query.ts";
import { addDays, format, parseISO } from "date-fns";
import { and, eq, gte, inArray, like, lt, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { certificates, courseCompletions, courses, indicatorTargets, organisations, people as peopleTable, populationStatistics, regions, workers } from "../../db/schema.ts";
import { regionPrefix } from "../regions/region-code.ts";
import { chinaDate, chinaMidnight } from "../utils/dates.ts";
import type { PopulationKind } from "./catalogue.ts";
import { computeIndicators, computeTrend, trainingWindowStart, trendDates, type IndicatorInput, type OrganisationFacts, type RegionFacts } from "./indicators.ts";
import { regionDisplayName, regionNameSql } from "../regions/region-name.ts";

// Elderly-care organisations, and the 社工站 whose staff count as township social workers.
const COUNTED_TYPES = ["elderly_care", "home_care", "social_work_station"] as const;
const COUNTED_POSTS = ["caregiver", "director", "social_worker"] as const;

/**
 * Everything the indicators of a region on a date (and the months before it) need, read once: the region's
 * subtree (and its ancestors, for inherited targets), its elderly-care organisations, their caregivers, directors
 * and social workers (with 社工站 staff), those people's 养老护理员 certificates issued by the date, course completions
 * in the 12 months up to it (with the course's kind), the facts their tags are read from, population statistics and targets.
 */
export async function loadIndicatorInput(db: DbOrTx, rootCode: string, date: string): Promise<IndicatorInput> {
  const prefix = `${regionPrefix(rootCode)}%`;
  const subtree: RegionFacts[] = (await db.select().from(regions).where(like(regions.code, prefix))).map((r) => ({ ...r, name: regionDisplayName(r) }));
  const ancestors: RegionFacts[] = [];
  for (let parent = subtree.find((r) => r.code === rootCode)?.parentCode ?? null; parent; ) {
    const region = await firstRow(db.select().from(regions).where(eq(regions.code, parent)));
    if (!region) break;
    ancestors.push({ ...region, name: regionDisplayName(region) });
    parent = region.parentCode;
  }
  const inRegion = and(like(organisations.regionCode, prefix), inArray(organisations.type, COUNTED_TYPES));
  const people = db.select({ personId: workers.personId }).from(workers).innerJoin(organisations, eq(organisations.id, workers.organisationId)).where(and(inRegion, inArray(workers.post, COUNTED_POSTS)));

  return {
    regions: [...subtree, ...ancestors],
    organisations: await db
      .select({ id: organisations.id, regionCode: organisations.regionCode, type: organisations.type, beds: organisations.beds, nursingBeds: organisations.nursingBeds })
      .from(organisations)
      .where(inRegion) as OrganisationFacts[],
    employments: await db
      .select({
        workerId: workers.id,
        personId: workers.personId,
        organisationId: workers.organisationId,
        post: workers.post,
        fullTime: workers.fullTime,
        hiredOn: workers.hiredOn,
        leftOn: workers.leftOn,
        // At any institution, inside the region or not: 新入职 means new to the occupation, not to this employer.
        firstHiredInOccupation: sql<string>`(SELECT min(f.hired_on) FROM ${workers} f WHERE f.person_id = ${workers.personId} AND f.occupation = ${workers.occupation})`,
      })
      .from(workers)
      .innerJoin(organisations, eq(organisations.id, workers.organisationId))
      .where(and(inRegion, inArray(workers.post, COUNTED_POSTS))),
    certificates: await db
      .select({
        personId: certificates.personId,
        kind: certificates.kind,
        occupation: certificates.occupation,
        level: certificates.level,
        issuedOn: certificates.issuedOn,
        source: certificates.source,
        verifiedAt: certificates.verifiedAt,
        revokedAt: certificates.revokedAt,
      })
      .from(certificates)
      .where(and(eq(certificates.occupation, "elderly_caregiver"), eq(certificates.kind, "skill_level"), lte(certificates.issuedOn, date), inArray(certificates.personId, people))),
    completions: (await db
      .select({ personId: courseCompletions.personId, completedAt: courseCompletions.completedAt, occupation: courses.occupation, audience: courses.audience })
      .from(courseCompletions)
      .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
      .where(and(gte(courseCompletions.completedAt, chinaMidnight(trainingWindowStart(date))), lt(courseCompletions.completedAt, chinaMidnight(format(addDays(parseISO(date), 1), "yyyy-MM-dd"))), inArray(courseCompletions.personId, people))))
      .map(({ completedAt, ...c }) => ({ ...c, completedOn: chinaDate(completedAt) })),
    people: await db
      .select({ personId: peopleTable.id, gender: peopleTable.gender, birthDate: peopleTable.birthDate, jobSeekerOn: peopleTable.jobSeekerOn })
      .from(peopleTable)
      .where(inArray(peopleTable.id, people)),
    population: await db.select().from(populationStatistics).where(like(populationStatistics.regionCode, prefix)),
    targets: await db
      .select()
      .from(indicatorTargets)
      .where(or(like(indicatorTargets.regionCode, prefix), inArray(indicatorTargets.regionCode, ancestors.length > 0 ? ancestors.map((a) => a.code) : [""]))),
  };
}

/** The dashboard's and the exports' figures: the region with its whole subtree, and two years of monthly trend. */
export async function indicatorReport(db: DbOrTx, query: { code: string; date: string; population: PopulationKind }) {
  const input = await loadIndicatorInput(db, query.code, query.date);
  return {
    indicators: computeIndicators(input, { root: query.code, date: query.date, population: query.population }),
    trend: computeTrend(input, { root: query.code, dates: trendDates(query.date), population: query.population }),
  };
}

/** Regions at the given levels that have population statistics: where a system-wide user can start. */
export async function regionsWithPopulation(db: DbOrTx, levels: RegionFacts["level"][]) {
  return await db
    .selectDistinct({ code: regions.code, name: regionNameSql })
    .from(regions)
    .innerJoin(populationStatistics, eq(populationStatistics.regionCode, regions.code))
    .where(inArray(regions.level, levels))
    .orderBy(regions.code);
}
