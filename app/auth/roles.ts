/**
 * Roles and the permissions they carry, as data (Moodle's capabilities, Epic Stack's naming).
 * A permission is `action:entity:access`; access says how far a grant reaches:
 * own = the user's own records, org = the assigned organisation, region = the assigned
 * region's subtree, any = the whole system. Synced into every database at start-up.
 */

export const accessLevels = ["own", "org", "region", "any"] as const;
export type Access = (typeof accessLevels)[number];

export const permissionCatalogue = {
  "read:learning:own": "查看本人的学习",
  "study:course:own": "报名课程、学习、参加章节练习",
  "apply:assessment:own": "申报职业技能等级认定、查看本人申报",
  "read:person:own": "查看本人的身份信息",
  "read:examining:org": "查看所在培训基地的考评工作",
  "manage:training-base:org": "管理所在培训基地",
  "manage:class:org": "管理本基地的培训班、师资、花名册和考勤",
  "manage:assessment:org": "安排本基地的认定批次、审核申报",
  "manage:staff:org": "新建、停用本基地的考评人员账号，登记考评员资格",
  "manage:institution:org": "管理所在机构",
  "read:staff:org": "查看本机构的工作人员",
  "read:organisation:org": "查看本机构信息",
  "read:organisation:region": "查看辖区内的机构",
  "read:organisation:any": "查看全部机构",
  "read:region:region": "查看辖区概览",
  "read:region:any": "查看全部行政区划",
  "manage:organisation:any": "创建和修改机构",
  "manage:user:any": "创建账号、分配角色、结束会话",
  "reset:password:org": "为本机构（本基地）工作人员发放一次性密码重置码",
  "reset:password:any": "为任何用户发放一次性密码重置码",
  "impersonate:user:any": "以其他用户身份登录（审计记录）",
  "read:audit-log:any": "查看审计日志",
  "issue:certificate:org": "发放、补发和下载本基地的证书",
  "read:certificate:own": "查看和下载本人的证书",
  "revoke:certificate:region": "吊销或恢复辖区内的证书（黑名单）",
  "revoke:certificate:any": "吊销或恢复任何证书（黑名单）",
  "verify:external-certificate:region": "确认辖区内登记的外部证书",
  "manage:worker:org": "管理本机构的从业人员名册和月度记录",
  "declare:allowance-list:org": "核对并申报本机构的补贴发放名册",
  "read:allowance-list:region": "查看辖区的补贴发放名册",
  "review:allowance-list:region": "审核辖区的补贴名册、剔除记录、开启公示",
  "approve:allowance-list:region": "审批辖区的补贴名册并锁定",
  "manage:allowance-policy:any": "维护补贴政策",
  "read:indicators:region": "查看辖区的队伍建设指标",
  "read:indicators:any": "查看全部地区的队伍建设指标",
  "manage:population:any": "导入人口统计数据",
  "manage:indicator-target:any": "维护规划目标",
  "manage:eligibility-rules:any": "维护各职业、各等级的申报条件",
  // competitions
  "manage:competition:region": "组织辖区的技能竞赛：审核报名、指派评委、发布结果",
  "enter:competition:org": "为本机构员工或本基地学员报名技能竞赛",
  "judge:competition:org": "为指派的技能竞赛实操评分",
  // wages and the teacher and expert pool (issue 15)
  "read:wages:org": "查看本机构的工资统计",
  "read:wages:region": "查看辖区的工资价位监测",
  "read:wages:any": "查看全部地区的工资价位监测",
  "manage:wage-guidance:region": "录入辖区的工资价位",
  "manage:wage-guidance:any": "录入任何地区的工资价位",
  "read:pool:region": "查看辖区的师资库和专家库",
  "read:pool:any": "查看全部地区的师资库和专家库",
  "manage:expert:region": "管理辖区专家库",
  // subsidies (培训补贴 / 技能提升补贴)
  "apply:subsidy:own": "申请本人的培训补贴、技能提升补贴",
  "apply:subsidy:org": "为本基地取证的考生批量申请培训补贴",
  "read:subsidy-list:region": "查看辖区的培训补贴名册",
  "review:subsidy-list:region": "审核辖区的培训补贴申请、开启公示",
  "approve:subsidy-list:region": "审批辖区的培训补贴名册并锁定",
  "manage:subsidy-policy:any": "维护培训补贴政策",
  // credit lists (红黑名单)
  "manage:credit-list:region": "将辖区的从业人员、机构列入红名单或黑名单，修改、撤销，处理申诉",
  "appeal:credit-entry:own": "查看本人的红黑名单记录，对黑名单提出申诉",
  "appeal:credit-entry:org": "查看本机构的红黑名单记录，对黑名单提出申诉",
} as const;
export type PermissionKey = keyof typeof permissionCatalogue;

/** What a role assignment must be attached to. */
export type RoleContext = "self" | "training_base" | "institution" | "district" | "city" | "system";

export const roleCatalogue = {
  trainee: {
    name: "学员",
    context: "self",
    permissions: ["read:learning:own", "study:course:own", "apply:assessment:own", "read:person:own", "read:certificate:own", "apply:subsidy:own", "appeal:credit-entry:own"],
  },
  examiner: {
    name: "考评员",
    context: "training_base",
    permissions: ["read:examining:org", "read:organisation:org", "judge:competition:org"],
  },
  base_admin: {
    name: "培训基地管理员",
    context: "training_base",
    permissions: ["manage:training-base:org", "manage:class:org", "manage:assessment:org", "manage:staff:org", "issue:certificate:org", "read:organisation:org", "read:staff:org", "reset:password:org", "enter:competition:org", "apply:subsidy:org"],
  },
  institution_admin: {
    name: "机构管理员",
    context: "institution",
    permissions: ["manage:institution:org", "manage:worker:org", "declare:allowance-list:org", "read:organisation:org", "read:staff:org", "reset:password:org", "enter:competition:org", "read:wages:org", "appeal:credit-entry:org"],
  },
  district_officer: {
    name: "区县民政工作人员",
    context: "district",
    permissions: [
      "read:region:region",
      "read:organisation:region",
      "read:allowance-list:region",
      "review:allowance-list:region",
      "read:subsidy-list:region",
      "review:subsidy-list:region",
      "verify:external-certificate:region",
      "revoke:certificate:region",
      "read:indicators:region",
      "manage:competition:region",
      "read:wages:region",
      "read:pool:region",
      "manage:expert:region",
      "manage:credit-list:region",
    ],
  },
  city_officer: {
    name: "市民政工作人员",
    context: "city",
    permissions: [
      "read:region:region",
      "read:organisation:region",
      "read:allowance-list:region",
      "approve:allowance-list:region",
      "read:subsidy-list:region",
      "approve:subsidy-list:region",
      "verify:external-certificate:region",
      "revoke:certificate:region",
      "read:indicators:region",
      "manage:competition:region",
      "read:wages:region",
      "manage:wage-guidance:region",
      "read:pool:region",
      "manage:expert:region",
      "manage:credit-list:region",
    ],
  },
  system_admin: {
    name: "系统管理员",
    context: "system",
    permissions: [
      "read:region:any",
      "read:organisation:any",
      "manage:organisation:any",
      "manage:user:any",
      "impersonate:user:any",
      "reset:password:any",
      "read:audit-log:any",
      "revoke:certificate:any",
      "manage:allowance-policy:any",
      "read:indicators:any",
      "manage:population:any",
      "manage:indicator-target:any",
      "manage:eligibility-rules:any",
      "read:wages:any",
      "manage:wage-guidance:any",
      "read:pool:any",
      "manage:subsidy-policy:any",
    ],
  },
} as const satisfies Record<string, { name: string; context: RoleContext; permissions: PermissionKey[] }>;
export type RoleKey = keyof typeof roleCatalogue;
export const roleKeys = Object.keys(roleCatalogue) as RoleKey[];
