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
  "manage:institution:org": "管理所在机构",
  "read:staff:org": "查看本机构的工作人员",
  "read:organisation:org": "查看本机构信息",
  "read:organisation:region": "查看辖区内的机构",
  "read:organisation:any": "查看全部机构",
  "read:region:region": "查看辖区概览",
  "read:region:any": "查看全部行政区划",
  "manage:organisation:any": "创建和修改机构",
  "manage:user:any": "创建账号、分配角色、结束会话",
  "impersonate:user:any": "以其他用户身份登录（审计记录）",
  "read:audit-log:any": "查看审计日志",
} as const;
export type PermissionKey = keyof typeof permissionCatalogue;

/** What a role assignment must be attached to. */
export type RoleContext = "self" | "training_base" | "institution" | "district" | "city" | "system";

export const roleCatalogue = {
  trainee: {
    name: "学员",
    context: "self",
    permissions: ["read:learning:own", "study:course:own", "apply:assessment:own", "read:person:own"],
  },
  examiner: {
    name: "考评员",
    context: "training_base",
    permissions: ["read:examining:org", "read:organisation:org"],
  },
  base_admin: {
    name: "培训基地管理员",
    context: "training_base",
    permissions: ["manage:training-base:org", "manage:class:org", "manage:assessment:org", "read:organisation:org", "read:staff:org"],
  },
  institution_admin: {
    name: "机构管理员",
    context: "institution",
    permissions: ["manage:institution:org", "read:organisation:org", "read:staff:org"],
  },
  district_officer: {
    name: "区县民政工作人员",
    context: "district",
    permissions: ["read:region:region", "read:organisation:region"],
  },
  city_officer: {
    name: "市民政工作人员",
    context: "city",
    permissions: ["read:region:region", "read:organisation:region"],
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
      "read:audit-log:any",
    ],
  },
} as const satisfies Record<string, { name: string; context: RoleContext; permissions: PermissionKey[] }>;
export type RoleKey = keyof typeof roleCatalogue;
export const roleKeys = Object.keys(roleCatalogue) as RoleKey[];
