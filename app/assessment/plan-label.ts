import { levelLabel, occupationNames, type Occupation, type SkillLevel } from "../occupations/occupations.ts";

export function planLabel(plan: { occupation: Occupation; level: number }): string {
  return `${occupationNames[plan.occupation]}（${levelLabel(plan.level as SkillLevel)}）`;
}

export const sessionStatusNames = { draft: "报名中", open: "已开考", published: "已发布成绩" } as const;
// The application, not the assessment: "通过" alone next to a result's 合格/不合格 read as the result.
export const applicationStatusNames = { pending: "申请待审核", approved: "申请审核通过", rejected: "申请未通过审核" } as const;
export const dutyNames = { invigilator: "监考员", examiner: "考评员", chief_examiner: "主考官", panel: "评审专家" } as const;
