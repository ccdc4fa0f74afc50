import { firstRow, returnedRow } from "../db/query.ts";
import { and, eq } from "drizzle-orm";
import { countRows } from "../db/dialect.ts";
import { roleCatalogue, type RoleKey } from "../app/auth/roles.ts";
import type { Db, Tx } from "../db/client.ts";
import { hashPassword } from "../app/auth/password.server.ts";
import { ensureEnrolment } from "../app/learning/learning.server.ts";
import { createOrganisation, createPerson, insertUser, makeCreditCode, makeIdNumber } from "./factories.ts";
import { seedDemoCertificates } from "./seed-demo-certificates.ts";
import { seedDemoAllowances } from "./seed-demo-allowances.ts";
import { seedDemoWorkforce } from "./seed-demo-workforce.ts";
import { seedDemoIndicators } from "./seed-demo-indicators.ts";
import { seedDemoNotices } from "./seed-demo-notices.ts";
import { seedDemoCompetitions } from "./seed-demo-competitions.ts";
import { seedDemoIndicatorsTargeted } from "./seed-demo-indicators-targeted.ts";
import { seedDemoWages } from "./seed-demo-wages.ts";
import { seedDemoSubsidies } from "./seed-demo-subsidies.ts";
import { seedDemoCredit } from "./seed-demo-credit.ts";
import { assessmentPlans, assessmentSessions, attendance, classMembers, classSessions, courses, organisations, sessionStaff, teachers, trainingClasses, users } from "../db/schema.ts";

export const DEMO_PASSWORD = "carecert-demo";

/** The demo's one login per role; usernames are fixed points the tests and README rely on. */
const DEMO_LOGINS: Array<{
  username: string;
  name: string;
  gender: "male" | "female";
  role: RoleKey;
  context?: "base" | "institution" | "330522" | "330500";
  /** What the account is for, when the role's name does not say it. */
  note?: string;
}> = [
  { username: "admin", name: "王建国", gender: "male", role: "system_admin" },
  { username: "trainee", name: "李秀英", gender: "female", role: "trainee" },
  { username: "examiner", name: "陈志强", gender: "male", role: "examiner", context: "base" },
  { username: "base", name: "周敏", gender: "female", role: "base_admin", context: "base" },
  { username: "institution", name: "吴丽华", gender: "female", role: "institution_admin", context: "institution" },
  { username: "district", name: "徐海涛", gender: "male", role: "district_officer", context: "330522" },
  { username: "city", name: "沈国平", gender: "male", role: "city_officer", context: "330500" },
  { username: "worker", name: "钱桂芳", gender: "female", role: "trainee", note: "（从业人员：补贴名册公示中，/my）" },
];

function loginList() {
  return DEMO_LOGINS.map((l) => ({ username: l.username, role: `${roleCatalogue[l.role].name}${l.note ?? ""}` }));
}

/**
 * Demo data for 湖州市 (330500), institutions in 长兴县 (330522). Seeds only an empty database
 * (no organisations, no users), so a real installation is never given default passwords by accident.
 */
export async function seedDemo(db: Db) {
  const [orgCount] = await db.select({ n: countRows() }).from(organisations);
  const [userCount] = await db.select({ n: countRows() }).from(users);
  if (orgCount!.n > 0 || userCount!.n > 0) return { created: false, logins: loginList() };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => seedDemoRecords(tx, passwordHash));
  await seedDemoCompetitions(db, passwordHash);
  return { created: true, logins: loginList() };
}

async function seedDemoRecords(db: Tx, passwordHash: string) {
  const base = await createOrganisation(db, {
    type: "training_base",
    name: "长兴县康养职业技能培训学校",
    regionCode: "330522001", // 雉城街道
    creditCode: makeCreditCode({ regionCode: "330522", serial: 101 }),
    evaluationKind: "S",
    evaluatorCode: "0137",
    siteCode: "052201",
  });
  const welfare = await createOrganisation(db, {
    type: "elderly_care",
    name: "长兴县社会福利中心",
    regionCode: "330522001",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 102, prefix: "12" }),
    beds: 320,
    nursingBeds: 210,
  });
  const sian = await createOrganisation(db, {
    type: "elderly_care",
    name: "长兴县泗安镇颐养院",
    regionCode: "330522111",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 103 }),
    beds: 90,
    nursingBeds: 48,
  });
  const heping = await createOrganisation(db, {
    type: "elderly_care",
    name: "长兴县和平镇康乐养老院",
    regionCode: "330522110",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 104 }),
    beds: 136,
    nursingBeds: 80,
  });
  await createOrganisation(db, {
    type: "childcare",
    name: "长兴县画溪街道小太阳托育园",
    regionCode: "330522002",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 105 }),
  });
  await createOrganisation(db, {
    type: "civil_affairs",
    name: "长兴县民政局",
    regionCode: "330522",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 106, prefix: "11" }),
  });
  await createOrganisation(db, {
    type: "civil_affairs",
    name: "湖州市民政局",
    regionCode: "330500",
    creditCode: makeCreditCode({ regionCode: "330500", serial: 107, prefix: "11" }),
  });

  const accounts = new Map<string, Awaited<ReturnType<typeof insertUser>>>();
  for (const login of DEMO_LOGINS) {
    const account = await insertUser(db, {
      ...(login.role === "examiner" ? { qualifications: [{ occupation: "elderly_caregiver" as const, highestLevel: 3 }] } : {}),
      username: login.username,
      name: login.name,
      gender: login.gender,
      passwordHash,
      role: login.role,
      organisationId: login.context === "base" ? base.id : login.context === "institution" ? welfare.id : null,
      regionCode: login.context === "330522" || login.context === "330500" ? login.context : null,
    });
    accounts.set(login.username, account);
  }
  await seedDemoClass(db, base.id, accounts.get("trainee")!);
  await seedDemoAssessment(db, base.id, accounts.get("examiner")!.id, passwordHash);
  await seedDemoWorkforce(db, [welfare, sian, heping]);
  await seedDemoCertificates(db, { baseId: base.id, examinerId: accounts.get("examiner")!.id, traineeId: accounts.get("trainee")!.id, passwordHash });
  await seedDemoSubsidies(db, { baseId: base.id, staff: { base: accounts.get("base")!.id, district: accounts.get("district")!.id, city: accounts.get("city")!.id } });
  await seedDemoIndicators(db, passwordHash);
  await seedDemoAllowances(db, [welfare, sian, heping], { institution: accounts.get("institution")!.id, district: accounts.get("district")!.id, city: accounts.get("city")!.id });
  await seedDemoNotices(db, sian, accounts.get("worker")!, { institution: accounts.get("institution")!.id, district: accounts.get("district")!.id });
  await seedDemoIndicatorsTargeted(db, passwordHash);
  await seedDemoWages(db, base.id);
  await seedDemoCredit(db, { welfare, sian }, { institution: accounts.get("institution")!.id, district: accounts.get("district")!.id, city: accounts.get("city")!.id }, passwordHash);
}

/**
 * A 五级 session taking applications when the plan exists, staffed so that it can be opened (domain §5):
 * two invigilators in its room (the demo examiner one of them) and three qualified skill examiners.
 */
async function seedDemoAssessment(db: Tx, baseId: number, examinerId: number, passwordHash: string) {
  const plan = await firstRow(db.select().from(assessmentPlans).where(and(eq(assessmentPlans.occupation, "elderly_caregiver"), eq(assessmentPlans.level, 5))));
  if (!plan) return;
  const session = await returnedRow(db
    .insert(assessmentSessions)
    .values({
      organisationId: baseId,
      planId: plan.id,
      name: "2026年第4批养老护理员（五级）职业技能等级认定",
      theoryStartsAt: new Date("2026-12-26T09:00:00+08:00"),
      applicationsCloseOn: "2026-12-19",
      venue: "长兴县雉城街道 长兴县康养职业技能培训学校 实训楼",
      rooms: [{ name: "一号考场", capacity: 30 }],
    })
    .returning());
  await db.insert(sessionStaff).values({ sessionId: session.id, userId: examinerId, duty: "invigilator", room: "一号考场" });
  const staff = async (username: string, name: string, gender: "male" | "female", qualifications: Array<{ occupation: "elderly_caregiver"; highestLevel: number }>) =>
    (await insertUser(db, { username, name, gender, passwordHash, role: "examiner", organisationId: baseId, qualifications })).id;
  const invigilator = await staff("examiner-he", "何静", "female", []);
  await db.insert(sessionStaff).values({ sessionId: session.id, userId: invigilator, duty: "invigilator", room: "一号考场" });
  for (const [username, name, gender, highestLevel] of [
    ["examiner-zhao", "赵红梅", "female", 2],
    ["examiner-sun", "孙立新", "male", 3],
    ["examiner-ma", "马建军", "male", 4],
  ] as const) {
    await db.insert(sessionStaff).values({ sessionId: session.id, userId: await staff(username, name, gender, [{ occupation: "elderly_caregiver", highestLevel }]), duty: "examiner" });
  }
}

/** A class of the 五级 course with its teachers, roster and two attended sessions, when that course is installed. */
async function seedDemoClass(db: Tx, baseId: number, trainee: { id: number; personId: number }) {
  if (!await firstRow(db.select().from(courses).where(eq(courses.id, "elderly-caregiver-5")))) return;
  const nurse = await returnedRow(db.insert(teachers).values({ organisationId: baseId, name: "钱丽萍", title: "主管护师", specialty: "生活照护、压力性损伤预防", idNumber: makeIdNumber({ birthDate: "1979-04-12", gender: "female", serial: 611 }) }).returning());
  const therapist = await returnedRow(db.insert(teachers).values({ organisationId: baseId, name: "潘志远", title: "康复治疗师", specialty: "体位转移、康复训练", idNumber: makeIdNumber({ birthDate: "1983-10-05", gender: "male", serial: 612 }) }).returning());
  const cls = await returnedRow(db
    .insert(trainingClasses)
    .values({ organisationId: baseId, courseId: "elderly-caregiver-5", name: "2026年第4期养老护理员（五级）培训班", startsOn: "2026-11-02", endsOn: "2026-12-25" })
    .returning());
  const classmates = [];
  for (const p of [
    { name: "孙美芳", birthDate: "1972-06-18", gender: "female" as const },
    { name: "周建华", birthDate: "1969-09-03", gender: "male" as const },
    { name: "郑小红", birthDate: "1978-02-27", gender: "female" as const },
  ]) classmates.push(await createPerson(db, p));
  const members = [trainee.personId, ...classmates.map((p) => p.id)];
  for (const personId of members) await db.insert(classMembers).values({ classId: cls.id, personId, addedAt: new Date("2026-11-01T08:00:00+08:00") });
  await ensureEnrolment(db, trainee.id, "elderly-caregiver-5", new Date("2026-11-01T08:00:00+08:00"));
  const sessions = [];
  for (const s of [
    { date: "2026-11-07", startTime: "08:30", endTime: "11:30", minutes: 180, topic: "协助进食与饮水实操", teacherId: nurse.id },
    { date: "2026-11-14", startTime: "08:30", endTime: "11:30", minutes: 180, topic: "床椅转移与轮椅使用实操", teacherId: therapist.id },
    { date: "2026-11-28", startTime: "08:30", endTime: "11:30", minutes: 180, topic: "压力性损伤预防与翻身实操", teacherId: nurse.id },
  ]) sessions.push(await returnedRow(db.insert(classSessions).values({ classId: cls.id, ...s }).returning()));
  // The first two sessions have been held; one classmate missed the second.
  for (const [i, session] of sessions.slice(0, 2).entries()) {
    for (const personId of members) {
      await db.insert(attendance).values({ sessionId: session.id, personId, present: !(i === 1 && personId === classmates[1]!.id), recordedAt: new Date(`${session.date}T12:00:00+08:00`) });
    }
  }
}
