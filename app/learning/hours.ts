import { studyRules } from "./study-rules.ts";

/** Minutes written as 学时 with one decimal, e.g. 135 → "3.0". */
export function formatStudyHours(minutes: number): string {
  return (minutes / studyRules.minutesPerStudyHour).toFixed(1);
}

/** A course's required 学时 with its two parts, e.g. "170 学时（线上 19 + 线下 151）"; a self-study course has no offline part. */
export function formatRequiredHours(course: { requiredHours: number; offlineHours: number }): string {
  if (course.offlineHours === 0) return `${course.requiredHours} 学时（全部线上）`;
  return `${course.requiredHours} 学时（线上 ${course.requiredHours - course.offlineHours} + 线下 ${course.offlineHours}）`;
}
