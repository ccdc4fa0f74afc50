import { z } from "../utils/zod.ts";
import { checkBusinessDate } from "../utils/business-dates.ts";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "请选择日期");

/** A class's name and dates, as on creation and on edit; the dates are checked against today (China time). */
export const classDetailsSchema = (today: string) =>
  z
    .object({
      name: z.string().trim().min(2, "请填写班级名称").max(60, "班级名称最多 60 个字"),
      startsOn: date,
      endsOn: date,
    })
    .superRefine((c, ctx) => {
      for (const field of ["startsOn", "endsOn"] as const) {
        const problem = checkBusinessDate(c[field], today);
        if (problem) ctx.addIssue({ code: "custom", path: [field], message: problem });
      }
      if (c.endsOn < c.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "结束日期不能早于开始日期" });
    });
