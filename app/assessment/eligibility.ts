import type { Occupation, SkillLevel } from "../occupations/occupations.ts";

/**
 * 申报条件 as data (domain §4): for each occupation and level, routes of which any one suffices;
 * a route holds conditions that must all be met. The engine knows these kinds of condition.
 */
export type Condition =
  | { kind: "certificate"; occupation: Occupation; level: SkillLevel; minYearsSince?: number }
  | { kind: "workYears"; min: number }
  | { kind: "apprenticeship" }
  | { kind: "schooling"; level: Schooling; inField: true }
  | { kind: "training"; occupation: Occupation; level: SkillLevel | null };

export type Schooling = "secondary_vocational" | "higher_vocational" | "technician_college" | "college";
export const schoolingNames: Record<Schooling, string> = {
  secondary_vocational: "技工学校或中等职业学校",
  higher_vocational: "高等职业学校",
  technician_college: "技师学院",
  college: "大专及以上",
};

export type Route = { label: string; conditions: Condition[] };
export type EligibilityRules = Record<string, Route[]>;
export const rulesKey = (occupation: Occupation, level: SkillLevel) => `${occupation}:${level}`;

/** What is known about an applicant on the day of application. */
export type ApplicantFacts = {
  certificates: Array<{ occupation: Occupation; level: SkillLevel; issuedOn: string; valid: boolean }>;
  /** Cumulative years of work in the occupation or a related one. */
  workYears: number;
  apprenticeshipCompleted: boolean;
  schooling: Array<{ level: Schooling; inField: boolean }>;
  completedCourses: Array<{ occupation: Occupation; level: SkillLevel | null }>;
};

export type ConditionResult = { condition: Condition; met: boolean; reason: string };
export type RouteResult = { label: string; met: boolean; conditions: ConditionResult[] };
export type Eligibility = { eligible: boolean; metRoute: string | null; routes: RouteResult[] };

const levelText = (level: SkillLevel) => ["", "一级", "二级", "三级", "四级", "五级"][level]!;

/** Whole years between two calendar dates (YYYY-MM-DD), counting a year only once its anniversary has come. */
export function fullYearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

function check(condition: Condition, facts: ApplicantFacts, onDate: string, names: Record<Occupation, string>): ConditionResult {
  switch (condition.kind) {
    case "certificate": {
      const label = `${names[condition.occupation]}${levelText(condition.level)}证书`;
      const held = facts.certificates.filter((c) => c.valid && c.occupation === condition.occupation && c.level === condition.level && c.issuedOn <= onDate);
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
    case "schooling":
      return facts.schooling.some((s) => s.level === condition.level && s.inField)
        ? { condition, met: true, reason: `${schoolingNames[condition.level]}本专业或相关专业毕业` }
        : { condition, met: false, reason: `没有${schoolingNames[condition.level]}本专业或相关专业毕业记录` };
    case "training": {
      const label = `${names[condition.occupation]}${condition.level ? levelText(condition.level) : ""}培训`;
      return facts.completedCourses.some((c) => c.occupation === condition.occupation && c.level === condition.level)
        ? { condition, met: true, reason: `已完成${label}（学时达标）` }
        : { condition, met: false, reason: `尚未完成${label}` };
    }
  }
}

/** Evaluates every route, so the page can say which one was met or, for each, why not. */
export function checkEligibility(routes: Route[], facts: ApplicantFacts, onDate: string, occupationNames: Record<Occupation, string>): Eligibility {
  const results = routes.map((route) => {
    const conditions = route.conditions.map((c) => check(c, facts, onDate, occupationNames));
    return { label: route.label, met: conditions.every((c) => c.met), conditions };
  });
  const met = results.find((r) => r.met) ?? null;
  return { eligible: met !== null, metRoute: met?.label ?? null, routes: results };
}
