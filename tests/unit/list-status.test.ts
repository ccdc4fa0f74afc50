import { describe, expect, it } from "vitest";
import { listStepRefusal, listSteps, noticeRunning, onlineObjectionRefusal, stepsFor, type ListFacts, type ListStep } from "../../app/allowances/list-status.ts";

const declared: ListFacts = { status: "declared", month: "2026-11", today: "2026-12-02", payees: 3, excludedLines: 0, openObjections: 0, noticeEndsOn: null };

describe("the allowance list's state machine", () => {
  it.each<[ListStep, ListFacts["status"], boolean]>([
    ["declare", "draft", true],
    ["declare", "declared", false],
    ["withdraw", "declared", true],
    ["withdraw", "draft", false],
    ["withdraw", "publicised", false],
    ["return", "declared", true],
    ["return", "publicised", false],
    ["return", "approved", false],
    ["exclude", "declared", true],
    ["exclude", "publicised", true],
    ["exclude", "draft", false],
    ["undo-exclusion", "declared", true],
    ["undo-exclusion", "publicised", false],
    ["open-notice", "declared", true],
    ["open-notice", "draft", false],
    ["record-objection", "publicised", true],
    ["record-objection", "declared", false],
    ["approve", "publicised", true],
    ["approve", "declared", false],
    ["refresh", "draft", true],
    ["refresh", "declared", false],
    ["adjust", "approved", true],
    ["adjust", "publicised", false],
  ])("%s from %s: %s", (step, status, allowed) => {
    const facts: ListFacts = { ...declared, status, excludedLines: step === "undo-exclusion" ? 1 : 0, noticeEndsOn: status === "publicised" ? "2026-11-30" : null };
    expect(listStepRefusal(step, facts, { zeroPayeesConfirmed: true }) === null).toBe(allowed);
  });

  it("names who takes each step: the institution declares and withdraws, the district reviews and returns, the city approves", () => {
    expect(Object.fromEntries(Object.entries(listSteps).map(([step, rule]) => [step, rule.by]))).toEqual({
      refresh: "institution",
      declare: "institution",
      withdraw: "institution",
      return: "district",
      exclude: "district",
      "undo-exclusion": "district",
      "open-notice": "district",
      "record-objection": "district",
      "resolve-objection": "district",
      approve: "city",
      adjust: "district",
    });
    expect(stepsFor("institution", { ...declared })).toEqual(["withdraw"]);
    expect(stepsFor("district", { ...declared })).toEqual(["return", "exclude", "open-notice"]);
    expect(stepsFor("district", { ...declared, excludedLines: 1 })).toEqual(["return", "exclude", "undo-exclusion", "open-notice"]);
    expect(stepsFor("city", { ...declared })).toEqual([]);
  });

  it("refuses a locked list with a pointer to adjustments", () => {
    expect(listStepRefusal("exclude", { ...declared, status: "approved" })).toBe("名册已审批锁定，不能剔除记录；更正请在以后月份登记调整");
    expect(listStepRefusal("withdraw", { ...declared, status: "publicised" })).toBe("名册当前状态为“公示中”，不能撤回申报");
  });

  it.each([
    ["2026-12", "2026-12-02", "2026-12 尚未结束，2027-01-01 起才能申报"],
    ["2026-12", "2026-12-31", "2026-12 尚未结束，2027-01-01 起才能申报"],
    ["2026-11", "2026-11-30", "2026-11 尚未结束，2026-12-01 起才能申报"],
    ["2026-11", "2026-12-01", null],
    ["2026-10", "2026-12-01", null],
  ])("declaring %s on %s (China calendar): %s", (month, today, refusal) => {
    expect(listStepRefusal("declare", { ...declared, status: "draft", month, today })).toBe(refusal);
  });

  it("declaring 0 payees needs the extra confirmation", () => {
    const empty: ListFacts = { ...declared, status: "draft", payees: 0 };
    expect(listStepRefusal("declare", empty)).toBe("本月没有符合发放条件的人员：请勾选“确认本月无人符合发放条件”后再申报");
    expect(listStepRefusal("declare", empty, { zeroPayeesConfirmed: true })).toBeNull();
    expect(listStepRefusal("declare", { ...empty, payees: 1 })).toBeNull();
  });

  it("withdrawing is refused once the district has excluded a line", () => {
    expect(listStepRefusal("withdraw", declared)).toBeNull();
    expect(listStepRefusal("withdraw", { ...declared, excludedLines: 1 })).toBe("区县已开始审核（已剔除 1 条记录），不能撤回；如需修改，请联系区县退回名册");
  });

  it("approval waits for the notice to end and every objection to be answered", () => {
    const publicised: ListFacts = { ...declared, status: "publicised", noticeEndsOn: "2026-12-02" };
    expect(listStepRefusal("approve", publicised)).toBe("公示期至 2026-12-02 结束，公示期满后才能审批");
    expect(listStepRefusal("approve", { ...publicised, today: "2026-12-03", openObjections: 2 })).toBe("还有 2 条异议未答复");
    expect(listStepRefusal("approve", { ...publicised, today: "2026-12-03" })).toBeNull();
  });
});

describe("公示 in force and the worker's online objection window", () => {
  const notice = { status: "publicised" as const, noticeStartsOn: "2026-12-01", noticeEndsOn: "2026-12-05" };
  it.each<[string, typeof notice | { status: ListFacts["status"]; noticeStartsOn: string | null; noticeEndsOn: string | null }, string, boolean]>([
    ["the first day", notice, "2026-12-01", true],
    ["the last day", notice, "2026-12-05", true],
    ["the day after", notice, "2026-12-06", false],
    ["the day before", notice, "2026-11-30", false],
    ["declared, not yet noticed", { status: "declared", noticeStartsOn: null, noticeEndsOn: null }, "2026-12-03", false],
    ["approved after its notice", { ...notice, status: "approved" }, "2026-12-03", false],
  ])("%s: running %s", (_, list, today, running) => {
    expect(noticeRunning(list, today)).toBe(running);
    expect(onlineObjectionRefusal(list, today) === null).toBe(running);
  });

  it("says when the period ended, and that writing to the district is the way left", () => {
    expect(onlineObjectionRefusal(notice, "2026-12-06")).toBe("公示期已于 2026-12-05 结束，不能再在线提出异议；如有问题请书面向区县民政部门反映");
    expect(onlineObjectionRefusal({ status: "declared", noticeStartsOn: null, noticeEndsOn: null }, "2026-12-03")).toBe("这份名册不在公示期，不能提出异议");
  });
});
