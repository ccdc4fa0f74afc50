import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { assessmentPlans, courses, eligibilityRules, questions } from "../../db/schema.ts";
import type { Occupation, SkillLevel } from "../occupations/occupations.ts";
import type { QuestionType } from "./blueprint.ts";
import { defaultEligibilityRules } from "./eligibility-defaults.ts";
import { defaultBlueprint, defaultReviewTasks, defaultSkillTasksFor } from "./plan-defaults.ts";

/**
 * Seeds what assessment needs where it is missing: the 申报条件 tables and a plan for every level a
 * question bank serves. Existing rows are left alone, so officials' edits survive restarts; a table
 * written before tables carried their source is replaced by the sourced default.
 */
export function seedAssessmentDefaults(db: Db) {
  db.transaction((tx) => {
    for (const [key, { source, requirements, routes }] of Object.entries(defaultEligibilityRules)) {
      const [occupation, level] = key.split(":") as [Occupation, string];
      tx.insert(eligibilityRules)
        .values({ occupation, level: Number(level), routes, source, requirements })
        .onConflictDoUpdate({ target: [eligibilityRules.occupation, eligibilityRules.level], set: { routes, source, requirements }, where: isNull(eligibilityRules.source) })
        .run();
    }
    const levelled = tx.select({ occupation: courses.occupation, level: courses.level }).from(courses).where(and(isNull(courses.retiredAt), isNotNull(courses.level))).all();
    for (const { occupation, level } of levelled) {
      if (tx.select({ id: assessmentPlans.id }).from(assessmentPlans).where(and(eq(assessmentPlans.occupation, occupation), eq(assessmentPlans.level, level!))).get()) continue;
      const bank = tx.select({ area: questions.area, type: questions.type, levels: questions.levels }).from(questions).where(and(eq(questions.occupation, occupation), isNull(questions.retiredAt))).all();
      const counts = new Map<string, { area: string; type: QuestionType; count: number }>();
      for (const q of bank.filter((q) => q.levels.includes(level!))) {
        const k = `${q.area}|${q.type}`;
        counts.set(k, { area: q.area, type: q.type, count: (counts.get(k)?.count ?? 0) + 1 });
      }
      const blueprint = defaultBlueprint([...counts.values()]);
      if (!blueprint) continue;
      // 二级 and 一级 add the 综合评审 part (domain §5).
      const hasReview = (level as SkillLevel) <= 2;
      tx.insert(assessmentPlans)
        .values({ occupation, level: level!, blueprint, skillTasks: defaultSkillTasksFor(occupation, level!), hasReview, reviewTasks: hasReview ? defaultReviewTasks : [] })
        .run();
    }
  });
}
