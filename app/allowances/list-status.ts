import { addMonths, format, parseISO } from "date-fns";
import type { AllowanceListStatus } from "../../db/schema.ts";
import type { WantedPermission } from "../auth/permissions.ts";

export const listStatusNames: Record<AllowanceListStatus, string> = { draft: "机构待申报", declared: "已申报，区县审核中", publicised: "公示中", approved: "已审批（已锁定）" };

/**
 * The list's workflow (补贴发放名册, domain §7) in one place: every step, who takes it, the states it starts from and
 * the state it leads to (null: the state stays). The moves back — withdraw, return, undo an exclusion — end with
 * 公示; an approved list never changes, corrections are adjustments of a later month.
 */
export type ListActor = "institution" | "district" | "city";

export const listActorPermissions: Record<ListActor, WantedPermission> = {
  institution: "declare:allowance-list:org",
  district: "review:allowance-list:region",
  city: "approve:allowance-list:region",
};

type StepRule = { label: string; by: ListActor; from: readonly AllowanceListStatus[]; to: AllowanceListStatus | null };

export const listSteps = {
  refresh: { label: "重新计算", by: "institution", from: ["draft"], to: null },
  declare: { label: "申报", by: "institution", from: ["draft"], to: "declared" },
  withdraw: { label: "撤回申报", by: "institution", from: ["declared"], to: "draft" },
  return: { label: "退回", by: "district", from: ["declared"], to: "draft" },
  exclude: { label: "剔除记录", by: "district", from: ["declared", "publicised"], to: null },
  "undo-exclusion": { label: "撤销剔除", by: "district", from: ["declared"], to: null },
  "open-notice": { label: "开启公示", by: "district", from: ["declared"], to: "publicised" },
  "record-objection": { label: "登记异议", by: "district", from: ["publicised"], to: null },
  "resolve-objection": { label: "答复异议", by: "district", from: ["publicised"], to: null },
  approve: { label: "审批", by: "city", from: ["publicised"], to: "approved" },
  adjust: { label: "登记调整", by: "district", from: ["approved"], to: null },
} as const satisfies Record<string, StepRule>;

export type ListStep = keyof typeof listSteps;

/** What the guards read about a list; `today` is the China Standard Time calendar date. */
export type ListFacts = {
  status: AllowanceListStatus;
  month: string;
  today: string;
  /** Lines still paid (not excluded). */
  payees: number;
  excludedLines: number;
  openObjections: number;
  noticeEndsOn: string | null;
};

export function isListStep(value: string): value is ListStep {
  return Object.hasOwn(listSteps, value);
}

/** Why `step` cannot be taken on this list now (Chinese, shown as is), or null when it can. */
export function listStepRefusal(step: ListStep, list: ListFacts, input: { zeroPayeesConfirmed?: boolean } = {}): string | null {
  const rule: StepRule = listSteps[step];
  if (!rule.from.includes(list.status)) {
    return list.status === "approved" ? `名册已审批锁定，不能${rule.label}；更正请在以后月份登记调整` : `名册当前状态为“${listStatusNames[list.status]}”，不能${rule.label}`;
  }
  switch (step) {
    case "declare": {
      // A month is declared once it has ended: attendance and contracts are only known then.
      if (list.month >= list.today.slice(0, 7)) return `${list.month} 尚未结束，${format(addMonths(parseISO(`${list.month}-01`), 1), "yyyy-MM-dd")} 起才能申报`;
      if (list.payees === 0 && !input.zeroPayeesConfirmed) return "本月没有符合发放条件的人员：请勾选“确认本月无人符合发放条件”后再申报";
      return null;
    }
    case "withdraw":
      return list.excludedLines > 0 ? `区县已开始审核（已剔除 ${list.excludedLines} 条记录），不能撤回；如需修改，请联系区县退回名册` : null;
    case "undo-exclusion":
      return list.excludedLines === 0 ? "名册中没有被剔除的记录" : null;
    case "approve":
      if (list.noticeEndsOn !== null && list.today <= list.noticeEndsOn) return `公示期至 ${list.noticeEndsOn} 结束，公示期满后才能审批`;
      return list.openObjections > 0 ? `还有 ${list.openObjections} 条异议未答复` : null;
    default:
      return null;
  }
}

/** The steps an actor can take on the list as it stands: what its page offers. */
export function stepsFor(actor: ListActor, list: ListFacts): ListStep[] {
  return (Object.keys(listSteps) as ListStep[]).filter((step) => listSteps[step].by === actor && listStepRefusal(step, list, { zeroPayeesConfirmed: true }) === null);
}

/** Where an objection came from: recorded by the district from a letter, or raised by the worker online. */
export const objectionSourceNames: Record<"written" | "online", string> = { written: "书面", online: "本人在线提出" };

/** 公示 in force: the list is publicised and `today` lies within its notice period. Only then is it public. */
export function noticeRunning(list: { status: AllowanceListStatus; noticeStartsOn: string | null; noticeEndsOn: string | null }, today: string): boolean {
  return list.status === "publicised" && list.noticeStartsOn !== null && list.noticeEndsOn !== null && list.noticeStartsOn <= today && today <= list.noticeEndsOn;
}

/**
 * Why a worker cannot object from their own account now (null: they can): only while the 公示 runs. The district
 * still records written objections (书面) until approval, through record-objection.
 */
export function onlineObjectionRefusal(list: { status: AllowanceListStatus; noticeStartsOn: string | null; noticeEndsOn: string | null }, today: string): string | null {
  if (noticeRunning(list, today)) return null;
  if (list.status === "publicised" && list.noticeEndsOn !== null && today > list.noticeEndsOn) return `公示期已于 ${list.noticeEndsOn} 结束，不能再在线提出异议；如有问题请书面向区县民政部门反映`;
  return "这份名册不在公示期，不能提出异议";
}
