import { organisationTypes } from "../../db/vocabulary.ts";

export { organisationTypes };
export type OrganisationType = (typeof organisationTypes)[number];

export const organisationTypeNames: Record<OrganisationType, string> = {
  training_base: "培训基地 / 评价机构",
  elderly_care: "养老机构",
  childcare: "托育机构",
  home_care: "居家养老服务机构",
  civil_affairs: "民政部门",
  social_work_station: "乡镇（街道）社会工作服务站",
};

/** Organisations that keep a worker roster (从业人员名册) and have institution admins. */
export const rosterOrganisationTypes = ["elderly_care", "childcare", "home_care", "social_work_station"] as const satisfies readonly OrganisationType[];
