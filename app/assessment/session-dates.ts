import { checkBusinessDate } from "../utils/business-dates.ts";

/** An assessment session's calendar: applications close (inclusive) before the exam day. Dates are YYYY-MM-DD, China time. */
export type SessionDates = { examDate: string; applicationsCloseOn: string };

/** Every problem of a new session's dates, by field, checked against today. */
export function sessionDateProblems(dates: SessionDates, today: string): Record<"theoryStartsAt" | "applicationsCloseOn", string> | Record<string, never> {
  const problems: Record<string, string> = {};
  const exam = checkBusinessDate(dates.examDate, today) ?? (dates.examDate <= today ? "考试日期须晚于今天，已过的日期不能开放报名" : null);
  if (exam) problems.theoryStartsAt = exam;
  const close =
    checkBusinessDate(dates.applicationsCloseOn, today) ??
    (dates.applicationsCloseOn < today ? "报名截止日期不能早于今天" : dates.applicationsCloseOn >= dates.examDate ? "报名截止日期须早于考试日期" : null);
  if (close) problems.applicationsCloseOn = close;
  return problems;
}

/** Whether a session still takes applications today: until its closing day, and never once the exam day has come. */
export function applicationsOpen(dates: SessionDates, today: string): boolean {
  return today <= dates.applicationsCloseOn && today < dates.examDate;
}
