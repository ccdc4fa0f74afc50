import { describe, expect, it } from "vitest";
import { checkEligibility, fullYearsBetween, rulesKey, type ApplicantFacts } from "../../app/assessment/eligibility.ts";
import { defaultEligibilityRules } from "../../app/assessment/eligibility-defaults.ts";
import { occupationNames, type SkillLevel } from "../../app/occupations/occupations.ts";

const ON = "2026-11-22";
const nobody: ApplicantFacts = { certificates: [], workYears: 0, apprenticeshipCompleted: false, schooling: [], completedCourses: [] };
const cert = (level: SkillLevel, issuedOn: string, valid = true) => ({ occupation: "elderly_caregiver" as const, level, issuedOn, valid });
const check = (level: SkillLevel, facts: Partial<ApplicantFacts>) =>
  checkEligibility(defaultEligibilityRules[rulesKey("elderly_caregiver", level)]!, { ...nobody, ...facts }, ON, occupationNames);

describe("fullYearsBetween", () => {
  it("counts a year only once its anniversary has come", () => {
    expect(fullYearsBetween("2022-11-22", ON)).toBe(4);
    expect(fullYearsBetween("2022-11-23", ON)).toBe(3);
    expect(fullYearsBetween("2024-02-29", "2025-02-28")).toBe(0);
    expect(fullYearsBetween("2024-02-29", "2025-03-01")).toBe(1);
  });
});

describe("养老护理员 application conditions (2019 standard)", () => {
  it.each([
    // level, facts, eligible, route met (or null), a reason expected in the answer
    [5, { workYears: 1 }, true, "累计从事本职业或相关职业工作满 1 年", "累计从事本职业或相关职业工作 1 年"],
    [5, { apprenticeshipCompleted: true }, true, "本职业或相关职业学徒期满", "本职业或相关职业学徒期满"],
    [5, { workYears: 0 }, false, null, "累计工作 0 年，须满 1 年"],
    [4, { certificates: [cert(5, "2024-11-22")] }, true, "取得五级证书后满 2 年", "取得养老护理员五级证书已满 2 年"],
    [4, { certificates: [cert(5, "2024-11-23")] }, false, null, "取得养老护理员五级证书仅 1 年，须满 2 年"],
    [4, { workYears: 4 }, true, "累计从事本职业或相关职业工作满 4 年", "累计从事本职业或相关职业工作 4 年"],
    [4, { workYears: 3.9 }, false, null, "累计工作 3.9 年，须满 4 年"],
    [4, { schooling: [{ level: "secondary_vocational" as const, inField: true }] }, true, "技工学校或中等职业学校本专业或相关专业毕业", "技工学校或中等职业学校本专业或相关专业毕业"],
    [4, { schooling: [{ level: "secondary_vocational" as const, inField: false }] }, false, null, "没有技工学校或中等职业学校本专业或相关专业毕业记录"],
    [3, { certificates: [cert(4, "2022-11-22")] }, true, "取得四级证书后满 4 年", "取得养老护理员四级证书已满 4 年"],
    [3, { certificates: [cert(4, "2022-11-23")] }, false, null, "取得养老护理员四级证书仅 3 年，须满 4 年"],
    [3, { certificates: [cert(4, "2026-01-10")], schooling: [{ level: "higher_vocational" as const, inField: true }] }, true, "取得四级证书，并具有高等职业学校或技师学院本专业或相关专业毕业证书", "高等职业学校本专业或相关专业毕业"],
    [3, { schooling: [{ level: "higher_vocational" as const, inField: true }] }, false, null, "未持有有效的养老护理员四级证书"],
    [3, { certificates: [cert(4, "2026-01-10")], schooling: [{ level: "technician_college" as const, inField: true }] }, true, "取得四级证书，并具有技师学院本专业或相关专业毕业证书", "技师学院本专业或相关专业毕业"],
    [3, { certificates: [cert(4, "2024-11-22")], schooling: [{ level: "college" as const, inField: true }] }, true, "具有大专及以上本专业或相关专业毕业证书，取得四级证书后满 2 年", "大专及以上本专业或相关专业毕业"],
    [3, { certificates: [cert(4, "2025-11-22")], schooling: [{ level: "college" as const, inField: true }] }, false, null, "取得养老护理员四级证书仅 1 年，须满 2 年"],
    [2, { certificates: [cert(3, "2022-11-22")] }, true, "取得三级证书后满 4 年", "取得养老护理员三级证书已满 4 年"],
    [2, { certificates: [cert(3, "2023-06-01")] }, false, null, "取得养老护理员三级证书仅 3 年，须满 4 年"],
    [1, { certificates: [cert(2, "2021-01-01")] }, true, "取得二级证书后满 4 年", "取得养老护理员二级证书已满 5 年"],
    [1, { certificates: [cert(2, "2021-01-01", false)] }, false, null, "未持有有效的养老护理员二级证书"],
  ] as const)("%s级 with %j → eligible %s", (level, facts, eligible, route, reason) => {
    const result = check(level, facts as Partial<ApplicantFacts>);
    expect(result.eligible).toBe(eligible);
    expect(result.metRoute).toBe(route);
    expect(result.routes.flatMap((r) => r.conditions.map((c) => c.reason))).toContain(reason);
  });

  it("explains every route when none is met", () => {
    const result = check(4, { workYears: 2 });
    expect(result.routes.map((r) => [r.label, r.met, r.conditions.map((c) => c.reason)])).toEqual([
      ["取得五级证书后满 2 年", false, ["未持有有效的养老护理员五级证书"]],
      ["累计从事本职业或相关职业工作满 4 年", false, ["累计工作 2 年，须满 4 年"]],
      ["技工学校或中等职业学校本专业或相关专业毕业", false, ["没有技工学校或中等职业学校本专业或相关专业毕业记录"]],
    ]);
  });

  it("does not count a certificate of another occupation or one issued after the date", () => {
    const other = { occupation: "childcare_worker" as const, level: 5 as const, issuedOn: "2020-01-01", valid: true };
    expect(check(4, { certificates: [other] }).eligible).toBe(false);
    expect(check(4, { certificates: [cert(5, "2027-01-01")] }).eligible).toBe(false);
  });

  it("accepts a completed training course where a table asks for it", () => {
    const rules = defaultEligibilityRules[rulesKey("infant_caregiver", 5)]!;
    const result = checkEligibility(rules, { ...nobody, completedCourses: [{ occupation: "infant_caregiver", level: 5 }] }, ON, occupationNames);
    expect(result).toMatchObject({ eligible: true, metRoute: "完成育婴员五级培训" });
  });

  it("has a table for every level of every certified occupation", () => {
    const expected = ["elderly_caregiver:5", "elderly_caregiver:4", "elderly_caregiver:3", "elderly_caregiver:2", "elderly_caregiver:1", "infant_caregiver:5", "infant_caregiver:4", "infant_caregiver:3", "childcare_worker:5", "childcare_worker:4", "childcare_worker:3", "childcare_worker:2", "childcare_worker:1", "capability_assessor:3", "capability_assessor:2", "capability_assessor:1"];
    expect(Object.keys(defaultEligibilityRules).sort()).toEqual(expected.sort());
  });
});
