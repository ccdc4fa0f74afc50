import { describe, expect, it } from "vitest";
import type { CertificateFacts } from "../../certificates/status.ts";
import { HUZHOU_POST_ALLOWANCE } from "../../app/allowances/policy-defaults.ts";
import { evaluate, type PolicyRule, type WorkerFacts } from "../../app/allowances/rules.ts";
import { activeDuring, blackListReason, creditEndsOn, creditEntryState, creditMoveRefusal, describeTerm, type BlackListFact, type CreditState, type CreditTerm } from "../../app/credit/rules.ts";

const term = (values: Partial<CreditTerm> = {}): CreditTerm => ({ startsOn: "2026-01-15", termMonths: 12, revokedOn: null, ...values });

describe("an entry's term", () => {
  it.each<[string, Partial<CreditTerm>, string | null]>([
    ["12 months from the 15th end on the 14th", {}, "2027-01-14"],
    ["1 month from 01-31 ends on 02-27 (date-fns clamps 02-28, minus one day)", { startsOn: "2026-01-31", termMonths: 1 }, "2026-02-27"],
    ["24 months from 03-01 across a leap February", { startsOn: "2026-03-01", termMonths: 24 }, "2028-02-29"],
    ["until revoked", { termMonths: null }, null],
  ])("%s", (_, values, endsOn) => {
    expect(creditEndsOn(term(values))).toBe(endsOn);
  });

  it("says the term in words", () => {
    expect(describeTerm(term())).toBe("2026-01-15 起 12 个月（至 2027-01-14）");
    expect(describeTerm(term({ termMonths: null }))).toBe("2026-01-15 起，至撤销为止");
  });
});

describe("active on a date D", () => {
  it.each<[string, Partial<CreditTerm>, string, CreditState]>([
    ["the day before it starts", {}, "2026-01-14", "pending"],
    ["the day it starts", {}, "2026-01-15", "active"],
    ["its last day", {}, "2027-01-14", "active"],
    ["the day after its last day", {}, "2027-01-15", "expired"],
    ["until revoked, years later", { termMonths: null }, "2040-06-01", "active"],
    ["revoked: the day before the revocation", { revokedOn: "2026-06-10" }, "2026-06-09", "active"],
    ["revoked: on the revocation day", { revokedOn: "2026-06-10" }, "2026-06-10", "revoked"],
    ["revoked before it started", { revokedOn: "2026-01-10" }, "2026-03-01", "revoked"],
    ["revoked after it expired stays revoked afterwards", { revokedOn: "2027-02-01" }, "2027-01-20", "expired"],
  ])("%s (%s, %s) → %s", (_, values, on, state) => {
    expect(creditEntryState(term(values), on)).toBe(state);
  });

  it.each<[string, Partial<CreditTerm>, string, string, boolean]>([
    ["starts mid-month", {}, "2026-01-01", "2026-01-31", true],
    ["starts the day after the month", {}, "2025-12-01", "2025-12-31", false],
    ["ends on the month's first day", {}, "2027-01-01", "2027-01-31", true],
    ["ended the day before the month", { startsOn: "2025-12-01", termMonths: 1 }, "2026-01-01", "2026-01-31", false],
    ["revoked on the month's first day", { revokedOn: "2026-06-01" }, "2026-06-01", "2026-06-30", false],
    ["revoked on the month's second day", { revokedOn: "2026-06-02" }, "2026-06-01", "2026-06-30", true],
    ["revoked before it started was never in force", { revokedOn: "2026-01-10" }, "2026-01-01", "2026-01-31", false],
  ])("in force during a period: %s", (_, values, from, to, expected) => {
    expect(activeDuring(term(values), from, to)).toBe(expected);
  });
});

describe("what may be done to an entry", () => {
  it.each<[Parameters<typeof creditMoveRefusal>[1], "red" | "black", CreditState, boolean, boolean]>([
    ["edit", "black", "pending", false, true],
    ["edit", "black", "active", false, false],
    ["revoke", "black", "active", false, true],
    ["revoke", "red", "pending", false, true],
    ["revoke", "black", "expired", false, false],
    ["revoke", "black", "revoked", false, false],
    ["appeal", "black", "active", false, true],
    ["appeal", "black", "pending", false, true],
    ["appeal", "black", "active", true, false],
    ["appeal", "black", "expired", false, false],
    ["appeal", "red", "active", false, false],
    ["decide_appeal", "black", "active", true, true],
    ["decide_appeal", "black", "active", false, false],
  ])("%s a %s entry that is %s (open appeal %s): %s", (move, list, state, openAppeal, allowed) => {
    expect(creditMoveRefusal({ list, state, openAppeal }, move) === null).toBe(allowed);
  });
});

const huzhou: PolicyRule = { ...HUZHOU_POST_ALLOWANCE, policyId: 1, versionId: 1, version: 1 };
const withEmployerCondition: PolicyRule = { ...huzhou, conditions: [...huzhou.conditions, { type: "employer_not_black_listed" }] };
const cert: CertificateFacts = { kind: "skill_level", occupation: "elderly_caregiver", level: 4, issuedOn: "2024-05-20", source: "issued", verifiedAt: new Date("2024-06-01T10:00:00+08:00"), revokedAt: null };
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
  certificates: [cert],
  month: { attendanceDays: 22, socialInsurancePaid: true, liabilityIncident: false },
  educationHours: 24,
  ...values,
});
const fraud: BlackListFact = { startsOn: "2026-11-10", termMonths: 24, revokedOn: null, category: "subsidy_fraud", decisionNumber: "长民信〔2026〕3号" };
const outcome = (rule: PolicyRule, w: WorkerFacts) => {
  const result = evaluate(rule, w, "2026-11");
  return result.awards.length > 0 ? result.awards[0]!.amount : result.reasons;
};

describe("the allowance engine and the black list (November 2026)", () => {
  it.each<[string, PolicyRule, Partial<WorkerFacts>, number | string[]]>([
    ["no entry: paid", huzhou, {}, 400],
    [
      "the worker listed from the 10th: excluded, the reason in words",
      huzhou,
      { blackList: [fraud] },
      ["本人列入黑名单（骗取、套取补贴资金，长民信〔2026〕3号，2026-11-10 起 24 个月（至 2028-11-09））"],
    ],
    ["the worker's entry starts in December: paid", huzhou, { blackList: [{ ...fraud, startsOn: "2026-12-01" }] }, 400],
    ["the worker's entry ended in October: paid", huzhou, { blackList: [{ ...fraud, startsOn: "2024-11-01", termMonths: 24 }] }, 400],
    ["the worker's entry revoked on 11-01: paid", huzhou, { blackList: [{ ...fraud, startsOn: "2026-06-01", revokedOn: "2026-11-01" }] }, 400],
    [
      "the worker listed and another condition failing: both reasons",
      huzhou,
      { blackList: [fraud], month: { attendanceDays: 12, socialInsurancePaid: true, liabilityIncident: false } },
      ["本人列入黑名单（骗取、套取补贴资金，长民信〔2026〕3号，2026-11-10 起 24 个月（至 2028-11-09））", "当月出勤 12 天，少于 20 天"],
    ],
    ["the employer listed, the policy silent about employers: paid", huzhou, { employerBlackList: [fraud] }, 400],
    [
      "the employer listed, the policy excludes a listed employer's workers",
      withEmployerCondition,
      { employerBlackList: [{ ...fraud, termMonths: null, category: "abuse" }] },
      ["所在机构「长兴县社会福利中心」列入黑名单（虐待、侮辱或遗弃服务对象，长民信〔2026〕3号，2026-11-10 起，至撤销为止）"],
    ],
    ["the policy's condition and no employer entry: paid", withEmployerCondition, {}, 400],
  ])("%s", (_, rule, values, expected) => {
    expect(outcome(rule, worker(values))).toEqual(expected);
  });

  it("never names the evidence or the reason text, only category, decision and term", () => {
    expect(blackListReason(fraud)).toBe("本人列入黑名单（骗取、套取补贴资金，长民信〔2026〕3号，2026-11-10 起 24 个月（至 2028-11-09））");
  });
});
