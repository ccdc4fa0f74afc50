import { addMonths, format, parseISO } from "date-fns";
import type { SubsidyApplicationStatus, SubsidyListStatus } from "../../db/schema.ts";

export const subsidyListStatusNames: Record<SubsidyListStatus, string> = { collecting: "受理中，区县审核", publicised: "公示中", approved: "已审批（已锁定）" };
export const applicationStatusNames: Record<SubsidyApplicationStatus, string> = { pending: "待发放", excluded: "已剔除", returned: "已退回", withdrawn: "已撤回" };

/**
 * The subsidy list's workflow in one table, shaped like the allowance lists' (`allowances/list-status.ts`): every step,
 * who takes it, the list states it starts from and the state it leads to (null: the state stays). Applications join
 * the list of their month while it is collecting; the district reviews them (exclude, undo, return to the applicant),
 * opens 公示 once the month has ended, and the city approves after it. An approved list never changes.
 */
export type SubsidyActor = "applicant" | "district" | "city";

type StepRule = { label: string; by: SubsidyActor; from: readonly SubsidyListStatus[]; to: SubsidyListStatus | null };

export const subsidySteps = {
  withdraw: { label: "撤回申请", by: "applicant", from: ["collecting"], to: null },
  exclude: { label: "剔除", by: "district", from: ["collecting", "publicised"], to: null },
  "undo-exclusion": { label: "撤销剔除", by: "district", from: ["collecting"], to: null },
  return: { label: "退回申请人", by: "district", from: ["collecting"], to: null },
  "open-notice": { label: "开启公示", by: "district", from: ["collecting"], to: "publicised" },
  "record-objection": { label: "登记异议", by: "district", from: ["publicised"], to: null },
  "resolve-objection": { label: "答复异议", by: "district", from: ["publicised"], to: null },
  approve: { label: "审批", by: "city", from: ["publicised"], to: "approved" },
} as const satisfies Record<string, StepRule>;

export type SubsidyStep = keyof typeof subsidySteps;

/** What the guards read about a list (and, for line steps, the line); `today` is the China Standard Time date. */
export type SubsidyListFacts = {
  status: SubsidyListStatus;
  month: string;
  today: string;
  payees: number;
  openObjections: number;
  noticeEndsOn: string | null;
};

export function isSubsidyStep(value: string): value is SubsidyStep {
  return Object.hasOwn(subsidySteps, value);
}

/** The line state each line step needs. */
const lineNeeds: Partial<Record<SubsidyStep, SubsidyApplicationStatus>> = { withdraw: "pending", exclude: "pending", "undo-exclusion": "excluded", return: "pending" };

/** Why `step` cannot be taken now (Chinese, shown as is), or null when it can. `line` is the application a line step acts on. */
export function subsidyStepRefusal(step: SubsidyStep, list: SubsidyListFacts, line?: { status: SubsidyApplicationStatus }): string | null {
  const rule: StepRule = subsidySteps[step];
  if (!rule.from.includes(list.status)) {
    if (list.status === "approved") return `名册已审批锁定，不能${rule.label}`;
    if (step === "withdraw") return "区县已开启公示，申请不能再撤回";
    return `名册当前状态为“${subsidyListStatusNames[list.status]}”，不能${rule.label}`;
  }
  const needs = lineNeeds[step];
  if (needs && line && line.status !== needs) return `这条申请${applicationStatusNames[line.status]}，不能${rule.label}`;
  switch (step) {
    case "open-notice":
      // Applications of a month join its list until the month ends; the notice shows the whole month.
      if (list.month >= list.today.slice(0, 7)) return `${list.month} 的申请尚在受理，${format(addMonths(parseISO(`${list.month}-01`), 1), "yyyy-MM-dd")} 起才能开启公示`;
      return list.payees === 0 ? "名册中没有待发放的申请，不需要公示" : null;
    case "approve":
      if (list.noticeEndsOn !== null && list.today <= list.noticeEndsOn) return `公示期至 ${list.noticeEndsOn} 结束，公示期满后才能审批`;
      return list.openObjections > 0 ? `还有 ${list.openObjections} 条异议未答复` : null;
    default:
      return null;
  }
}

/** The list-wide steps an actor can take now: what the list page offers. Line steps are offered per line. */
export function subsidyStepsFor(actor: SubsidyActor, list: SubsidyListFacts): SubsidyStep[] {
  return (Object.keys(subsidySteps) as SubsidyStep[]).filter((step) => subsidySteps[step].by === actor && subsidyStepRefusal(step, list) === null);
}
