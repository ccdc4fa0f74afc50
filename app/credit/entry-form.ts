import { checkBusinessDate } from "../utils/business-dates.ts";
import { z } from "../utils/zod.ts";
import type { CreditEntryInput } from "./credit.server.ts";
import { blackListCategories, type BlackListCategory } from "./rules.ts";

/**
 * The entry form shared by placing (/region/credit/new) and correcting before it takes effect (/region/credit/:id):
 * the fields of the chosen list are required, every problem is reported at once next to its field.
 */
// Fields of the other list may be left out by a client; blank and absent read alike.
const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字`).default("");

export function entryFormSchema(today: string) {
  return z
    .object({
      list: z.enum(["red", "black"], { message: "请选择红名单或黑名单" }),
      startsOn: z.string().trim().default(""),
      termMonths: z.string().trim().default(""),
      title: text(100),
      awardingBody: text(100),
      sourceDocument: text(200),
      category: z.string().default(""),
      reason: text(500),
      evidence: text(500),
      decisionNumber: text(60),
      published: z.string().optional(),
    })
    .superRefine((v, ctx) => {
      const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      const dateProblem = checkBusinessDate(v.startsOn, today);
      if (dateProblem) problem("startsOn", dateProblem);
      if (v.termMonths !== "" && !(/^\d{1,3}$/.test(v.termMonths) && Number(v.termMonths) >= 1 && Number(v.termMonths) <= 120)) problem("termMonths", "期限为 1–120 的整月数；长期有效（至撤销为止）请留空");
      if (v.list === "red") {
        if (v.title === "") problem("title", "请填写表彰称号");
        if (v.awardingBody === "") problem("awardingBody", "请填写授予单位");
      } else {
        if (!(blackListCategories as readonly string[]).includes(v.category)) problem("category", "请选择失信行为类别");
        if (v.reason.length < 4) problem("reason", "请写明列入理由（至少 4 个字）");
        if (v.decisionNumber === "") problem("decisionNumber", "请填写决定文书编号");
      }
    })
    .transform((v): CreditEntryInput => {
      const term = { startsOn: v.startsOn, termMonths: v.termMonths === "" ? null : Number(v.termMonths) };
      return v.list === "red"
        ? { list: "red", ...term, title: v.title, awardingBody: v.awardingBody, sourceDocument: v.sourceDocument || null }
        : { list: "black", ...term, category: v.category as BlackListCategory, reason: v.reason, evidence: v.evidence || null, decisionNumber: v.decisionNumber, published: v.published === "on" };
    });
}

/** An entry as the form's initial values. */
export function entryFormValues(e: { list: string; startsOn: string; termMonths: number | null; title: string | null; awardingBody: string | null; sourceDocument: string | null; category: string | null; reason: string | null; evidence: string | null; decisionNumber: string | null; published: boolean }): Record<string, string> {
  return {
    list: e.list,
    startsOn: e.startsOn,
    termMonths: e.termMonths === null ? "" : String(e.termMonths),
    title: e.title ?? "",
    awardingBody: e.awardingBody ?? "",
    sourceDocument: e.sourceDocument ?? "",
    category: e.category ?? "",
    reason: e.reason ?? "",
    evidence: e.evidence ?? "",
    decisionNumber: e.decisionNumber ?? "",
    published: e.published ? "on" : "",
  };
}
