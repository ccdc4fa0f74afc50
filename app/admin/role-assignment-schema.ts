import { z } from "../utils/zod.ts";
import { roleKeys, type RoleKey } from "../auth/roles.ts";

export const roleAssignmentFields = {
  role: z.enum(roleKeys as [RoleKey, ...RoleKey[]], { message: "请选择角色" }),
  organisationId: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null)),
  regionCode: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null),
};
