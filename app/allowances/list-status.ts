import type { AllowanceListStatus } from "../../db/schema.ts";

export const listStatusNames: Record<AllowanceListStatus, string> = { draft: "机构待申报", declared: "已申报，区县审核中", publicised: "公示中", approved: "已审批（已锁定）" };
