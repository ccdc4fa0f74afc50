import { z } from "zod";
import { organisationTypes } from "./organisation-types.ts";
import { validateCreditCode } from "./credit-code.ts";

const optionalCount = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    if (!/^\d{1,6}$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "请填写不小于 0 的整数" });
      return z.NEVER;
    }
    return Number(v);
  });

/** An organisation as submitted by a form or an import row; type-specific fields are required by type. */
export const organisationSchema = z
  .object({
    type: z.enum(organisationTypes, { message: "请选择机构类型" }),
    name: z.string().trim().min(2, "请填写机构全称").max(100, "机构名称最多 100 个字"),
    creditCode: z.string().transform((v, ctx) => {
      const r = validateCreditCode(v);
      if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.error });
        return z.NEVER;
      }
      return r.creditCode;
    }),
    regionCode: z.string().trim().regex(/^\d{6}(\d{3})?$/, "请填写 6 位区县或 9 位乡镇（街道）行政区划代码"),
    evaluationKind: z
      .string()
      .optional()
      .transform((v): "Y" | "S" | null => (v === "Y" || v === "S" ? v : null)),
    evaluatorCode: z.string().trim().optional().transform((v) => v || null),
    siteCode: z.string().trim().optional().transform((v) => v || null),
    beds: optionalCount,
    nursingBeds: optionalCount,
  })
  .superRefine((o, ctx) => {
    if (o.type === "training_base") {
      if (!o.evaluationKind) ctx.addIssue({ code: "custom", path: ["evaluationKind"], message: "请选择评价机构类别（Y 或 S）" });
      if (!o.evaluatorCode || !/^\d{4}$/.test(o.evaluatorCode)) ctx.addIssue({ code: "custom", path: ["evaluatorCode"], message: "评价机构代码应为 4 位数字" });
      if (!o.siteCode || !/^\d{6}$/.test(o.siteCode)) ctx.addIssue({ code: "custom", path: ["siteCode"], message: "站点代码应为 6 位数字" });
    }
    if (o.type === "elderly_care") {
      if (o.beds === null) ctx.addIssue({ code: "custom", path: ["beds"], message: "养老机构须填写床位数" });
      if (o.nursingBeds === null) ctx.addIssue({ code: "custom", path: ["nursingBeds"], message: "养老机构须填写护理型床位数" });
      if (o.beds !== null && o.nursingBeds !== null && o.nursingBeds > o.beds) {
        ctx.addIssue({ code: "custom", path: ["nursingBeds"], message: "护理型床位数不能大于床位数" });
      }
    }
  })
  .transform((o) => ({
    ...o,
    // Fields that do not belong to the type are dropped rather than stored.
    evaluationKind: o.type === "training_base" ? o.evaluationKind : null,
    evaluatorCode: o.type === "training_base" ? o.evaluatorCode : null,
    siteCode: o.type === "training_base" ? o.siteCode : null,
    beds: o.type === "elderly_care" ? o.beds : null,
    nursingBeds: o.type === "elderly_care" ? o.nursingBeds : null,
  }));
export type OrganisationInput = z.output<typeof organisationSchema>;
