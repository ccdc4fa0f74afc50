import { isValid, parseISO } from "date-fns";
import { z } from "zod";
import { populationKinds } from "./catalogue.ts";

/** A real calendar date written YYYY-MM-DD. */
export const calendarDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期应写作 YYYY-MM-DD，例如 2026-11-30")
  .refine((v) => isValid(parseISO(v)) && parseISO(v).getDate() === Number(v.slice(8, 10)), "不是有效的日历日期");

/** What the dashboard, its exports and the CLI accept: a region, a date, which population is the denominator. */
export const indicatorQuerySchema = z.object({
  code: z.string().trim().regex(/^\d{6}(\d{3})?$/, "请填写 6 位或 9 位行政区划代码").optional(),
  date: calendarDateSchema,
  population: z.enum(populationKinds, { message: "人口口径应为常住（resident）或户籍（registered）" }).default("resident"),
});
