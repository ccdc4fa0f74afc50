import { addDays, addMonths, format, parseISO } from "date-fns";

/**
 * Red and black lists (红名单 / 黑名单, Changxing plan): pure rules over plain data, the date passed in.
 * An entry is in force from its start date for its term; nothing is stored about expiry, so no job has to run.
 */

export const creditLists = ["red", "black"] as const;
export type CreditList = (typeof creditLists)[number];
export const creditListNames: Record<CreditList, string> = { red: "红名单", black: "黑名单" };

/** 黑名单 reason categories (失信行为类别). */
export const blackListCategories = ["certificate_fraud", "subsidy_fraud", "abuse", "liability_incident", "serious_violation", "other"] as const;
export type BlackListCategory = (typeof blackListCategories)[number];
export const blackListCategoryNames: Record<BlackListCategory, string> = {
  certificate_fraud: "以欺骗等不正当手段取得证书",
  subsidy_fraud: "骗取、套取补贴资金",
  abuse: "虐待、侮辱或遗弃服务对象",
  liability_incident: "发生重大责任事故",
  serious_violation: "严重违反法律法规或服务规范",
  other: "其他严重失信行为",
};

export const creditStates = ["pending", "active", "expired", "revoked"] as const;
export type CreditState = (typeof creditStates)[number];
export const creditStateNames: Record<CreditState, string> = { pending: "未生效", active: "有效", expired: "已到期", revoked: "已撤销" };

/** What the rules read of an entry; `revokedOn` is the China date of an early revocation. */
export type CreditTerm = { startsOn: string; termMonths: number | null; revokedOn: string | null };

/** The last day in force (inclusive): 2026-01-15 for 12 months → 2027-01-14; null until revoked. */
export function creditEndsOn(entry: Pick<CreditTerm, "startsOn" | "termMonths">): string | null {
  if (entry.termMonths === null) return null;
  return format(addDays(addMonths(parseISO(entry.startsOn), entry.termMonths), -1), "yyyy-MM-dd");
}

/** Where an entry stands on a date; a revocation takes effect on the day it is made. */
export function creditEntryState(entry: CreditTerm, on: string): CreditState {
  if (entry.revokedOn !== null && entry.revokedOn <= on) return "revoked";
  if (entry.startsOn > on) return "pending";
  const endsOn = creditEndsOn(entry);
  if (endsOn !== null && endsOn < on) return "expired";
  return "active";
}

export function activeOn(entry: CreditTerm, on: string): boolean {
  return creditEntryState(entry, on) === "active";
}

/** The last day an entry is in force: its term's end, or the day before an early revocation; null when open-ended. */
function lastDayInForce(entry: CreditTerm): string | null {
  const endsOn = creditEndsOn(entry);
  if (entry.revokedOn === null) return endsOn;
  const dayBefore = format(addDays(parseISO(entry.revokedOn), -1), "yyyy-MM-dd");
  return endsOn === null || dayBefore < endsOn ? dayBefore : endsOn;
}

/** Whether an entry is in force on any day from `from` to `to` (inclusive): a month's allowance reads this. */
export function activeDuring(entry: CreditTerm, from: string, to: string): boolean {
  const last = lastDayInForce(entry);
  return entry.startsOn <= to && (last === null || (last >= from && last >= entry.startsOn));
}

/** The term in words: "2026-03-01 起 24 个月（至 2028-02-29）" or "2026-03-01 起，至撤销为止". */
export function describeTerm(entry: Pick<CreditTerm, "startsOn" | "termMonths">): string {
  const endsOn = creditEndsOn(entry);
  return endsOn === null ? `${entry.startsOn} 起，至撤销为止` : `${entry.startsOn} 起 ${entry.termMonths} 个月（至 ${endsOn}）`;
}

/** A black-list entry as the allowance engine sees it. */
export type BlackListFact = CreditTerm & { category: BlackListCategory; decisionNumber: string };

/** Why a black-listed worker (or the workers of a black-listed institution) is left out, in words; never the evidence. */
export function blackListReason(entry: BlackListFact, employerName?: string): string {
  const subject = employerName === undefined ? "本人" : `所在机构「${employerName}」`;
  return `${subject}列入黑名单（${blackListCategoryNames[entry.category]}，${entry.decisionNumber}，${describeTerm(entry)}）`;
}

/** The reasons, one per entry in force during the period, in start order. */
export function blackListReasons(entries: BlackListFact[], from: string, to: string, employerName?: string): string[] {
  return entries
    .filter((e) => activeDuring(e, from, to))
    .sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0))
    .map((e) => blackListReason(e, employerName));
}

/** The moves on an entry (the state machine the pages ask which buttons to show). */
export type CreditMove = "edit" | "revoke" | "appeal" | "decide_appeal";

export type CreditFacts = { list: CreditList; state: CreditState; openAppeal: boolean };

/** Why a move is refused, in Chinese, or null when it is allowed. */
export function creditMoveRefusal(facts: CreditFacts, move: CreditMove): string | null {
  switch (move) {
    case "edit":
      return facts.state === "pending" ? null : "名单已生效（或已到期、已撤销），不能再修改；如有错误请提前撤销并重新列入";
    case "revoke":
      return facts.state === "pending" || facts.state === "active" ? null : `该记录${creditStateNames[facts.state]}，无需撤销`;
    case "appeal":
      if (facts.list !== "black") return "红名单无需申诉";
      if (facts.state !== "pending" && facts.state !== "active") return `该记录${creditStateNames[facts.state]}，不能再申诉`;
      return facts.openAppeal ? "已有一件申诉正在处理，请等待决定" : null;
    case "decide_appeal":
      return facts.openAppeal ? null : "没有待处理的申诉";
  }
}
