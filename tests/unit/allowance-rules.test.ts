import { describe, expect, it } from "vitest";
import type { CertificateFacts } from "../../certificates/status.ts";
import { HUZHOU_POST_ALLOWANCE } from "../../app/allowances/policy-defaults.ts";
import { allocateMonth, evaluate, fullMonthsOfService, last12Months, noticeEndsOn, versionForMonth, type Condition, type PolicyRule, type WorkerFacts } from "../../app/allowances/rules.ts";

const huzhou: PolicyRule = { ...HUZHOU_POST_ALLOWANCE, policyId: 1, versionId: 1, version: 1 };

const cert = (values: Partial<CertificateFacts> = {}): CertificateFacts => ({
  kind: "skill_level",
  occupation: "elderly_caregiver",
  level: 4,
  issuedOn: "2024-05-20",
  source: "external",
  verifiedAt: new Date("2024-06-01T10:00:00+08:00"),
  revokedAt: null,
  ...values,
});

const worker = (values: Partial<WorkerFacts> = {}): WorkerFacts => ({
  workerId: 1,
  personId: 1,
  organisationId: 1,
  organisationName: "长兴县社会福利中心",
  organisationType: "elderly_care",
  occupation: "elderly_caregiver",
  hiredOn: "2023-01-01",
  contractEndsOn: null,
  leftOn: null,
  schooling: null,
  certificates: [cert()],
  month: { attendanceDays: 22, socialInsurancePaid: true, liabilityIncident: false },
  educationHours: 24,
  ...values,
});

const paid = (w: WorkerFacts, month = "2026-11") => {
  const result = evaluate(huzhou, w, month);
  return result.awards.length > 0 ? result.awards[0]!.amount : result.reasons;
};

describe("the 湖州 monthly post allowance at every boundary (November 2026)", () => {
  it.each([
    ["四级, every condition met", worker(), 400],
    ["五级", worker({ certificates: [cert({ level: 5 })] }), 300],
    ["三级", worker({ certificates: [cert({ level: 3 })] }), 500],
    ["二级", worker({ certificates: [cert({ level: 2 })] }), 800],
    ["一级", worker({ certificates: [cert({ level: 1 })] }), 1200],
    ["certificate issued on the 1st counts", worker({ certificates: [cert({ issuedOn: "2026-11-01" })] }), 400],
    ["certificate issued on the 2nd does not", worker({ certificates: [cert({ issuedOn: "2026-11-02" })] }), ["养老护理员证书发证日期（2026-11-02）晚于 2026-11-01"]],
    ["level upgraded mid-month: the level held on the 1st counts", worker({ certificates: [cert({ level: 4 }), cert({ level: 3, issuedOn: "2026-11-15" })] }), 400],
    ["the highest valid level counts", worker({ certificates: [cert({ level: 5 }), cert({ level: 3, issuedOn: "2025-03-01" })] }), 500],
    ["revoked before the 1st", worker({ certificates: [cert({ revokedAt: new Date("2026-10-20T09:00:00+08:00") })] }), ["养老护理员证书已被吊销"]],
    ["revoked on the 2nd still counted on the 1st", worker({ certificates: [cert({ revokedAt: new Date("2026-11-02T09:00:00+08:00") })] }), 400],
    ["a revoked 三级 falls back to the valid 四级", worker({ certificates: [cert({ level: 4 }), cert({ level: 3, revokedAt: new Date("2026-10-01T09:00:00+08:00") })] }), 400],
    ["external certificate not yet verified", worker({ certificates: [cert({ verifiedAt: null })] }), ["养老护理员证书尚未经民政部门核验"]],
    ["no certificate at all", worker({ certificates: [] }), ["无养老护理员职业技能等级证书"]],
    ["a certificate of another occupation", worker({ certificates: [cert({ occupation: "infant_caregiver" })] }), ["无养老护理员职业技能等级证书"]],
    ["20 attendance days", worker({ month: { attendanceDays: 20, socialInsurancePaid: true, liabilityIncident: false } }), 400],
    ["19 attendance days", worker({ month: { attendanceDays: 19, socialInsurancePaid: true, liabilityIncident: false } }), ["当月出勤 19 天，少于 20 天"]],
    ["contract ending on the last day", worker({ contractEndsOn: "2026-11-30" }), 400],
    ["contract ending the day before", worker({ contractEndsOn: "2026-11-29" }), ["劳动合同于 2026-11-29 到期，未覆盖整月"]],
    ["left during the month", worker({ leftOn: "2026-11-20" }), ["已于 2026-11-20 离职"]],
    ["hired exactly 3 full months before (08-01)", worker({ hiredOn: "2026-08-01" }), 400],
    ["hired on 08-02: only 2 full months", worker({ hiredOn: "2026-08-02" }), ["当月前服务 2 个整月，不满 3 个月"]],
    ["hired mid-month: contract and service both fail", worker({ hiredOn: "2026-11-10" }), ["入职日期（2026-11-10）晚于当月 1 日", "当月前服务 0 个整月，不满 3 个月"]],
    ["social insurance not paid", worker({ month: { attendanceDays: 22, socialInsurancePaid: false, liabilityIncident: false } }), ["当月未缴纳社会保险"]],
    ["liability incident", worker({ month: { attendanceDays: 22, socialInsurancePaid: true, liabilityIncident: true } }), ["当月发生责任事故"]],
    ["no monthly record: named once", worker({ month: null }), ["未报送 2026-11 的月度记录（出勤、社保、事故）"]],
    ["an occupation the policy does not cover", worker({ occupation: "infant_caregiver" }), ["本补贴只适用于养老护理员，该人员登记为育婴员"]],
    [
      "every failing condition is listed",
      worker({ certificates: [], contractEndsOn: "2026-11-15", month: { attendanceDays: 10, socialInsurancePaid: false, liabilityIncident: true } }),
      ["无养老护理员职业技能等级证书", "劳动合同于 2026-11-15 到期，未覆盖整月", "当月出勤 10 天，少于 20 天", "当月未缴纳社会保险", "当月发生责任事故"],
    ],
  ])("%s", (_case, w, expected) => {
    expect(paid(w)).toEqual(expected);
  });

  it("names the rule that made each line", () => {
    expect(evaluate(huzhou, worker({ certificates: [cert({ level: 3 })] }), "2026-11").awards).toEqual([
      { awardKey: "2026-11", level: 3, amount: 500, rule: "湖州市养老护理员岗位补贴（第 1 版）：三级 500 元/月" },
    ]);
  });
});

describe("conditions the demo policy does not use", () => {
  const withConditions = (conditions: PolicyRule["conditions"]): PolicyRule => ({ ...huzhou, conditions: [{ type: "valid_certificate" }, ...conditions] });
  it.each([
    ["8 hours of continuing education over 12 months: 8 passes", [{ type: "continuing_education_hours", hours: 8 }] as Condition[], worker({ educationHours: 8 }), 400],
    ["7.5 hours fail", [{ type: "continuing_education_hours", hours: 8 }] as Condition[], worker({ educationHours: 7.5 }), ["近 12 个月继续教育 7.5 学时，少于 8 学时"]],
    ["employer type elderly care: a nursing home passes", [{ type: "employer_type", types: ["elderly_care"] }] as Condition[], worker(), 400],
    ["a home-care organisation does not", [{ type: "employer_type", types: ["elderly_care"] }] as Condition[], worker({ organisationType: "home_care" }), ["用人单位类型（居家养老服务机构）不在本补贴范围内"]],
  ])("%s", (_case, conditions, w, expected) => {
    const result = evaluate(withConditions(conditions), w, "2026-11");
    expect(result.awards.length > 0 ? result.awards[0]!.amount : result.reasons).toEqual(expected);
  });
});

describe("calendar helpers", () => {
  it.each([
    ["2026-08-01", "2026-11-01", 3],
    ["2026-08-02", "2026-11-01", 2],
    ["2026-11-01", "2026-11-01", 0],
    ["2026-12-05", "2026-11-01", 0],
    ["2023-11-01", "2026-11-01", 36],
    ["2024-02-29", "2025-03-01", 12],
  ])("hired %s: %i full months by %s", (hiredOn, on, months) => {
    expect(fullMonthsOfService(hiredOn, on)).toBe(months);
  });

  it("takes the 12 months ending with the month, across a year", () => {
    expect(last12Months("2026-03")).toEqual({ from: "2025-04", to: "2026-03" });
  });

  it("ends a notice period after its days, across a month end", () => {
    expect(noticeEndsOn("2026-11-28", 5)).toBe("2026-12-02");
    expect(noticeEndsOn("2026-12-01", 1)).toBe("2026-12-01");
  });
});

describe("policy versions across an effective date", () => {
  const versions = [
    { id: 1, effectiveFrom: "2024-01-01", effectiveTo: "2026-11-30" },
    { id: 2, effectiveFrom: "2026-12-01", effectiveTo: null },
  ];
  it.each([
    ["2023-12", null],
    ["2024-01", 1],
    ["2026-11", 1],
    ["2026-12", 2],
    ["2030-06", 2],
  ])("%s uses version %s", (month, id) => {
    expect(versionForMonth(versions, month)?.id ?? null).toBe(id);
  });

  it("a version starting mid-month applies from the next month (the 1st decides)", () => {
    expect(versionForMonth([{ id: 1, effectiveFrom: "2024-01-01", effectiveTo: "2026-11-14" }, { id: 2, effectiveFrom: "2026-11-15", effectiveTo: null }], "2026-11")?.id).toBe(1);
  });
});

describe("one-off awards", () => {
  const levelAward: PolicyRule = { ...huzhou, policyId: 2, name: "一次性等级奖励", kind: "level_award", amounts: { "5": 500, "4": 1000, "3": 2000, "2": 3000 }, conditions: [{ type: "valid_certificate" }, { type: "min_service_months", months: 24 }] };
  const entryAward: PolicyRule = {
    ...huzhou,
    policyId: 3,
    name: "入职奖补",
    kind: "entry_award",
    amounts: { secondary_vocational: 30000, college: 40000, bachelor: 50000 },
    instalments: [
      { afterYears: 3, percent: 30 },
      { afterYears: 4, percent: 30 },
      { afterYears: 5, percent: 40 },
    ],
    conditions: [{ type: "contract_covers_month" }, { type: "social_insurance_paid" }],
  };

  it("pays a level award once per level", () => {
    expect(evaluate(levelAward, worker(), "2026-11").awards.map((a) => [a.awardKey, a.amount])).toEqual([["level:4", 1000]]);
    expect(evaluate(levelAward, worker(), "2026-11", new Set(["level:4"]))).toEqual({ awards: [], reasons: [] });
    const upgraded = worker({ certificates: [cert(), cert({ level: 3, issuedOn: "2026-10-10" })] });
    expect(evaluate(levelAward, upgraded, "2026-11", new Set(["level:4"])).awards.map((a) => [a.awardKey, a.amount])).toEqual([["level:3", 2000]]);
  });

  it("explains a due level award held back by a condition, and stays silent when none is due", () => {
    expect(evaluate(levelAward, worker({ hiredOn: "2025-06-01" }), "2026-11").reasons).toEqual(["当月前服务 17 个整月，不满 24 个月"]);
    expect(evaluate(levelAward, worker({ certificates: [] }), "2026-11")).toEqual({ awards: [], reasons: [] });
  });

  it.each([
    ["2 years 11 months: nothing yet", "2023-12-02", new Set<string>(), []],
    ["exactly 3 years: 30 %", "2023-11-01", new Set<string>(), [["instalment:1", 12000]]],
    ["year 4, first paid: 30 %", "2022-11-01", new Set(["instalment:1"]), [["instalment:2", 12000]]],
    ["year 5, both paid: 40 %", "2021-11-01", new Set(["instalment:1", "instalment:2"]), [["instalment:3", 16000]]],
    ["registered late after 5 years: all three at once", "2020-01-01", new Set<string>(), [["instalment:1", 12000], ["instalment:2", 12000], ["instalment:3", 16000]]],
  ])("entry award by years of service (专科 40,000): %s", (_case, hiredOn, awarded, expected) => {
    const result = evaluate(entryAward, worker({ hiredOn, schooling: "college" }), "2026-11", awarded);
    expect(result.awards.map((a) => [a.awardKey, a.amount])).toEqual(expected);
  });

  it("names a missing schooling for a due entry award", () => {
    expect(evaluate(entryAward, worker({ hiredOn: "2023-01-01" }), "2026-11").reasons).toEqual(["未登记学历，无法确定入职奖补标准"]);
  });
});

describe("one payment per person, policy and month", () => {
  const a = worker({ workerId: 10, personId: 7, organisationId: 1, organisationName: "甲养老院", hiredOn: "2020-01-01" });
  const b = worker({ workerId: 11, personId: 7, organisationId: 2, organisationName: "乙养老院", hiredOn: "2024-01-01" });

  it("two institutions in one month: the longer-serving record pays, the other says why not", () => {
    const { lines, excluded } = allocateMonth([huzhou], [b, a], "2026-11", new Map());
    expect(lines.map((l) => [l.organisationId, l.amount])).toEqual([[1, 400]]);
    expect(excluded).toEqual([{ policyId: 1, workerId: 11, personId: 7, organisationId: 2, reasons: ["同一人在「甲养老院」登记，已由该机构发放"] }]);
  });

  it("when the first institution's record fails a condition, the second one pays", () => {
    const failing = { ...a, month: { attendanceDays: 12, socialInsurancePaid: true, liabilityIncident: false } };
    const { lines } = allocateMonth([huzhou], [failing, b], "2026-11", new Map());
    expect(lines.map((l) => l.organisationId)).toEqual([2]);
  });

  it("a payment already declared by another institution stands", () => {
    const { lines, excluded } = allocateMonth([huzhou], [a], "2026-11", new Map([["1|7|2026-11", "乙养老院"]]));
    expect(lines).toEqual([]);
    expect(excluded[0]!.reasons).toEqual(["同一人在「乙养老院」登记，已由该机构发放"]);
  });
});
