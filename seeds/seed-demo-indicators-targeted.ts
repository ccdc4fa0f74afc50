import { firstRow, returnedRow } from "../db/query.ts";
import { and, asc, eq, inArray, isNull, like } from "drizzle-orm";
import { bornBy, JOB_SEEKER_AGE } from "../app/workforce/tags.ts";
import type { Tx } from "../db/client.ts";
import { createOrganisation, createPerson, createWorker, makeCreditCode, makeIdNumber } from "./factories.ts";
import { courseCompletions, courses, enrolments, organisations, people, regions, roleAssignments, roles, users, workers } from "../db/schema.ts";

const TOWNSHIP_NAMES = ["沈", "钱", "吴", "姚", "施", "陆", "费", "闵", "俞", "蒋", "章", "戴"];
const GIVEN = ["晓芳", "丽华", "月琴", "建明", "国强", "小燕", "海英", "志刚", "雅琴", "卫东", "金娣", "慧敏"];
const DEMO_DAY = "2026-12-01";

/**
 * The social workers and targeted training of the demo (#15 items 7 and 9), in 长兴县: 社工站 in seven of its
 * townships, five 居家养老服务中心 of which three have a social worker (one part-time), new caregivers hired this
 * year (three of five already trained) and caregivers recruited as "4050" job seekers, with the record of each.
 * Runs after the registry and the allowance lists, and touches neither the demo institution's roster nor its lists.
 */
export async function seedDemoIndicatorsTargeted(db: Tx, passwordHash: string) {
  let serial = 600;
  const person = async (gender: "male" | "female", birthDate: string, extra: Partial<typeof people.$inferInsert> = {}) => {
    serial++;
    const name = TOWNSHIP_NAMES[serial % TOWNSHIP_NAMES.length]! + GIVEN[(serial * 7) % GIVEN.length]!;
    return await createPerson(db, { name, gender, birthDate, idNumber: makeIdNumber({ birthDate, gender, serial }), ...extra });
  };
  const townships = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.parentCode, "330522"), eq(regions.level, "township"), isNull(regions.retired)))
    .orderBy(asc(regions.code));

  // 社工站 in the first seven townships, each with a full-time social worker (the first two with two).
  for (const [i, t] of townships.slice(0, 7).entries()) {
    const station = await createOrganisation(db, { type: "social_work_station", name: `长兴县${t.name}社会工作服务站`, regionCode: t.code, creditCode: makeCreditCode({ regionCode: "330522", serial: 700 + i, prefix: "52" }) });
    for (let k = 0; k < (i < 2 ? 2 : 1); k++) await createWorker(db, { organisationId: station.id, personId: (await person("female", `199${i}-0${k + 3}-15`)).id, post: "social_worker", hiredOn: "2024-03-01" });
  }

  // 居家养老服务中心: three with a social worker (the last part-time), two still without.
  const homeCare = [];
  for (const [i, t] of townships.slice(2, 7).entries()) {
    homeCare.push(await createOrganisation(db, { type: "home_care", name: `长兴县${t.name}居家养老服务中心`, regionCode: t.code, creditCode: makeCreditCode({ regionCode: "330522", serial: 720 + i, prefix: "52" }) }));
  }
  for (const [i, o] of homeCare.slice(0, 3).entries()) {
    await createWorker(db, { organisationId: o.id, personId: (await person("female", `198${i + 5}-06-01`)).id, post: "social_worker", fullTime: i < 2, hiredOn: "2023-05-01" });
  }

  // New caregivers hired in 2026 at the home-care centres; a "4050" job seeker among them (a woman of 46).
  const newcomers = [
    await person("female", "1996-04-12"),
    await person("female", "1988-09-30"),
    await person("male", "1992-02-01"),
    await person("female", "1980-07-08", { jobSeekerOn: "2025-11-20", jobSeekerSource: "就业创业证 3305222025110087" }),
    await person("male", "1974-03-16", { jobSeekerOn: "2026-01-05", jobSeekerSource: "长兴县人力资源市场求职登记" }),
  ];
  for (const [i, p] of newcomers.entries()) await createWorker(db, { organisationId: homeCare[i % homeCare.length]!.id, personId: p.id, hiredOn: `2026-0${i + 2}-01` });

  // Caregivers of long standing in 长兴县's institutions recruited as "4050" job seekers: registrations on record.
  const veterans = (await db
    .select({ personId: workers.personId })
    .from(workers)
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .innerJoin(people, eq(people.id, workers.personId))
    .where(and(like(organisations.regionCode, "330522%"), eq(workers.post, "caregiver"), eq(people.gender, "female"), inArray(organisations.type, ["elderly_care"])))
    .orderBy(asc(workers.id)))
    .filter((_, i) => i % 5 === 1)
    .slice(0, 6);
  for (const [i, v] of veterans.entries()) {
    const born = (await firstRow(db.select({ birthDate: people.birthDate }).from(people).where(eq(people.id, v.personId))))!.birthDate;
    if (born > bornBy(DEMO_DAY, JOB_SEEKER_AGE.female)) continue;
    await db.update(people).set({ jobSeekerOn: `202${i % 3 + 3}-03-01`, jobSeekerSource: `就业创业证 33052220${i}0301${String(v.personId).padStart(4, "0")}` }).where(eq(people.id, v.personId));
  }

  // Three of the five newcomers have finished the 五级 course.
  if (!await firstRow(db.select({ id: courses.id }).from(courses).where(eq(courses.id, "elderly-caregiver-5")))) return;
  const trainee = (await firstRow(db.select().from(roles).where(eq(roles.key, "trainee"))))!;
  for (const [i, p] of newcomers.slice(0, 3).entries()) {
    const user = await returnedRow(db.insert(users).values({ personId: p.id, username: `worker${p.id}`, passwordHash }).returning());
    await db.insert(roleAssignments).values({ userId: user.id, roleId: trainee.id });
    const completedAt = new Date(Date.UTC(2026, 8 + i, 10, 2));
    await db.insert(enrolments).values({ userId: user.id, courseId: "elderly-caregiver-5", enrolledAt: new Date(completedAt.getTime() - 60 * 86_400_000), completedAt });
    await db.insert(courseCompletions).values({ userId: user.id, personId: p.id, courseId: "elderly-caregiver-5", completedAt, onlineSeconds: 170 * 45 * 60, offlineMinutes: 0 });
  }
}
