import { z } from "../utils/zod.ts";
import { organisationSchema, type OrganisationInput } from "../organisations/organisation-schema.ts";
import type { OrganisationType } from "../organisations/organisation-types.ts";

/** `orgs:import`: the organisation file's columns, validated by the same schema as the admin form. */
export const organisationHeaders = ["名称", "统一社会信用代码", "类型", "区划代码", "床位数", "护理型床位数"] as const;

const typeByName: Record<string, OrganisationType> = { 养老机构: "elderly_care", 托育机构: "childcare", 居家养老服务机构: "home_care", 培训基地: "training_base", 民政部门: "civil_affairs", 社工站: "social_work_station" };

/** The form field each column fills, for naming a problem by its column. */
export const organisationColumnOf: Record<string, string> = {
  name: "名称",
  creditCode: "统一社会信用代码",
  type: "类型",
  regionCode: "区划代码",
  beds: "床位数",
  nursingBeds: "护理型床位数",
  evaluationKind: "评价机构类别",
  evaluatorCode: "评价机构代码",
  siteCode: "站点代码",
};

export const organisationRowSchema = z.record(z.string(), z.string()).transform((r, ctx): OrganisationInput => {
  const type = typeByName[r.类型 ?? ""];
  if (!type) {
    ctx.addIssue({ code: "custom", path: ["类型"], message: `类型应为：${Object.keys(typeByName).join("、")}` });
    return z.NEVER;
  }
  const form = Object.fromEntries(Object.entries(organisationColumnOf).map(([field, column]) => [field, r[column] ?? ""]));
  const parsed = organisationSchema.safeParse({ ...form, type });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [organisationColumnOf[String(issue.path[0])] ?? "类型"], message: issue.message });
    return z.NEVER;
  }
  return parsed.data;
});
