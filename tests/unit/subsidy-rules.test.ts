import { describe, expect, it } from "vitest";
import { applyByDate, checkSubsidy, type HeldCertificate, type SubsidyFacts, type SubsidyRule } from "../../app/subsidies/rules.ts";
import { subsidyStepRefusal, subsidyStepsFor, type SubsidyListFacts, type SubsidyStep } from "../../app/subsidies/list-status.ts";

// 湖州 (330500); amounts chosen by hand: 养老护理员 五级 800, 四级 1,200, 三级 1,800; 育婴员 五级 600.
const rule: SubsidyRule = {
  name: "湖州市养老托育技能提升补贴",
  kind: "skill_upgrade",
  regionCode: "330500",
  version: 1,
  effectiveFrom: "2026-01-01",
  effectiveTo: null,
  retired: false,
  amounts: { elderly_caregiver: { "5": 800, "4": 1200, "3": 1800 }, infant_caregiver: { "5": 600 } },
  conditions: [{ type: "first_certificate_at_level" }, { type: "certificate_within_months", months: 12 }, { type: "residence_or_insurance", months: 6 }],
};

const cert = (values: Partial<HeldCertificate> = {}): HeldCertificate => ({
  id: 1,
  number: "S013733005201265000001",
  kind: "skill_level",
  occupation: "elderly_caregiver",
  level: 4,
  issuedOn: "2026-07-10",
  source: "issued",
  verifiedAt: new Date("2026-07-10T10:00:00+08:00"),
  revokedAt: null,
  ...values,
});

// 户籍 in 长兴县 (330522) unless the ID number says otherwise.
const facts = (values: Partial<SubsidyFacts> = {}): SubsidyFacts => {
  const certificate = values.certificate ?? cert();
  return { idNumber: "33052219800101002X", residenceRegionCode: null, insuredMonths: [], certificate, certificates: [certificate], standing: [], blackList: [], ...values };
};
const outsider = "51010719800101002X"; // 户籍 in 成都

const insured = (months: string[], regionCode = "330522001") => months.map((month) => ({ month, regionCode }));

describe("checkSubsidy", () => {
  it("pays a first 四级 certificate of a 长兴 resident by level, with every reason for it", () => {
    const d = checkSubsidy(rule, facts(), "2026-12-02");
    expect(d).toEqual({
      eligible: true,
      amount: 1200,
      reasonsAgainst: [],
      reasonsFor: [
        "持有养老护理员四级证书（S013733005201265000001，2026-07-10 发证）",
        "补贴标准：养老护理员四级 1200 元",
        "此前未申领过养老护理员四级补贴",
        "首次取得养老护理员四级证书",
        "在发证后 12 个月内申请（2027-07-10 前）",
        "户籍在本地区（身份证登记地 330522）",
      ],
    });
  });

  it.each<[string, Partial<HeldCertificate>, number | null]>([
    ["五级", { level: 5 }, 800],
    ["四级", { level: 4 }, 1200],
    ["三级", { level: 3 }, 1800],
    ["二级: not in the table", { level: 2 }, null],
    ["育婴员 五级", { occupation: "infant_caregiver", level: 5 }, 600],
    ["保育师 五级: no amounts for the occupation", { occupation: "childcare_worker", level: 5 }, null],
  ])("amount by occupation and level: %s", (_, c, amount) => {
    const certificate = cert(c);
    expect(checkSubsidy(rule, facts({ certificate, certificates: [certificate] }), "2026-12-02").amount).toBe(amount);
  });

  it("a black-list entry in force today refuses with its category, decision and term; an expired or revoked one does not", () => {
    const entry = { category: "subsidy_fraud" as const, decisionNumber: "长民信〔2026〕7号", startsOn: "2026-11-05", termMonths: 24, revokedOn: null };
    expect(checkSubsidy(rule, facts({ blackList: [entry] }), "2026-12-02").reasonsAgainst).toEqual(["本人列入黑名单（骗取、套取补贴资金，长民信〔2026〕7号，2026-11-05 起 24 个月（至 2028-11-04））"]);
    expect(checkSubsidy(rule, facts({ blackList: [{ ...entry, startsOn: "2024-01-01", termMonths: 12 }] }), "2026-12-02").eligible).toBe(true);
    expect(checkSubsidy(rule, facts({ blackList: [{ ...entry, revokedOn: "2026-11-20" }] }), "2026-12-02").eligible).toBe(true);
  });

  it("says which level a policy does not pay", () => {
    const certificate = cert({ level: 2 });
    expect(checkSubsidy(rule, facts({ certificate, certificates: [certificate] }), "2026-12-02").reasonsAgainst).toEqual(["本政策不补贴养老护理员二级"]);
  });

  it("once per person and level: a standing subsidy at this level from another base or year refuses, another level does not", () => {
    const standing = [{ occupation: "elderly_caregiver", level: 4, where: "2025-03 吴兴区名册" }];
    expect(checkSubsidy(rule, facts({ standing }), "2026-12-02").reasonsAgainst).toEqual(["已申领过养老护理员四级补贴（2025-03 吴兴区名册），每人每个等级只能享受一次"]);
    const five = [{ occupation: "elderly_caregiver", level: 5, where: "2025-03 吴兴区名册" }];
    expect(checkSubsidy(rule, facts({ standing: five }), "2026-12-02").eligible).toBe(true);
    const otherOccupation = [{ occupation: "infant_caregiver", level: 4, where: "2025-03 吴兴区名册" }];
    expect(checkSubsidy(rule, facts({ standing: otherOccupation }), "2026-12-02").eligible).toBe(true);
  });

  it("a first certificate: an earlier one at the same level (even revoked) refuses; a lower level does not", () => {
    const earlier = cert({ id: 2, number: "S000133000001224000009", issuedOn: "2022-05-01", source: "external" });
    expect(checkSubsidy(rule, facts({ certificates: [cert(), earlier] }), "2026-12-02").reasonsAgainst).toEqual(["此前已取得养老护理员四级证书（S000133000001224000009，2022-05-01 发证），本证书不是首次取得"]);
    const lower = cert({ id: 3, level: 5, issuedOn: "2022-05-01" });
    expect(checkSubsidy(rule, facts({ certificates: [cert(), lower] }), "2026-12-02").eligible).toBe(true);
    // Two on the same day: the one recorded first is the first.
    const sameDay = cert({ id: 0, number: "S013733005201265000000" });
    expect(checkSubsidy(rule, facts({ certificates: [cert(), sameDay] }), "2026-12-02").eligible).toBe(false);
  });

  it.each<[string, string, boolean]>([
    ["issued 2026-07-10, the last day", "2027-07-10", true],
    ["a day late", "2027-07-11", false],
  ])("within 12 months of issue: %s", (_, today, ok) => {
    expect(checkSubsidy(rule, facts(), today).eligible).toBe(ok);
  });

  it("the apply-by date falls on the month's end when the day does not exist", () => {
    expect(applyByDate("2026-01-31", 1)).toBe("2026-02-28");
    expect(applyByDate("2024-02-29", 12)).toBe("2025-02-28");
    expect(checkSubsidy(rule, facts(), "2027-07-11").reasonsAgainst).toEqual(["发证已超过 12 个月（应在 2027-07-10 前申请）"]);
  });

  it.each<[string, Partial<SubsidyFacts>, string | null]>([
    ["户籍 outside, 居住证 in 吴兴区", { idNumber: outsider, residenceRegionCode: "330502" }, "持本地区居住证（330502）"],
    ["户籍 outside, insured 6 of the last 12 months in 长兴", { idNumber: outsider, insuredMonths: insured(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]) }, "申请前 12 个月内在本地区参保 6 个月"],
    ["insured 5 months only", { idNumber: outsider, insuredMonths: insured(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]) }, null],
    // The application month and months older than 12 do not count; the same month at two institutions counts once.
    ["months outside the window", { idNumber: outsider, insuredMonths: insured(["2025-11", "2026-12", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]) }, null],
    ["the same month twice", { idNumber: outsider, insuredMonths: [...insured(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]), ...insured(["2026-11"], "330502001")] }, null],
    ["insured in 杭州", { idNumber: outsider, insuredMonths: insured(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"], "330106") }, null],
  ])("residence or insurance: %s", (_, values, reason) => {
    const d = checkSubsidy(rule, facts(values), "2026-12-02");
    if (reason) expect(d.reasonsFor).toContain(reason);
    else expect(d.reasonsAgainst).toEqual([expect.stringMatching(/^户籍和居住证均不在本地区，申请前 12 个月内在本地区参保 \d 个月，不足 6 个月$/)]);
  });

  it("residence alone, and insurance alone, as separate conditions", () => {
    const residenceOnly: SubsidyRule = { ...rule, conditions: [{ type: "residence_in_region" }] };
    expect(checkSubsidy(residenceOnly, facts({ idNumber: outsider }), "2026-12-02").reasonsAgainst).toEqual(["户籍和居住证均不在本地区"]);
    const insuranceOnly: SubsidyRule = { ...rule, conditions: [{ type: "insured_in_region", months: 3 }] };
    expect(checkSubsidy(insuranceOnly, facts(), "2026-12-02").reasonsAgainst).toEqual(["申请前 12 个月内在本地区参保 0 个月，不足 3 个月"]);
    expect(checkSubsidy(insuranceOnly, facts({ insuredMonths: insured(["2026-09", "2026-10", "2026-11"]) }), "2026-12-02").reasonsFor).toContain("申请前 12 个月内在本地区参保 3 个月");
  });

  it("the certificate itself: revoked, external unconfirmed, a training completion", () => {
    expect(checkSubsidy(rule, facts({ certificate: cert({ revokedAt: new Date("2026-10-15T15:00:00+08:00") }) }), "2026-12-02").reasonsAgainst).toEqual(["证书 S013733005201265000001 已吊销"]);
    expect(checkSubsidy(rule, facts({ certificate: cert({ source: "external", verifiedAt: null }) }), "2026-12-02").reasonsAgainst).toEqual(["外部证书 S013733005201265000001 尚未经民政部门核验"]);
    expect(checkSubsidy(rule, facts({ certificate: cert({ kind: "training_completion", level: null }) }), "2026-12-02").reasonsAgainst).toEqual(["培训合格证明不是职业技能等级证书，不能申请"]);
  });

  it("a retired policy or a version out of force refuses, with every other reason listed too", () => {
    const old: SubsidyRule = { ...rule, retired: true, effectiveTo: "2026-06-30" };
    const d = checkSubsidy(old, facts({ idNumber: outsider }), "2026-12-02");
    expect(d.eligible).toBe(false);
    expect(d.reasonsAgainst).toEqual(["“湖州市养老托育技能提升补贴”已停止受理", "“湖州市养老托育技能提升补贴”第 1 版的有效期为 2026-01-01 至 2026-06-30", "户籍和居住证均不在本地区，申请前 12 个月内在本地区参保 0 个月，不足 6 个月"]);
  });
});

const collecting: SubsidyListFacts = { status: "collecting", month: "2026-11", today: "2026-12-02", payees: 2, openObjections: 0, noticeEndsOn: null };

describe("the subsidy list's state machine", () => {
  it.each<[SubsidyStep, SubsidyListFacts["status"], boolean]>([
    ["withdraw", "collecting", true],
    ["withdraw", "publicised", false],
    ["exclude", "collecting", true],
    ["exclude", "publicised", true],
    ["exclude", "approved", false],
    ["undo-exclusion", "collecting", true],
    ["undo-exclusion", "publicised", false],
    ["return", "collecting", true],
    ["return", "publicised", false],
    ["open-notice", "collecting", true],
    ["open-notice", "publicised", false],
    ["record-objection", "publicised", true],
    ["record-objection", "collecting", false],
    ["approve", "publicised", true],
    ["approve", "collecting", false],
    ["approve", "approved", false],
  ])("%s from %s: %s", (step, status, allowed) => {
    expect(subsidyStepRefusal(step, { ...collecting, status, noticeEndsOn: status === "publicised" ? "2026-11-30" : null }) === null).toBe(allowed);
  });

  it("line steps need the line's state", () => {
    expect(subsidyStepRefusal("withdraw", collecting, { status: "excluded" })).toBe("这条申请已剔除，不能撤回申请");
    expect(subsidyStepRefusal("undo-exclusion", collecting, { status: "pending" })).toBe("这条申请待发放，不能撤销剔除");
    expect(subsidyStepRefusal("withdraw", { ...collecting, status: "publicised" }, { status: "pending" })).toBe("区县已开启公示，申请不能再撤回");
  });

  it("公示 opens once the month has ended, on a list with payees", () => {
    expect(subsidyStepRefusal("open-notice", { ...collecting, today: "2026-11-30" })).toBe("2026-11 的申请尚在受理，2026-12-01 起才能开启公示");
    expect(subsidyStepRefusal("open-notice", { ...collecting, payees: 0 })).toBe("名册中没有待发放的申请，不需要公示");
  });

  it("approval waits for the notice to end and every objection to be answered", () => {
    const publicised = { ...collecting, status: "publicised" as const, noticeEndsOn: "2026-12-09" };
    expect(subsidyStepRefusal("approve", { ...publicised, today: "2026-12-09" })).toBe("公示期至 2026-12-09 结束，公示期满后才能审批");
    expect(subsidyStepRefusal("approve", { ...publicised, today: "2026-12-10", openObjections: 1 })).toBe("还有 1 条异议未答复");
    expect(subsidyStepRefusal("approve", { ...publicised, today: "2026-12-10" })).toBeNull();
    expect(subsidyStepRefusal("exclude", { ...publicised, status: "approved" })).toBe("名册已审批锁定，不能剔除");
  });

  it("offers each actor only its own steps", () => {
    expect(subsidyStepsFor("district", collecting)).toEqual(["exclude", "undo-exclusion", "return", "open-notice"]);
    expect(subsidyStepsFor("city", collecting)).toEqual([]);
    expect(subsidyStepsFor("city", { ...collecting, status: "publicised", noticeEndsOn: "2026-11-30" })).toEqual(["approve"]);
  });
});
