import { describe, expect, it } from "vitest";
import { creditForReport, evaluateCompletion, scoreQuiz, secondsToComplete, studyRules } from "../../app/learning/study-rules.ts";

const t0 = new Date("2026-11-22T01:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("creditForReport", () => {
  const lesson = { lessonCreditedSeconds: 0, lessonMinutes: 20 };

  it("credits nothing for the first report: there is no earlier moment to count from", () => {
    expect(creditForReport({ ...lesson, previousReportAt: null, now: t0 })).toBe(0);
  });

  it("credits the gap since the previous report, up to the idle cut-off", () => {
    expect(creditForReport({ ...lesson, previousReportAt: t0, now: at(30) })).toBe(30);
    expect(creditForReport({ ...lesson, previousReportAt: t0, now: at(studyRules.idleCutoffSeconds) })).toBe(studyRules.idleCutoffSeconds);
    expect(creditForReport({ ...lesson, previousReportAt: t0, now: at(studyRules.idleCutoffSeconds + 1) })).toBe(0);
  });

  it("credits nothing when the server clock has not moved forward", () => {
    expect(creditForReport({ ...lesson, previousReportAt: at(30), now: at(30) })).toBe(0);
    expect(creditForReport({ ...lesson, previousReportAt: at(30), now: at(10) })).toBe(0);
  });

  it("stops at the lesson's cap, a multiple of its estimated minutes", () => {
    const cap = 20 * 60 * studyRules.lessonCapMultiple;
    expect(creditForReport({ lessonMinutes: 20, lessonCreditedSeconds: cap - 10, previousReportAt: t0, now: at(30) })).toBe(10);
    expect(creditForReport({ lessonMinutes: 20, lessonCreditedSeconds: cap, previousReportAt: t0, now: at(30) })).toBe(0);
  });

  it("never credits two tabs more than the wall-clock time between them", () => {
    // Two tabs reporting every 30 s, 5 s apart, for 10 minutes: one shared clock per user.
    const reports = Array.from({ length: 20 }, (_, i) => [i * 30, i * 30 + 5]).flat();
    let previous: Date | null = null;
    let total = 0;
    for (const s of reports) {
      total += creditForReport({ ...lesson, previousReportAt: previous, now: at(s) });
      previous = at(s);
    }
    expect(total).toBe(reports.at(-1)! - reports[0]!);
  });
});

describe("secondsToComplete", () => {
  it("asks for half the estimated time", () => {
    expect(secondsToComplete(25)).toBe(750);
  });
});

describe("evaluateCompletion", () => {
  // 2 online 学时 (90 min) and 2 offline 学时 (90 min) required.
  const base = {
    requiredLessonIds: ["a", "b"],
    completedLessonIds: new Set(["a", "b"]),
    onlineHours: 2,
    offlineHours: 2,
    onlineSeconds: 90 * 60,
    offlineMinutes: 90,
    requiredQuizzes: [{ moduleId: "m1", passScore: 60 }],
    bestQuizScores: new Map([["m1", 60]]),
  };

  it("is complete when lessons, both parts of the hours and quizzes all are", () => {
    expect(evaluateCompletion(base)).toEqual({
      complete: true,
      lessonsMissing: [],
      onlineMinutes: 90,
      onlineRequiredMinutes: 90,
      offlineMinutes: 90,
      offlineRequiredMinutes: 90,
      quizzesMissing: [],
    });
  });

  it.each([
    ["a required lesson not done", { completedLessonIds: new Set(["a"]) }, { lessonsMissing: ["b"] }],
    ["one online minute short", { onlineSeconds: 89 * 60 + 59 }, { onlineMinutes: 89 }],
    ["one offline minute short", { offlineMinutes: 89 }, { offlineMinutes: 89 }],
    ["online hours only, however many", { onlineSeconds: 1000 * 60, offlineMinutes: 0 }, { offlineMinutes: 0 }],
    ["offline hours only, however many", { onlineSeconds: 0, offlineMinutes: 1000 }, { onlineMinutes: 0 }],
    ["a quiz at 59", { bestQuizScores: new Map([["m1", 59]]) }, { quizzesMissing: ["m1"] }],
    ["a quiz never tried", { bestQuizScores: new Map() }, { quizzesMissing: ["m1"] }],
  ])("is not complete with %s", (_case, change, expected) => {
    expect(evaluateCompletion({ ...base, ...change })).toMatchObject({ complete: false, ...expected });
  });

  it("completes a self-study course (offline 0) online alone", () => {
    expect(evaluateCompletion({ ...base, offlineHours: 0, offlineMinutes: 0 }).complete).toBe(true);
  });
});

describe("scoreQuiz", () => {
  const questions = [
    { id: "q1", answer: [1] },
    { id: "q2", answer: [0, 2] },
    { id: "q3", answer: [0] },
    { id: "q4", answer: [1, 2, 3] },
  ];
  it("gives a multiple-choice question only for exactly the right options", () => {
    const { score, correct } = scoreQuiz(questions, { q1: [1], q2: [2, 0], q3: [1], q4: [1, 2] });
    expect([...correct]).toEqual(["q1", "q2"]);
    expect(score).toBe(50);
  });
  it("ignores repeated options and answers to questions not asked", () => {
    expect(scoreQuiz(questions, { q1: [1, 1], q2: [0, 2, 2], q3: [0], q4: [1, 2, 3], q9: [0] }).score).toBe(100);
  });
  it("scores an unanswered paper 0", () => {
    expect(scoreQuiz(questions, {}).score).toBe(0);
  });
});
