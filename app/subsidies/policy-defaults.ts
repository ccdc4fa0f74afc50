import type { SubsidyAmounts, SubsidyCondition, SubsidyKind } from "./rules.ts";

export type SubsidyPolicyDefinition = {
  regionCode: string;
  name: string;
  kind: SubsidyKind;
  effectiveFrom: string;
  effectiveTo: string | null;
  amounts: SubsidyAmounts;
  conditions: SubsidyCondition[];
  noticeDays: number;
  note: string;
};

const DEMO_NOTE = "演示数据：金额和条件为示例，仿照上海市养老服务人才队伍建设方案（2022）的补贴类型设定，并非湖州市正式标准；正式使用前请按当地文件修改。";

/** 湖州市 demo policies (issue 15). The figures are the demo's own, not a city's; each says so in its note. */
export const HUZHOU_TRAINING_SUBSIDY: SubsidyPolicyDefinition = {
  regionCode: "330500",
  name: "湖州市养老托育职业技能培训补贴",
  kind: "training",
  effectiveFrom: "2026-01-01",
  effectiveTo: null,
  amounts: {
    elderly_caregiver: { "5": 800, "4": 1200, "3": 1600, "2": 2000, "1": 2400 },
    infant_caregiver: { "5": 800, "4": 1200, "3": 1600 },
    childcare_worker: { "5": 800, "4": 1200, "3": 1600, "2": 2000, "1": 2400 },
    capability_assessor: { "3": 1600, "2": 2000, "1": 2400 },
  },
  conditions: [{ type: "first_certificate_at_level" }, { type: "certificate_within_months", months: 12 }, { type: "residence_or_insurance", months: 6 }],
  noticeDays: 7,
  note: DEMO_NOTE,
};

export const HUZHOU_SKILL_UPGRADE_SUBSIDY: SubsidyPolicyDefinition = {
  regionCode: "330500",
  name: "湖州市养老托育从业人员技能提升补贴",
  kind: "skill_upgrade",
  effectiveFrom: "2026-01-01",
  effectiveTo: null,
  amounts: {
    elderly_caregiver: { "5": 1000, "4": 1500, "3": 2000, "2": 2500, "1": 3000 },
    infant_caregiver: { "5": 1000, "4": 1500, "3": 2000 },
    childcare_worker: { "5": 1000, "4": 1500, "3": 2000, "2": 2500, "1": 3000 },
    capability_assessor: { "3": 2000, "2": 2500, "1": 3000 },
  },
  conditions: [{ type: "first_certificate_at_level" }, { type: "certificate_within_months", months: 12 }, { type: "insured_in_region", months: 12 }],
  noticeDays: 7,
  note: DEMO_NOTE,
};
