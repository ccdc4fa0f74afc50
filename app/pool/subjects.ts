/**
 * Curriculum areas (课程领域) a teacher may teach: the Ministry of Civil Affairs outline's areas for 养老护理员
 * (domain §3) and the childcare ones; stored as these words on the teacher record.
 */
export const teachingSubjects = ["生活照护", "基础照护", "康复服务", "心理支持", "安宁服务", "照护评估", "质量管理", "培训指导", "婴幼儿保育", "家庭照护"] as const;
export type TeachingSubject = (typeof teachingSubjects)[number];
