import { addMonths, format, parseISO } from "date-fns";
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { groupConcatDistinct } from "../../db/dialect.ts";
import { courseCompletions, courses, organisations, workerMonths, workers } from "../../db/schema.ts";
import { chinaDate } from "../utils/dates.ts";
import { holderCertificates } from "../certificates/holder.server.ts";
import { publicCertificate } from "../certificates/verification.server.ts";
import { yuan } from "../allowances/money.ts";
import { competitionResultsForPerson } from "../competitions/competitions.server.ts";
import { awardNames } from "../competitions/rules.ts";
import { levelShortLabel, occupationNames, type SkillLevel } from "../occupations/occupations.ts";
import { subsidyLinesForPerson } from "../subsidies/applications.server.ts";
import type { RecordSection } from "./record-section.tsx";

/** Reads one section of the person's own records; `today` is the China Standard Time date. */
export type RecordSectionSource = (db: DbOrTx, personId: number, today: string) => Promise<RecordSection>;

/** How far back the monthly records go on the page. */
export const MONTHLY_RECORD_MONTHS = 24;

const monthlyRecords: RecordSectionSource = async (db, personId, today) => {
  const from = format(addMonths(parseISO(`${today.slice(0, 7)}-01`), 1 - MONTHLY_RECORD_MONTHS), "yyyy-MM");
  const rows = await db
    .select({ month: workerMonths.month, workerId: workers.id, organisationName: organisations.name, attendanceDays: workerMonths.attendanceDays, socialInsurancePaid: workerMonths.socialInsurancePaid, hours: workerMonths.continuingEducationHours, incident: workerMonths.liabilityIncident })
    .from(workerMonths)
    .innerJoin(workers, eq(workers.id, workerMonths.workerId))
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .where(and(eq(workers.personId, personId), gte(workerMonths.month, from)))
    .orderBy(desc(workerMonths.month), asc(organisations.name));
  return {
    key: "monthly",
    title: `机构登记的月度记录（近 ${MONTHLY_RECORD_MONTHS} 个月）`,
    empty: "没有机构为您登记月度记录。",
    columns: [{ header: "月份" }, { header: "机构" }, { header: "出勤天数", numeric: true }, { header: "社保" }, { header: "继续教育学时", numeric: true }, { header: "责任事故" }],
    rows: rows.map((r) => ({ key: `${r.workerId}-${r.month}`, cells: [r.month, r.organisationName, r.attendanceDays, r.socialInsurancePaid ? "已缴" : "未缴", r.hours, r.incident ? "有" : "无"] })),
  };
};

const educationHours: RecordSectionSource = async (db, personId) => {
  const reported = await db
    .select({ year: sql<string>`substr(${workerMonths.month}, 1, 4)`, hours: sql<number>`sum(${workerMonths.continuingEducationHours})`, institutions: groupConcatDistinct(organisations.name) })
    .from(workerMonths)
    .innerJoin(workers, eq(workers.id, workerMonths.workerId))
    .innerJoin(organisations, eq(organisations.id, workers.organisationId))
    .where(eq(workers.personId, personId))
    .groupBy(sql`substr(${workerMonths.month}, 1, 4)`);
  // Continuing-education courses finished here count for the person wherever they work, in the year they were finished.
  const platform = new Map<string, number>();
  for (const c of await db
    .select({ completedAt: courseCompletions.completedAt, hours: courses.requiredHours })
    .from(courseCompletions)
    .innerJoin(courses, eq(courses.id, courseCompletions.courseId))
    .where(and(eq(courseCompletions.personId, personId), eq(courses.audience, "continuing_education")))) {
    const year = chinaDate(c.completedAt).slice(0, 4);
    platform.set(year, (platform.get(year) ?? 0) + c.hours);
  }
  const byYear = new Map(reported.map((r) => [r.year, r]));
  const years = [...new Set([...byYear.keys(), ...platform.keys()])].sort().reverse();
  return {
    key: "education",
    title: "继续教育学时（按年度，各机构合计）",
    empty: "没有继续教育学时记录。",
    columns: [{ header: "年度" }, { header: "机构登记", numeric: true }, { header: "本平台继续教育课程", numeric: true }, { header: "合计", numeric: true }, { header: "登记机构" }],
    rows: years.map((year) => {
      const r = byYear.get(year);
      const own = platform.get(year) ?? 0;
      return { key: year, cells: [`${year} 年`, r?.hours ?? 0, own, (r?.hours ?? 0) + own, r?.institutions ? r.institutions.split(",").join("、") : "—"] };
    }),
  };
};

const certificatesSection: RecordSectionSource = async (db, personId) => ({
  key: "certificates",
  title: "我的证书",
  empty: "还没有证书。",
  columns: [{ header: "证书" }, { header: "发证日期" }, { header: "状态" }, { header: "查验" }],
  rows: await Promise.all((await holderCertificates(personId)).map(async (c) => {
    const shown = (await publicCertificate(db, c.number))!;
    return { key: c.number, cells: [`${shown.occupation}${shown.level ? ` ${shown.level}` : ""}`, shown.issuedAt, shown.statusName, { text: c.number, href: `/verify/${c.number}` }] };
  })),
});

const subsidies: RecordSectionSource = async (db, personId) => ({
  key: "subsidies",
  title: "培训补贴、技能提升补贴",
  empty: "没有培训补贴申请。取得证书后可在“培训补贴”中申请。",
  columns: [{ header: "月份" }, { header: "补贴" }, { header: "职业等级" }, { header: "金额", numeric: true }, { header: "状态" }, { header: "说明" }],
  rows: (await subsidyLinesForPerson(db, personId)).map((l) => ({
    key: String(l.applicationId),
    cells: [
      l.month,
      `${l.policy}（${l.district}）`,
      `${l.occupation}${l.level}`,
      yuan(l.amount),
      l.notice && l.listStatus === "公示中" ? { text: `${l.status}，名册公示至 ${l.notice.endsOn}`, href: `/notices/subsidies/${l.listId}` } : `${l.status}（名册${l.listStatus}）`,
      l.decisionReason ?? l.reasons.join("；"),
    ],
  })),
});

const competitionResults: RecordSectionSource = async (db, personId) => ({
  key: "competitions",
  title: "技能竞赛成绩",
  empty: "没有已公布的竞赛成绩。",
  columns: [{ header: "竞赛" }, { header: "组别" }, { header: "名次", numeric: true }, { header: "总成绩", numeric: true }, { header: "奖项" }, { header: "奖励" }],
  rows: (await competitionResultsForPerson(db, personId)).map((r) => ({
    key: String(r.competitionId),
    cells: [
      { text: `${r.title}${r.final ? "" : "（结果公示中）"}`, href: `/notices/competitions/${r.competitionId}` },
      `${occupationNames[r.occupation]}${levelShortLabel(r.level as SkillLevel)}`,
      r.rank,
      r.total,
      r.award ? awardNames[r.award] : "—",
      [r.promotionLevel ? `可申报${levelShortLabel(r.promotionLevel as SkillLevel)}` : "", r.amount ? `奖金 ${yuan(r.amount)}` : ""].filter(Boolean).join("，") || "—",
    ],
  })),
});

/** The sections /my shows below the allowances, in order. */
export const recordSections: RecordSectionSource[] = [subsidies, competitionResults, monthlyRecords, educationHours, certificatesSection];
