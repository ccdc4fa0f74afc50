import { addDays, format, parseISO, subMonths } from "date-fns";

/** Calendar rules the to-do lists share; pure, with the date passed in (China Standard Time business dates). */

/** The month before the one `today` falls in: the last month that has ended, the one an institution declares next. */
export function lastEndedMonth(today: string): string {
  return format(subMonths(parseISO(`${today.slice(0, 7)}-01`), 1), "yyyy-MM");
}

/** A calendar date `days` days after `date` (both YYYY-MM-DD). */
export function daysAfter(date: string, days: number): string {
  return format(addDays(parseISO(date), days), "yyyy-MM-dd");
}

/** How many days ahead a 公示 counts as ending soon: the officer still has time to answer objections. */
export const NOTICE_ENDING_DAYS = 3;

/** How long a newly issued certificate stays on the holder's to-do list. */
export const NEW_CERTIFICATE_DAYS = 30;

/** How long the district's answer to a worker's objection stays on the worker's to-do list. */
export const OBJECTION_ANSWER_DAYS = 30;

/** The month `/allowances` opens on: the one asked for, else the oldest month with work waiting, else the newest with lists. */
export function allowanceMonth(requested: string | null, waiting: string[], newestWithLists: string | null, fallback: string): string {
  if (requested !== null) return requested;
  return [...waiting].sort()[0] ?? newestWithLists ?? fallback;
}
