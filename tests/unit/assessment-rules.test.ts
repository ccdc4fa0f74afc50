import { describe, expect, it } from "vitest";
import { checkBlueprint, drawPaper, gradePaper, type BankQuestion, type Blueprint } from "../../app/assessment/blueprint.ts";
import { checkStaffing } from "../../app/assessment/staffing.ts";
import { checkItemScores, combineExaminers, drawSkillTasks, overallResult, resultLine, scoredPartResult, taskScore, type PartTask, type RubricItem } from "../../app/assessment/scoring.ts";
import { deadlineFor, decideSave, secondsRemaining } from "../../app/assessment/answers.ts";
import { blueprintFromWeights, theoryWeights } from "../../app/assessment/theory-weights.ts";

const areas = ["生活照护", "基础照护", "康复服务"];
const bank: BankQuestion[] = areas.flatMap((area, a) =>
  (["true_false", "single", "multiple"] as const).flatMap((type, t) =>
    Array.from({ length: 12 }, (_, i) => ({ id: `q-${a}${t}-${String(i).padStart(2, "0")}`, type, area, optionCount: type === "true_false" ? 2 : type === "single" ? 4 : 5 })),
  ),
);
const blueprint: Blueprint = {
  lines: areas.flatMap((area) => [
    { area, type: "true_false" as const, count: 5 },
    { area, type: "single" as const, count: 10 },
    { area, type: "multiple" as const, count: 5 },
  ]),
  points: { true_false: 1, single: 1, multiple: 2 },
  durationMinutes: 90,
};
// 3 areas × (5×1 + 10×1 + 5×2) = 75 points: fine for drawing, refused for use.
const ninety: Blueprint = { ...blueprint, points: { true_false: 1, single: 2, multiple: 1 } }; // 3 × (5 + 20 + 5)

describe("blueprints", () => {
  it("insists on a paper worth 100 points and a sensible duration", () => {
    expect(checkBlueprint(blueprint)).toEqual(["试卷总分为 75 分，应为 100 分"]);
    expect(checkBlueprint(ninety)).toEqual(["试卷总分为 90 分，应为 100 分"]);
    const ok: Blueprint = { lines: [{ area: "生活照护", type: "single", count: 50 }, { area: "基础照护", type: "true_false", count: 25 }, { area: "康复服务", type: "multiple", count: 25 }], points: { single: 1, true_false: 1, multiple: 1 }, durationMinutes: 90 };
    expect(checkBlueprint(ok)).toEqual([]);
    expect(checkBlueprint({ ...ok, durationMinutes: 60 })).toEqual(["考试时长应在 90–120 分钟之间"]);
    expect(checkBlueprint({ ...ok, durationMinutes: 121 })).toEqual(["考试时长应在 90–120 分钟之间"]);
    expect(checkBlueprint({ ...ok, durationMinutes: 120 })).toEqual([]);
  });
});

describe("drawPaper", () => {
  it("draws exactly the blueprint's count of each type from each area", () => {
    const result = drawPaper(blueprint, bank, 1234);
    if (!result.ok) throw new Error("shortage");
    expect(result.paper).toHaveLength(60);
    for (const line of blueprint.lines) {
      const drawn = result.paper.filter((p) => bank.find((q) => q.id === p.questionId)!.area === line.area && p.type === line.type);
      expect(drawn).toHaveLength(line.count);
    }
    expect(new Set(result.paper.map((p) => p.questionId)).size).toBe(60);
    // Types stay together: true/false first, then single, then multiple choice.
    expect(result.paper.map((p) => p.type)).toEqual([...Array(15).fill("true_false"), ...Array(30).fill("single"), ...Array(15).fill("multiple")]);
  });

  it("re-creates the same paper, option order included, from the same seed", () => {
    expect(drawPaper(blueprint, bank, 99)).toEqual(drawPaper(blueprint, [...bank].reverse(), 99));
    expect(drawPaper(blueprint, bank, 99)).not.toEqual(drawPaper(blueprint, bank, 100));
  });

  it("shuffles choice options but keeps 正确/错误 in order", () => {
    const result = drawPaper(blueprint, bank, 5);
    if (!result.ok) throw new Error("shortage");
    expect(result.paper.filter((p) => p.type === "true_false").every((p) => p.optionOrder.join() === "0,1")).toBe(true);
    expect(result.paper.filter((p) => p.type !== "true_false").some((p) => p.optionOrder.join() !== [...p.optionOrder].sort().join())).toBe(true);
  });

  it("names every line the bank cannot fill", () => {
    const result = drawPaper({ ...blueprint, lines: [{ area: "生活照护", type: "single", count: 13 }, { area: "安宁服务", type: "single", count: 1 }] }, bank, 1);
    expect(result).toEqual({
      ok: false,
      shortages: [
        { area: "生活照护", type: "single", needed: 13, available: 12 },
        { area: "安宁服务", type: "single", needed: 1, available: 0 },
      ],
    });
  });
});

describe("gradePaper", () => {
  const paper = [
    { questionId: "a", type: "single" as const, optionOrder: [2, 0, 3, 1], points: 2 },
    { questionId: "b", type: "multiple" as const, optionOrder: [4, 3, 2, 1, 0], points: 3 },
    { questionId: "c", type: "true_false" as const, optionOrder: [0, 1], points: 1 },
  ];
  const key = { a: [3], b: [0, 4], c: [1] };
  it("maps shown positions back to the bank's options", () => {
    // a: shown position 2 is option 3 (right); b: shown 0 and 4 are options 4 and 0 (right); c: shown 1 is 错误 (right).
    expect(gradePaper(paper, { a: [2], b: [0, 4], c: [1] }, key)).toBe(6);
  });
  it("gives a multiple-choice question nothing for a partial answer", () => {
    expect(gradePaper(paper, { a: [2], b: [0], c: [1] }, key)).toBe(3);
    expect(gradePaper(paper, { a: [2], b: [0, 1, 4], c: [1] }, key)).toBe(3);
  });
  it("scores an empty paper 0", () => {
    expect(gradePaper(paper, {}, key)).toBe(0);
  });
});

describe("staffing rules", () => {
  it("accepts a correctly staffed session", () => {
    expect(checkStaffing({ theoryRooms: [{ name: "一号考场", candidates: 30, invigilators: 2 }], skill: { candidates: 15, examiners: 3 }, panel: { members: 5 } })).toEqual([]);
    expect(checkStaffing({ theoryRooms: [{ name: "一号考场", candidates: 1, invigilators: 2 }, { name: "备用考场", candidates: 0, invigilators: 0 }], skill: null, panel: null })).toEqual([]);
  });
  it.each([
    [{ theoryRooms: [{ name: "一号考场", candidates: 31, invigilators: 2 }], skill: null, panel: null }, "理论考场“一号考场”有 31 名考生，需要至少 3 名监考员（每 15 名考生 1 名，每个考场不少于 2 名），现有 2 名"],
    [{ theoryRooms: [{ name: "二号考场", candidates: 5, invigilators: 1 }], skill: null, panel: null }, "理论考场“二号考场”有 5 名考生，需要至少 2 名监考员（每 15 名考生 1 名，每个考场不少于 2 名），现有 1 名"],
    [{ theoryRooms: [], skill: { candidates: 16, examiners: 3 }, panel: null }, "技能考核有 16 名考生，需要至少 4 名考评员（每 5 名考生 1 名，不少于 3 名），现有 3 名"],
    [{ theoryRooms: [], skill: { candidates: 16, examiners: 4 }, panel: null }, "技能考核考评员人数须为奇数，现有 4 名"],
    [{ theoryRooms: [], skill: { candidates: 5, examiners: 1 }, panel: null }, "技能考核有 5 名考生，需要至少 3 名考评员（每 5 名考生 1 名，不少于 3 名），现有 1 名"],
    [{ theoryRooms: [], skill: null, panel: { members: 4 } }, "综合评审专家组人数须为奇数，现有 4 人"],
    [{ theoryRooms: [], skill: null, panel: { members: 1 } }, "综合评审专家组不少于 3 人，现有 1 人"],
  ])("names the broken rule: %j", (session, message) => {
    expect(checkStaffing(session)).toContain(message);
  });
});

describe("skill scoring", () => {
  const rubric: RubricItem[] = [
    { id: "prepare", label: "操作前准备", points: 20, critical: false },
    { id: "brake", label: "固定轮椅刹车", points: 10, critical: true },
    { id: "transfer", label: "转移过程", points: 50, critical: false },
    { id: "observe", label: "观察与记录", points: 20, critical: false },
  ];
  it("refuses scores outside each item's range, missing items and unknown items", () => {
    expect(checkItemScores(rubric, { prepare: 20, brake: 10, transfer: 51, observe: -1, extra: 3 })).toEqual([
      "“转移过程”得分须在 0–50 分之间",
      "“观察与记录”得分须在 0–20 分之间",
      "评分表中没有“extra”这一项",
    ]);
    expect(checkItemScores(rubric, { prepare: 20, brake: 10, transfer: 40.25 })).toEqual(["“转移过程”得分最小单位为 0.5 分", "“观察与记录”未评分"]);
  });
  it("fails the task when a critical item scores 0, whatever the rest", () => {
    expect(taskScore(rubric, { prepare: 20, brake: 10, transfer: 45, observe: 15 })).toEqual({ score: 90, criticalFailed: [] });
    expect(taskScore(rubric, { prepare: 20, brake: 0, transfer: 50, observe: 20 })).toEqual({ score: 0, criticalFailed: ["固定轮椅刹车"] });
  });
  it("takes the examiners' mean and flags a spread beyond the threshold", () => {
    expect(combineExaminers([70, 75, 80])).toEqual({ score: 75, spread: 10, flagged: false });
    expect(combineExaminers([70, 75, 80.5])).toEqual({ score: 75.2, spread: 10.5, flagged: true });
    expect(combineExaminers([60, 90, 75], 40)).toMatchObject({ flagged: false });
  });
  it("passes a candidate only when every part passes", () => {
    expect(overallResult([{ part: "theory", score: 60, passMark: 60 }, { part: "skill", score: 85, passMark: 60 }]).passed).toBe(true);
    expect(overallResult([{ part: "theory", score: 59.5, passMark: 60 }, { part: "skill", score: 95, passMark: 60 }]).passed).toBe(false);
    expect(overallResult([{ part: "theory", score: 88, passMark: 60 }, { part: "skill", score: null, passMark: 60 }]).passed).toBe(false);
    expect(overallResult([]).passed).toBe(false);
  });
});

describe("scored parts: skill tasks and the 综合评审 panel", () => {
  const review: PartTask[] = [{ id: "review", title: "综合评审", rubric: [] }];
  const skill: PartTask[] = [
    { id: "transfer", title: "转移", rubric: [] },
    { id: "feeding", title: "进食", rubric: [] },
  ];
  it("gives the review part the whole panel's mean, and no score while a member has not scored", () => {
    expect(scoredPartResult(review, { review: [72, 80] }, 10, 3)).toMatchObject({ score: null, tasks: [{ scorers: 2, score: null, spread: 8, flagged: false }] });
    expect(scoredPartResult(review, { review: [72, 80, 76] }, 10, 3)).toMatchObject({ score: 76, tasks: [{ scorers: 3, score: 76, spread: 8, flagged: false }] });
    expect(scoredPartResult(review, {}, 10, 3)).toMatchObject({ score: null, tasks: [{ scorers: 0, score: null, spread: null, flagged: false }] });
  });
  it("flags a panel spread beyond the threshold as soon as two scores show it, and not at the threshold", () => {
    expect(scoredPartResult(review, { review: [60, 70] }, 10, 3).tasks[0]).toMatchObject({ flagged: false, spread: 10, score: null });
    expect(scoredPartResult(review, { review: [60, 70.5] }, 10, 3).tasks[0]).toMatchObject({ flagged: true, spread: 10.5, score: null });
    expect(scoredPartResult(review, { review: [60, 70.5, 65] }, 15, 3).tasks[0]).toMatchObject({ flagged: false, score: 65.2 });
  });
  it("scores the skill part as the mean of its tasks once every assigned examiner has scored each task", () => {
    expect(scoredPartResult(skill, { transfer: [80] }, 10).score).toBeNull();
    expect(scoredPartResult(skill, { transfer: [80, 90], feeding: [70] }, 10).score).toBe(77.5);
    expect(scoredPartResult(skill, { transfer: [80, 90, 85], feeding: [70, 72] }, 10, 3).score).toBeNull();
    expect(scoredPartResult(skill, { transfer: [80, 90, 85], feeding: [70, 72, 71] }, 10, 3).score).toBe(78);
    expect(scoredPartResult([], {}, 10).score).toBeNull();
  });
  it("leaves a spread unresolved until the chief examiner rescores (replacing the mean) or confirms the mean", () => {
    const scores = { review: [60, 80, 70] };
    expect(scoredPartResult(review, scores, 10, 3).tasks[0]).toMatchObject({ flagged: true, unresolved: true, score: 70 });
    expect(scoredPartResult(review, scores, 10, 3, { review: { decision: "confirm", score: null, reason: "合理" } }).tasks[0]).toMatchObject({ flagged: true, unresolved: false, score: 70 });
    expect(scoredPartResult(review, scores, 10, 3, { review: { decision: "rescore", score: 64.5, reason: "复评" } })).toMatchObject({ score: 64.5, tasks: [{ unresolved: false, score: 64.5 }] });
  });
  it("draws the same operations from the same seed, as many as the plan asks, each once", () => {
    const bank: PartTask[] = ["a", "b", "c", "d", "e"].map((id) => ({ id, title: id, rubric: [] }));
    const drawn = drawSkillTasks(bank, 2, 42);
    expect(drawn).toHaveLength(2);
    expect(new Set(drawn).size).toBe(2);
    expect(drawSkillTasks(bank, 2, 42)).toEqual(drawn);
    expect(new Set(Array.from({ length: 20 }, (_, seed) => drawSkillTasks(bank, 2, seed).join())).size).toBeGreaterThan(1);
  });
  it("writes a result line with 缺考 for an absent part and （保留） for a part kept from an earlier sitting", () => {
    expect(resultLine([{ part: "theory", score: null }, { part: "skill", score: 90 }])).toBe("理论 缺考 · 技能 90 分");
    expect(resultLine([{ part: "theory", score: 80, kept: true }, { part: "skill", score: 72.5 }, { part: "review", score: 61 }])).toBe("理论 80 分（保留） · 技能 72.5 分 · 综合评审 61 分");
    // 口试: the theory part says the invigilator recorded it; an absent candidate still reads 缺考, the skill part is practical.
    expect(resultLine([{ part: "theory", score: 80, oral: true }, { part: "skill", score: 75, oral: true }])).toBe("理论 80 分（口试，监考员代录） · 技能 75 分");
    expect(resultLine([{ part: "theory", score: null, oral: true }, { part: "skill", score: 75 }])).toBe("理论 缺考 · 技能 75 分");
  });
  it("passes a 二级 candidate only when theory, skill and review each reach the pass mark", () => {
    const parts = (theory: number | null, skill: number | null, review: number | null) =>
      overallResult([
        { part: "theory", score: theory, passMark: 60 },
        { part: "skill", score: skill, passMark: 60 },
        { part: "review", score: review, passMark: 60 },
      ]);
    expect(parts(60, 60, 60).passed).toBe(true);
    expect(parts(95, 90, 59.9).passed).toBe(false);
    expect(parts(59, 90, 90).passed).toBe(false);
    expect(parts(90, 59.5, 90).passed).toBe(false);
    expect(parts(90, 90, null).passed).toBe(false);
    expect(parts(80, 70, 40).parts.map((p) => [p.part, p.passed])).toEqual([
      ["theory", true],
      ["skill", true],
      ["review", false],
    ]);
  });
});

describe("answer saves", () => {
  it("applies a newer save, ignores a repeat and never lets an older one overwrite", () => {
    expect(decideSave(undefined, { choice: [1], seq: 1 })).toEqual({ apply: true });
    expect(decideSave({ choice: [1], seq: 3 }, { choice: [2], seq: 4 })).toEqual({ apply: true });
    expect(decideSave({ choice: [1], seq: 3 }, { choice: [1], seq: 3 })).toEqual({ apply: false, reason: "duplicate" });
    expect(decideSave({ choice: [2], seq: 4 }, { choice: [1], seq: 3 })).toEqual({ apply: false, reason: "stale" });
  });
  it("counts down by the server's clock from a deadline fixed at start", () => {
    const start = new Date("2026-11-22T01:00:00Z");
    const deadline = deadlineFor(start, 90);
    expect(deadline.toISOString()).toBe("2026-11-22T02:30:00.000Z");
    expect(secondsRemaining(deadline, new Date("2026-11-22T02:29:30Z"))).toBe(30);
    expect(secondsRemaining(deadline, new Date("2026-11-22T02:31:00Z"))).toBe(0);
  });
});

describe("blueprintFromWeights", () => {
  it("gives each area its share of the 50 questions by the 理论知识比重表, each area 30 % true/false, 40 % single, 30 % multiple choice", () => {
    const bp = blueprintFromWeights({ source: "测试标准", confirmed: true, weights: { 甲: 40, 乙: 35, 丙: 25 } });
    expect(bp.lines).toEqual([
      { area: "甲", type: "true_false", count: 6 },
      { area: "甲", type: "single", count: 8 },
      { area: "甲", type: "multiple", count: 6 },
      { area: "乙", type: "true_false", count: 6 },
      { area: "乙", type: "single", count: 7 },
      { area: "乙", type: "multiple", count: 5 },
      { area: "丙", type: "true_false", count: 4 },
      { area: "丙", type: "single", count: 5 },
      { area: "丙", type: "multiple", count: 3 },
    ]);
    expect(bp.standard).toEqual({ source: "测试标准", confirmed: true, weights: { 甲: 40, 乙: 35, 丙: 25 } });
    expect(checkBlueprint(bp)).toEqual([]);
  });
  it("keeps a small share by largest remainder, and every level's data names its standard and sums to 100", () => {
    const bp = blueprintFromWeights({ source: "测试标准", confirmed: false, weights: { 甲: 95, 乙: 5 } });
    expect(bp.lines.filter((l) => l.area === "乙")).toEqual([{ area: "乙", type: "true_false", count: 1 }, { area: "乙", type: "single", count: 1 }]);
    for (const [key, weights] of Object.entries(theoryWeights)) {
      expect(Object.values(weights!.weights).reduce((n, w) => n + w, 0), key).toBe(100);
      expect(weights!.source, key).toMatch(/国家职业技能标准/);
      expect(checkBlueprint(blueprintFromWeights(weights!)), key).toEqual([]);
    }
  });
});
