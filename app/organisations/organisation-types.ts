export const organisationTypes = ["training_base", "elderly_care", "childcare", "home_care", "civil_affairs"] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export const organisationTypeNames: Record<OrganisationType, string> = {
  training_base: "培训基地 / 评价机构",
  elderly_care: "养老机构",
  childcare: "托育机构",
  home_care: "居家养老服务机构",
  civil_affairs: "民政部门",
};
