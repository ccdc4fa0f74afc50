import { indicatorKeys } from "../../db/vocabulary.ts";
/**
 * The workforce indicators of the plans (domain §8): names, units, how targets compare, and the definitions
 * printed on the page, in the XLSX and under every table of the PDF. Target figures are data (indicator_targets).
 */

export { indicatorKeys };
export type IndicatorKey = (typeof indicatorKeys)[number];

export const populationKinds = ["resident", "registered"] as const;
export type PopulationKind = (typeof populationKinds)[number];
export const populationNames: Record<PopulationKind, string> = { resident: "常住人口", registered: "户籍人口" };

type IndicatorInfo = {
  name: string;
  /** Targets and values in percent (at most 100). */
  percent: boolean;
  /** How a target figure reads, e.g. "≥ 30 名/万老年人". */
  target: (value: number) => string;
  /** The gap, in people or beds, said in words. */
  gap: (gap: number, target: number) => string;
  definition: string;
};

export const indicatorCatalogue: Record<IndicatorKey, IndicatorInfo> = {
  per10kElderly: {
    name: "每万老年人拥有持证养老护理员数",
    percent: false,
    target: (v) => `≥ ${v} 名/万老年人`,
    gap: (g, v) => `还需 ${g} 名持证养老护理员，才能达到每万老年人 ${v} 名`,
    definition:
      "统计日在本地区养老服务机构（养老机构、居家养老服务机构）在岗、岗位为养老护理员，且持有当日有效的养老护理员职业技能等级证书（未吊销；外部登记的证书须经民政部门确认）的人数，除以不晚于统计日所在年份的最近一年 60 岁以上人口（常住或户籍，表头注明），乘以 10,000。",
  },
  level3PlusShare: {
    name: "三级及以上持证养老护理员占比",
    percent: true,
    target: (v) => `≥ ${v}%`,
    gap: (g, v) => `还需 ${g} 名持证养老护理员达到三级及以上，才能达到 ${v}%`,
    definition: "持证养老护理员中，当日有效证书的最高等级为三级/高级工、二级/技师或一级/高级技师的人数 ÷ 持证养老护理员人数。",
  },
  directorTrainingRate: {
    name: "养老院院长培训率",
    percent: true,
    target: (v) => `≥ ${v}%`,
    gap: (g, v) => `还需 ${g} 名院长完成培训，才能达到 ${v}%`,
    definition: "统计日前 12 个月内（含统计日）在本平台完成至少一门养老机构负责人课程的在岗养老机构院长 ÷ 在岗养老机构院长；护理员、育婴员等其他课程不计。",
  },
  caregiverTrainingRate: {
    name: "养老护理员培训率",
    percent: true,
    target: (v) => `≥ ${v}%`,
    gap: (g, v) => `还需 ${g} 名养老护理员完成培训，才能达到 ${v}%`,
    definition: "统计日前 12 个月内（含统计日）在本平台完成至少一门养老护理员课程（等级课程或养老护理员继续教育课程）的在岗养老护理员 ÷ 在岗养老护理员（不论是否持证）；育婴员、家庭照护者、机构负责人等课程不计。",
  },
  caregiverTrainingRateNewEntrants: {
    name: "新入职养老护理员培训率",
    percent: true,
    target: (v) => `≥ ${v}%`,
    gap: (g, v) => `还需 ${g} 名新入职养老护理员完成培训，才能达到 ${v}%`,
    definition: "在岗养老护理员中的新入职人员（在各机构从事该职业的最早入职日期距统计日不满 1 年）的培训率，口径同养老护理员培训率。",
  },
  caregiverTrainingRate4050: {
    name: "“4050”人员养老护理员培训率",
    percent: true,
    target: (v) => `≥ ${v}%`,
    gap: (g, v) => `还需 ${g} 名“4050”养老护理员完成培训，才能达到 ${v}%`,
    definition: "在岗养老护理员中的“4050”人员（已登记求职，统计日女性年满 40 周岁、男性年满 50 周岁）的培训率，口径同养老护理员培训率。",
  },
  bedsPerSocialWorker: {
    name: "养老机构床位与社工配比",
    percent: false,
    target: (v) => `≤ ${v} 张床/名社工`,
    gap: (g, v) => `还需 ${g} 名社会工作者，才能达到每名社工不超过 ${v} 张床`,
    definition: "养老机构登记床位数（机构当前登记数）÷ 统计日在养老机构在岗的社会工作者人数。",
  },
  townshipSocialWorkers: {
    name: "乡镇（街道）专职养老社工",
    percent: false,
    target: (v) => `每个乡镇（街道）≥ ${v} 名`,
    gap: (g, v) => `还需 ${g} 名专职养老社工，才能使每个乡镇（街道）至少 ${v} 名`,
    definition: "有至少 1 名全职在岗社会工作者的乡镇（街道）数 / 乡镇（街道）总数。社工按任职单位所在乡镇（街道）计，任职单位包括养老机构、居家养老服务机构和乡镇（街道）社会工作服务站（社工站）；缺口按每个乡镇（街道）不足目标的人数合计。",
  },
  homeCareSocialWorkers: {
    name: "居家养老服务机构社工配备",
    percent: false,
    target: (v) => `每个机构 ≥ ${v} 名社工`,
    gap: (g, v) => `还需 ${g} 名社会工作者，才能使每个居家养老服务机构至少 ${v} 名`,
    definition: "有至少 1 名在岗社会工作者（全职或兼职，按该机构名册）的居家养老服务机构数 / 居家养老服务机构总数；缺口按每个机构不足目标的人数合计。",
  },
  nursingBedShare: {
    name: "护理型床位占比",
    percent: true,
    target: (v) => `≥ ${v}%`,
    gap: (g, v) => `还需 ${g} 张护理型床位，才能达到 ${v}%`,
    definition: "养老机构护理型床位数 ÷ 养老机构床位数（机构当前登记数）。",
  },
};

/** Printed once under the tables: how people and dates are counted for every indicator. */
export const countingRules = [
  "在岗：入职日期不晚于统计日，且未离职或离职日期晚于统计日。",
  "同一人在多家机构任职（或在两个地区出现）时只计一次：按该岗位入职最早的一条任职记录（同日入职取登记在先者）归入其机构所在地区，因此上级地区的人数等于各下级地区之和。",
  "人口数取该地区本身导入的统计数据中不晚于统计日所在年份的最近一年；目标取该地区（未设置时取上级地区）不早于统计日所在年份的最近一个规划节点，已过全部节点时取最后一个。",
];
