import { seededRandom } from "../app/utils/random.ts";
import type { Tx } from "../db/client.ts";
import { createCertificate, createOrganisation, createPerson, createWorker, makeCreditCode, makeIdNumber, recordWorkerMonth } from "./factories.ts";
import type { WorkerPost } from "../db/schema.ts";

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = ["秀英", "桂英", "秀兰", "玉兰", "桂兰", "秀珍", "凤英", "玉梅", "美华", "丽娟", "建华", "国平", "海燕", "春梅", "金凤", "雪芳", "建英", "爱华", "志红", "晓燕", "翠萍", "丽萍", "文静", "婷婷", "建国", "伟", "强", "敏", "静", "丽"];

/** Institutions outside the seed's 长兴县 ones, so the city view has every district. */
const OTHER_INSTITUTIONS = [
  { name: "湖州市社会福利中心", regionCode: "330502003", beds: 480, nursingBeds: 330, serial: 201 },
  { name: "吴兴区织里镇敬老院", regionCode: "330502100", beds: 120, nursingBeds: 52, serial: 202 },
  { name: "南浔区双林镇颐康园", regionCode: "330503101", beds: 160, nursingBeds: 96, serial: 203 },
  { name: "德清县武康街道康养中心", regionCode: "330521001", beds: 210, nursingBeds: 140, serial: 204 },
  { name: "安吉县递铺街道乐龄家园", regionCode: "330523001", beds: 150, nursingBeds: 81, serial: 205 },
];

/** Level distribution of the demo's certified caregivers: mostly 五级 and 四级, a few 三级 and above. */
function drawLevel(random: () => number): 1 | 2 | 3 | 4 | 5 {
  const r = random();
  return r < 0.42 ? 5 : r < 0.77 ? 4 : r < 0.93 ? 3 : r < 0.98 ? 2 : 1;
}

const isoDate = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** The twelve months before the demo's "now" (2026-12): 2025-12 … 2026-11. */
export const DEMO_RECORDED_MONTHS = Array.from({ length: 12 }, (_, i) => {
  const m = 12 + i; // months since 2025-01
  return `${2025 + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, "0")}`;
});

/**
 * The worker registry of the demo city: caregivers, directors, nurses and social workers in every district's
 * institutions, with external certificates (most confirmed, a few awaiting an officer) and a year of monthly
 * records. The first institution given is the demo institution admin's, with hand-picked edge cases.
 */
export async function seedDemoWorkforce(db: Tx, changxingInstitutions: Array<{ id: number }>) {
  const random = seededRandom(20261201);
  const others = [];
  for (const { serial, ...o } of OTHER_INSTITUTIONS) {
    others.push(await createOrganisation(db, { type: "elderly_care", ...o, creditCode: makeCreditCode({ regionCode: o.regionCode, serial, prefix: "52" }) }));
  }
  let personSerial = 300;
  const person = async (gender: "male" | "female") => {
    personSerial++;
    const birthDate = isoDate(1963 + Math.floor(random() * 30), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
    const name = SURNAMES[Math.floor(random() * SURNAMES.length)]! + GIVEN[Math.floor(random() * (gender === "female" ? 24 : GIVEN.length))]!;
    return await createPerson(db, { name, gender, birthDate, idNumber: makeIdNumber({ birthDate, gender, serial: personSerial }) });
  };

  const staff = async (organisationId: number, post: WorkerPost, certified: boolean, options: { hiredOn?: string; leftOn?: string; unverified?: boolean } = {}) => {
    const p = await person(random() < 0.85 ? "female" : "male");
    const hiredOn = options.hiredOn ?? isoDate(2014 + Math.floor(random() * 12), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
    const worker = await createWorker(db, {
      organisationId,
      personId: p.id,
      post,
      hiredOn,
      contractEndsOn: random() < 0.5 ? null : "2028-12-31",
      leftOn: options.leftOn ?? null,
      bankAccount: `6228480${String(p.id).padStart(12, "0")}`,
    });
    if (certified) {
      const level = drawLevel(random);
      const year = Math.max(Number(hiredOn.slice(0, 4)), 2016) + Math.floor(random() * 3);
      await createCertificate(db, {
        personId: p.id,
        level,
        issuedOn: isoDate(Math.min(year, 2026), 1 + Math.floor(random() * 10), 1 + Math.floor(random() * 28)),
        verifiedAt: options.unverified ? null : new Date("2026-01-15T10:00:00+08:00"),
      });
    }
    for (const month of DEMO_RECORDED_MONTHS) {
      if (month < hiredOn.slice(0, 7) || (options.leftOn && month > options.leftOn.slice(0, 7))) continue;
      await recordWorkerMonth(db, {
        workerId: worker.id,
        month,
        attendanceDays: random() < 0.06 ? 15 + Math.floor(random() * 5) : 20 + Math.floor(random() * 6),
        socialInsurancePaid: random() > 0.02,
        continuingEducationHours: Math.floor(random() * 5),
        liabilityIncident: random() < 0.01,
      });
    }
    return worker;
  };

  const [welfare, ...restChangxing] = changxingInstitutions;
  // The demo institution: a director, a nurse, a social worker, caregivers, and the cases the allowance list must explain.
  await staff(welfare!.id, "director", false);
  await staff(welfare!.id, "nurse", false);
  await staff(welfare!.id, "social_worker", false);
  for (let i = 0; i < 14; i++) await staff(welfare!.id, "caregiver", i < 12);
  await staff(welfare!.id, "caregiver", true, { hiredOn: "2026-09-15" }); // under 3 months' service in November
  await staff(welfare!.id, "caregiver", true, { unverified: true }); // external certificate not yet confirmed
  await staff(welfare!.id, "caregiver", true, { hiredOn: "2019-03-01", leftOn: "2026-07-01" }); // left in July

  for (const institution of [...restChangxing, ...others]) {
    const caregivers = 6 + Math.floor(random() * 10);
    await staff(institution.id, "director", false);
    if (random() < 0.7) await staff(institution.id, "social_worker", false);
    for (let i = 0; i < caregivers; i++) await staff(institution.id, "caregiver", random() < 0.8, { unverified: random() < 0.05 });
  }
  return { institutions: [...changxingInstitutions, ...others] };
}
