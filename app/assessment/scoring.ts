import { seededRandom, shuffled } from "../utils/random.ts";

/** Skill tasks and the 综合评审 panel are scored by several examiners, item by item, independently. */
export type RubricItem = { id: string; label: string; points: number; critical: boolean };
/** A part scored by people: the skill exam (examiners) or the 综合评审 (review panel). */
export type ScoredPart = "skill" | "review";
export type PartTask = { id: string; title: string; rubric: RubricItem[] };

/** Problems with one examiner's item scores: every item scored, each within 0..its points, in half points. */
export function checkItemScores(rubric: RubricItem[], scores: Readonly<Record<string, number>>): string[] {
  const problems: string[] = [];
  for (const item of rubric) {
    const value = scores[item.id];
    if (value === undefined || Number.isNaN(value)) problems.push(`“${item.label}”未评分`);
    else if (value < 0 || value > item.points) problems.push(`“${item.label}”得分须在 0–${item.points} 分之间`);
    else if (!Number.isInteger(value * 2)) problems.push(`“${item.label}”得分最小单位为 0.5 分`);
  }
  const known = new Set(rubric.map((i) => i.id));
  for (const id of Object.keys(scores)) if (!known.has(id)) problems.push(`评分表中没有“${id}”这一项`);
  return problems;
}

/**
 * One examiner's task score. A critical item (否决项) scored 0 fails the task whatever the total:
 * the task then scores 0, as a failed operation in a practical exam does.
 */
export function taskScore(rubric: RubricItem[], scores: Readonly<Record<string, number>>): { score: number; criticalFailed: string[] } {
  const criticalFailed = rubric.filter((i) => i.critical && (scores[i.id] ?? 0) === 0).map((i) => i.label);
  const total = rubric.reduce((sum, i) => sum + (scores[i.id] ?? 0), 0);
  return { score: criticalFailed.length > 0 ? 0 : total, criticalFailed };
}

/** The task score is the examiners' mean; a spread beyond the threshold is flagged for the chief examiner. */
export function combineExaminers(scores: number[], spreadThreshold = 10): { score: number; spread: number; flagged: boolean } {
  if (scores.length === 0) throw new Error("no examiner scores");
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const spread = Math.max(...scores) - Math.min(...scores);
  return { score: Math.round(mean * 10) / 10, spread, flagged: spread > spreadThreshold };
}

export type TaskResult = {
  taskId: string;
  title: string;
  scorers: number;
  score: number | null;
  spread: number | null;
  flagged: boolean;
  resolution: SpreadResolution | null;
  // A spread beyond the threshold the chief examiner has not yet rescored or confirmed.
  unresolved: boolean;
};
/** The chief examiner's decision on a flagged spread: a new score replacing the mean, or the mean confirmed. */
export type SpreadResolution = { decision: "rescore" | "confirm"; score: number | null; reason: string };

/**
 * A scored part as it stands. A task has a score only once all `requiredScorers` (every examiner assigned to the
 * session, or the whole panel) have scored it: their mean, or the chief examiner's rescore when a spread beyond the
 * threshold was resolved that way. The part is the mean of its tasks, once every task has a score.
 */
export function scoredPartResult(
  tasks: PartTask[],
  totals: Readonly<Record<string, number[]>>,
  spreadThreshold: number,
  requiredScorers = 1,
  resolutions: Readonly<Record<string, SpreadResolution>> = {},
): { score: number | null; tasks: TaskResult[] } {
  const results = tasks.map((task): TaskResult => {
    const scores = totals[task.id] ?? [];
    const resolution = resolutions[task.id] ?? null;
    if (scores.length === 0) return { taskId: task.id, title: task.title, scorers: 0, score: null, spread: null, flagged: false, resolution, unresolved: false };
    const combined = combineExaminers(scores, spreadThreshold);
    const complete = scores.length >= requiredScorers;
    const score = !complete ? null : resolution?.decision === "rescore" ? resolution.score : combined.score;
    return { taskId: task.id, title: task.title, scorers: scores.length, ...combined, score, resolution, unresolved: combined.flagged && !resolution };
  });
  const complete = results.length > 0 && results.every((t) => t.score !== null);
  return { score: complete ? Math.round((results.reduce((n, t) => n + t.score!, 0) / results.length) * 10) / 10 : null, tasks: results };
}

/** The operations a candidate draws from the level's task bank: the same seed always draws the same ones. */
export function drawSkillTasks(bank: readonly PartTask[], count: number, seed: number): string[] {
  return shuffled(bank, seededRandom(seed))
    .slice(0, count)
    .map((t) => t.id);
}

export type PartResult = { part: "theory" | "skill" | "review"; score: number | null; passMark: number };

/** A candidate passes only when every part has a score at or above its pass mark. */
export function overallResult(parts: PartResult[]): { passed: boolean; parts: Array<PartResult & { passed: boolean }> } {
  const judged = parts.map((p) => ({ ...p, passed: p.score !== null && p.score >= p.passMark }));
  return { passed: judged.length > 0 && judged.every((p) => p.passed), parts: judged };
}

export const partShortNames: Record<PartResult["part"], string> = { theory: "理论", skill: "技能", review: "综合评审" };

/**
 * A result as the candidate reads it: 缺考 for an absent part, the score for a scored one, （保留） for a part kept from an
 * earlier sitting, （口试，监考员代录） for a theory paper sat orally and scored.
 */
export function resultLine(parts: Array<{ part: PartResult["part"]; score: number | null; kept?: boolean; oral?: boolean }>): string {
  return parts.map((p) => `${partShortNames[p.part]} ${p.score === null ? "缺考" : `${p.score} 分`}${p.kept ? "（保留）" : p.oral && p.part === "theory" && p.score !== null ? "（口试，监考员代录）" : ""}`).join(" · ");
}
