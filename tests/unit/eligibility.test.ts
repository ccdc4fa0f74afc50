import { describe, expect, it } from "vitest";
import { checkEligibility, fullYearsBetween, rulesKey, schoolingRank, schoolings, type ApplicantFacts, type Schooling } from "../../app/assessment/eligibility.ts";
import { defaultEligibilityRules, relatedOccupations } from "../../app/assessment/eligibility-defaults.ts";
import { occupationNames, type Occupation, type SkillLevel } from "../../app/occupations/occupations.ts";

const ON = "2026-11-22";
const nobody: ApplicantFacts = { certificates: [], workYears: 0, apprenticeshipCompleted: false, schooling: [], completedCourses: [], passedModules: [] };
const cert = (level: SkillLevel, issuedOn: string, valid = true) => ({ occupation: "elderly_caregiver" as const, level, issuedOn, valid });
const check = (level: SkillLevel, facts: Partial<ApplicantFacts>, occupation: Occupation = "elderly_caregiver") =>
  checkEligibility(defaultEligibilityRules[rulesKey(occupation, level)]!, { ...nobody, ...facts }, ON, occupationNames, relatedOccupations);

describe("fullYearsBetween", () => {
  it("counts a year only once its anniversary has come", () => {
    expect(fullYearsBetween("2022-11-22", ON)).toBe(4);
    expect(fullYearsBetween("2022-11-23", ON)).toBe(3);
    expect(fullYearsBetween("2024-02-29", "2025-02-28")).toBe(0);
    expect(fullYearsBetween("2024-02-29", "2025-03-01")).toBe(1);
  });
});

const rehab = { passedModules: [{ occupation: "elderly_caregiver" as const, module: "康复服务" }] };
const school = (level: Schooling, inField = true, finalYear = false) => ({ schooling: [{ level, inField, finalYear }] });
const L3_SCHOOL = "取得四级证书，并具有高级技工学校、技师学院或高等职业学校本专业或相关专业毕业证书（含在校应届毕业生）";
const L3_COLLEGE = "具有大专及以上本专业或相关专业毕业证书，取得四级证书后满 2 年";
const L2_SCHOOL = "取得三级证书的高级技工学校、技师学院毕业生，累计从事本职业或相关职业工作满 3 年";
const L2_PRE = "取得三级证书和预备技师证书的技师学院毕业生，累计从事本职业或相关职业工作满 2 年";
const L4_SCHOOL = "技工学校或中等及以上职业学校本专业或相关专业毕业（含在校应届毕业生）";

describe("养老护理员 application conditions (2019 standard)", () => {
  it.each([
    // level, facts, eligible, route met (or null), a reason expected in the answer
    [5, { workYears: 1 }, true, "累计从事本职业或相关职业工作满 1 年", "累计从事本职业或相关职业工作 1 年"],
    [5, { apprenticeshipCompleted: true }, true, "本职业或相关职业学徒期满", "本职业或相关职业学徒期满"],
    [5, { workYears: 0.9 }, false, null, "累计工作 0.9 年，须满 1 年"],
    [4, { certificates: [cert(5, "2024-11-22")] }, true, "取得五级证书后满 2 年", "取得养老护理员或相关职业五级证书已满 2 年"],
    [4, { certificates: [cert(5, "2024-11-23")] }, false, null, "取得养老护理员或相关职业五级证书仅 1 年，须满 2 年"],
    [4, { workYears: 4 }, true, "累计从事本职业或相关职业工作满 4 年", "累计从事本职业或相关职业工作 4 年"],
    [4, { workYears: 3.9 }, false, null, "累计工作 3.9 年，须满 4 年"],
    [4, school("technical_school"), true, L4_SCHOOL, "技工学校及以上本专业或相关专业毕业（技工学校）"],
    [4, school("secondary_vocational"), true, L4_SCHOOL, "技工学校及以上本专业或相关专业毕业（中等职业学校）"],
    // "中等及以上": a 大专 or 本科 graduate in the field meets the route.
    [4, school("college"), true, L4_SCHOOL, "技工学校及以上本专业或相关专业毕业（大专）"],
    [4, school("bachelor"), true, L4_SCHOOL, "技工学校及以上本专业或相关专业毕业（本科）"],
    [4, school("secondary_vocational", true, true), true, L4_SCHOOL, "技工学校及以上本专业或相关专业在校应届毕业生（中等职业学校）"],
    [4, school("secondary_vocational", false), false, null, "没有技工学校及以上本专业或相关专业毕业记录"],
    [4, school("junior_or_below"), false, null, "没有技工学校及以上本专业或相关专业毕业记录"],
    [3, { certificates: [cert(4, "2022-11-22")], ...rehab }, true, "取得四级证书后满 4 年", "取得养老护理员或相关职业四级证书已满 4 年"],
    [3, { certificates: [cert(4, "2022-11-23")], ...rehab }, false, null, "取得养老护理员或相关职业四级证书仅 3 年，须满 4 年"],
    [3, { certificates: [cert(4, "2026-01-10")], ...school("higher_vocational"), ...rehab }, true, L3_SCHOOL, "高级技工学校或技师学院或高等职业学校（高职）或大专本专业或相关专业毕业（高等职业学校（高职））"],
    [3, { certificates: [cert(4, "2026-01-10")], ...school("technician_college", true, true), ...rehab }, true, L3_SCHOOL, "高级技工学校或技师学院或高等职业学校（高职）或大专本专业或相关专业在校应届毕业生（技师学院）"],
    [3, { certificates: [cert(4, "2026-01-10")], ...school("senior_technical_school"), ...rehab }, true, L3_SCHOOL, "高级技工学校或技师学院或高等职业学校（高职）或大专本专业或相关专业毕业（高级技工学校）"],
    [3, { ...school("higher_vocational"), ...rehab }, false, null, "未持有有效的养老护理员或相关职业四级证书"],
    // 高职 ≈ 大专: a 高职 graduate meets "大专及以上".
    [3, { certificates: [cert(4, "2024-11-22")], ...school("bachelor"), ...rehab }, true, L3_COLLEGE, "大专及以上本专业或相关专业毕业（本科）"],
    [3, { certificates: [cert(4, "2025-11-22")], ...school("bachelor"), ...rehab }, false, null, "取得养老护理员或相关职业四级证书仅 1 年，须满 2 年"],
    [3, { certificates: [cert(4, "2024-11-22")], ...school("bachelor", true, true), ...rehab }, false, null, "须已取得大专及以上本专业或相关专业毕业证书，在校应届毕业生不适用此条件"],
    [3, { certificates: [cert(4, "2020-01-01")] }, false, null, "尚未通过养老护理员培训课程的“康复服务”模块（须学完全部课时并通过章节测验）"],
    [2, { certificates: [cert(3, "2022-11-22")], ...rehab }, true, "取得三级证书后满 4 年", "取得养老护理员或相关职业三级证书已满 4 年"],
    [2, { certificates: [cert(3, "2023-06-01")], ...rehab }, false, null, "取得养老护理员或相关职业三级证书仅 3 年，须满 4 年"],
    [2, { certificates: [cert(3, "2025-06-01")], ...school("senior_technical_school"), workYears: 3, ...rehab }, true, L2_SCHOOL, "累计从事本职业或相关职业工作 3 年"],
    [2, { certificates: [cert(3, "2025-06-01")], ...school("senior_technical_school"), workYears: 2.9, ...rehab }, false, null, "累计工作 2.9 年，须满 3 年"],
    [2, { certificates: [cert(3, "2025-06-01")], ...school("college"), workYears: 3, ...rehab }, false, null, "没有高级技工学校或技师学院本专业或相关专业毕业记录"],
    [2, { certificates: [cert(3, "2025-06-01")], ...school("technician_college"), preTechnicianCertificate: true, workYears: 2, ...rehab }, true, L2_PRE, "持有预备技师证书"],
    [2, { certificates: [cert(3, "2025-06-01")], ...school("technician_college"), workYears: 2, ...rehab }, false, null, "未持有预备技师证书"],
    [1, { certificates: [cert(2, "2021-01-01")], ...rehab }, true, "取得二级证书后满 4 年", "取得养老护理员或相关职业二级证书已满 5 年"],
    [1, { certificates: [cert(2, "2021-01-01", false)], ...rehab }, false, null, "未持有有效的养老护理员或相关职业二级证书"],
  ] as const)("%s级 with %j → eligible %s", (level, facts, eligible, route, reason) => {
    const result = check(level, facts as Partial<ApplicantFacts>);
    expect(result.eligible).toBe(eligible);
    expect(result.metRoute).toBe(route);
    expect([...result.routes.flatMap((r) => r.conditions), ...(result.requirements ?? [])].map((c) => c.reason)).toContain(reason);
  });

  it("explains every route when none is met", () => {
    const result = check(4, { workYears: 2 });
    expect(result.routes.map((r) => [r.label, r.met, r.conditions.map((c) => c.reason)])).toEqual([
      ["取得五级证书后满 2 年", false, ["未持有有效的养老护理员或相关职业五级证书"]],
      ["累计从事本职业或相关职业工作满 4 年", false, ["累计工作 2 年，须满 4 年"]],
      [L4_SCHOOL, false, ["没有技工学校及以上本专业或相关专业毕业记录"]],
    ]);
  });

  it("counts a related occupation's certificate, not an unrelated one or one issued after the date", () => {
    const medical = { occupation: "医疗护理员", level: 5 as const, issuedOn: "2020-01-01", valid: true };
    expect(check(4, { certificates: [medical] })).toMatchObject({ eligible: true, metRoute: "取得五级证书后满 2 年" });
    const other = { occupation: "childcare_worker" as const, level: 5 as const, issuedOn: "2020-01-01", valid: true };
    expect(check(4, { certificates: [other] }).eligible).toBe(false);
    expect(check(4, { certificates: [cert(5, "2027-01-01")] }).eligible).toBe(false);
  });

  it("asks 三级 and higher, and only them, for the 康复服务 module", () => {
    for (const level of [3, 2, 1] as const) expect(defaultEligibilityRules[rulesKey("elderly_caregiver", level)]!.requirements).toEqual([{ kind: "modulePassed", occupation: "elderly_caregiver", module: "康复服务" }]);
    for (const level of [5, 4] as const) expect(defaultEligibilityRules[rulesKey("elderly_caregiver", level)]!.requirements).toEqual([]);
    const otherCourse = { passedModules: [{ occupation: "childcare_worker" as const, module: "康复服务" }] };
    expect(check(3, { certificates: [cert(4, "2020-01-01")], ...otherCourse }).eligible).toBe(false);
  });

  it("accepts a completed training course where a table asks for it", () => {
    const table = { requirements: [], routes: [{ label: "完成育婴员五级培训", conditions: [{ kind: "training" as const, occupation: "infant_caregiver" as const, level: 5 as const }] }] };
    const result = checkEligibility(table, { ...nobody, completedCourses: [{ occupation: "infant_caregiver", level: 5 }] }, ON, occupationNames, relatedOccupations);
    expect(result).toMatchObject({ eligible: true, metRoute: "完成育婴员五级培训" });
  });

  it("has a table for every level of every certified occupation, each naming its standard", () => {
    const expected = ["elderly_caregiver:5", "elderly_caregiver:4", "elderly_caregiver:3", "elderly_caregiver:2", "elderly_caregiver:1", "infant_caregiver:5", "infant_caregiver:4", "infant_caregiver:3", "childcare_worker:5", "childcare_worker:4", "childcare_worker:3", "childcare_worker:2", "childcare_worker:1", "capability_assessor:3", "capability_assessor:2", "capability_assessor:1"];
    expect(Object.keys(defaultEligibilityRules).sort()).toEqual(expected.sort());
    const codes = { elderly_caregiver: ["4-10-01-05", 2019], infant_caregiver: ["4-10-01-02", 2019], childcare_worker: ["4-10-01-03", 2021], capability_assessor: ["4-14-02-05", 2020] };
    for (const [key, table] of Object.entries(defaultEligibilityRules)) {
      expect([table.source.code, table.source.year]).toEqual(codes[key.split(":")[0] as keyof typeof codes]);
      expect(table.source.standard).toMatch(/国家职业技能标准（\d{4}年版）$/);
      // Whatever could not be checked against the standard's text says so, with a note.
      for (const route of table.routes) if (route.confirmed === false) expect(route.note).toBeTruthy();
      if (!table.source.confirmed) expect(table.source.note).toBeTruthy();
    }
  });
});

describe("schooling scale", () => {
  it("orders 初中及以下 < 技工学校/中职 < 高级技工学校/技师学院/高职 ≈ 大专 < 本科 < 研究生", () => {
    const rank = (s: Schooling) => schoolingRank[s];
    expect(schoolings.map(rank)).toEqual([0, 1, 1, 2, 2, 2, 2, 3, 4]);
    expect(rank("higher_vocational")).toBe(rank("college"));
  });

  it.each([
    ["infant_caregiver", 4, school("college"), true],
    ["childcare_worker", 4, school("secondary_vocational", true, true), true],
    ["childcare_worker", 3, { certificates: [{ occupation: "childcare_worker", level: 4 as const, issuedOn: "2024-11-22", valid: true }], ...school("higher_vocational") }, true],
    ["childcare_worker", 2, { ...school("technician_college"), preTechnicianCertificate: true, workYears: 2 }, true],
    ["childcare_worker", 2, { ...school("technician_college", true, true), preTechnicianCertificate: true, workYears: 2 }, false],
    ["capability_assessor", 3, school("higher_vocational", true, true), true],
    ["capability_assessor", 3, school("secondary_vocational"), false],
    ["capability_assessor", 3, { certificates: [{ occupation: "健康照护师", level: 4 as const, issuedOn: "2022-11-22", valid: true }] }, true],
    ["capability_assessor", 3, { workYears: 9.9 }, false],
  ] as const)("%s %s级 with %j → eligible %s", (occupation, level, facts, eligible) => {
    expect(check(level, facts as Partial<ApplicantFacts>, occupation).eligible).toBe(eligible);
  });
});
