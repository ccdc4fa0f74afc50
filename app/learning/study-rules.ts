/**
 * Study time is counted, not claimed (domain §3). The lesson page reports activity while it is
 * visible; only the server's clock counts, so a wrong clock on the trainee's phone changes nothing.
 */
export const studyRules = {
  /** How often a visible lesson page reports. */
  reportIntervalSeconds: 30,
  /** A gap longer than this between two reports is idle time and earns nothing. */
  idleCutoffSeconds: 90,
  /** A lesson earns at most this multiple of its estimated minutes. */
  lessonCapMultiple: 3,
  /** A lesson can be marked done once this share of its estimated time has been spent on it. */
  minimumShareToComplete: 0.5,
  /** 一个学时按 45 分钟计 (the usual class hour of vocational training). */
  minutesPerStudyHour: 45,
} as const;
export type StudyRules = typeof studyRules;

/**
 * Seconds to credit for one activity report. `previousReportAt` is the user's last report from any
 * tab or device, so two open tabs share one stream of wall-clock time instead of doubling it.
 */
export function creditForReport(
  input: { previousReportAt: Date | null; now: Date; lessonCreditedSeconds: number; lessonMinutes: number },
  rules: StudyRules = studyRules,
): number {
  if (!input.previousReportAt) return 0;
  const gap = Math.floor((input.now.getTime() - input.previousReportAt.getTime()) / 1000);
  if (gap <= 0 || gap > rules.idleCutoffSeconds) return 0;
  const room = input.lessonMinutes * 60 * rules.lessonCapMultiple - input.lessonCreditedSeconds;
  return Math.max(0, Math.min(gap, room));
}

/** Seconds a lesson needs before it can be marked done. */
export function secondsToComplete(lessonMinutes: number, rules: StudyRules = studyRules): number {
  return Math.ceil(lessonMinutes * 60 * rules.minimumShareToComplete);
}

export type CompletionInput = {
  requiredLessonIds: string[];
  completedLessonIds: ReadonlySet<string>;
  /** 线上学时 the course requires from lessons. */
  onlineHours: number;
  /** 线下学时 the course requires from attended class sessions; 0 for a self-study course. */
  offlineHours: number;
  onlineSeconds: number;
  offlineMinutes: number;
  /** Required modules with the pass score of their chapter quiz. */
  requiredQuizzes: Array<{ moduleId: string; passScore: number }>;
  bestQuizScores: ReadonlyMap<string, number>;
};

export type CompletionStatus = {
  complete: boolean;
  lessonsMissing: string[];
  onlineMinutes: number;
  onlineRequiredMinutes: number;
  offlineMinutes: number;
  offlineRequiredMinutes: number;
  quizzesMissing: string[];
};

/**
 * A course is complete when every required lesson is done, both parts of the hours are reached and every
 * required chapter quiz is passed. The parts do not stand in for each other: a classroom or practical
 * session cannot be replaced by reading, nor the lessons by sitting in class.
 */
export function evaluateCompletion(input: CompletionInput, rules: StudyRules = studyRules): CompletionStatus {
  const lessonsMissing = input.requiredLessonIds.filter((id) => !input.completedLessonIds.has(id));
  const onlineMinutes = Math.floor(input.onlineSeconds / 60);
  const onlineRequiredMinutes = input.onlineHours * rules.minutesPerStudyHour;
  const offlineRequiredMinutes = input.offlineHours * rules.minutesPerStudyHour;
  const quizzesMissing = input.requiredQuizzes.filter((q) => (input.bestQuizScores.get(q.moduleId) ?? -1) < q.passScore).map((q) => q.moduleId);
  return {
    complete: lessonsMissing.length === 0 && onlineMinutes >= onlineRequiredMinutes && input.offlineMinutes >= offlineRequiredMinutes && quizzesMissing.length === 0,
    lessonsMissing,
    onlineMinutes,
    onlineRequiredMinutes,
    offlineMinutes: input.offlineMinutes,
    offlineRequiredMinutes,
    quizzesMissing,
  };
}

/** Score out of 100 for a chapter quiz; a multiple-choice question counts only when every correct option and no other is chosen. */
export function scoreQuiz(questions: Array<{ id: string; answer: number[] }>, answers: Readonly<Record<string, number[]>>): { score: number; correct: Set<string> } {
  const correct = new Set<string>();
  for (const q of questions) {
    const given = [...new Set(answers[q.id] ?? [])].sort((a, b) => a - b);
    const expected = [...q.answer].sort((a, b) => a - b);
    if (given.length === expected.length && given.every((v, i) => v === expected[i])) correct.add(q.id);
  }
  return { score: questions.length === 0 ? 0 : Math.round((correct.size / questions.length) * 100), correct };
}
