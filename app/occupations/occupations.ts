/** Occupations and skill levels (domain §2). Level numbers run against seniority: 一级 is the highest. */

import { occupations } from "../../db/vocabulary.ts";

export { occupations };
export type Occupation = (typeof occupations)[number];

export const occupationNames: Record<Occupation, string> = {
  elderly_caregiver: "养老护理员",
  infant_caregiver: "育婴员",
  childcare_worker: "保育师",
  capability_assessor: "老年人能力评估师",
  family_caregiver: "家庭照护者",
};

/** Levels each occupation's standard defines; the family caregiver has none (a training-completion record). */
export const occupationLevels: Record<Occupation, readonly SkillLevel[]> = {
  elderly_caregiver: [5, 4, 3, 2, 1],
  infant_caregiver: [5, 4, 3],
  childcare_worker: [5, 4, 3, 2, 1],
  capability_assessor: [3, 2, 1],
  family_caregiver: [],
};

export type SkillLevel = 1 | 2 | 3 | 4 | 5;

const levelNames: Record<SkillLevel, [string, string]> = {
  5: ["五级", "初级工"],
  4: ["四级", "中级工"],
  3: ["三级", "高级工"],
  2: ["二级", "技师"],
  1: ["一级", "高级技师"],
};

/** "三级/高级工", as certificates and rosters write it. */
export function levelLabel(level: SkillLevel): string {
  return levelNames[level].join("/");
}

/** "三级", the short form. */
export function levelShortLabel(level: SkillLevel): string {
  return levelNames[level][0];
}
