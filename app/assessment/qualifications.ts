import { levelShortLabel, occupationNames, type Occupation, type SkillLevel } from "../occupations/occupations.ts";

/** A 考评员 qualification: the occupation and the highest level (1 = 一级) its holder may examine. */
export type Qualification = { occupation: Occupation; highestLevel: number };

/** highestLevel 3 covers 三级, 四级 and 五级: level numbers run against seniority. */
export function qualificationCovers(qualifications: Qualification[], occupation: Occupation, level: number): boolean {
  return qualifications.some((q) => q.occupation === occupation && q.highestLevel <= level);
}

/** Why an examiner may not score a plan's level, or null when they may. */
export function qualificationProblem(qualifications: Qualification[], plan: { occupation: Occupation; level: number }): string | null {
  if (qualificationCovers(qualifications, plan.occupation, plan.level)) return null;
  const held = qualifications.find((q) => q.occupation === plan.occupation);
  const what = `${occupationNames[plan.occupation]}${levelShortLabel(plan.level as SkillLevel)}`;
  return held ? `该考评员的资格最高为${levelShortLabel(held.highestLevel as SkillLevel)}，不能考评${what}` : `该考评员没有${occupationNames[plan.occupation]}考评员资格，不能考评${what}`;
}
