import { z } from "../utils/zod.ts";
import { validateCreditCode } from "./credit-code.ts";

const count = (what: string) =>
  z
    .string({ message: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .regex(/^\d{1,6}$/, "请填写不小于 0 的整数")
    .transform(Number);

const common = {
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
};

const bothCounts = (value: unknown) => {
  const o = value as { beds?: unknown; nursingBeds?: unknown } | null;
  return typeof o?.beds === "number" && typeof o.nursingBeds === "number";
};

/** The fields the database checks (region, credit code), each only when it is well-formed on its own. */
export function organisationKeys(values: Record<string, string>): { regionCode?: string; creditCode?: string } {
  const regionCode = common.regionCode.safeParse(values.regionCode ?? "");
  const creditCode = common.creditCode.safeParse(values.creditCode ?? "");
  return { regionCode: regionCode.success ? regionCode.data : undefined, creditCode: creditCode.success ? creditCode.data : undefined };
}

const noTypeFields = { evaluationKind: null, evaluatorCode: null, siteCode: null, beds: null, nursingBeds: null };

/** An organisation as submitted by a form or an import row; each type requires its own fields and stores no others. */
export const organisationSchema = z
  .discriminatedUnion(
    "type",
    [
      z.object({
        type: z.literal("training_base"),
        ...common,
        evaluationKind: z.enum(["Y", "S"], { message: "请选择评价机构类别（Y 或 S）" }),
        evaluatorCode: z.string().trim().regex(/^\d{4}$/, "评价机构代码应为 4 位数字"),
        siteCode: z.string().trim().regex(/^\d{6}$/, "站点代码应为 6 位数字"),
      }),
      z
        .object({ type: z.literal("elderly_care"), ...common, beds: count("床位数"), nursingBeds: count("护理型床位数") })
        // Checked whenever both counts are numbers, so it is reported with the other fields' problems, not after them.
        .refine((o) => o.nursingBeds <= o.beds, { path: ["nursingBeds"], message: "护理型床位数不能大于床位数", when: ({ value }) => bothCounts(value) }),
      z.object({ type: z.enum(["childcare", "home_care", "civil_affairs", "social_work_station"]), ...common }),
    ],
    { message: "请选择机构类型" },
  )
  .transform((o) => ({ ...noTypeFields, ...o }));
export type OrganisationInput = z.output<typeof organisationSchema>;
