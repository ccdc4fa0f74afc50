import { addMonths, format, parseISO } from "date-fns";
import { subsidyKinds } from "../../db/vocabulary.ts";
import { certificateValidOn, type CertificateFacts } from "../../certificates/status.ts";
import { levelShortLabel, occupationNames, type Occupation, type SkillLevel } from "../occupations/occupations.ts";
import { regionContains } from "../regions/region-code.ts";
import { blackListReasons, type BlackListFact } from "../credit/rules.ts";

/**
 * Training and skill-upgrade subsidies (培训补贴 / 技能提升补贴, domain §7, Shanghai plan): paid once per person and
 * level after a pass. Pure functions over plain data, the date passed in; every decision says why, in Chinese.
 */

export { subsidyKinds };
export type SubsidyKind = (typeof subsidyKinds)[number];
export const subsidyKindNames: Record<SubsidyKind, string> = { training: "培训补贴", skill_upgrade: "技能提升补贴" };

/** Integer yuan per occupation and level ("5"…"1"); a level left out is not subsidised. */
export type SubsidyAmounts = Partial<Record<Occupation, Record<string, number>>>;

export type SubsidyCondition =
  | { type: "first_certificate_at_level" }
  | { type: "certificate_within_months"; months: number }
  | { type: "residence_in_region" }
  | { type: "insured_in_region"; months: number }
  | { type: "residence_or_insurance"; months: number };
export type SubsidyConditionType = SubsidyCondition["type"];
export const subsidyConditionTypes = ["first_certificate_at_level", "certificate_within_months", "residence_in_region", "insured_in_region", "residence_or_insurance"] as const satisfies readonly SubsidyConditionType[];

export function describeSubsidyCondition(c: SubsidyCondition): string {
  switch (c.type) {
    case "first_certificate_at_level":
      return "首次取得该职业该等级的证书";
    case "certificate_within_months":
      return `发证之日起 ${c.months} 个月内申请`;
    case "residence_in_region":
      return "户籍（身份证登记地）或居住证在本地区";
    case "insured_in_region":
      return `申请前 12 个月内在本地区缴纳社会保险不少于 ${c.months} 个月`;
    case "residence_or_insurance":
      return `户籍或居住证在本地区，或申请前 12 个月内在本地区参保不少于 ${c.months} 个月`;
  }
}

export type SubsidyRule = {
  name: string;
  kind: SubsidyKind;
  regionCode: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  retired: boolean;
  amounts: SubsidyAmounts;
  conditions: SubsidyCondition[];
};

export type HeldCertificate = CertificateFacts & { id: number; number: string };

/** What the rules read about an applicant and the certificate they apply with. */
export type SubsidyFacts = {
  idNumber: string;
  /** 居住证 region the applicant declared, or null. */
  residenceRegionCode: string | null;
  /** Months (YYYY-MM) with social insurance paid, and the region of the institution that paid it. */
  insuredMonths: Array<{ month: string; regionCode: string }>;
  certificate: HeldCertificate;
  /** Every skill-level certificate the person holds, this one included. */
  certificates: HeldCertificate[];
  /** Subsidies standing for this person (applied, on a list, approved): occupation, level and where. */
  standing: Array<{ occupation: string; level: number; where: string }>;
  /** The person's black-list entries (红黑名单): one in force on the day of application refuses. */
  blackList: BlackListFact[];
};

export type SubsidyDecision = { eligible: boolean; amount: number | null; reasonsFor: string[]; reasonsAgainst: string[] };

const levelText = (occupation: string, level: number) => `${occupationNames[occupation as Occupation] ?? occupation}${levelShortLabel(level as SkillLevel)}`;

/** The amount a version pays for an occupation and level, or null when it pays nothing there. */
export function amountFor(amounts: SubsidyAmounts, occupation: string, level: number): number | null {
  const amount = amounts[occupation as Occupation]?.[String(level)];
  return typeof amount === "number" && amount > 0 ? amount : null;
}

/** The last day an application is accepted: the same day N months after issue (end of a shorter month). */
export function applyByDate(issuedOn: string, months: number): string {
  return format(addMonths(parseISO(issuedOn), months), "yyyy-MM-dd");
}

/** The 12 months before the application month, oldest first. */
function monthsBefore(today: string): string[] {
  const first = parseISO(`${today.slice(0, 7)}-01`);
  return Array.from({ length: 12 }, (_, i) => format(addMonths(first, i - 12), "yyyy-MM"));
}

function insuredCount(facts: SubsidyFacts, regionCode: string, today: string): number {
  const window = new Set(monthsBefore(today));
  return new Set(facts.insuredMonths.filter((m) => window.has(m.month) && regionContains(regionCode, m.regionCode)).map((m) => m.month)).size;
}

function residence(facts: SubsidyFacts, regionCode: string): string | null {
  const household = facts.idNumber.slice(0, 6);
  if (regionContains(regionCode, household)) return `户籍在本地区（身份证登记地 ${household}）`;
  if (facts.residenceRegionCode && regionContains(regionCode, facts.residenceRegionCode)) return `持本地区居住证（${facts.residenceRegionCode}）`;
  return null;
}

/**
 * Whether `facts.certificate` earns `rule`'s subsidy on `today` (YYYY-MM-DD, China time), and how much. Every
 * condition is checked, so the applicant sees all reasons against at once.
 */
export function checkSubsidy(rule: SubsidyRule, facts: SubsidyFacts, today: string): SubsidyDecision {
  const reasonsFor: string[] = [];
  const reasonsAgainst: string[] = [];
  const cert = facts.certificate;
  const what = cert.level === null ? occupationNames[cert.occupation as Occupation] : levelText(cert.occupation, cert.level);

  if (rule.retired) reasonsAgainst.push(`“${rule.name}”已停止受理`);
  if (today < rule.effectiveFrom || (rule.effectiveTo !== null && today > rule.effectiveTo)) reasonsAgainst.push(`“${rule.name}”第 ${rule.version} 版的有效期为 ${rule.effectiveFrom} 至 ${rule.effectiveTo ?? "长期"}`);

  if (cert.kind !== "skill_level" || cert.level === null) {
    reasonsAgainst.push("培训合格证明不是职业技能等级证书，不能申请");
    return { eligible: false, amount: null, reasonsFor, reasonsAgainst };
  }
  if (cert.revokedAt !== null) reasonsAgainst.push(`证书 ${cert.number} 已吊销`);
  else if (cert.source === "external" && cert.verifiedAt === null) reasonsAgainst.push(`外部证书 ${cert.number} 尚未经民政部门核验`);
  else if (certificateValidOn(cert, today)) reasonsFor.push(`持有${what}证书（${cert.number}，${cert.issuedOn} 发证${cert.source === "external" ? "，已核验" : ""}）`);

  const amount = amountFor(rule.amounts, cert.occupation, cert.level);
  if (amount === null) reasonsAgainst.push(`本政策不补贴${what}`);
  else reasonsFor.push(`补贴标准：${what} ${amount} 元`);

  const taken = facts.standing.find((s) => s.occupation === cert.occupation && s.level === cert.level);
  if (taken) reasonsAgainst.push(`已申领过${what}补贴（${taken.where}），每人每个等级只能享受一次`);
  else reasonsFor.push(`此前未申领过${what}补贴`);

  reasonsAgainst.push(...blackListReasons(facts.blackList, today, today));

  for (const c of rule.conditions) {
    switch (c.type) {
      case "first_certificate_at_level": {
        const earlier = facts.certificates.find((o) => o.id !== cert.id && o.kind === "skill_level" && o.occupation === cert.occupation && o.level === cert.level && (o.issuedOn < cert.issuedOn || (o.issuedOn === cert.issuedOn && o.id < cert.id)));
        if (earlier) reasonsAgainst.push(`此前已取得${what}证书（${earlier.number}，${earlier.issuedOn} 发证），本证书不是首次取得`);
        else reasonsFor.push(`首次取得${what}证书`);
        break;
      }
      case "certificate_within_months": {
        const by = applyByDate(cert.issuedOn, c.months);
        if (today > by) reasonsAgainst.push(`发证已超过 ${c.months} 个月（应在 ${by} 前申请）`);
        else reasonsFor.push(`在发证后 ${c.months} 个月内申请（${by} 前）`);
        break;
      }
      case "residence_in_region": {
        const found = residence(facts, rule.regionCode);
        if (found) reasonsFor.push(found);
        else reasonsAgainst.push("户籍和居住证均不在本地区");
        break;
      }
      case "insured_in_region": {
        const n = insuredCount(facts, rule.regionCode, today);
        if (n >= c.months) reasonsFor.push(`申请前 12 个月内在本地区参保 ${n} 个月`);
        else reasonsAgainst.push(`申请前 12 个月内在本地区参保 ${n} 个月，不足 ${c.months} 个月`);
        break;
      }
      case "residence_or_insurance": {
        const found = residence(facts, rule.regionCode);
        const n = insuredCount(facts, rule.regionCode, today);
        if (found) reasonsFor.push(found);
        else if (n >= c.months) reasonsFor.push(`申请前 12 个月内在本地区参保 ${n} 个月`);
        else reasonsAgainst.push(`户籍和居住证均不在本地区，申请前 12 个月内在本地区参保 ${n} 个月，不足 ${c.months} 个月`);
        break;
      }
    }
  }
  const eligible = reasonsAgainst.length === 0;
  return { eligible, amount: eligible ? amount : null, reasonsFor, reasonsAgainst };
}
