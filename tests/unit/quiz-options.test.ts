import { describe, expect, it } from "vitest";
import { quizOptionOrder } from "../../app/learning/quiz-options.ts";

const single = { id: "cw1-0101", type: "single", options: ["一个月", "二个月", "三个月", "六个月"] };

describe("the order a practice question's options are shown in", () => {
  it("is a permutation of the options, the same every time for one attempt and question", () => {
    const order = quizOptionOrder(17, single);
    expect([...order].sort()).toEqual([0, 1, 2, 3]);
    expect(quizOptionOrder(17, single)).toEqual(order);
  });

  it("keeps 正确 / 错误 in place", () => {
    for (const attempt of [1, 2, 3, 4, 5]) expect(quizOptionOrder(attempt, { id: "ec5-0002", type: "true_false", options: ["正确", "错误"] })).toEqual([0, 1]);
  });

  it("puts the bank's second option first about a quarter of the time over many attempts, so B stops being a safe guess", () => {
    const attempts = Array.from({ length: 2000 }, (_, i) => i + 1);
    for (const position of [0, 1, 2, 3]) {
      const share = attempts.filter((a) => quizOptionOrder(a, single)[position] === 1).length / attempts.length;
      expect(share, `position ${position}`).toBeGreaterThan(0.2);
      expect(share, `position ${position}`).toBeLessThan(0.3);
    }
  });
});
