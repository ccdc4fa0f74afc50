import { studyRules } from "./study-rules.ts";

/** Minutes written as 学时 with one decimal, e.g. 135 → "3.0". */
export function formatStudyHours(minutes: number): string {
  return (minutes / studyRules.minutesPerStudyHour).toFixed(1);
}
