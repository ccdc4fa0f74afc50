import type { AwardRule, CompetitionStage, CompetitionStatus, StageWeights } from "../../db/schema.ts";

/**
 * 技能竞赛 rules as pure functions over plain data: stage weights, ranking with its tie-breaks, advancement from 初赛
 * to 决赛, award bands, and the competition's workflow (states, moves, and why a move is refused now).
 */

export const stageNames: Record<CompetitionStage, string> = { preliminary: "初赛", final: "决赛" };
export const awardNames: Record<AwardRule["award"], string> = { first: "一等奖", second: "二等奖", third: "三等奖", merit: "优秀奖" };
export const statusNames: Record<CompetitionStatus, string> = {
  entries: "报名中",
  preliminary: "初赛进行中",
  final: "决赛进行中",
  published: "结果公示中",
  closed: "结果已定稿",
};

/** Problems with a stage's weights: whole percentages adding up to 100. */
export function checkWeights(weights: StageWeights, stage: CompetitionStage): string[] {
  const { theory, practical } = weights;
  if (![theory, practical].every((w) => Number.isInteger(w) && w >= 0 && w <= 100)) return [`${stageNames[stage]}权重须为 0–100 的整数`];
  return theory + practical === 100 ? [] : [`${stageNames[stage]}理论与实操权重之和须为 100%，现为 ${theory + practical}%`];
}

/** Problems with the award bands: each a positive count or a share of 1–100 %, amounts whole yuan, shares adding up to at most 100 %. */
export function checkAwards(awards: AwardRule[]): string[] {
  const problems: string[] = [];
  for (const a of awards) {
    const name = awardNames[a.award];
    if ((a.count === undefined) === (a.share === undefined)) problems.push(`${name}须给出名额或比例（二选一）`);
    if (a.count !== undefined && (!Number.isInteger(a.count) || a.count < 1)) problems.push(`${name}名额须为正整数`);
    if (a.share !== undefined && (!Number.isInteger(a.share) || a.share < 1 || a.share > 100)) problems.push(`${name}比例须为 1–100 的整数`);
    if (!Number.isInteger(a.amount) || a.amount < 0) problems.push(`${name}奖金须为不小于 0 的整数（元）`);
  }
  if (new Set(awards.map((a) => a.award)).size !== awards.length) problems.push("同一奖项只能设一次");
  const shares = awards.reduce((n, a) => n + (a.share ?? 0), 0);
  if (shares > 100) problems.push(`各奖项比例之和为 ${shares}%，不能超过 100%`);
  return problems;
}

/** The calendar in order: entries close before the 初赛, the 初赛 comes before the 决赛. */
export function checkCalendar(dates: { entriesCloseOn: string; preliminaryOn: string; finalOn: string }, today: string): Record<string, string> {
  const problems: Record<string, string> = {};
  if (dates.entriesCloseOn < today) problems.entriesCloseOn = "报名截止日期不能早于今天";
  if (dates.preliminaryOn <= dates.entriesCloseOn) problems.preliminaryOn = "初赛日期须在报名截止日期之后";
  if (dates.finalOn <= dates.preliminaryOn) problems.finalOn = "决赛日期须在初赛日期之后";
  return problems;
}

/** A judge panel scores like the skill part's examiners: at least 3, an odd number (domain §5). */
export function panelProblem(size: number): string | null {
  if (size < 3) return `评委至少 3 名，现有 ${size} 名`;
  return size % 2 === 1 ? null : `评委人数须为奇数，现有 ${size} 名`;
}

/** One competitor's parts in a stage; null: absent (缺考) or not held. `handedInAt`: the theory paper's hand-in time (ms). */
export type Competitor = { entryId: number; theory: number | null; practical: number | null; handedInAt: number | null };
export type Ranked = Competitor & { total: number; rank: number | null };

/** The weighted total, to two decimals; an absent part counts 0. Computed in hundredths so no float creeps in. */
export function weightedTotal(weights: StageWeights, theory: number | null, practical: number | null): number {
  const hundredths = Math.round((theory ?? 0) * 10) * weights.theory + Math.round((practical ?? 0) * 10) * weights.practical;
  return Math.round(hundredths / 10) / 100;
}

/** Whether a competitor sat any part the stage holds; one absent from everything is not ranked. */
function competed(weights: StageWeights, c: Competitor): boolean {
  return (weights.theory > 0 && c.theory !== null) || (weights.practical > 0 && c.practical !== null);
}

/**
 * The stage's ranking: weighted total, then the practical score, then the theory score, then the earlier hand-in of
 * the theory paper. Competitors equal on all four share a rank (1, 1, 3). Those absent from every part come last, unranked.
 */
export function rankCompetitors(weights: StageWeights, competitors: Competitor[]): Ranked[] {
  const scored = competitors.map((c) => ({ ...c, total: weightedTotal(weights, c.theory, c.practical) }));
  const key = (c: (typeof scored)[number]) => [c.total, c.practical ?? -1, c.theory ?? -1, -(c.handedInAt ?? Number.MAX_SAFE_INTEGER)];
  const compare = (a: (typeof scored)[number], b: (typeof scored)[number]) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
    return 0;
  };
  const ranked = scored.filter((c) => competed(weights, c)).sort((a, b) => compare(a, b) || a.entryId - b.entryId);
  const out: Ranked[] = ranked.map((c, i) => ({ ...c, rank: i + 1 }));
  for (let i = 1; i < out.length; i++) if (compare(ranked[i - 1]!, ranked[i]!) === 0) out[i]!.rank = out[i - 1]!.rank;
  return [...out, ...scored.filter((c) => !competed(weights, c)).map((c) => ({ ...c, rank: null }))];
}

/** The 初赛 competitors who go on to the 决赛: ranked within `count`; a tie on the last place takes everyone tied. */
export function advancing(ranked: Ranked[], count: number): number[] {
  return ranked.filter((r) => r.rank !== null && r.rank <= count).map((r) => r.entryId);
}

export type AwardOutcome = { entryId: number; award: AwardRule["award"] | null; promotionLevel: number | null; amount: number };

/** How many places a band covers: its count, or its share of the ranked competitors rounded down (向下取整). */
export function bandSize(rule: AwardRule, rankedCount: number): number {
  return rule.count ?? Math.floor(((rule.share ?? 0) * rankedCount) / 100);
}

/**
 * Awards by rank: band after band covers the next places; a competitor's rank decides the band, so those sharing a
 * rank share the better award. A band with a promotion makes the competitor eligible for the next level up
 * (一级 stays 一级's own), recorded as evidence only.
 */
export function assignAwards(ranked: Ranked[], rules: AwardRule[], level: number): AwardOutcome[] {
  const rankedCount = ranked.filter((r) => r.rank !== null).length;
  const ceilings: Array<{ rule: AwardRule; lastPlace: number }> = [];
  let places = 0;
  for (const rule of rules) {
    places += bandSize(rule, rankedCount);
    ceilings.push({ rule, lastPlace: places });
  }
  return ranked.map((r) => {
    const band = r.rank === null ? undefined : ceilings.find((c) => r.rank! <= c.lastPlace && c.lastPlace > 0);
    const rule = band?.rule;
    return { entryId: r.entryId, award: rule?.award ?? null, promotionLevel: rule?.promotion ? Math.max(1, level - 1) : null, amount: rule?.amount ?? 0 };
  });
}

// ── Workflow ──────────────────────────────────────────────────────────────

/** The competition's moves; the pages ask `stepRefusal` which buttons to show. */
export const competitionSteps = {
  "open-preliminary": { label: "开始初赛", from: ["entries"], to: "preliminary" },
  advance: { label: "公布晋级名单", from: ["preliminary"], to: "final" },
  "open-final": { label: "开始决赛", from: ["final"], to: "final" },
  publish: { label: "发布竞赛结果", from: ["final"], to: "published" },
  "withdraw-results": { label: "撤回竞赛结果", from: ["published"], to: "final" },
  finalise: { label: "结果定稿", from: ["published"], to: "closed" },
} as const satisfies Record<string, { label: string; from: readonly CompetitionStatus[]; to: CompetitionStatus }>;
export type CompetitionStep = keyof typeof competitionSteps;

export function isCompetitionStep(value: unknown): value is CompetitionStep {
  return typeof value === "string" && Object.hasOwn(competitionSteps, value);
}

/** What the guards read; `today` is the China calendar date. */
export type CompetitionFacts = {
  status: CompetitionStatus;
  today: string;
  entriesCloseOn: string;
  preliminaryOn: string;
  finalOn: string;
  pendingEntries: number;
  acceptedEntries: number;
  panelSize: number;
  /** Whether the running stage's papers were drawn (its sittings exist). */
  stageOpened: boolean;
  /** Whether the running stage's parts are complete: every competitor scored (or recorded absent), every spread resolved. */
  stageComplete: boolean;
  needsPanel: { preliminary: boolean; final: boolean };
};

/** Why `step` cannot be taken now (Chinese, shown as is), or null when it can. */
export function stepRefusal(step: CompetitionStep, f: CompetitionFacts): string | null {
  const rule = competitionSteps[step];
  if (!(rule.from as readonly CompetitionStatus[]).includes(f.status)) return `竞赛当前为“${statusNames[f.status]}”，不能${rule.label}`;
  switch (step) {
    case "open-preliminary":
      if (f.today <= f.entriesCloseOn) return `报名于 ${f.entriesCloseOn} 截止，截止后才能开始初赛`;
      if (f.today < f.preliminaryOn) return `初赛定于 ${f.preliminaryOn}，当天才能开始`;
      if (f.pendingEntries > 0) return `还有 ${f.pendingEntries} 份报名未审核`;
      if (f.acceptedEntries === 0) return "没有审核通过的报名，不能开始初赛";
      return f.needsPanel.preliminary ? panelProblem(f.panelSize) : null;
    case "advance":
      return f.stageComplete ? null : "初赛尚未评完（每位选手须有成绩或记为缺考，评分差异须处理），不能公布晋级名单";
    case "open-final":
      if (f.stageOpened) return "决赛已经开始";
      if (f.today < f.finalOn) return `决赛定于 ${f.finalOn}，当天才能开始`;
      return f.needsPanel.final ? panelProblem(f.panelSize) : null;
    case "publish":
      if (!f.stageOpened) return "决赛尚未开始，不能发布结果";
      return f.stageComplete ? null : "决赛尚未评完（每位选手须有成绩或记为缺考，评分差异须处理），不能发布结果";
    default:
      return null;
  }
}

/** Scores are taken from the stage's day on, and only while the stage runs. */
export function scoringRefusal(stage: CompetitionStage, f: Pick<CompetitionFacts, "status" | "today" | "preliminaryOn" | "finalOn">): string | null {
  const day = stage === "preliminary" ? f.preliminaryOn : f.finalOn;
  if (f.today < day) return `${stageNames[stage]}定于 ${day}，比赛当天才能评分`;
  return f.status === stage ? null : `${stageNames[stage]}不在进行中，不能评分`;
}

/** Entries are taken and withdrawn only while the competition takes entries, up to and including the closing day. */
export function entryRefusal(f: Pick<CompetitionFacts, "status" | "today" | "entriesCloseOn">, verb = "报名"): string | null {
  if (f.status !== "entries" || f.today > f.entriesCloseOn) return `报名已于 ${f.entriesCloseOn} 截止，不能再${verb}`;
  return null;
}
