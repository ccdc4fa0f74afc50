import type { Occupation, SkillLevel } from "../occupations/occupations.ts";
import type { Condition, EligibilityRules, RelatedOccupations, Route, RulesSource, Schooling } from "./eligibility.ts";

/**
 * Seeded defaults, kept in the database as data the system admin edits (/admin/eligibility). Each
 * table names its standard; a figure not checked against the standard's own text is marked
 * `confirmed: false` with a note saying where it comes from.
 */

/** Only what domain §4 names; other pairs need the standard's text before they are added. */
export const relatedOccupations: RelatedOccupations = {
  elderly_caregiver: ["医疗护理员", "健康照护师"],
};

const cert = (occupation: Occupation, level: SkillLevel, minYearsSince?: number): Condition =>
  minYearsSince === undefined ? { kind: "certificate", occupation, level } : { kind: "certificate", occupation, level, minYearsSince };
const work = (min: number): Condition => ({ kind: "workYears", min });
const atLeast = (level: Schooling, finalYearCounts: boolean): Condition => ({ kind: "schooling", atLeast: level, inField: true, finalYearCounts });
/** A route naming particular schools; their 在校应届毕业生 count as graduates unless said otherwise. */
const school = (schools: Schooling[], finalYearCounts = true): Condition => ({ kind: "schooling", atLeast: schools[0]!, schools, inField: true, finalYearCounts });
const unconfirmed = (route: Route, note: string): Route => ({ ...route, confirmed: false, note });

const rehabilitation: Condition = { kind: "modulePassed", occupation: "elderly_caregiver", module: "康复服务" };

const elderlyCaregiver: RulesSource = { standard: "养老护理员国家职业技能标准（2019年版）", year: 2019, code: "4-10-01-05", confirmed: true };
const infantCaregiver: RulesSource = {
  standard: "育婴员国家职业技能标准（2019年版）",
  year: 2019,
  code: "4-10-01-02",
  confirmed: false,
  note: "标准原文未能核对：各条件按《国家职业技能标准编制技术规程（2018年版）》的通行写法录入，年限待对照原文确认。",
};
const childcareWorker: RulesSource = {
  standard: "保育师国家职业技能标准（2021年版）",
  year: 2021,
  code: "4-10-01-03",
  confirmed: false,
  note: "标准原文未能核对：各条件取自转述该标准的公开资料，与编制技术规程的通行写法一致，年限待对照原文确认。",
};
const capabilityAssessor: RulesSource = {
  standard: "老年人能力评估师国家职业技能标准（2020年版）",
  year: 2020,
  code: "4-14-02-05",
  confirmed: false,
  note: "标准原文未能核对（发布年份另有资料记为 2021 年）：三级条件取自转述该标准的公开资料，未录入“取得初级职称后满 1 年”一条；二级、一级按通行写法录入。",
};

const technicalRuleShape = "按编制技术规程的通行写法录入，未对照标准原文核实";
const secondHand = "取自转述标准的公开资料，未对照标准原文核实";

/** 五级 to 三级 of the 2018 技术规程 shape the 育婴员 and 保育师 standards follow. */
function fiveToThree(occupation: Occupation, note: string): Record<5 | 4 | 3, Route[]> {
  return {
    5: [unconfirmed({ label: "累计从事本职业或相关职业工作满 1 年", conditions: [work(1)] }, note), unconfirmed({ label: "本职业或相关职业学徒期满", conditions: [{ kind: "apprenticeship" }] }, note)],
    4: [
      unconfirmed({ label: "取得五级证书后，累计从事本职业或相关职业工作满 4 年", conditions: [cert(occupation, 5, 4)] }, note),
      unconfirmed({ label: "累计从事本职业或相关职业工作满 6 年", conditions: [work(6)] }, note),
      unconfirmed({ label: "技工学校或中等及以上职业学校本专业或相关专业毕业（含在校应届毕业生）", conditions: [atLeast("technical_school", true)] }, note),
    ],
    3: [
      unconfirmed({ label: "取得四级证书后，累计从事本职业或相关职业工作满 5 年", conditions: [cert(occupation, 4, 5)] }, note),
      unconfirmed(
        {
          label: "取得四级证书，并具有高级技工学校、技师学院或高等职业学校本专业或相关专业毕业证书（含在校应届毕业生）",
          conditions: [cert(occupation, 4), school(["senior_technical_school", "technician_college", "higher_vocational", "college"])],
        },
        note,
      ),
      unconfirmed({ label: "具有大专及以上本专业或相关专业学历，取得四级证书后满 2 年", conditions: [atLeast("college", false), cert(occupation, 4, 2)] }, note),
    ],
  };
}

const infant = fiveToThree("infant_caregiver", technicalRuleShape);
const childcare = fiveToThree("childcare_worker", secondHand);

type Table = EligibilityRules[string];
const table = (source: RulesSource, routes: Route[], requirements: Condition[] = []): Table => ({ source, requirements, routes });

export const defaultEligibilityRules: EligibilityRules = {
  "elderly_caregiver:5": table(elderlyCaregiver, [
    { label: "累计从事本职业或相关职业工作满 1 年", conditions: [work(1)] },
    { label: "本职业或相关职业学徒期满", conditions: [{ kind: "apprenticeship" }] },
  ]),
  "elderly_caregiver:4": table(elderlyCaregiver, [
    { label: "取得五级证书后满 2 年", conditions: [cert("elderly_caregiver", 5, 2)] },
    { label: "累计从事本职业或相关职业工作满 4 年", conditions: [work(4)] },
    { label: "技工学校或中等及以上职业学校本专业或相关专业毕业（含在校应届毕业生）", conditions: [atLeast("technical_school", true)] },
  ]),
  // 三级 and higher also need the 康复服务 module (Changxing plan, "培训+康复").
  "elderly_caregiver:3": table(
    elderlyCaregiver,
    [
      { label: "取得四级证书后满 4 年", conditions: [cert("elderly_caregiver", 4, 4)] },
      {
        label: "取得四级证书，并具有高级技工学校、技师学院或高等职业学校本专业或相关专业毕业证书（含在校应届毕业生）",
        conditions: [cert("elderly_caregiver", 4), school(["senior_technical_school", "technician_college", "higher_vocational", "college"])],
      },
      { label: "具有大专及以上本专业或相关专业毕业证书，取得四级证书后满 2 年", conditions: [atLeast("college", false), cert("elderly_caregiver", 4, 2)] },
    ],
    [rehabilitation],
  ),
  "elderly_caregiver:2": table(
    elderlyCaregiver,
    [
      { label: "取得三级证书后满 4 年", conditions: [cert("elderly_caregiver", 3, 4)] },
      unconfirmed(
        { label: "取得三级证书的高级技工学校、技师学院毕业生，累计从事本职业或相关职业工作满 3 年", conditions: [cert("elderly_caregiver", 3), school(["senior_technical_school", "technician_college"], false), work(3)] },
        technicalRuleShape,
      ),
      unconfirmed(
        { label: "取得三级证书和预备技师证书的技师学院毕业生，累计从事本职业或相关职业工作满 2 年", conditions: [cert("elderly_caregiver", 3), { kind: "preTechnician" }, school(["technician_college"], false), work(2)] },
        technicalRuleShape,
      ),
    ],
    [rehabilitation],
  ),
  "elderly_caregiver:1": table(elderlyCaregiver, [{ label: "取得二级证书后满 4 年", conditions: [cert("elderly_caregiver", 2, 4)] }], [rehabilitation]),
  "infant_caregiver:5": table(infantCaregiver, infant[5]),
  "infant_caregiver:4": table(infantCaregiver, infant[4]),
  "infant_caregiver:3": table(infantCaregiver, infant[3]),
  "childcare_worker:5": table(childcareWorker, childcare[5]),
  "childcare_worker:4": table(childcareWorker, childcare[4]),
  "childcare_worker:3": table(childcareWorker, childcare[3]),
  "childcare_worker:2": table(childcareWorker, [
    unconfirmed({ label: "取得三级证书后，累计从事本职业或相关职业工作满 4 年", conditions: [cert("childcare_worker", 3, 4)] }, secondHand),
    unconfirmed(
      { label: "取得三级证书的高级技工学校、技师学院毕业生，累计从事本职业或相关职业工作满 3 年", conditions: [cert("childcare_worker", 3), school(["senior_technical_school", "technician_college"], false), work(3)] },
      secondHand,
    ),
    unconfirmed({ label: "取得预备技师证书的技师学院毕业生，累计从事本职业或相关职业工作满 2 年", conditions: [{ kind: "preTechnician" }, school(["technician_college"], false), work(2)] }, secondHand),
  ]),
  "childcare_worker:1": table(childcareWorker, [unconfirmed({ label: "取得二级证书后，累计从事本职业或相关职业工作满 4 年", conditions: [cert("childcare_worker", 2, 4)] }, secondHand)]),
  "capability_assessor:3": table(capabilityAssessor, [
    unconfirmed({ label: "累计从事本职业或相关职业工作满 10 年", conditions: [work(10)] }, secondHand),
    unconfirmed({ label: "取得相关职业（养老护理员等）四级证书后，累计从事本职业或相关职业工作满 4 年", conditions: [cert("elderly_caregiver", 4, 4)] }, secondHand),
    unconfirmed({ label: "高级技工学校、技师学院、高等职业学校或大专及以上本专业或相关专业毕业（含在校应届毕业生）", conditions: [atLeast("senior_technical_school", true)] }, secondHand),
  ]),
  "capability_assessor:2": table(capabilityAssessor, [unconfirmed({ label: "取得三级证书后，累计从事本职业或相关职业工作满 4 年", conditions: [cert("capability_assessor", 3, 4)] }, technicalRuleShape)]),
  "capability_assessor:1": table(capabilityAssessor, [unconfirmed({ label: "取得二级证书后，累计从事本职业或相关职业工作满 4 年", conditions: [cert("capability_assessor", 2, 4)] }, technicalRuleShape)]),
};
