import { and, eq, inArray, isNull } from "drizzle-orm";
import { seededRandom } from "../app/utils/random.ts";
import type { Tx } from "../db/client.ts";
import { makeIdNumber } from "./factories.ts";
import { certificates, experts, organisations, teachers, wageGuidance, workerMonths, workers, type WorkerPost } from "../db/schema.ts";

/** The month the demo's wages are reported for: the last recorded month before the demo's "now" (2026-12). */
export const DEMO_WAGE_MONTH = "2026-11";

// Monthly 应发工资 in yuan a demo caregiver earns by certificate level (0 = 无证), and other posts; ±12 % each.
const CAREGIVER_WAGE: Record<number, number> = { 0: 3900, 5: 4400, 4: 5000, 3: 5800, 2: 6800, 1: 7800 };
const POST_WAGE: Record<WorkerPost, number> = { caregiver: 0, director: 9500, nurse: 6400, social_worker: 5400, other: 4200 };

/**
 * DEMO figures, not published ones: 湖州's 2026 工资价位 for 养老护理员 by level, shaped like a human-resources
 * bureau's table (low / median / high yuan a month) so the page has something to compare against.
 */
const DEMO_GUIDANCE: Array<[level: number, low: number, median: number, high: number]> = [
  [0, 3300, 4000, 4900],
  [5, 3800, 4500, 5600],
  [4, 4300, 5100, 6300],
  [3, 4900, 5900, 7300],
  [2, 5700, 6900, 8500],
  [1, 6600, 7900, 9800],
];

/**
 * Wage monitoring and the pool in the demo city: the month's wages reported by most institutions (one leaves the
 * column empty, as it may), the city's demo guidance, the demo base's teachers' qualifications, and an expert pool.
 */
export async function seedDemoWages(db: Tx, baseId: number) {
  const random = seededRandom(20261115);
  const months = await db
    .select({ workerId: workerMonths.workerId, personId: workers.personId, post: workers.post, organisation: organisations.name })
    .from(workerMonths)
    .innerJoin(workers, eq(workers.id, workerMonths.workerId))
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .where(eq(workerMonths.month, DEMO_WAGE_MONTH));
  const levels = new Map<number, number>();
  const held = await db
    .select({ personId: certificates.personId, level: certificates.level })
    .from(certificates)
    .where(and(eq(certificates.occupation, "elderly_caregiver"), isNull(certificates.revokedAt), inArray(certificates.personId, months.map((m) => m.personId))));
  for (const c of held) if (c.level !== null && c.personId !== null) levels.set(c.personId, Math.min(levels.get(c.personId) ?? 9, c.level));
  for (const m of months) {
    // 安吉's institution has not started reporting wages: the page shows the district with no figures.
    if (m.organisation.startsWith("安吉县")) continue;
    const base = m.post === "caregiver" ? CAREGIVER_WAGE[levels.get(m.personId) ?? 0]! : POST_WAGE[m.post];
    const yuan = Math.round((base * (0.88 + random() * 0.24)) / 10) * 10;
    await db.update(workerMonths).set({ wageFen: yuan * 100 }).where(and(eq(workerMonths.workerId, m.workerId), eq(workerMonths.month, DEMO_WAGE_MONTH)));
  }

  const now = new Date("2026-03-20T10:00:00+08:00");
  await db.insert(wageGuidance)
    .values(DEMO_GUIDANCE.map(([level, low, median, high]) => ({ regionCode: "330500", year: 2026, occupation: "elderly_caregiver" as const, level, lowFen: low * 100, medianFen: median * 100, highFen: high * 100, source: "演示数据（非人社部门公布数字）", updatedAt: now })));

  const profiles: Record<string, { qualification: string; qualificationNumber: string | null; subjects: string[]; levels: number[] }> = {
    钱丽萍: { qualification: "主管护师；养老护理员二级/技师", qualificationNumber: "S000133000001232000017", subjects: ["生活照护", "基础照护"], levels: [5, 4, 3] },
    潘志远: { qualification: "康复治疗师（中级）", qualificationNumber: null, subjects: ["康复服务", "照护评估"], levels: [5, 4, 3, 2] },
  };
  for (const t of await db.select().from(teachers).where(eq(teachers.organisationId, baseId))) {
    const profile = profiles[t.name];
    if (profile) await db.update(teachers).set(profile).where(eq(teachers.id, t.id));
  }

  const pool = [
    { regionCode: "330500", name: "费雅琴", birthDate: "1968-05-14", gender: "female" as const, speciality: "养老机构质量管理、等级评定", title: "主任护师", employer: "湖州市第一人民医院", panels: true, judging: true },
    { regionCode: "330500", name: "陆国庆", birthDate: "1965-10-01", gender: "male" as const, speciality: "康复医学、失能评估", title: "副主任医师", employer: "湖州市中心医院", panels: true, judging: false },
    { regionCode: "330522", name: "钱丽萍", birthDate: "1979-04-12", gender: "female" as const, speciality: "生活照护、压力性损伤预防", title: "主管护师", employer: "长兴县康养职业技能培训学校", panels: true, judging: true, serial: 611 },
    { regionCode: "330522", name: "蔡文杰", birthDate: "1974-02-20", gender: "male" as const, speciality: "安宁疗护、心理支持", title: "心理治疗师", employer: "长兴县人民医院", panels: false, judging: true },
    { regionCode: "330502", name: "邵春燕", birthDate: "1970-07-07", gender: "female" as const, speciality: "婴幼儿照护", title: "高级育婴师", employer: "吴兴区妇幼保健院", panels: true, judging: true, occupation: "infant_caregiver" as const },
  ];
  for (const [i, e] of pool.entries()) {
    await db
      .insert(experts)
      .values({
        regionCode: e.regionCode,
        name: e.name,
        idNumber: makeIdNumber({ birthDate: e.birthDate, gender: e.gender, serial: e.serial ?? 650 + i }),
        occupation: e.occupation ?? "elderly_caregiver",
        speciality: e.speciality,
        title: e.title,
        employer: e.employer,
        availableForPanels: e.panels,
        availableForJudging: e.judging,
      });
  }
  // One who has left the pool, with the reason kept.
  await db.insert(experts)
    .values({ regionCode: "330522", name: "许建明", idNumber: makeIdNumber({ birthDate: "1958-03-03", gender: "male", serial: 660 }), occupation: "elderly_caregiver", speciality: "养老护理实操", title: "养老护理员一级/高级技师", employer: null, availableForPanels: false, availableForJudging: false, retiredAt: now, retiredReason: "年龄原因，本人申请退出" });
}
