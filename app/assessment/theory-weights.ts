import type { Occupation } from "../occupations/occupations.ts";
import type { Blueprint, BlueprintLine, QuestionType } from "./blueprint.ts";

/**
 * 理论知识比重表 of a level: the share (%) of the paper each curriculum area gets, with the standard it
 * comes from. `confirmed: false` says the figures could not be checked against the standard's text.
 */
export type TheoryWeights = { source: string; confirmed: boolean; note?: string; weights: Record<string, number> };

// Every course teaches the shared 基本要求 module (职业道德、法律法规、消防安全、职业防护); at 五级 it gets a fifth of the paper.
const UNCONFIRMED_WITH_BASICS = "“基本要求”（职业道德、法律法规、消防安全、职业防护）单列 20%，其余比重按标准的职业功能结构拟定；均未能对照标准原文逐项核实。管理员可在考试方案中修改。";

// Elsewhere it gets 15 % or 10 %, less as the level rises (unconfirmed, like the rest).
const UNCONFIRMED_WITH_BASICS_SHARE = "“基本要求”（职业道德、法律法规、消防安全、职业防护）单列，等级越高占比越低（15% 或 10%）；其余比重按标准的职业功能结构拟定；均未能对照标准原文逐项核实。管理员可在考试方案中修改。";

export const theoryWeights: Partial<Record<`${Occupation}:${number}`, TheoryWeights>> = {
  "elderly_caregiver:5": {
    source: "养老护理员国家职业技能标准（2019 年版）理论知识比重表 · 五级/初级工",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS,
    weights: { 基本要求: 20, 生活照护: 32, 基础照护: 24, 康复服务: 16, 心理支持: 4, 安宁服务: 4 },
  },
  "elderly_caregiver:4": {
    source: "养老护理员国家职业技能标准（2019 年版）理论知识比重表 · 四级/中级工",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 15, 生活照护: 20, 基础照护: 25, 康复服务: 15, 心理支持: 15, 安宁服务: 10 },
  },
  "elderly_caregiver:3": {
    source: "养老护理员国家职业技能标准（2019 年版）理论知识比重表 · 三级/高级工",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 10, 生活照护: 10, 基础照护: 15, 康复服务: 20, 心理支持: 10, 安宁服务: 15, 照护评估: 10, 质量管理: 10 },
  },
  "elderly_caregiver:2": {
    source: "养老护理员国家职业技能标准（2019 年版）理论知识比重表 · 二级/技师",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 10, 基础照护: 10, 康复服务: 15, 照护评估: 20, 质量管理: 20, 培训指导: 25 },
  },
  "elderly_caregiver:1": {
    source: "养老护理员国家职业技能标准（2019 年版）理论知识比重表 · 一级/高级技师",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 10, 康复服务: 10, 照护评估: 25, 质量管理: 25, 培训指导: 30 },
  },
  "infant_caregiver:5": {
    source: "育婴员国家职业技能标准 理论知识比重表 · 五级/初级工（版本年份未核实）",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS,
    weights: { 基本要求: 20, 生活照料: 30, 保健与护理: 30, 早期发展与教育: 20 },
  },
  "infant_caregiver:4": {
    source: "育婴员国家职业技能标准 理论知识比重表 · 四级/中级工（版本年份未核实）",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 15, 生活照料: 25, 保健与护理: 30, 早期发展与教育: 30 },
  },
  "infant_caregiver:3": {
    source: "育婴员国家职业技能标准 理论知识比重表 · 三级/高级工（版本年份未核实）",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 10, 生活照料: 15, 保健与护理: 25, 早期发展与教育: 30, 指导与培训: 20 },
  },
  "childcare_worker:5": {
    source: "保育师国家职业技能标准（2021 年版）理论知识比重表 · 五级/初级工",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS,
    weights: { 基本要求: 20, 环境与卫生: 20, 生活照料: 25, 安全与健康: 20, 早期学习支持: 15 },
  },
  "childcare_worker:4": {
    source: "保育师国家职业技能标准（2021 年版）理论知识比重表 · 四级/中级工",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 15, 环境与卫生: 15, 生活照料: 20, 安全与健康: 20, 早期学习支持: 20, 家园共育: 10 },
  },
  "childcare_worker:3": {
    source: "保育师国家职业技能标准（2021 年版）理论知识比重表 · 三级/高级工",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 10, 环境与卫生: 10, 生活照料: 15, 安全与健康: 20, 早期学习支持: 20, 家园共育: 10, 培训指导: 15 },
  },
  "childcare_worker:2": {
    source: "保育师国家职业技能标准（2021 年版）理论知识比重表 · 二级/技师",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 10, 安全与健康: 15, 早期学习支持: 20, 家园共育: 10, 培训指导: 25, 组织管理: 20 },
  },
  "childcare_worker:1": {
    source: "保育师国家职业技能标准（2021 年版）理论知识比重表 · 一级/高级技师",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 10, 安全与健康: 10, 早期学习支持: 15, 培训指导: 25, 组织管理: 25, 研究与改进: 15 },
  },
  "capability_assessor:3": {
    source: "老年人能力评估师国家职业技能标准 理论知识比重表 · 三级/高级工（版本年份未核实）",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 15, 评估准备: 15, 信息采集: 20, 能力评估实施: 30, 评估报告与质量控制: 20 },
  },
  "capability_assessor:2": {
    source: "老年人能力评估师国家职业技能标准（2020 年版）理论知识比重表 · 二级/技师",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 10, 信息采集: 10, 能力评估实施: 25, 评估报告与质量控制: 25, 评估结果应用: 15, 培训指导: 15 },
  },
  "capability_assessor:1": {
    source: "老年人能力评估师国家职业技能标准（2020 年版）理论知识比重表 · 一级/高级技师",
    confirmed: false,
    note: UNCONFIRMED_WITH_BASICS_SHARE,
    weights: { 基本要求: 10, 能力评估实施: 15, 评估报告与质量控制: 25, 评估结果应用: 20, 培训指导: 20, 评估管理与研究: 10 },
  },
};

/** The paper every level sits: 50 questions of 2 points in 90 minutes; within an area 30 % true/false, 40 % single and 30 % multiple choice. */
export const THEORY_PAPER = { questions: 50, pointsEach: 2, durationMinutes: 90, typeShares: { true_false: 0.3, single: 0.4, multiple: 0.3 } } as const;

/** Splits `total` over keys by their shares, largest remainder first (ties by key order). */
function apportion<K extends string>(total: number, shares: Array<[K, number]>): Array<[K, number]> {
  const sum = shares.reduce((n, [, w]) => n + w, 0);
  const exact = shares.map(([k, w]) => ({ k, whole: Math.floor((w / sum) * total), rest: ((w / sum) * total) % 1 }));
  let missing = total - exact.reduce((n, e) => n + e.whole, 0);
  for (const e of [...exact].sort((a, b) => b.rest - a.rest)) {
    if (missing === 0) break;
    e.whole++;
    missing--;
  }
  return exact.map((e) => [e.k, e.whole]);
}

/** The blueprint a level's weights give: question counts per area and type, worth 100 in all. */
export function blueprintFromWeights(weights: TheoryWeights): Blueprint {
  const lines: BlueprintLine[] = [];
  for (const [area, count] of apportion(THEORY_PAPER.questions, Object.entries(weights.weights))) {
    for (const [type, n] of apportion<QuestionType>(count, Object.entries(THEORY_PAPER.typeShares) as Array<[QuestionType, number]>)) if (n > 0) lines.push({ area, type, count: n });
  }
  const points = { true_false: THEORY_PAPER.pointsEach, single: THEORY_PAPER.pointsEach, multiple: THEORY_PAPER.pointsEach };
  return { lines, points, durationMinutes: THEORY_PAPER.durationMinutes, standard: { source: weights.source, confirmed: weights.confirmed, weights: weights.weights } };
}
