import { firstRow, returnedRow } from "../db/query.ts";
import { and, eq, inArray, like } from "drizzle-orm";
import { insertPlanTargets } from "../app/indicators/targets.server.ts";
import { seededRandom } from "../app/utils/random.ts";
import type { Tx } from "../db/client.ts";
import { courseCompletions, courses, enrolments, organisations, populationStatistics, regions, roleAssignments, roles, users, workers } from "../db/schema.ts";

/** 2025 year-end figures per district of 湖州市: residents, share of residents aged 60+, registered 60+ vs resident 60+. */
const DISTRICTS: Array<{ code: string; residents: number; elderlyShare: number; registeredRatio: number }> = [
  { code: "330502", residents: 870_000, elderlyShare: 0.232, registeredRatio: 0.94 }, // 吴兴区: students and migrant workers
  { code: "330503", residents: 540_000, elderlyShare: 0.281, registeredRatio: 1.06 }, // 南浔区
  { code: "330521", residents: 560_000, elderlyShare: 0.247, registeredRatio: 1.01 }, // 德清县
  { code: "330522", residents: 700_000, elderlyShare: 0.252, registeredRatio: 1.03 }, // 长兴县
  { code: "330523", residents: 730_000, elderlyShare: 0.258, registeredRatio: 1.02 }, // 安吉县
];
const CITY = "330500";
const YEARS = [2021, 2022, 2023, 2024, 2025];
/** Streets have figures from 2023 on; the city's and districts' go back to 2021. */
const STREET_YEARS = [2023, 2024, 2025];

type Figures = { elderlyResidents: number; elderlyRegistered: number; residents: number };

/** Splits a whole number by weights so the parts add up exactly (largest remainder). */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; k < total - parts.reduce((a, b) => a + b, 0); k++) parts[order[k]![1]]! += 1;
  return parts;
}

/**
 * The demo's indicator data: the plans' targets for 湖州市 (inherited by its districts and streets), plausible
 * population statistics (about 3.4 million residents, a quarter aged 60+) that add up from streets to districts
 * to the city, and course completions for about two thirds of the registry's caregivers and directors.
 */
export async function seedDemoIndicators(db: Tx, passwordHash: string) {
  const now = new Date();
  await insertPlanTargets(db, CITY);

  const random = seededRandom(20261130);
  const cityByYear = new Map<number, Figures>(YEARS.map((y) => [y, { elderlyResidents: 0, elderlyRegistered: 0, residents: 0 }]));
  for (const d of DISTRICTS) {
    const streets = await db.select({ code: regions.code }).from(regions).where(eq(regions.parentCode, d.code));
    const weights = streets.map(() => 0.5 + random());
    for (const year of YEARS) {
      // Residents grow about 0.8 % a year and the 60+ share about 0.6 points.
      const back = 2025 - year;
      const residents = Math.round(d.residents / 1.008 ** back);
      const elderlyResidents = Math.round(residents * (d.elderlyShare - 0.006 * back));
      const figures = { residents, elderlyResidents, elderlyRegistered: Math.round(elderlyResidents * d.registeredRatio) };
      await db.insert(populationStatistics).values({ regionCode: d.code, year, ...figures, updatedAt: now });
      const city = cityByYear.get(year)!;
      city.residents += figures.residents;
      city.elderlyResidents += figures.elderlyResidents;
      city.elderlyRegistered += figures.elderlyRegistered;
      if (!STREET_YEARS.includes(year) || streets.length === 0) continue;
      const [r, e, g] = [split(residents, weights), split(elderlyResidents, weights), split(figures.elderlyRegistered, weights)];
      for (const [i, s] of streets.entries()) {
        await db.insert(populationStatistics).values({ regionCode: s.code, year, residents: r[i]!, elderlyResidents: e[i]!, elderlyRegistered: g[i]!, updatedAt: now });
      }
    }
  }
  for (const [year, figures] of cityByYear) await db.insert(populationStatistics).values({ regionCode: CITY, year, ...figures, updatedAt: now });

  await seedDemoCompletions(db, passwordHash, random);
}

/** Caregivers and directors who finished a course here, some of them more than 12 months before the demo's date. */
async function seedDemoCompletions(db: Tx, passwordHash: string, random: () => number) {
  const installed = new Map((await db.select({ id: courses.id, requiredHours: courses.requiredHours, offlineHours: courses.offlineHours }).from(courses)).map((c) => [c.id, c]));
  if (!installed.has("elderly-caregiver-5") || !installed.has("elderly-caregiver-4")) return;
  const staff = await db
    .selectDistinct({ personId: workers.personId, post: workers.post })
    .from(workers)
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .where(and(like(organisations.regionCode, "3305%"), inArray(workers.post, ["caregiver", "director"])));
  const trainee = (await firstRow(db.select().from(roles).where(eq(roles.key, "trainee"))))!;
  for (const { personId, post } of staff) {
    if (random() > 0.68) continue;
    // Directors take the 机构负责人 course: only it counts for their training rate.
    const courseId = post === "director" ? (installed.has("elderly-care-director") ? "elderly-care-director" : null) : random() < 0.4 ? "elderly-caregiver-4" : "elderly-caregiver-5";
    if (!courseId) continue;
    const user = await returnedRow(db.insert(users).values({ personId, username: `worker${personId}`, passwordHash }).onConflictDoNothing().returning());
    if (!user) continue;
    // Workers learn as trainees: the account lands on their study page like any other trainee's.
    await db.insert(roleAssignments).values({ userId: user.id, roleId: trainee.id });
    // Between 2025-03 and 2026-11: about a fifth fall outside the 12 months before 2026-12-01.
    const completedAt = new Date(Date.UTC(2025, 2 + Math.floor(random() * 20), 1 + Math.floor(random() * 28), 2));
    await db.insert(enrolments).values({ userId: user.id, courseId, enrolledAt: new Date(completedAt.getTime() - 40 * 86_400_000), completedAt });
    // Both parts of the course's hours were earned: its lessons online and its attended classroom / practical hours.
    const { requiredHours, offlineHours } = installed.get(courseId)!;
    await db.insert(courseCompletions).values({ userId: user.id, personId, courseId, completedAt, onlineSeconds: (requiredHours - offlineHours) * 45 * 60, offlineMinutes: offlineHours * 45 });
  }
}
