import type { EligibilityRules } from "./eligibility.ts";

/**
 * Seeded defaults, kept in the database as editable data. 养老护理员 follows the 2019 national
 * standard (domain §4); the other occupations follow their current standards' usual shape.
 */
export const defaultEligibilityRules: EligibilityRules = {
  "elderly_caregiver:5": [
    { label: "累计从事本职业或相关职业工作满 1 年", conditions: [{ kind: "workYears", min: 1 }] },
    { label: "本职业或相关职业学徒期满", conditions: [{ kind: "apprenticeship" }] },
  ],
  "elderly_caregiver:4": [
    { label: "取得五级证书后满 2 年", conditions: [{ kind: "certificate", occupation: "elderly_caregiver", level: 5, minYearsSince: 2 }] },
    { label: "累计从事本职业或相关职业工作满 4 年", conditions: [{ kind: "workYears", min: 4 }] },
    { label: "技工学校或中等职业学校本专业或相关专业毕业", conditions: [{ kind: "schooling", level: "secondary_vocational", inField: true }] },
  ],
  "elderly_caregiver:3": [
    { label: "取得四级证书后满 4 年", conditions: [{ kind: "certificate", occupation: "elderly_caregiver", level: 4, minYearsSince: 4 }] },
    {
      label: "取得四级证书，并具有高等职业学校或技师学院本专业或相关专业毕业证书",
      conditions: [
        { kind: "certificate", occupation: "elderly_caregiver", level: 4 },
        { kind: "schooling", level: "higher_vocational", inField: true },
      ],
    },
    {
      label: "取得四级证书，并具有技师学院本专业或相关专业毕业证书",
      conditions: [
        { kind: "certificate", occupation: "elderly_caregiver", level: 4 },
        { kind: "schooling", level: "technician_college", inField: true },
      ],
    },
    {
      label: "具有大专及以上本专业或相关专业毕业证书，取得四级证书后满 2 年",
      conditions: [
        { kind: "schooling", level: "college", inField: true },
        { kind: "certificate", occupation: "elderly_caregiver", level: 4, minYearsSince: 2 },
      ],
    },
  ],
  "elderly_caregiver:2": [{ label: "取得三级证书后满 4 年", conditions: [{ kind: "certificate", occupation: "elderly_caregiver", level: 3, minYearsSince: 4 }] }],
  "elderly_caregiver:1": [{ label: "取得二级证书后满 4 年", conditions: [{ kind: "certificate", occupation: "elderly_caregiver", level: 2, minYearsSince: 4 }] }],
  "infant_caregiver:5": [
    { label: "累计从事本职业或相关职业工作满 1 年", conditions: [{ kind: "workYears", min: 1 }] },
    { label: "完成育婴员五级培训", conditions: [{ kind: "training", occupation: "infant_caregiver", level: 5 }] },
  ],
  "infant_caregiver:4": [
    { label: "取得五级证书后满 2 年", conditions: [{ kind: "certificate", occupation: "infant_caregiver", level: 5, minYearsSince: 2 }] },
    { label: "累计从事本职业或相关职业工作满 4 年", conditions: [{ kind: "workYears", min: 4 }] },
  ],
  "infant_caregiver:3": [{ label: "取得四级证书后满 3 年", conditions: [{ kind: "certificate", occupation: "infant_caregiver", level: 4, minYearsSince: 3 }] }],
  "childcare_worker:5": [
    { label: "累计从事本职业或相关职业工作满 1 年", conditions: [{ kind: "workYears", min: 1 }] },
    { label: "本职业或相关职业学徒期满", conditions: [{ kind: "apprenticeship" }] },
  ],
  "childcare_worker:4": [
    { label: "取得五级证书后满 2 年", conditions: [{ kind: "certificate", occupation: "childcare_worker", level: 5, minYearsSince: 2 }] },
    { label: "累计从事本职业或相关职业工作满 4 年", conditions: [{ kind: "workYears", min: 4 }] },
    { label: "技工学校或中等职业学校本专业或相关专业毕业", conditions: [{ kind: "schooling", level: "secondary_vocational", inField: true }] },
  ],
  "childcare_worker:3": [
    { label: "取得四级证书后满 4 年", conditions: [{ kind: "certificate", occupation: "childcare_worker", level: 4, minYearsSince: 4 }] },
    { label: "具有大专及以上本专业或相关专业毕业证书，取得四级证书后满 2 年", conditions: [{ kind: "schooling", level: "college", inField: true }, { kind: "certificate", occupation: "childcare_worker", level: 4, minYearsSince: 2 }] },
  ],
  "childcare_worker:2": [{ label: "取得三级证书后满 4 年", conditions: [{ kind: "certificate", occupation: "childcare_worker", level: 3, minYearsSince: 4 }] }],
  "childcare_worker:1": [{ label: "取得二级证书后满 4 年", conditions: [{ kind: "certificate", occupation: "childcare_worker", level: 2, minYearsSince: 4 }] }],
  "capability_assessor:3": [
    { label: "取得养老护理员四级证书后满 4 年", conditions: [{ kind: "certificate", occupation: "elderly_caregiver", level: 4, minYearsSince: 4 }] },
    { label: "累计从事本职业或相关职业工作满 6 年", conditions: [{ kind: "workYears", min: 6 }] },
    { label: "大专及以上本专业或相关专业毕业，并完成老年人能力评估师三级培训", conditions: [{ kind: "schooling", level: "college", inField: true }, { kind: "training", occupation: "capability_assessor", level: 3 }] },
  ],
  "capability_assessor:2": [{ label: "取得三级证书后满 4 年", conditions: [{ kind: "certificate", occupation: "capability_assessor", level: 3, minYearsSince: 4 }] }],
  "capability_assessor:1": [{ label: "取得二级证书后满 4 年", conditions: [{ kind: "certificate", occupation: "capability_assessor", level: 2, minYearsSince: 4 }] }],
};
