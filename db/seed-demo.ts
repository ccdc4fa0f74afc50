import { sql } from "drizzle-orm";
import { roleCatalogue, type RoleKey } from "../app/auth/roles.ts";
import type { Db, Tx } from "./client.ts";
import { hashPassword } from "../app/auth/password.server.ts";
import { createOrganisation, insertUser, makeCreditCode } from "./factories.ts";
import { organisations, users } from "./schema.ts";

export const DEMO_PASSWORD = "carecert-demo";

/** The demo's one login per role; usernames are fixed points the tests and README rely on. */
const DEMO_LOGINS: Array<{
  username: string;
  name: string;
  gender: "male" | "female";
  role: RoleKey;
  context?: "base" | "institution" | "330522" | "330500";
}> = [
  { username: "admin", name: "王建国", gender: "male", role: "system_admin" },
  { username: "trainee", name: "李秀英", gender: "female", role: "trainee" },
  { username: "examiner", name: "陈志强", gender: "male", role: "examiner", context: "base" },
  { username: "base", name: "周敏", gender: "female", role: "base_admin", context: "base" },
  { username: "institution", name: "吴丽华", gender: "female", role: "institution_admin", context: "institution" },
  { username: "district", name: "徐海涛", gender: "male", role: "district_officer", context: "330522" },
  { username: "city", name: "沈国平", gender: "male", role: "city_officer", context: "330500" },
];

function loginList() {
  return DEMO_LOGINS.map((l) => ({ username: l.username, role: roleCatalogue[l.role].name }));
}

/**
 * Demo data for 湖州市 (330500), institutions in 长兴县 (330522). Seeds only an empty database
 * (no organisations, no users), so a real installation is never given default passwords by accident.
 */
export async function seedDemo(db: Db) {
  const [orgCount] = db.select({ n: sql<number>`count(*)` }).from(organisations).all();
  const [userCount] = db.select({ n: sql<number>`count(*)` }).from(users).all();
  if (orgCount!.n > 0 || userCount!.n > 0) return { created: false, logins: loginList() };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  db.transaction((tx) => seedDemoRecords(tx, passwordHash));
  return { created: true, logins: loginList() };
}

function seedDemoRecords(db: Tx, passwordHash: string) {
  const base = createOrganisation(db, {
    type: "training_base",
    name: "长兴县康养职业技能培训学校",
    regionCode: "330522001", // 雉城街道
    creditCode: makeCreditCode({ regionCode: "330522", serial: 101 }),
    evaluationKind: "S",
    evaluatorCode: "0137",
    siteCode: "052201",
  });
  const welfare = createOrganisation(db, {
    type: "elderly_care",
    name: "长兴县社会福利中心",
    regionCode: "330522001",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 102, prefix: "12" }),
    beds: 320,
    nursingBeds: 210,
  });
  createOrganisation(db, {
    type: "elderly_care",
    name: "长兴县泗安镇颐养院",
    regionCode: "330522111",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 103 }),
    beds: 90,
    nursingBeds: 48,
  });
  createOrganisation(db, {
    type: "elderly_care",
    name: "长兴县和平镇康乐养老院",
    regionCode: "330522110",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 104 }),
    beds: 136,
    nursingBeds: 80,
  });
  createOrganisation(db, {
    type: "childcare",
    name: "长兴县画溪街道小太阳托育园",
    regionCode: "330522002",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 105 }),
  });
  createOrganisation(db, {
    type: "civil_affairs",
    name: "长兴县民政局",
    regionCode: "330522",
    creditCode: makeCreditCode({ regionCode: "330522", serial: 106, prefix: "11" }),
  });
  createOrganisation(db, {
    type: "civil_affairs",
    name: "湖州市民政局",
    regionCode: "330500",
    creditCode: makeCreditCode({ regionCode: "330500", serial: 107, prefix: "11" }),
  });

  for (const login of DEMO_LOGINS) {
    insertUser(db, {
      username: login.username,
      name: login.name,
      gender: login.gender,
      passwordHash,
      role: login.role,
      organisationId: login.context === "base" ? base.id : login.context === "institution" ? welfare.id : null,
      regionCode: login.context === "330522" || login.context === "330500" ? login.context : null,
    });
  }
}
