import { addYears, format, isValid, parseISO } from "date-fns";

/**
 * Date sanity for every form that takes a business date (issue 11): nothing before 2000, nothing more
 * than two years ahead. Pure: "today" (a China Standard Time calendar date) is passed in.
 */
export const EARLIEST_BUSINESS_DATE = "2000-01-01";
const YEARS_AHEAD = 2;

/** The latest date a form accepts: today plus two years (29 Feb falls back to 28 Feb). */
export function latestBusinessDate(today: string): string {
  return format(addYears(parseISO(today), YEARS_AHEAD), "yyyy-MM-dd");
}

/** A Chinese message when the date is not a real YYYY-MM-DD date within the accepted range, else null. */
export function checkBusinessDate(date: string, today: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !isValid(parseISO(date)) || format(parseISO(date), "yyyy-MM-dd") !== date) return "请填写有效日期";
  if (date < EARLIEST_BUSINESS_DATE) return "日期不能早于 2000-01-01";
  const latest = latestBusinessDate(today);
  if (date > latest) return `日期不能晚于 ${latest}（两年以内）`;
  return null;
}

/** For a date that must already have come (a certificate's issue date…). */
export function checkPastDate(date: string, today: string): string | null {
  return checkBusinessDate(date, today) ?? (date > today ? "日期不能晚于今天" : null);
}

/** Attendance is recorded for a class session that has happened (today counts), never ahead of it. */
export function attendanceProblem(sessionDate: string, today: string): string | null {
  return sessionDate > today ? `该课次在 ${sessionDate}，尚未开始，不能登记考勤` : null;
}
