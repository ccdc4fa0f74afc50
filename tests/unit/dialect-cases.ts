import { addDays, addMonths, format, parseISO } from "date-fns";

/**
 * dayPlusMonths cases shared by the SQLite test (tests/unit) and the PostgreSQL one (tests/postgres): each the day,
 * the months, the shift in days and the day date-fns gives (the rule the credit lists follow, app/credit/rules.ts).
 */
const inputs: Array<[string, number, number]> = [
  ["2026-01-31", 1, 0],
  ["2026-01-31", 1, -1],
  ["2024-01-31", 1, -1],
  ["2026-03-31", 6, -1],
  ["2026-03-15", 12, -1],
  ["2025-12-01", 3, 0],
  ["2026-08-31", 18, 2],
];

export const dayPlusMonthsCases: Array<[string, number, number, string]> = inputs.map(([day, months, shift]) => [day, months, shift, format(addDays(addMonths(parseISO(day), months), shift), "yyyy-MM-dd")]);
