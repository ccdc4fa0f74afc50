import { describe, expect, it } from "vitest";
import type { AwardRule } from "../../db/schema.ts";
import {
  advancing,
  assignAwards,
  bandSize,
  checkAwards,
  checkCalendar,
  checkWeights,
  entryRefusal,
  panelProblem,
  rankCompetitors,
  scoringRefusal,
  stepRefusal,
  weightedTotal,
  type CompetitionFacts,
  type Competitor,
} from "../../app/competitions/rules.ts";

const final = { theory: 30, practical: 70 };
const c = (entryId: number, theory: number | null, practical: number | null, handedInAt: number | null = null): Competitor => ({ entryId, theory, practical, handedInAt });

describe("weightedTotal", () => {
  it.each([
    // theory, practical, weights, total (hand-computed)
    [80, 90, final, 87], // 24 + 63
    [85.5, 72.3, final, 76.26], // 25.65 + 50.61
    [null, 90, final, 63], // absent from theory counts 0
    [77, null, { theory: 100, practical: 0 }, 77],
    [66.6, 0, { theory: 50, practical: 50 }, 33.3],
  ])("theory %s, practical %s → %s", (theory, practical, weights, total) => {
    expect(weightedTotal(weights, theory, practical)).toBe(total);
  });
});

describe("rankCompetitors", () => {
  it("orders by total, then practical, then theory, then the earlier hand-in", () => {
    const ranked = rankCompetitors(final, [
      c(1, 80, 90, 5), // 87
      c(2, 90, 80, 5), // 83
      c(3, 70, 90, 5), // 84: same practical as 1, lower total
      c(4, 100, 80.7, 5), // 86.49
      c(5, 86.2, 86.4, 5), // 25.86 + 60.48 = 86.34
    ]);
    expect(ranked.map((r) => [r.entryId, r.total, r.rank])).toEqual([
      [1, 87, 1],
      [4, 86.49, 2],
      [5, 86.34, 3],
      [3, 84, 4],
      [2, 83, 5],
    ]);
  });

  it("breaks an equal total by the practical score, then the theory score", () => {
    // 30·90 + 70·80 = 83 and 30·76 + 70·86 = 83 (22.8 + 60.2): the higher practical wins.
    const ranked = rankCompetitors(final, [c(1, 90, 80), c(2, 76, 86)]);
    expect(ranked.map((r) => [r.entryId, r.rank])).toEqual([[2, 1], [1, 2]]);
    // 初赛 is theory only: equal theory scores go to the earlier hand-in.
    const preliminary = rankCompetitors({ theory: 100, practical: 0 }, [c(1, 88, null, 2_000), c(2, 88, null, 1_000), c(3, 88, null, null)]);
    expect(preliminary.map((r) => [r.entryId, r.rank])).toEqual([[2, 1], [1, 2], [3, 3]]);
  });

  it("gives the same rank to competitors equal on every key, and puts those absent from every part last, unranked", () => {
    const ranked = rankCompetitors(final, [c(1, 80, 90, 7), c(2, 80, 90, 7), c(3, 60, 60, 7), c(4, null, null, null)]);
    expect(ranked.map((r) => [r.entryId, r.rank])).toEqual([[1, 1], [2, 1], [3, 3], [4, null]]);
  });
});

describe("advancing", () => {
  it.each([
    // 初赛 theory scores, places, who goes on
    [[90, 85, 80, 75], 2, [1, 2]],
    [[90, 85, 85, 75], 2, [1, 2, 3]], // a tie on the last place takes both (same hand-in time)
    [[90, 85], 5, [1, 2]],
  ])("scores %j with %i places → %j", (scores, count, expected) => {
    const ranked = rankCompetitors({ theory: 100, practical: 0 }, scores.map((s, i) => c(i + 1, s, null, 1)));
    expect(advancing(ranked, count)).toEqual(expected);
  });

  it("never sends on a competitor absent from the 初赛", () => {
    const ranked = rankCompetitors({ theory: 100, practical: 0 }, [c(1, 70, null, 1), c(2, null, null)]);
    expect(advancing(ranked, 2)).toEqual([1]);
  });
});

describe("assignAwards", () => {
  const bands: AwardRule[] = [
    { award: "first", count: 1, promotion: true, amount: 3000 },
    { award: "second", share: 20, promotion: false, amount: 2000 },
    { award: "third", share: 30, promotion: false, amount: 1000 },
    { award: "merit", count: 2, promotion: false, amount: 0 },
  ];

  it("covers places band after band: 10 ranked → 1 first, 2 second (20 %), 3 third (30 %), 2 merit", () => {
    const ranked = rankCompetitors(final, Array.from({ length: 10 }, (_, i) => c(i + 1, 100 - i, 100 - i)));
    const awards = assignAwards(ranked, bands, 3);
    expect(awards.map((a) => a.award)).toEqual(["first", "second", "second", "third", "third", "third", "merit", "merit", null, null]);
    expect(awards[0]).toEqual({ entryId: 1, award: "first", promotionLevel: 2, amount: 3000 });
    expect(awards[1]).toEqual({ entryId: 2, award: "second", promotionLevel: null, amount: 2000 });
  });

  it("rounds shares down and lets competitors sharing a rank share the better award", () => {
    expect(bandSize({ award: "second", share: 20, promotion: false, amount: 0 }, 7)).toBe(1); // 1.4 → 1
    const ranked = rankCompetitors(final, [c(1, 90, 90, 1), c(2, 80, 80, 1), c(3, 80, 80, 1), c(4, 70, 70, 1), c(5, null, null)]);
    const awards = assignAwards(ranked, [{ award: "first", count: 1, promotion: false, amount: 500 }, { award: "second", count: 1, promotion: false, amount: 200 }], 5);
    expect(awards.map((a) => [a.entryId, a.award])).toEqual([[1, "first"], [2, "second"], [3, "second"], [4, null], [5, null]]);
  });

  it("promotes 一级 to no higher level than 一级", () => {
    const ranked = rankCompetitors(final, [c(1, 90, 90, 1)]);
    expect(assignAwards(ranked, bands, 1)[0]!.promotionLevel).toBe(1);
  });
});

describe("checks", () => {
  it("refuses weights not adding up to 100 and malformed award bands", () => {
    expect(checkWeights({ theory: 30, practical: 70 }, "final")).toEqual([]);
    expect(checkWeights({ theory: 30, practical: 60 }, "final")).toEqual(["决赛理论与实操权重之和须为 100%，现为 90%"]);
    expect(checkAwards([{ award: "first", promotion: false, amount: 0 }])).toEqual(["一等奖须给出名额或比例（二选一）"]);
    expect(checkAwards([{ award: "first", share: 60, promotion: false, amount: 0 }, { award: "second", share: 50, promotion: false, amount: 0 }])).toEqual(["各奖项比例之和为 110%，不能超过 100%"]);
  });

  it.each([
    [3, null],
    [4, "评委人数须为奇数，现有 4 名"],
    [1, "评委至少 3 名，现有 1 名"],
    [5, null],
  ])("a panel of %i → %s", (size, problem) => {
    expect(panelProblem(size)).toBe(problem);
  });

  it("keeps the calendar in order", () => {
    expect(checkCalendar({ entriesCloseOn: "2026-12-10", preliminaryOn: "2026-12-15", finalOn: "2026-12-20" }, "2026-12-02")).toEqual({});
    expect(checkCalendar({ entriesCloseOn: "2026-12-10", preliminaryOn: "2026-12-10", finalOn: "2026-12-09" }, "2026-12-11")).toEqual({
      entriesCloseOn: "报名截止日期不能早于今天",
      preliminaryOn: "初赛日期须在报名截止日期之后",
      finalOn: "决赛日期须在初赛日期之后",
    });
  });
});

describe("workflow", () => {
  const facts: CompetitionFacts = {
    status: "entries",
    today: "2026-12-15",
    entriesCloseOn: "2026-12-10",
    preliminaryOn: "2026-12-15",
    finalOn: "2026-12-20",
    pendingEntries: 0,
    acceptedEntries: 4,
    panelSize: 3,
    stageOpened: false,
    stageComplete: false,
    needsPanel: { preliminary: false, final: true },
  };

  it.each([
    ["open-preliminary", {}, null],
    ["open-preliminary", { today: "2026-12-10" }, "报名于 2026-12-10 截止，截止后才能开始初赛"],
    ["open-preliminary", { today: "2026-12-14" }, "初赛定于 2026-12-15，当天才能开始"],
    ["open-preliminary", { pendingEntries: 2 }, "还有 2 份报名未审核"],
    ["open-preliminary", { acceptedEntries: 0 }, "没有审核通过的报名，不能开始初赛"],
    ["advance", {}, "竞赛当前为“报名中”，不能公布晋级名单"],
    ["advance", { status: "preliminary", stageOpened: true }, "初赛尚未评完（每位选手须有成绩或记为缺考，评分差异须处理），不能公布晋级名单"],
    ["advance", { status: "preliminary", stageOpened: true, stageComplete: true }, null],
    ["open-final", { status: "final" }, "决赛定于 2026-12-20，当天才能开始"],
    ["open-final", { status: "final", today: "2026-12-20", panelSize: 2 }, "评委至少 3 名，现有 2 名"],
    ["open-final", { status: "final", today: "2026-12-20" }, null],
    ["open-final", { status: "final", today: "2026-12-20", stageOpened: true }, "决赛已经开始"],
    ["publish", { status: "final" }, "决赛尚未开始，不能发布结果"],
    ["publish", { status: "final", stageOpened: true }, "决赛尚未评完（每位选手须有成绩或记为缺考，评分差异须处理），不能发布结果"],
    ["publish", { status: "final", stageOpened: true, stageComplete: true }, null],
    ["withdraw-results", { status: "published" }, null],
    ["withdraw-results", { status: "closed" }, "竞赛当前为“结果已定稿”，不能撤回竞赛结果"],
    ["finalise", { status: "published" }, null],
  ] as const)("%s with %j → %s", (step, change, refusal) => {
    expect(stepRefusal(step, { ...facts, ...change })).toBe(refusal);
  });

  it("takes no entry after the closing day and no score before the stage's day", () => {
    expect(entryRefusal({ status: "entries", today: "2026-12-10", entriesCloseOn: "2026-12-10" })).toBeNull();
    expect(entryRefusal({ status: "entries", today: "2026-12-11", entriesCloseOn: "2026-12-10" })).toBe("报名已于 2026-12-10 截止，不能再报名");
    expect(scoringRefusal("final", { ...facts, status: "final", today: "2026-12-19" })).toBe("决赛定于 2026-12-20，比赛当天才能评分");
    expect(scoringRefusal("final", { ...facts, status: "final", today: "2026-12-20" })).toBeNull();
    expect(scoringRefusal("preliminary", { ...facts, status: "final", today: "2026-12-20" })).toBe("初赛不在进行中，不能评分");
  });
});
