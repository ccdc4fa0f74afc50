import { seededRandom, shuffled } from "../utils/random.ts";

/** 组卷蓝图: how many questions of each type from each curriculum area, and what each type is worth. */
export type QuestionType = "true_false" | "single" | "multiple";
export type BlueprintLine = { area: string; type: QuestionType; count: number };
export type Blueprint = {
  lines: BlueprintLine[];
  points: Record<QuestionType, number>;
  durationMinutes: number;
  /** The 理论知识比重表 the lines follow: its standard, whether the figures were confirmed, the weights (%). */
  standard?: { source: string; confirmed: boolean; weights: Record<string, number> };
};
export type BankQuestion = { id: string; type: QuestionType; area: string; optionCount: number };
/** One question of a candidate's paper: the order its options are shown in, by original index. */
export type PaperQuestion = { questionId: string; type: QuestionType; optionOrder: number[]; points: number };

const typeNames: Record<QuestionType, string> = { true_false: "判断题", single: "单选题", multiple: "多选题" };

/** Problems that stop a blueprint being used: a paper is scored out of 100 and lasts a sensible time. */
export function checkBlueprint(blueprint: Blueprint): string[] {
  const problems: string[] = [];
  const total = blueprint.lines.reduce((sum, l) => sum + l.count * blueprint.points[l.type], 0);
  if (total !== 100) problems.push(`试卷总分为 ${total} 分，应为 100 分`);
  if (blueprint.durationMinutes < 90 || blueprint.durationMinutes > 120) problems.push("考试时长应在 90–120 分钟之间");
  for (const l of blueprint.lines) if (!Number.isInteger(l.count) || l.count <= 0) problems.push(`${l.area}${typeNames[l.type]}题数须为正整数`);
  return problems;
}

export type Shortage = { area: string; type: QuestionType; needed: number; available: number };

/** The shortfall named per area and type, e.g. for a level whose exam pool cannot fill the paper. */
export function describeShortage(s: Shortage): string {
  return `题库中“${s.area}”${typeNames[s.type]}只有 ${s.available} 道，组卷需要 ${s.needed} 道`;
}

/**
 * Draws a paper from the bank by the blueprint. The same seed and bank always give the same paper,
 * so any candidate's paper can be re-created for an audit. True/false options keep their order.
 */
export function drawPaper(blueprint: Blueprint, bank: BankQuestion[], seed: number): { ok: true; paper: PaperQuestion[] } | { ok: false; shortages: Shortage[] } {
  const random = seededRandom(seed);
  const sortedBank = [...bank].sort((a, b) => (a.id < b.id ? -1 : 1));
  const shortages: Shortage[] = [];
  const paper: PaperQuestion[] = [];
  for (const line of blueprint.lines) {
    const pool = sortedBank.filter((q) => q.area === line.area && q.type === line.type);
    if (pool.length < line.count) {
      shortages.push({ area: line.area, type: line.type, needed: line.count, available: pool.length });
      continue;
    }
    for (const q of shuffled(pool, random).slice(0, line.count)) {
      const order = Array.from({ length: q.optionCount }, (_, i) => i);
      paper.push({ questionId: q.id, type: q.type, optionOrder: q.type === "true_false" ? order : shuffled(order, random), points: blueprint.points[line.type] });
    }
  }
  if (shortages.length > 0) return { ok: false, shortages };
  // Questions of one type stay together, as on a printed paper; their order within the type is drawn.
  const byType = (t: QuestionType) => shuffled(paper.filter((p) => p.type === t), random);
  return { ok: true, paper: [...byType("true_false"), ...byType("single"), ...byType("multiple")] };
}

/**
 * Scores a paper. Answers are option positions as shown; a question earns its points only when the
 * chosen options are exactly the correct ones (multiple choice: all or nothing).
 */
export function gradePaper(paper: PaperQuestion[], answers: Readonly<Record<string, number[]>>, key: Readonly<Record<string, number[]>>): number {
  let score = 0;
  for (const q of paper) {
    const chosen = [...new Set((answers[q.questionId] ?? []).map((shown) => q.optionOrder[shown]))].sort();
    const correct = [...(key[q.questionId] ?? [])].sort();
    if (chosen.length > 0 && chosen.length === correct.length && chosen.every((v, i) => v === correct[i])) score += q.points;
  }
  return score;
}
