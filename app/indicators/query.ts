import { isValid, parseISO } from "date-fns";
import { z } from "../utils/zod.ts";
import type { FieldErrors } from "../utils/form.ts";
import { populationKinds, type PopulationKind } from "./catalogue.ts";

/** A real calendar date written YYYY-MM-DD. */
const calendarDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "日期应写作 YYYY-MM-DD，例如 2026-11-30")
  .refine((v) => isValid(parseISO(v)) && parseISO(v).getDate() === Number(v.slice(8, 10)), "不是有效的日历日期");

const codeSchema = z.string().trim().regex(/^\d{6}(\d{3})?$/, "请填写 6 位或 9 位行政区划代码");
const populationSchema = z.enum(populationKinds, { message: "人口口径应为常住（resident）或户籍（registered）" });

export type IndicatorQueryParams = { code: string | null; date: string; population: PopulationKind };

/**
 * What the dashboard, its exports and the CLI accept: ?code, ?date and ?population (the denominator). A wrong
 * date or population gets its message and falls back to today and 常住, so the page still shows figures;
 * `values` is what was typed, to refill the form.
 */
export function readIndicatorQuery(params: URLSearchParams, today: string): { query: IndicatorQueryParams; errors: FieldErrors; values: Record<string, string> } {
  const values = { code: params.get("code") ?? "", date: params.get("date") || today, population: params.get("population") || "resident" };
  const errors: FieldErrors = {};
  const code = values.code === "" ? null : codeSchema.safeParse(values.code);
  const date = calendarDateSchema.safeParse(values.date);
  const population = populationSchema.safeParse(values.population);
  if (code && !code.success) errors.code = code.error.issues[0]!.message;
  if (!date.success) errors.date = date.error.issues[0]!.message;
  if (!population.success) errors.population = population.error.issues[0]!.message;
  return {
    query: { code: code?.success ? code.data : null, date: date.success ? date.data : today, population: population.success ? population.data : "resident" },
    errors,
    values,
  };
}
