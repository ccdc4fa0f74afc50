import { describe, expect, it } from "vitest";
import { indicatorKeys } from "../../app/indicators/catalogue.ts";
import { planTargets } from "../../app/indicators/target-defaults.ts";
import {
  bedsPerSocialWorkerFigure,
  computeIndicators,
  computeTrend,
  employedOn,
  per10kFigure,
  populationFor,
  shareFigure,
  targetFor,
  coverageFigure,
  trainingWindowStart,
  trendDates,
  type CompletionFacts,
  type EmploymentFacts,
  type IndicatorInput,
  type PersonCertificate,
  type RegionIndicators,
  type TargetFacts,
} from "../../app/indicators/indicators.ts";
import { courseCountsForPost } from "../../app/learning/course-audience.ts";
import { ageOn, bornBy, is4050, isNewEntrant } from "../../app/workforce/tags.ts";

const ON = "2026-06-30";
const target = (value: number, year = 2025) => ({ year, value, regionCode: "330000", basis: null });

describe("employment, windows, population year and target milestone", () => {
  it.each([
    [{ hiredOn: ON, leftOn: null }, true],
    [{ hiredOn: "2026-07-01", leftOn: null }, false],
    [{ hiredOn: "2020-01-01", leftOn: ON }, false],
    [{ hiredOn: "2020-01-01", leftOn: "2026-07-01" }, true],
  ])("employed on %j: %s", (e, employed) => expect(employedOn(e, ON)).toBe(employed));

  it.each([
    ["2026-06-30", "2025-07-01"],
    ["2026-11-30", "2025-12-01"],
    ["2026-03-31", "2025-04-01"],
    ["2024-02-29", "2023-03-01"],
  ])("the 12 months up to %s start on %s", (date, start) => expect(trainingWindowStart(date)).toBe(start));

  const stats = [2023, 2025].map((year) => ({ regionCode: "330500", year, elderlyResidents: year, elderlyRegistered: year, residents: year * 4 }));
  it.each([
    ["2022-12-31", null],
    ["2023-01-01", 2023],
    ["2024-06-30", 2023],
    ["2025-01-01", 2025],
    ["2030-01-01", 2025],
  ])("population on %s comes from year %s", (date, year) => expect(populationFor(stats, date)?.year ?? null).toBe(year));

  const milestones: TargetFacts[] = [
    { regionCode: "330500", indicator: "per10kElderly", year: 2022, value: 26, basis: null },
    { regionCode: "330500", indicator: "per10kElderly", year: 2025, value: 30, basis: null },
  ];
  it.each([
    ["2021-05-01", 2022, 26],
    ["2022-12-31", 2022, 26],
    ["2023-01-01", 2025, 30],
    ["2025-12-31", 2025, 30],
    ["2026-01-01", 2025, 30],
  ])("on %s the target due is %s's %s", (date, year, value) => expect(targetFor(milestones, date)).toMatchObject({ year, value }));
});

describe("figures: status and gap at every boundary", () => {
  it.each([
    // certified, elderly, target, status, gap
    [26, 10_000, 26, "met", 0],
    [25, 10_000, 26, "behind", 1],
    [0, 21_000, 30, "behind", 63],
    [62, 20_999, 30, "behind", 1], // 30 × 20,999 / 10,000 = 62.997 → 63 people needed
    [63, 20_999, 30, "met", 0],
  ])("%s certified for %s elderly against %s per 10,000: %s, gap %s", (certified, elderly, t, status, gap) => {
    expect(per10kFigure(certified, elderly, target(t))).toMatchObject({ status, gap, value: (certified * 10_000) / elderly });
  });

  it("has no per-10,000 figure without population, and no status without a target", () => {
    expect(per10kFigure(5, null, target(30))).toMatchObject({ value: null, status: "no_data", gap: null });
    expect(per10kFigure(5, 10_000, null)).toMatchObject({ value: 5, status: "no_target", gap: null });
  });

  it.each([
    [3, 20, 15, "met", 0],
    [2, 20, 15, "behind", 1],
    [0, 7, 100, "behind", 7],
    [7, 7, 100, "met", 0],
    [90, 160, 60, "behind", 6],
  ])("share %s of %s against %s%%: %s, gap %s", (part, whole, t, status, gap) => {
    expect(shareFigure(part, whole, target(t))).toMatchObject({ status, gap });
  });

  it.each([
    [120, 2, 60, 60, "met", 0],
    [121, 2, 60, 60.5, "behind", 1],
    [100, 0, 60, null, "behind", 2],
  ])("%s beds, %s social workers, at most %s per worker: %s", (beds, workers, t, value, status, gap) => {
    expect(bedsPerSocialWorkerFigure(beds, workers, target(t))).toMatchObject({ value, status, gap });
  });

  it("counts every township's (or home-care organisation's) shortfall", () => {
    expect(coverageFigure([2, 0, 0], target(1))).toMatchObject({ value: 1, numerator: 1, denominator: 3, status: "behind", gap: 2 });
    expect(coverageFigure([1, 1], target(1))).toMatchObject({ status: "met", gap: 0 });
    expect(coverageFigure([3, 1], target(2))).toMatchObject({ status: "behind", gap: 1 });
    expect(coverageFigure([0], null)).toMatchObject({ value: 0, numerator: 0, denominator: 1, status: "no_target", gap: null });
    expect(coverageFigure([], target(1))).toMatchObject({ status: "no_data" });
  });
});

describe("which courses count for a post's training rate", () => {
  it.each([
    ["director", "elderly_caregiver", "director", true],
    ["director", "elderly_caregiver", null, false], // a caregiver level course
    ["director", "elderly_caregiver", "continuing_education", false],
    ["director", "family_caregiver", null, false],
    ["caregiver", "elderly_caregiver", null, true],
    ["caregiver", "elderly_caregiver", "continuing_education", true],
    ["caregiver", "elderly_caregiver", "director", false],
    ["caregiver", "elderly_caregiver", "social_worker", false],
    ["caregiver", "infant_caregiver", null, false], // 育婴员
    ["caregiver", "family_caregiver", null, false], // 家庭照护者
    ["caregiver", "capability_assessor", null, false],
  ] as const)("%s, a %s course for %s: %s", (post, occupation, audience, counts) => {
    expect(courseCountsForPost(post, { occupation, audience })).toBe(counts);
  });
});

describe("tags for targeted training", () => {
  it.each([
    ["1986-06-30", "2026-06-30", 40],
    ["1986-07-01", "2026-06-30", 39],
    ["1976-12-31", "2026-12-31", 50],
    ["1984-02-29", "2024-02-28", 39],
    ["1984-02-29", "2024-02-29", 40],
    ["1984-02-29", "2025-02-28", 40],
    ["1984-02-29", "2025-03-01", 41],
  ])("born %s, on %s: %s years old", (birth, date, age) => {
    expect(ageOn(birth, date)).toBe(age);
    // The rosters' SQL filter compares with bornBy: the same answer at the boundary.
    expect(birth <= bornBy(date, age)).toBe(true);
    expect(birth <= bornBy(date, age + 1)).toBe(false);
  });

  it.each([
    [null, ON, false],
    ["2026-06-30", ON, true], // hired on the date
    ["2025-07-01", ON, true], // the year's last day
    ["2025-06-30", ON, false], // a year ago to the day
    ["2026-07-01", ON, false], // not yet hired
    ["2024-02-29", "2025-02-28", true],
    ["2024-02-29", "2025-03-01", false],
  ])("first hired in the occupation %s, on %s: new entrant %s", (first, date, tagged) => expect(isNewEntrant(first, date)).toBe(tagged));

  it.each([
    ["female", "1986-06-30", "2025-01-01", true], // 40 on the date
    ["female", "1986-07-01", "2025-01-01", false], // 39
    ["male", "1976-06-30", "2025-01-01", true], // 50
    ["male", "1976-07-01", "2025-01-01", false], // 49
    ["male", "1960-01-01", null, false], // not registered as a job seeker
    ["female", "1960-01-01", "2026-07-01", false], // registered after the date
    ["female", "1960-01-01", ON, true], // registered on the date
  ] as const)("%s born %s, job seeker since %s: 4050 %s", (gender, birthDate, jobSeekerOn, tagged) => {
    expect(is4050({ gender, birthDate, jobSeekerOn }, ON)).toBe(tagged);
  });
});

/**
 * A hand-built city: 湖州市 with 长兴县 (雉城街道 T1, 画溪街道 T2) and 吴兴区 (月河街道 T3).
 * Expected figures below are worked out by hand from these rows.
 */
const T1 = "330522001";
const T2 = "330522002";
const T3 = "330502001";
const verified = new Date("2020-01-01T10:00:00+08:00");
const cert = (personId: number, level: number, extra: Partial<PersonCertificate> = {}): PersonCertificate => ({
  personId,
  kind: "skill_level",
  occupation: "elderly_caregiver",
  level,
  issuedOn: "2019-06-01",
  source: "external",
  verifiedAt: verified,
  revokedAt: null,
  ...extra,
});
let workerId = 0;
const job = (personId: number, organisationId: number, post: EmploymentFacts["post"], extra: Partial<EmploymentFacts> = {}): EmploymentFacts => ({
  workerId: ++workerId,
  personId,
  organisationId,
  post,
  fullTime: true,
  hiredOn: extra.hiredOn ?? "2020-01-01",
  leftOn: null,
  firstHiredInOccupation: extra.hiredOn ?? "2020-01-01",
  ...extra,
});
const course = (personId: number, completedOn: string, occupation: CompletionFacts["occupation"] = "elderly_caregiver", audience: CompletionFacts["audience"] = null): CompletionFacts => ({
  personId,
  completedOn,
  occupation,
  audience,
});

const city: IndicatorInput = {
  regions: [
    { code: "330000", name: "浙江省", level: "province", parentCode: null },
    { code: "330500", name: "湖州市", level: "city", parentCode: "330000" },
    { code: "330522", name: "长兴县", level: "district", parentCode: "330500" },
    { code: "330502", name: "吴兴区", level: "district", parentCode: "330500" },
    { code: T1, name: "雉城街道", level: "township", parentCode: "330522" },
    { code: T2, name: "画溪街道", level: "township", parentCode: "330522" },
    { code: T3, name: "月河街道", level: "township", parentCode: "330502" },
  ],
  organisations: [
    { id: 1, regionCode: T1, type: "elderly_care", beds: 100, nursingBeds: 50 },
    { id: 2, regionCode: T2, type: "elderly_care", beds: 60, nursingBeds: 40 },
    { id: 3, regionCode: T3, type: "elderly_care", beds: 90, nursingBeds: 60 },
    { id: 4, regionCode: T1, type: "home_care", beds: null, nursingBeds: null },
    { id: 5, regionCode: T3, type: "social_work_station", beds: null, nursingBeds: null },
    { id: 6, regionCode: T2, type: "home_care", beds: null, nursingBeds: null },
  ],
  employments: [
    job(1, 1, "caregiver"), // 五级
    job(2, 1, "caregiver"), // two certificates: 四级 and 三级 → counted once, at 三级
    job(3, 2, "caregiver", { hiredOn: "2025-07-01" }), // 三级 revoked, 五级 valid → 五级; new entrant, trained
    job(4, 2, "caregiver", { hiredOn: "2026-01-01", firstHiredInOccupation: "2019-05-01" }), // external 二级 never confirmed → not certified; a caregiver elsewhere since 2019
    job(9, 3, "caregiver", { hiredOn: "2025-09-01" }), // certificate issued after the date; new entrant, not trained
    job(5, 3, "caregiver", { leftOn: "2026-05-01" }), // left before the date
    job(6, 1, "caregiver", { hiredOn: "2018-03-01" }), // also at 吴兴区's institution below: counted once, in 长兴县
    job(6, 3, "caregiver", { hiredOn: "2021-09-01" }),
    job(7, 4, "caregiver"), // home-care organisation, 一级
    job(8, 3, "caregiver", { hiredOn: "2026-07-01" }), // not yet hired
    job(10, 1, "director"),
    job(11, 3, "director"),
    job(12, 4, "director"), // home-care: not a 养老院院长
    job(13, 1, "social_worker"),
    job(14, 4, "social_worker"), // covers T1 but staffs no institution beds
    job(15, 3, "social_worker", { fullTime: false }),
    job(16, 1, "nurse"),
    job(17, 5, "social_worker"), // 社工站 in T3: a township social worker, not an institution's
    job(18, 5, "caregiver"), // a 社工站 is not an elderly-care organisation: not a caregiver
  ],
  certificates: [
    cert(1, 5),
    cert(2, 4),
    cert(2, 3, { issuedOn: "2024-05-01" }),
    cert(3, 3, { revokedAt: new Date("2026-03-01T09:00:00+08:00") }),
    cert(3, 5),
    cert(4, 2, { verifiedAt: null }),
    cert(5, 3),
    cert(6, 2),
    cert(7, 1),
    cert(9, 4, { issuedOn: "2026-07-01" }),
    cert(16, 3), // a nurse's caregiver certificate: not a caregiver
    cert(1, 3, { occupation: "capability_assessor" }), // another occupation's level
  ],
  completions: [
    course(1, "2026-01-10"),
    course(2, "2025-06-30"), // the day before the window
    course(3, "2025-07-01"), // the window's first day
    course(4, "2026-03-01", "infant_caregiver"), // 育婴员: does not count for a caregiver
    course(6, ON, "elderly_caregiver", "continuing_education"),
    course(7, "2026-03-01", "family_caregiver"), // 家庭照护者: does not count
    course(9, "2026-07-01"), // after the date
    course(10, "2026-02-01", "elderly_caregiver", "director"),
    course(11, "2026-02-01"), // a caregiver course: does not count for a director
  ],
  people: [
    { personId: 1, gender: "female", birthDate: "1986-06-30", jobSeekerOn: "2025-03-01" }, // 40 on the date: 4050, trained
    { personId: 2, gender: "female", birthDate: "1986-07-01", jobSeekerOn: "2025-03-01" }, // 39
    { personId: 3, gender: "female", birthDate: "1960-01-01", jobSeekerOn: "2026-07-01" }, // registered after the date
    { personId: 4, gender: "female", birthDate: "1970-01-01", jobSeekerOn: null },
    { personId: 6, gender: "male", birthDate: "1976-06-30", jobSeekerOn: ON }, // 50 on the date: 4050, trained
    { personId: 7, gender: "male", birthDate: "1980-01-01", jobSeekerOn: "2024-01-01" }, // 46
  ],
  population: [
    { regionCode: "330500", year: 2024, elderlyResidents: 20_000, elderlyRegistered: 25_000, residents: 80_000 },
    { regionCode: "330500", year: 2025, elderlyResidents: 21_000, elderlyRegistered: 26_000, residents: 84_000 },
    { regionCode: "330500", year: 2027, elderlyResidents: 30_000, elderlyRegistered: 30_000, residents: 90_000 },
    { regionCode: "330522", year: 2023, elderlyResidents: 8_000, elderlyRegistered: 9_000, residents: 32_000 },
  ],
  targets: [
    { regionCode: "330000", indicator: "per10kElderly", year: 2022, value: 26, basis: null },
    { regionCode: "330000", indicator: "per10kElderly", year: 2025, value: 30, basis: null },
    { regionCode: "330500", indicator: "level3PlusShare", year: 2022, value: 15, basis: null },
    { regionCode: "330500", indicator: "level3PlusShare", year: 2025, value: 18, basis: null },
    { regionCode: "330000", indicator: "directorTrainingRate", year: 2022, value: 100, basis: null },
    { regionCode: "330000", indicator: "caregiverTrainingRate", year: 2022, value: 100, basis: null },
    { regionCode: "330000", indicator: "bedsPerSocialWorker", year: 2022, value: 60, basis: null },
    { regionCode: "330000", indicator: "townshipSocialWorkers", year: 2022, value: 1, basis: null },
    { regionCode: "330000", indicator: "homeCareSocialWorkers", year: 2022, value: 1, basis: null },
    { regionCode: "330000", indicator: "caregiverTrainingRateNewEntrants", year: 2022, value: 100, basis: null },
    { regionCode: "330000", indicator: "caregiverTrainingRate4050", year: 2022, value: 100, basis: null },
    { regionCode: "330000", indicator: "nursingBedShare", year: 2022, value: 50, basis: null },
    { regionCode: "330000", indicator: "nursingBedShare", year: 2025, value: 60, basis: null },
    { regionCode: "330522", indicator: "per10kElderly", year: 2025, value: 10, basis: null },
  ],
};

const compute = (population: "resident" | "registered" = "resident", date = ON) => computeIndicators(city, { root: "330500", date, population });
const findIn = (r: RegionIndicators, code: string): RegionIndicators | undefined => (r.code === code ? r : r.children.map((c) => findIn(c, code)).find(Boolean));
const find = (r: RegionIndicators, code: string) => findIn(r, code)!;

describe("indicators of a hand-built city", () => {
  const result = compute();
  const changxing = find(result, "330522");
  const wuxing = find(result, "330502");

  it("counts certified caregivers once each, with valid, confirmed 养老护理员 certificates, where they first took the post", () => {
    // T1: persons 1, 2, 6, 7; T2: person 3; T3: nobody (5 left, 6 counted in T1, 8 not hired, 9's certificate not issued yet).
    expect(find(result, T1)).toMatchObject({ certifiedCaregivers: 4, level3Plus: 3 });
    expect(find(result, T2)).toMatchObject({ certifiedCaregivers: 1, level3Plus: 0 });
    expect(find(result, T3)).toMatchObject({ certifiedCaregivers: 0, level3Plus: 0 });
    expect(changxing).toMatchObject({ certifiedCaregivers: 5, level3Plus: 3 });
    expect(wuxing).toMatchObject({ certifiedCaregivers: 0 });
    expect(result).toMatchObject({ certifiedCaregivers: 5, level3Plus: 3 });
  });

  it("divides by the latest population year not after the date, and says the gap in people", () => {
    expect(result).toMatchObject({ population: "resident", populationYear: 2025, elderly: 21_000 });
    // 5 × 10,000 / 21,000; every 2025 milestone has passed, so the 2025 target (30) stays: 63 needed.
    expect(result.figures.per10kElderly).toMatchObject({ numerator: 5, denominator: 21_000, status: "behind", gap: 58, target: { year: 2025, value: 30, regionCode: "330000" } });
    expect(result.figures.per10kElderly.value).toBeCloseTo(2.381, 3);
    // 长兴县 has only 2023 figures, and its own target of 10: 8 needed for 8,000 elderly.
    expect(changxing).toMatchObject({ populationYear: 2023, elderly: 8_000 });
    expect(changxing.figures.per10kElderly).toMatchObject({ value: 6.25, status: "behind", gap: 3, target: { value: 10, regionCode: "330522" } });
    // 吴兴区 has no statistics at all.
    expect(wuxing).toMatchObject({ populationYear: null, elderly: null });
    expect(wuxing.figures.per10kElderly).toMatchObject({ value: null, status: "no_data" });
  });

  it("uses the registered population when asked", () => {
    const registered = compute("registered");
    expect(registered).toMatchObject({ population: "registered", populationYear: 2025, elderly: 26_000 });
    expect(registered.figures.per10kElderly).toMatchObject({ status: "behind", gap: 73 });
    expect(registered.figures.per10kElderly.value).toBeCloseTo(1.923, 3);
  });

  it("has no population before the first statistics year", () => {
    const early = compute("resident", "2023-12-31");
    expect(early).toMatchObject({ populationYear: null, elderly: null });
    expect(early.figures.per10kElderly.status).toBe("no_data");
  });

  it("computes the 三级+ share, training rates, beds per social worker, township coverage and nursing beds", () => {
    const f = result.figures;
    expect(f.level3PlusShare).toMatchObject({ value: 60, numerator: 3, denominator: 5, status: "met", gap: 0, target: { value: 18, regionCode: "330500" } });
    // Caregivers employed: 1, 2, 3, 4, 6, 7, 9 (18 works at a 社工站); trained in the window with a 养老护理员 course:
    // 1, 3, 6 (4's 育婴员 and 7's 家庭照护者 courses do not count).
    expect(f.caregiverTrainingRate).toMatchObject({ numerator: 3, denominator: 7, status: "behind", gap: 4 });
    // New entrants: 3 (hired 2025-07-01, trained) and 9 (hired 2025-09-01, not); 4 is new here but a caregiver since 2019.
    expect(f.caregiverTrainingRateNewEntrants).toMatchObject({ value: 50, numerator: 1, denominator: 2, status: "behind", gap: 1 });
    expect(find(result, T3).figures.caregiverTrainingRateNewEntrants).toMatchObject({ numerator: 0, denominator: 1 });
    // 4050: 1 (a woman of 40) and 6 (a man of 50, registered on the date), both trained.
    expect(f.caregiverTrainingRate4050).toMatchObject({ value: 100, numerator: 2, denominator: 2, status: "met", gap: 0 });
    // Directors of institutions: 10 (a director's course) and 11 (only a caregiver course).
    expect(f.directorTrainingRate).toMatchObject({ value: 50, numerator: 1, denominator: 2, status: "behind", gap: 1 });
    // 250 beds, social workers 13 and 15 in institutions: 125 per worker, ⌈250 / 60⌉ − 2 = 3 more.
    expect(f.bedsPerSocialWorker).toMatchObject({ value: 125, numerator: 250, denominator: 2, status: "behind", gap: 3 });
    // Full-time social workers: 13 and 14 in T1, 17 at T3's 社工站.
    expect(f.townshipSocialWorkers).toMatchObject({ value: 2, numerator: 2, denominator: 3, status: "behind", gap: 1 });
    expect(find(result, T3).figures.townshipSocialWorkers).toMatchObject({ numerator: 1, denominator: 1, status: "met" });
    // Home-care organisations: 4 (social worker 14) in T1, 6 (none) in T2.
    expect(f.homeCareSocialWorkers).toMatchObject({ value: 1, numerator: 1, denominator: 2, status: "behind", gap: 1, target: { value: 1 } });
    expect(find(result, T1).figures.homeCareSocialWorkers).toMatchObject({ numerator: 1, denominator: 1, status: "met", gap: 0 });
    expect(wuxing.figures.homeCareSocialWorkers).toMatchObject({ value: null, denominator: 0, status: "no_data" });
    // 150 of 250 beds are nursing-type: exactly the 60 % due by 2025.
    expect(f.nursingBedShare).toMatchObject({ value: 60, status: "met", gap: 0, target: { value: 60 } });
    expect(changxing.figures.nursingBedShare).toMatchObject({ value: 56.25, status: "behind", gap: 6 });
    expect(wuxing.figures.bedsPerSocialWorker).toMatchObject({ value: 90, status: "behind", gap: 1 });
    expect(changxing.figures.bedsPerSocialWorker).toMatchObject({ value: 160, status: "behind", gap: 2 });
  });

  it("adds up: every count and gap of the city is the sum of its districts', and a district's of its streets'", () => {
    const sums = (parent: RegionIndicators) => {
      for (const k of indicatorKeys) {
        if (k === "per10kElderly") continue; // the population denominator is each region's own statistic
        const childSum = (pick: (r: RegionIndicators) => number) => parent.children.reduce((s, c) => s + pick(c), 0);
        expect(childSum((c) => c.figures[k].numerator), `${parent.name} ${k} numerator`).toBe(parent.figures[k].numerator);
        expect(childSum((c) => c.figures[k].denominator), `${parent.name} ${k} denominator`).toBe(parent.figures[k].denominator);
      }
      expect(parent.children.reduce((s, c) => s + c.certifiedCaregivers, 0)).toBe(parent.certifiedCaregivers);
      expect(parent.children.reduce((s, c) => s + c.level3Plus, 0)).toBe(parent.level3Plus);
    };
    sums(result);
    sums(changxing);
    sums(wuxing);
    expect(changxing.figures.townshipSocialWorkers.gap! + wuxing.figures.townshipSocialWorkers.gap!).toBe(result.figures.townshipSocialWorkers.gap);
    expect(changxing.figures.homeCareSocialWorkers.gap).toBe(result.figures.homeCareSocialWorkers.gap);
  });

  it("computes a district on its own exactly as inside the city", () => {
    const alone = computeIndicators(city, { root: "330522", date: ON, population: "resident" });
    expect(alone.children.map((c) => c.code)).toEqual([T1, T2]);
    expect(alone).toEqual(changxing);
  });
});

describe("trend by month", () => {
  it("ends on the date after 23 month ends", () => {
    const dates = trendDates("2026-11-30");
    expect(dates).toHaveLength(24);
    expect(dates[0]).toBe("2024-12-31");
    expect(dates[22]).toBe("2026-10-31");
    expect(dates[23]).toBe("2026-11-30");
    expect(trendDates("2026-12-01").slice(-2)).toEqual(["2026-11-30", "2026-12-01"]);
  });

  it("follows hires, departures, issues and revocations", () => {
    const points = computeTrend(city, { root: "330500", dates: ["2026-02-28", "2026-04-30", "2026-05-31", ON, "2026-07-31"], population: "resident" });
    // Feb: 1, 2, 3 (三级 not yet revoked), 5, 6, 7 = 6 certified, 三级+ 2, 3, 5, 6, 7 = 5.
    // Apr: 3 drops to 五级. May: 5 has left. Jul: 8 hired (uncertified), 9's 四级 is issued.
    expect(points.map((p) => [p.month, p.certifiedCaregivers, p.level3PlusShare.numerator])).toEqual([
      ["2026-02", 6, 5],
      ["2026-04", 6, 4],
      ["2026-05", 5, 3],
      ["2026-06", 5, 3],
      ["2026-07", 6, 3],
    ]);
    expect(points[3]!.per10k).toEqual(compute().figures.per10kElderly);
  });
});

describe("plan target defaults", () => {
  it("cite their source as a reference figure, never as the region's own plan (湖州市 has no 鞍山 or 上海 plan)", () => {
    for (const t of planTargets) expect(t.basis, `${t.indicator} ${t.year}`).toMatch(/^默认值：参照(长兴县|鞍山市|上海市)规划/);
  });
});
