import { addDays, endOfMonth, format, parseISO, subMonths } from "date-fns";
import { highestValidLevel, type CertificateFacts } from "../../certificates/status.ts";
import { courseCountsForPost, type CourseKind } from "../learning/course-audience.ts";
import { regionContains } from "../regions/region-code.ts";
import { is4050, isNewEntrant, type JobSeekerFacts } from "../workforce/tags.ts";
import type { IndicatorKey, PopulationKind } from "./catalogue.ts";

/**
 * The workforce indicators as pure functions over plain rows (loaded once per request by indicators.server.ts):
 * no database, no clock. Counts are attributed to the region of an organisation and summed up the tree, so a
 * region's count always equals its own direct figure plus the sum of its children's.
 */

export type RegionLevel = "province" | "city" | "district" | "township";
export type RegionFacts = { code: string; name: string; level: RegionLevel; parentCode: string | null };
/**
 * Elderly-care organisations (institutions with beds, home-care organisations) and the townships' 社工站, whose
 * staff count only as township social workers.
 */
export type OrganisationFacts = { id: number; regionCode: string; type: "elderly_care" | "home_care" | "social_work_station"; beds: number | null; nursingBeds: number | null };
export type EmploymentFacts = {
  workerId: number;
  personId: number;
  organisationId: number;
  post: "caregiver" | "director" | "nurse" | "social_worker" | "other";
  fullTime: boolean;
  hiredOn: string;
  leftOn: string | null;
  /** The person's earliest hire in this employment's occupation at any institution (新入职 is read from it). */
  firstHiredInOccupation: string;
};
export type PersonFacts = JobSeekerFacts & { personId: number };
export type PersonCertificate = CertificateFacts & { personId: number };
/** A completed course, with what kind of course it was: only some kinds count for a post's training rate. */
export type CompletionFacts = { personId: number; completedOn: string } & CourseKind;
export type PopulationFacts = { regionCode: string; year: number; elderlyResidents: number; elderlyRegistered: number; residents: number };
export type TargetFacts = { regionCode: string; indicator: IndicatorKey; year: number; value: number; basis: string | null };

export type IndicatorInput = {
  /** The root's subtree and its ancestors (ancestors lend their targets). */
  regions: RegionFacts[];
  organisations: OrganisationFacts[];
  employments: EmploymentFacts[];
  certificates: PersonCertificate[];
  completions: CompletionFacts[];
  /** The counted people's gender, birth date and job-seeker registration ("4050"). */
  people: PersonFacts[];
  population: PopulationFacts[];
  targets: TargetFacts[];
};

export type ResolvedTarget = { year: number; value: number; regionCode: string; basis: string | null };
export type FigureStatus = "met" | "behind" | "no_target" | "no_data";
/** One indicator of one region: value (null when it cannot be computed), the numbers behind it, target, status, gap. */
export type Figure = { value: number | null; numerator: number; denominator: number; target: ResolvedTarget | null; status: FigureStatus; gap: number | null };

export type RegionIndicators = {
  code: string;
  name: string;
  level: RegionLevel;
  date: string;
  population: PopulationKind;
  populationYear: number | null;
  elderly: number | null;
  certifiedCaregivers: number;
  level3Plus: number;
  figures: Record<IndicatorKey, Figure>;
  children: RegionIndicators[];
};

export function employedOn(e: Pick<EmploymentFacts, "hiredOn" | "leftOn">, date: string): boolean {
  return e.hiredOn <= date && (e.leftOn === null || date < e.leftOn);
}

/** Each person's matching employments, earliest hired first (then the first registered): built once, read per date. */
function employmentsByPerson(employments: EmploymentFacts[], matches: (e: EmploymentFacts) => boolean): EmploymentFacts[][] {
  const byPerson = new Map<number, EmploymentFacts[]>();
  for (const e of employments) {
    if (!matches(e)) continue;
    const jobs = byPerson.get(e.personId);
    if (jobs) jobs.push(e);
    else byPerson.set(e.personId, [e]);
  }
  const people = [...byPerson.values()];
  for (const jobs of people) if (jobs.length > 1) jobs.sort((a, b) => (a.hiredOn < b.hiredOn ? -1 : a.hiredOn > b.hiredOn ? 1 : a.workerId - b.workerId));
  return people;
}

/**
 * The one employment each person is counted by on the date: the earliest hired of those they hold that day.
 * A person working in two institutions, or two districts, is counted once, in that one's region.
 */
function primaryEmployment(jobs: EmploymentFacts[], date: string): EmploymentFacts | undefined {
  for (const e of jobs) if (employedOn(e, date)) return e;
  return undefined;
}

/** The first day of the 12-month training window ending on the date (inclusive): 2026-11-30 → 2025-12-01. */
export function trainingWindowStart(date: string): string {
  return format(addDays(subMonths(parseISO(date), 12), 1), "yyyy-MM-dd");
}

/** The latest statistics not after the date's year, or null. */
export function populationFor(rows: PopulationFacts[], date: string): PopulationFacts | null {
  const year = Number(date.slice(0, 4));
  let best: PopulationFacts | null = null;
  for (const r of rows) if (r.year <= year && (!best || r.year > best.year)) best = r;
  return best;
}

/** The milestone due next (the smallest year not before the date's year), or the last one once all have passed. */
export function targetFor(rows: TargetFacts[], date: string): ResolvedTarget | null {
  const year = Number(date.slice(0, 4));
  let next: TargetFacts | null = null;
  let last: TargetFacts | null = null;
  for (const r of rows) {
    if (r.year >= year && (!next || r.year < next.year)) next = r;
    if (!last || r.year > last.year) last = r;
  }
  const t = next ?? last;
  return t ? { year: t.year, value: t.value, regionCode: t.regionCode, basis: t.basis } : null;
}

// ── Figures: each compares integers, so a boundary is never lost to floating point. ──

const ceilDiv = (a: number, b: number) => Math.ceil(a / b);

function withTarget(value: number, numerator: number, denominator: number, target: ResolvedTarget | null, assess: (t: number) => { met: boolean; gap: number }): Figure {
  if (!target) return { value, numerator, denominator, target, status: "no_target", gap: null };
  const { met, gap } = assess(target.value);
  return { value, numerator, denominator, target, status: met ? "met" : "behind", gap: met ? 0 : gap };
}

/** Certified caregivers per 10,000 elderly: numerator people, denominator elderly. */
export function per10kFigure(certified: number, elderly: number | null, target: ResolvedTarget | null): Figure {
  if (!elderly) return { value: null, numerator: certified, denominator: 0, target, status: "no_data", gap: null };
  return withTarget((certified * 10_000) / elderly, certified, elderly, target, (t) => ({
    met: certified * 10_000 >= t * elderly,
    gap: ceilDiv(t * elderly, 10_000) - certified,
  }));
}

/** A share in percent of people or beds that must reach at least the target percent. */
export function shareFigure(part: number, whole: number, target: ResolvedTarget | null): Figure {
  if (whole === 0) return { value: null, numerator: part, denominator: 0, target, status: "no_data", gap: null };
  return withTarget((part * 100) / whole, part, whole, target, (t) => ({ met: part * 100 >= t * whole, gap: ceilDiv(t * whole, 100) - part }));
}

/** Beds per social worker, at most the target; with beds and no social worker the ratio is unbounded (behind). */
export function bedsPerSocialWorkerFigure(beds: number, socialWorkers: number, target: ResolvedTarget | null): Figure {
  if (beds === 0) return { value: null, numerator: 0, denominator: socialWorkers, target, status: "no_data", gap: null };
  const value = socialWorkers === 0 ? null : beds / socialWorkers;
  if (!target) return { value, numerator: beds, denominator: socialWorkers, target, status: "no_target", gap: null };
  const met = beds <= target.value * socialWorkers;
  return { value, numerator: beds, denominator: socialWorkers, target, status: met ? "met" : "behind", gap: met ? 0 : ceilDiv(beds, target.value) - socialWorkers };
}

/**
 * Units (townships, home-care organisations) with at least one social worker, of all; the target is people per
 * unit, and the gap adds up every unit's shortfall.
 */
export function coverageFigure(socialWorkersPerUnit: number[], target: ResolvedTarget | null): Figure {
  const covered = socialWorkersPerUnit.filter((n) => n > 0).length;
  const total = socialWorkersPerUnit.length;
  if (total === 0) return { value: null, numerator: 0, denominator: 0, target, status: "no_data", gap: null };
  if (!target) return { value: covered, numerator: covered, denominator: total, target, status: "no_target", gap: null };
  const gap = socialWorkersPerUnit.reduce((sum, n) => sum + Math.max(0, target.value - n), 0);
  return { value: covered, numerator: covered, denominator: total, target, status: gap === 0 ? "met" : "behind", gap };
}

// ── The tree ──

type Counts = {
  certified: number;
  level3Plus: number;
  caregivers: number;
  caregiversTrained: number;
  newEntrants: number;
  newEntrantsTrained: number;
  jobSeekers4050: number;
  jobSeekers4050Trained: number;
  directors: number;
  directorsTrained: number;
  socialWorkers: number;
  beds: number;
  nursingBeds: number;
};
const zero = (): Counts => ({
  certified: 0,
  level3Plus: 0,
  caregivers: 0,
  caregiversTrained: 0,
  newEntrants: 0,
  newEntrantsTrained: 0,
  jobSeekers4050: 0,
  jobSeekers4050Trained: 0,
  directors: 0,
  directorsTrained: 0,
  socialWorkers: 0,
  beds: 0,
  nursingBeds: 0,
});

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Indexes built once per input, shared by every date a trend asks for. */
function indexInput(input: IndicatorInput) {
  const organisations = new Map(input.organisations.map((o) => [o.id, o]));
  const typeOf = (e: EmploymentFacts) => organisations.get(e.organisationId)?.type;
  const elderlyCare = (e: EmploymentFacts) => typeOf(e) === "elderly_care" || typeOf(e) === "home_care";
  return {
    organisations,
    // 养老护理员 in any elderly-care organisation; 院长 and bed-ratio social workers of institutions only;
    // township social workers in any of them or in a 社工站.
    caregivers: employmentsByPerson(input.employments, (e) => e.post === "caregiver" && elderlyCare(e)),
    directors: employmentsByPerson(input.employments, (e) => e.post === "director" && typeOf(e) === "elderly_care"),
    institutionSocialWorkers: employmentsByPerson(input.employments, (e) => e.post === "social_worker" && typeOf(e) === "elderly_care"),
    fullTimeSocialWorkers: employmentsByPerson(input.employments, (e) => e.post === "social_worker" && e.fullTime && typeOf(e) !== undefined),
    // Per organisation, not per person: a social worker on two home-care organisations' rosters staffs both.
    homeCareSocialWorkers: input.employments.filter((e) => e.post === "social_worker" && typeOf(e) === "home_care"),
    certificates: groupBy(input.certificates, (c) => c.personId),
    completions: groupBy(input.completions, (c) => c.personId),
    people: new Map(input.people.map((p) => [p.personId, p])),
    population: groupBy(input.population, (p) => p.regionCode),
    targets: groupBy(input.targets, (t) => `${t.regionCode}|${t.indicator}`),
    regions: new Map(input.regions.map((r) => [r.code, r])),
  };
}
type Index = ReturnType<typeof indexInput>;

/** A course that counts for the post completed in the window. */
function trainedWithin(index: Index, post: "director" | "caregiver", personId: number, from: string, to: string): boolean {
  const list = index.completions.get(personId);
  return !!list && list.some((c) => c.completedOn >= from && c.completedOn <= to && courseCountsForPost(post, c));
}

/** Every count attributed to the region code of the organisation of each person's primary employment. */
function countsByRegion(input: IndicatorInput, index: Index, date: string) {
  const own = new Map<string, Counts>();
  const at = (regionCode: string) => {
    let c = own.get(regionCode);
    if (!c) own.set(regionCode, (c = zero()));
    return c;
  };
  const orgOf = (e: EmploymentFacts) => index.organisations.get(e.organisationId)!;
  const windowStart = trainingWindowStart(date);

  for (const jobs of index.caregivers) {
    const e = primaryEmployment(jobs, date);
    if (!e) continue;
    const c = at(orgOf(e).regionCode);
    c.caregivers++;
    const trained = trainedWithin(index, "caregiver", e.personId, windowStart, date);
    if (trained) c.caregiversTrained++;
    if (isNewEntrant(e.firstHiredInOccupation, date)) {
      c.newEntrants++;
      if (trained) c.newEntrantsTrained++;
    }
    const person = index.people.get(e.personId);
    if (person && is4050(person, date)) {
      c.jobSeekers4050++;
      if (trained) c.jobSeekers4050Trained++;
    }
    const level = highestValidLevel(index.certificates.get(e.personId) ?? [], "elderly_caregiver", date);
    if (level !== null) {
      c.certified++;
      if (level <= 3) c.level3Plus++;
    }
  }
  for (const jobs of index.directors) {
    const e = primaryEmployment(jobs, date);
    if (!e) continue;
    const c = at(orgOf(e).regionCode);
    c.directors++;
    if (trainedWithin(index, "director", e.personId, windowStart, date)) c.directorsTrained++;
  }
  for (const jobs of index.institutionSocialWorkers) {
    const e = primaryEmployment(jobs, date);
    if (e) at(orgOf(e).regionCode).socialWorkers++;
  }
  for (const o of input.organisations) {
    if (o.type !== "elderly_care") continue;
    const c = at(o.regionCode);
    c.beds += o.beds ?? 0;
    c.nursingBeds += o.nursingBeds ?? 0;
  }
  const fullTime = new Map<string, number>();
  for (const jobs of index.fullTimeSocialWorkers) {
    const e = primaryEmployment(jobs, date);
    if (!e) continue;
    const code = orgOf(e).regionCode;
    fullTime.set(code, (fullTime.get(code) ?? 0) + 1);
  }
  const homeCare = new Map<number, number>();
  for (const o of input.organisations) if (o.type === "home_care") homeCare.set(o.id, 0);
  for (const e of index.homeCareSocialWorkers) if (employedOn(e, date)) homeCare.set(e.organisationId, homeCare.get(e.organisationId)! + 1);
  return { own, fullTime, homeCare };
}

function resolveTarget(index: Index, code: string, indicator: IndicatorKey, date: string): ResolvedTarget | null {
  for (let region = index.regions.get(code); region; region = region.parentCode ? index.regions.get(region.parentCode) : undefined) {
    const rows = index.targets.get(`${region.code}|${indicator}`);
    if (rows) return targetFor(rows, date);
  }
  return null;
}

/** Children of each region inside the root's subtree (ancestors are loaded only for their targets); a region whose parent was not loaded hangs from the root. */
function childrenOf(input: IndicatorInput, root: string) {
  const known = new Set(input.regions.map((r) => r.code));
  const children = new Map<string, RegionFacts[]>();
  for (const r of input.regions) {
    if (r.code === root || !regionContains(root, r.code)) continue;
    const parent = r.parentCode && known.has(r.parentCode) ? r.parentCode : root;
    const list = children.get(parent);
    if (list) list.push(r);
    else children.set(parent, [r]);
  }
  for (const list of children.values()) list.sort((a, b) => (a.code < b.code ? -1 : 1));
  return children;
}

export type IndicatorQuery = { root: string; date: string; population: PopulationKind };

/** The root region and every region below it, each with its figures, as of the date. */
export function computeIndicators(input: IndicatorInput, query: IndicatorQuery): RegionIndicators {
  const index = indexInput(input);
  const rootRegion = index.regions.get(query.root);
  if (!rootRegion) throw new Error(`region ${query.root} not in the input`);
  const children = childrenOf(input, query.root);
  const { own, fullTime, homeCare } = countsByRegion(input, index, query.date);
  const homeCareByRegion = groupBy(
    input.organisations.filter((o) => o.type === "home_care"),
    (o) => o.regionCode,
  );

  const build = (region: RegionFacts): { result: RegionIndicators; totals: Counts; townships: number[]; homeCare: number[] } => {
    const totals = { ...(own.get(region.code) ?? zero()) };
    const townships: number[] = region.level === "township" ? [fullTime.get(region.code) ?? 0] : [];
    const homeCareHere = (homeCareByRegion.get(region.code) ?? []).map((o) => homeCare.get(o.id)!);
    const built = (children.get(region.code) ?? []).map(build);
    for (const child of built) {
      for (const k of Object.keys(totals) as Array<keyof Counts>) totals[k] += child.totals[k];
      townships.push(...child.townships);
      homeCareHere.push(...child.homeCare);
    }
    const stats = populationFor(index.population.get(region.code) ?? [], query.date);
    const elderly = stats ? (query.population === "resident" ? stats.elderlyResidents : stats.elderlyRegistered) : null;
    const target = (k: IndicatorKey) => resolveTarget(index, region.code, k, query.date);
    return {
      totals,
      townships,
      homeCare: homeCareHere,
      result: {
        code: region.code,
        name: region.name,
        level: region.level,
        date: query.date,
        population: query.population,
        populationYear: stats?.year ?? null,
        elderly,
        certifiedCaregivers: totals.certified,
        level3Plus: totals.level3Plus,
        figures: {
          per10kElderly: per10kFigure(totals.certified, elderly, target("per10kElderly")),
          level3PlusShare: shareFigure(totals.level3Plus, totals.certified, target("level3PlusShare")),
          directorTrainingRate: shareFigure(totals.directorsTrained, totals.directors, target("directorTrainingRate")),
          caregiverTrainingRate: shareFigure(totals.caregiversTrained, totals.caregivers, target("caregiverTrainingRate")),
          caregiverTrainingRateNewEntrants: shareFigure(totals.newEntrantsTrained, totals.newEntrants, target("caregiverTrainingRateNewEntrants")),
          caregiverTrainingRate4050: shareFigure(totals.jobSeekers4050Trained, totals.jobSeekers4050, target("caregiverTrainingRate4050")),
          bedsPerSocialWorker: bedsPerSocialWorkerFigure(totals.beds, totals.socialWorkers, target("bedsPerSocialWorker")),
          townshipSocialWorkers: coverageFigure(townships, target("townshipSocialWorkers")),
          homeCareSocialWorkers: coverageFigure(homeCareHere, target("homeCareSocialWorkers")),
          nursingBedShare: shareFigure(totals.nursingBeds, totals.beds, target("nursingBedShare")),
        },
        children: built.map((b) => b.result),
      },
    };
  };
  return build(rootRegion).result;
}

export type TrendPoint = { month: string; date: string; certifiedCaregivers: number; populationYear: number | null; per10k: Figure; level3PlusShare: Figure };

/** Month ends of the 23 months before the date, then the date itself: two years of monthly points. */
export function trendDates(date: string): string[] {
  const end = parseISO(date);
  const dates = Array.from({ length: 23 }, (_, i) => format(endOfMonth(subMonths(end, 23 - i)), "yyyy-MM-dd"));
  return [...dates, date];
}

/** Certified caregivers of the whole root region per 10,000 elderly and at 三级+ on each date. */
export function computeTrend(input: IndicatorInput, query: Omit<IndicatorQuery, "date"> & { dates: string[] }): TrendPoint[] {
  const index = indexInput(input);
  // Only people who ever held a certificate can be counted on any date.
  const candidates = index.caregivers.filter((jobs) => index.certificates.has(jobs[0]!.personId));
  return query.dates.map((date) => {
    let certified = 0;
    let level3Plus = 0;
    for (const jobs of candidates) {
      const e = primaryEmployment(jobs, date);
      if (!e) continue;
      const level = highestValidLevel(index.certificates.get(e.personId) ?? [], "elderly_caregiver", date);
      if (level === null) continue;
      certified++;
      if (level <= 3) level3Plus++;
    }
    const stats = populationFor(index.population.get(query.root) ?? [], date);
    const elderly = stats ? (query.population === "resident" ? stats.elderlyResidents : stats.elderlyRegistered) : null;
    return {
      month: date.slice(0, 7),
      date,
      certifiedCaregivers: certified,
      populationYear: stats?.year ?? null,
      per10k: per10kFigure(certified, elderly, resolveTarget(index, query.root, "per10kElderly", date)),
      level3PlusShare: shareFigure(level3Plus, certified, resolveTarget(index, query.root, "level3PlusShare", date)),
    };
  });
}
