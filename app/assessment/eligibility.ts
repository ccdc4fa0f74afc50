import type { Occupation, SkillLevel } from "../occupations/occupations.ts";

/**
 * 申报条件 as data (domain §4): for each occupation and level, routes of which any one suffices;
 * a route holds conditions that must all be met. A table may add requirements every route needs
 * (the Changxing plan's 康复服务 module for 三级 and higher). The engine knows these kinds of condition.
 */
export type Condition =
  | { kind: "certificate"; occupation: Occupation; level: SkillLevel; minYearsSince?: number }
  | { kind: "workYears"; min: number }
  | { kind: "apprenticeship" }
  /**
   * "X 及以上" when `schools` is left out; a route naming particular schools (技师学院…) lists them.
   * `finalYearCounts`: 在校应届毕业生 count as graduates (the standards say so where a route names a school).
   */
  | { kind: "schooling"; atLeast: Schooling; schools?: Schooling[]; inField: boolean; finalYearCounts: boolean }
  | { kind: "preTechnician" }
  | { kind: "training"; occupation: Occupation; level: SkillLevel | null }
  | { kind: "modulePassed"; occupation: Occupation; module: string };

/** Schooling kinds, from lowest to highest on the scale of domain §4. */
export const schoolings = [
  "junior_or_below",
  "technical_school",
  "secondary_vocational",
  "senior_technical_school",
  "technician_college",
  "higher_vocational",
  "college",
  "bachelor",
  "postgraduate",
] as const;
export type Schooling = (typeof schoolings)[number];

export const schoolingNames: Record<Schooling, string> = {
  junior_or_below: "初中及以下",
  technical_school: "技工学校",
  secondary_vocational: "中等职业学校",
  senior_technical_school: "高级技工学校",
  technician_college: "技师学院",
  higher_vocational: "高等职业学校（高职）",
  college: "大专",
  bachelor: "本科",
  postgraduate: "研究生",
};

/** 初中及以下 < 技工学校 / 中职 < 高级技工学校 / 技师学院 / 高职 ≈ 大专 < 本科 < 研究生. */
export const schoolingRank: Record<Schooling, number> = {
  junior_or_below: 0,
  technical_school: 1,
  secondary_vocational: 1,
  senior_technical_school: 2,
  technician_college: 2,
  higher_vocational: 2,
  college: 2,
  bachelor: 3,
  postgraduate: 4,
};

/** A route; `confirmed: false` with a note where its figures could not be checked against the standard's text. */
export type Route = { label: string; conditions: Condition[]; confirmed?: boolean; note?: string };

/** The national standard a table follows (standard name, year, 职业编码). */
export type RulesSource = { standard: string; year: number; code: string; confirmed: boolean; note?: string };

export type EligibilityTable = {
  source: RulesSource;
  /** Conditions every route needs on top of its own. */
  requirements: Condition[];
  routes: Route[];
};

/** "本职业或相关职业" (domain §4): for a platform occupation, the occupations (platform keys or names of others) whose certificates count as its own. */
export type RelatedOccupations = Partial<Record<Occupation, string[]>>;
export type EligibilityRules = Record<string, EligibilityTable>;
export const rulesKey = (occupation: Occupation, level: SkillLevel) => `${occupation}:${level}`;

/** What is known about an applicant on the day of application. */
export type ApplicantFacts = {
  /** `occupation` is a platform occupation or, for a certificate declared from elsewhere, the occupation's name. */
  certificates: Array<{ occupation: string; level: SkillLevel; issuedOn: string; valid: boolean }>;
  /** Cumulative years of work in the occupation or a related one. */
  workYears: number;
  apprenticeshipCompleted: boolean;
  /** `finalYear`: a 在校应届毕业生 who has not graduated yet. */
  schooling: Array<{ level: Schooling; inField: boolean; finalYear?: boolean }>;
  preTechnicianCertificate?: boolean;
  completedCourses: Array<{ occupation: Occupation; level: SkillLevel | null }>;
  /** Modules whose lessons are all done and whose chapter quiz is passed. */
  passedModules?: Array<{ occupation: Occupation; module: string }>;
};

export type ConditionResult = { condition: Condition; met: boolean; reason: string };
export type RouteResult = { label: string; met: boolean; conditions: ConditionResult[] };
export type Eligibility = { eligible: boolean; metRoute: string | null; routes: RouteResult[]; requirements?: ConditionResult[] };

const levelText = (level: SkillLevel) => ["", "一级", "二级", "三级", "四级", "五级"][level]!;

/** Whole years between two calendar dates (YYYY-MM-DD), counting a year only once its anniversary has come. */
export function fullYearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/** "高级技工学校或技师学院" for a route naming schools, "大专及以上" for a scale condition. */
function schoolingText(condition: Extract<Condition, { kind: "schooling" }>): string {
  return condition.schools ? condition.schools.map((s) => schoolingNames[s]).join("或") : `${schoolingNames[condition.atLeast]}及以上`;
}

type Context = { onDate: string; names: Record<Occupation, string>; related: RelatedOccupations };

function check(condition: Condition, facts: ApplicantFacts, { onDate, names, related }: Context): ConditionResult {
  switch (condition.kind) {
    case "certificate": {
      const counted = new Set<string>([condition.occupation, ...(related[condition.occupation] ?? [])]);
      const label = `${names[condition.occupation]}${counted.size > 1 ? "或相关职业" : ""}${levelText(condition.level)}证书`;
      const held = facts.certificates.filter((c) => c.valid && counted.has(c.occupation) && c.level === condition.level && c.issuedOn <= onDate);
      if (held.length === 0) return { condition, met: false, reason: `未持有有效的${label}` };
      if (condition.minYearsSince === undefined) return { condition, met: true, reason: `持有${label}` };
      const years = Math.max(...held.map((c) => fullYearsBetween(c.issuedOn, onDate)));
      return years >= condition.minYearsSince
        ? { condition, met: true, reason: `取得${label}已满 ${years} 年` }
        : { condition, met: false, reason: `取得${label}仅 ${years} 年，须满 ${condition.minYearsSince} 年` };
    }
    case "workYears":
      return facts.workYears >= condition.min
        ? { condition, met: true, reason: `累计从事本职业或相关职业工作 ${facts.workYears} 年` }
        : { condition, met: false, reason: `累计工作 ${facts.workYears} 年，须满 ${condition.min} 年` };
    case "apprenticeship":
      return facts.apprenticeshipCompleted ? { condition, met: true, reason: "本职业或相关职业学徒期满" } : { condition, met: false, reason: "没有学徒期满记录" };
    case "schooling": {
      const text = schoolingText(condition);
      const field = condition.inField ? "本专业或相关专业" : "";
      const fits = (s: ApplicantFacts["schooling"][number]) =>
        (condition.schools ? condition.schools.includes(s.level) : schoolingRank[s.level] >= schoolingRank[condition.atLeast]) && (!condition.inField || s.inField);
      const graduated = facts.schooling.find((s) => fits(s) && !s.finalYear);
      if (graduated) return { condition, met: true, reason: `${text}${field}毕业（${schoolingNames[graduated.level]}）` };
      const finalYear = facts.schooling.find((s) => fits(s) && s.finalYear);
      if (finalYear && condition.finalYearCounts) return { condition, met: true, reason: `${text}${field}在校应届毕业生（${schoolingNames[finalYear.level]}）` };
      if (finalYear) return { condition, met: false, reason: `须已取得${text}${field}毕业证书，在校应届毕业生不适用此条件` };
      return { condition, met: false, reason: `没有${text}${field}毕业记录` };
    }
    case "preTechnician":
      return facts.preTechnicianCertificate ? { condition, met: true, reason: "持有预备技师证书" } : { condition, met: false, reason: "未持有预备技师证书" };
    case "training": {
      const label = `${names[condition.occupation]}${condition.level ? levelText(condition.level) : ""}培训`;
      return facts.completedCourses.some((c) => c.occupation === condition.occupation && c.level === condition.level)
        ? { condition, met: true, reason: `已完成${label}（学时达标）` }
        : { condition, met: false, reason: `尚未完成${label}` };
    }
    case "modulePassed": {
      const label = `${names[condition.occupation]}培训课程的“${condition.module}”模块`;
      return (facts.passedModules ?? []).some((m) => m.occupation === condition.occupation && m.module === condition.module)
        ? { condition, met: true, reason: `已通过${label}` }
        : { condition, met: false, reason: `尚未通过${label}（须学完全部课时并通过章节测验）` };
    }
  }
}

/** Evaluates every route and requirement, so the page can say which route was met or, for each, why not. */
export function checkEligibility(
  table: Pick<EligibilityTable, "routes" | "requirements">,
  facts: ApplicantFacts,
  onDate: string,
  occupationNames: Record<Occupation, string>,
  related: RelatedOccupations,
): Eligibility {
  const context = { onDate, names: occupationNames, related };
  const routes = table.routes.map((route) => {
    const conditions = route.conditions.map((c) => check(c, facts, context));
    return { label: route.label, met: conditions.every((c) => c.met), conditions };
  });
  const requirements = table.requirements.map((c) => check(c, facts, context));
  const met = routes.find((r) => r.met) ?? null;
  const eligible = met !== null && requirements.every((r) => r.met);
  return { eligible, metRoute: eligible ? met!.label : null, routes, requirements };
}
