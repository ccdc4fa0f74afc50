import { z } from "../utils/zod.ts";
import { occupations } from "../occupations/occupations.ts";
import { schoolings } from "./eligibility.ts";

/** What an admin may write into a 申报条件 table: the same shapes the engine knows, nothing else. */
const level = z.literal([1, 2, 3, 4, 5]);
const occupation = z.enum(occupations);
const years = z.number().min(0).max(30);

const conditionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("certificate"), occupation, level, minYearsSince: years.optional() }).strict(),
  z.object({ kind: z.literal("workYears"), min: years }).strict(),
  z.object({ kind: z.literal("apprenticeship") }).strict(),
  z.object({ kind: z.literal("schooling"), atLeast: z.enum(schoolings), schools: z.array(z.enum(schoolings)).min(1).optional(), inField: z.boolean(), finalYearCounts: z.boolean() }).strict(),
  z.object({ kind: z.literal("preTechnician") }).strict(),
  z.object({ kind: z.literal("training"), occupation, level: level.nullable() }).strict(),
  z.object({ kind: z.literal("modulePassed"), occupation, module: z.string().trim().min(1).max(40) }).strict(),
]);

const routeSchema = z
  .object({
    label: z.string().trim().min(2).max(120),
    conditions: z.array(conditionSchema).min(1),
    confirmed: z.boolean().optional(),
    note: z.string().trim().max(300).optional(),
  })
  .strict()
  .refine((r) => r.confirmed !== false || Boolean(r.note), { message: "未核实的条件须写明说明（note）" });

export const routesSchema = z.array(routeSchema).min(1, "至少保留一条申报条件");
export const requirementsSchema = z.array(conditionSchema);

/** "第 2 条 conditions.0.level：…" so the admin finds the faulty spot in the JSON. */
export function describeIssues(error: z.ZodError, what: string): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const [first, ...rest] = i.path;
      const where = typeof first === "number" ? `第 ${first + 1} 条${rest.length ? ` ${rest.join(".")}` : ""}` : what;
      return `${where}：${i.message}`;
    })
    .join("；");
}
