import { levelLabel, occupationNames, type Occupation, type SkillLevel } from "../occupations/occupations.ts";

export function planLabel(plan: { occupation: Occupation; level: number }): string {
  return `${occupationNames[plan.occupation]}（${levelLabel(plan.level as SkillLevel)}）`;
}

export const sessionStatusNames = { draft: "报名中", open: "已开考", published: "已发布成绩" } as const;
export const applicationStatusNames = { pending: "待审核", approved: "已通过", rejected: "未通过" } as const;
export const dutyNames = { invigilator: "监考员", examiner: "考评员", chief_examiner: "主考官", panel: "评审专家" } as const;
