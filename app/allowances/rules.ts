import { addDays, addMonths, format, parseISO } from "date-fns";
import { allowanceKinds, schoolings } from "../../db/vocabulary.ts";
import { highestValidLevel, type CertificateFacts } from "../../certificates/status.ts";
import { levelShortLabel, occupationNames, type Occupation, type SkillLevel } from "../occupations/occupations.ts";
import { blackListReasons, type BlackListFact } from "../credit/rules.ts";
import { organisationTypeNames, type OrganisationType } from "../organisations/organisation-types.ts";

/**
 * The allowance rule engine (domain §7): pure functions over plain data, the month passed in.
 * A policy version is data — amounts and conditions chosen from the set below — and every
 * decision carries the rule that made it or the conditions that failed.
 */

export { allowanceKinds };
export type AllowanceKind = (typeof allowanceKinds)[number];
export const allowanceKindNames: Record<AllowanceKind, string> = {
  monthly: "按月岗位补贴",
  level_award: "一次性等级奖励（每个等级一次）",
  entry_award: "入职奖补（按服务年限分期）",
};

/** 学历, which grades entry awards. */
export { schoolings };
export type Schooling = (typeof schoolings)[number];
export const schoolingNames: Record<Schooling, string> = { secondary_vocational: "中职", college: "专科", bachelor: "本科" };

export type Condition =
  | { type: "valid_certificate" }
  | { type: "contract_covers_month" }
  | { type: "min_service_months"; months: number }
  | { type: "min_attendance_days"; days: number }
  | { type: "social_insurance_paid" }
  | { type: "continuing_education_hours"; hours: number }
  | { type: "no_liability_incident" }
  | { type: "employer_type"; types: OrganisationType[] }
  | { type: "employer_not_black_listed" };
export type ConditionType = Condition["type"];

export const conditionNames: Record<ConditionType, string> = {
  valid_certificate: "当月 1 日持有本职业有效证书（取最高等级；已吊销、未核验的不计）",
  contract_covers_month: "劳动合同覆盖整月",
  min_service_months: "当月前服务满若干整月",
  min_attendance_days: "当月出勤不少于若干天",
  social_insurance_paid: "当月已缴纳社会保险",
  continuing_education_hours: "近 12 个月继续教育不少于若干学时",
  no_liability_incident: "当月无责任事故",
  employer_type: "用人单位为辖区内登记的指定类型机构",
  employer_not_black_listed: "用人单位当月未列入黑名单（列入时其全部人员不予发放）",
};

/** What a condition requires, in words: "出勤不少于 20 天". */
export function describeCondition(c: Condition): string {
  switch (c.type) {
    case "min_service_months":
      return `当月前服务满 ${c.months} 个整月`;
    case "min_attendance_days":
      return `当月出勤不少于 ${c.days} 天`;
    case "continuing_education_hours":
      return `近 12 个月继续教育不少于 ${c.hours} 学时`;
    case "employer_type":
      return `用人单位为${c.types.map((t) => organisationTypeNames[t]).join("、")}`;
    default:
      return conditionNames[c.type];
  }
}

/** An entry-award instalment: `percent` of the award once `afterYears` full years of service are reached. */
export type Instalment = { afterYears: number; percent: number };

export type PolicyRule = {
  policyId: number;
  versionId: number;
  name: string;
  version: number;
  kind: AllowanceKind;
  occupation: Occupation;
  /** Integer yuan by level ("5"…"1") or, for entry awards, by schooling. */
  amounts: Record<string, number>;
  instalments: Instalment[] | null;
  conditions: Condition[];
};

export type MonthFacts = { attendanceDays: number; socialInsurancePaid: boolean; liabilityIncident: boolean };

/** One worker record (a person at one institution) as the engine sees it for one month. */
export type WorkerFacts = {
  workerId: number;
  personId: number;
  organisationId: number;
  organisationName: string;
  organisationType: OrganisationType;
  occupation: Occupation;
  hiredOn: string;
  contractEndsOn: string | null;
  leftOn: string | null;
  schooling: Schooling | null;
  certificates: CertificateFacts[];
  /** The institution's record of the month evaluated, null when none was reported. */
  month: MonthFacts | null;
  /** Continuing-education hours over the 12 months ending with the month evaluated (`last12Months`). */
  educationHours: number;
  /** Black-list entries (红黑名单) of the person and of the employing institution; absent means none. */
  blackList?: BlackListFact[];
  employerBlackList?: BlackListFact[];
};

export type Award = { awardKey: string; level: SkillLevel | null; amount: number; rule: string };
export type Evaluation = { awards: Award[]; reasons: string[] };

const day = (d: Date) => format(d, "yyyy-MM-dd");

// Plain arithmetic on YYYY-MM-DD strings: these two run for every worker of a city each month.
export function monthBounds(month: string): { first: string; last: string } {
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, "0")}` };
}

/** The 12 months ending with `month`, as an inclusive YYYY-MM range. */
export function last12Months(month: string): { from: string; to: string } {
  return { from: format(addMonths(parseISO(`${month}-01`), -11), "yyyy-MM"), to: month };
}

/** The last day of a notice period of `days` days starting on `startsOn`. */
export function noticeEndsOn(startsOn: string, days: number): string {
  return day(addDays(parseISO(startsOn), days - 1));
}

/** Whole months of service completed before a date: hired 08-01 → 3 on 11-01; hired 08-02 → 2. */
export function fullMonthsOfService(hiredOn: string, on: string): number {
  const months = (Number(on.slice(0, 4)) - Number(hiredOn.slice(0, 4))) * 12 + Number(on.slice(5, 7)) - Number(hiredOn.slice(5, 7));
  return Math.max(0, on.slice(8) < hiredOn.slice(8) ? months - 1 : months);
}

/** The version of a policy in force on the month's first day, or null. */
export function versionForMonth<V extends { effectiveFrom: string; effectiveTo: string | null }>(versions: V[], month: string): V | null {
  const { first } = monthBounds(month);
  return versions.find((v) => v.effectiveFrom <= first && (v.effectiveTo === null || v.effectiveTo >= first)) ?? null;
}

/** Why no certificate counts on the day, in the terms an institution can act on. */
function certificateProblem(worker: WorkerFacts, occupation: Occupation, on: string): string {
  const own = worker.certificates.filter((c) => c.kind === "skill_level" && c.occupation === occupation);
  const name = occupationNames[occupation];
  if (own.length === 0) return `无${name}职业技能等级证书`;
  const held = own.filter((c) => c.issuedOn <= on);
  if (held.length === 0) return `${name}证书发证日期（${own.map((c) => c.issuedOn).sort()[0]}）晚于 ${on}`;
  if (held.some((c) => c.source === "external" && c.verifiedAt === null)) return `${name}证书尚未经民政部门核验`;
  return `${name}证书已被吊销`;
}

function failedConditions(rule: PolicyRule, worker: WorkerFacts, month: string, { first, last }: { first: string; last: string }): string[] {
  // A black-listed worker is never paid (issue 15); the employer's entry counts only where the policy says so.
  const reasons: string[] = blackListReasons(worker.blackList ?? [], first, last);
  let missingMonthNoted = false;
  const monthRecord = () => {
    if (worker.month) return worker.month;
    if (!missingMonthNoted) reasons.push(`未报送 ${month} 的月度记录（出勤、社保、事故）`);
    missingMonthNoted = true;
    return null;
  };
  for (const c of rule.conditions) {
    switch (c.type) {
      case "valid_certificate":
        if (highestValidLevel(worker.certificates, rule.occupation, first) === null) reasons.push(certificateProblem(worker, rule.occupation, first));
        break;
      case "contract_covers_month":
        if (worker.hiredOn > first) reasons.push(`入职日期（${worker.hiredOn}）晚于当月 1 日`);
        else if (worker.contractEndsOn !== null && worker.contractEndsOn < last) reasons.push(`劳动合同于 ${worker.contractEndsOn} 到期，未覆盖整月`);
        else if (worker.leftOn !== null && worker.leftOn <= last) reasons.push(`已于 ${worker.leftOn} 离职`);
        break;
      case "min_service_months": {
        const months = fullMonthsOfService(worker.hiredOn, first);
        if (months < c.months) reasons.push(`当月前服务 ${months} 个整月，不满 ${c.months} 个月`);
        break;
      }
      case "min_attendance_days": {
        const m = monthRecord();
        if (m && m.attendanceDays < c.days) reasons.push(`当月出勤 ${m.attendanceDays} 天，少于 ${c.days} 天`);
        break;
      }
      case "social_insurance_paid": {
        const m = monthRecord();
        if (m && !m.socialInsurancePaid) reasons.push("当月未缴纳社会保险");
        break;
      }
      case "continuing_education_hours":
        if (worker.educationHours < c.hours) reasons.push(`近 12 个月继续教育 ${worker.educationHours} 学时，少于 ${c.hours} 学时`);
        break;
      case "no_liability_incident": {
        const m = monthRecord();
        if (m?.liabilityIncident) reasons.push("当月发生责任事故");
        break;
      }
      case "employer_type":
        if (!c.types.includes(worker.organisationType)) reasons.push(`用人单位类型（${organisationTypeNames[worker.organisationType]}）不在本补贴范围内`);
        break;
      case "employer_not_black_listed":
        reasons.push(...blackListReasons(worker.employerBlackList ?? [], first, last, worker.organisationName));
        break;
    }
  }
  return reasons;
}

const ruleName = (rule: PolicyRule) => `${rule.name}（第 ${rule.version} 版）`;

/**
 * Evaluates one policy version for one worker record and month. `awarded` holds the award keys the person
 * has already been paid (or has pending) under this policy, which matters for one-off awards only:
 * an award that is not due (already paid, no certificate, too few years) is no exclusion either.
 */
const NOTHING_AWARDED: ReadonlySet<string> = new Set();

export function evaluate(rule: PolicyRule, worker: WorkerFacts, month: string, awarded: ReadonlySet<string> = NOTHING_AWARDED): Evaluation {
  if (worker.occupation !== rule.occupation) return { awards: [], reasons: [`本补贴只适用于${occupationNames[rule.occupation]}，该人员登记为${occupationNames[worker.occupation]}`] };
  const bounds = monthBounds(month);
  const { first } = bounds;
  const level = highestValidLevel(worker.certificates, rule.occupation, first);
  const reasons = failedConditions(rule, worker, month, bounds);

  if (rule.kind === "monthly") {
    if (reasons.length > 0 || level === null) return { awards: [], reasons: reasons.length > 0 ? reasons : [certificateProblem(worker, rule.occupation, first)] };
    const amount = rule.amounts[String(level)];
    if (amount === undefined) return { awards: [], reasons: [`政策未规定${levelShortLabel(level)}的补贴标准`] };
    return { awards: [{ awardKey: month, level, amount, rule: `${ruleName(rule)}：${levelShortLabel(level)} ${amount} 元/月` }], reasons: [] };
  }

  if (rule.kind === "level_award") {
    if (level === null || awarded.has(`level:${level}`)) return { awards: [], reasons: [] };
    if (reasons.length > 0) return { awards: [], reasons };
    const amount = rule.amounts[String(level)];
    if (amount === undefined) return { awards: [], reasons: [] };
    return { awards: [{ awardKey: `level:${level}`, level, amount, rule: `${ruleName(rule)}：取得${levelShortLabel(level)}一次性奖励 ${amount} 元` }], reasons: [] };
  }

  const years = Math.floor(fullMonthsOfService(worker.hiredOn, first) / 12);
  const due = (rule.instalments ?? []).map((inst, i) => ({ ...inst, key: `instalment:${i + 1}`, index: i + 1 })).filter((inst) => inst.afterYears <= years && !awarded.has(inst.key));
  if (due.length === 0) return { awards: [], reasons: [] };
  if (worker.schooling === null) return { awards: [], reasons: [...reasons, "未登记学历，无法确定入职奖补标准"] };
  const total = rule.amounts[worker.schooling];
  if (total === undefined) return { awards: [], reasons: [...reasons, `政策未规定${schoolingNames[worker.schooling]}学历的入职奖补标准`] };
  if (reasons.length > 0) return { awards: [], reasons };
  return {
    awards: due.map((inst) => ({
      awardKey: inst.key,
      level,
      amount: Math.round((total * inst.percent) / 100),
      rule: `${ruleName(rule)}：${schoolingNames[worker.schooling!]} ${total} 元，服务满 ${inst.afterYears} 年发放第 ${inst.index} 期 ${inst.percent}%`,
    })),
    reasons: [],
  };
}

export type LineDraft = Award & { policyId: number; workerId: number; personId: number; organisationId: number };
export type ExclusionDraft = { policyId: number; workerId: number; personId: number; organisationId: number; reasons: string[] };

/**
 * A month's lines and exclusions for every worker record and policy. A person is paid at most once per
 * policy and award key: `claimed` maps `policyId|personId|awardKey` to the institution whose declared
 * list already holds it; otherwise the record with the longest service (earliest hire, then lowest id) wins.
 */
export function allocateMonth(rules: PolicyRule[], workers: WorkerFacts[], month: string, claimed: ReadonlyMap<string, string>): { lines: LineDraft[]; excluded: ExclusionDraft[] } {
  const ordered = [...workers].sort((a, b) => (a.hiredOn < b.hiredOn ? -1 : a.hiredOn > b.hiredOn ? 1 : a.workerId - b.workerId));
  const lines: LineDraft[] = [];
  const excluded: ExclusionDraft[] = [];
  for (const rule of rules) {
    const granted = new Map<string, string>();
    // One-off awards already held by a person under this policy, from declared lists of any month.
    const awardedByPerson = new Map<number, Set<string>>();
    if (rule.kind !== "monthly") {
      for (const key of claimed.keys()) {
        const [policyId, personId, awardKey] = key.split("|");
        if (Number(policyId) !== rule.policyId) continue;
        const set = awardedByPerson.get(Number(personId)) ?? new Set<string>();
        set.add(awardKey!);
        awardedByPerson.set(Number(personId), set);
      }
    }
    for (const worker of ordered) {
      const ids = { policyId: rule.policyId, workerId: worker.workerId, personId: worker.personId, organisationId: worker.organisationId };
      const { awards, reasons } = evaluate(rule, worker, month, awardedByPerson.get(worker.personId));
      const duplicateReasons: string[] = [];
      for (const award of awards) {
        const key = `${rule.policyId}|${worker.personId}|${award.awardKey}`;
        const holder = claimed.get(key) ?? granted.get(key);
        if (holder !== undefined) {
          duplicateReasons.push(holder === worker.organisationName ? "已列入本机构已申报的名册" : `同一人在「${holder}」登记，已由该机构发放`);
          continue;
        }
        granted.set(key, worker.organisationName);
        lines.push({ ...ids, ...award });
      }
      if (reasons.length > 0 || duplicateReasons.length > 0) excluded.push({ ...ids, reasons: [...reasons, ...duplicateReasons] });
    }
  }
  return { lines, excluded };
}
