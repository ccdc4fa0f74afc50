import { courseAudiences } from "../../db/vocabulary.ts";
import type { Occupation } from "../occupations/occupations.ts";

/**
 * Who a course is written for, beyond the certified levels: 机构负责人 (directors), 养老社工 and 继续教育. A course
 * without an audience is a certified-level course (or the family caregivers' course).
 */
export { courseAudiences };
export type CourseAudience = (typeof courseAudiences)[number];
export const courseAudienceNames: Record<CourseAudience, string> = { director: "机构负责人", social_worker: "养老社工", continuing_education: "继续教育" };

export type CourseKind = { occupation: Occupation; audience: CourseAudience | null };

/**
 * Whether completing the course counts towards a post's training rate (Anshan plan: 院长 and 养老护理员 100 %):
 * a director's course for directors; a 养老护理员 level or continuing-education course for caregivers.
 */
export function courseCountsForPost(post: "director" | "caregiver", course: CourseKind): boolean {
  if (post === "director") return course.audience === "director";
  return course.occupation === "elderly_caregiver" && (course.audience === null || course.audience === "continuing_education");
}
