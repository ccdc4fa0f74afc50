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

export type TaskResult = { taskId: string; title: string; scorers: number; score: number | null; spread: number | null; flagged: boolean };

/**
 * A scored part as it stands. A task scores its scorers' mean once `requiredScorers` have scored (the
 * skill exam needs one examiner's score per task; the 综合评审 needs the whole panel's); a spread beyond
 * the threshold is flagged as soon as two scores differ by that much. The part is the mean of its
 * tasks, once every task has a score.
 */
export function scoredPartResult(tasks: PartTask[], totals: Readonly<Record<string, number[]>>, spreadThreshold: number, requiredScorers = 1): { score: number | null; tasks: TaskResult[] } {
  const results = tasks.map((task): TaskResult => {
    const scores = totals[task.id] ?? [];
    if (scores.length === 0) return { taskId: task.id, title: task.title, scorers: 0, score: null, spread: null, flagged: false };
    const combined = combineExaminers(scores, spreadThreshold);
    return { taskId: task.id, title: task.title, scorers: scores.length, ...combined, score: scores.length >= requiredScorers ? combined.score : null };
  });
  const complete = results.length > 0 && results.every((t) => t.score !== null);
  return { score: complete ? Math.round((results.reduce((n, t) => n + t.score!, 0) / results.length) * 10) / 10 : null, tasks: results };
}

export type PartResult = { part: "theory" | "skill" | "review"; score: number | null; passMark: number };

/** A candidate passes only when every part has a score at or above its pass mark. */
export function overallResult(parts: PartResult[]): { passed: boolean; parts: Array<PartResult & { passed: boolean }> } {
  const judged = parts.map((p) => ({ ...p, passed: p.score !== null && p.score >= p.passMark }));
  return { passed: judged.length > 0 && judged.every((p) => p.passed), parts: judged };
}
