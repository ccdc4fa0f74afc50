import { firstRow } from "../../db/query.ts";
import { isDeepStrictEqual } from "node:util";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { assessmentPlans, courses, eligibilityRules } from "../../db/schema.ts";
import type { Occupation, SkillLevel } from "../occupations/occupations.ts";
import { defaultEligibilityRules } from "./eligibility-defaults.ts";
import { defaultReviewTasks, defaultSkillTasksFor } from "./plan-defaults.ts";
import type { Blueprint } from "./blueprint.ts";
import { blueprintFromWeights, theoryWeights, type TheoryWeights } from "./theory-weights.ts";

/**
 * Whether a stored paper is exactly what an earlier 比重表 of the level made, so nobody has edited it since, while the
 * level's 比重表 has changed: such a paper follows the current one (an official's edit is never overwritten).
 */
function followsOldWeights(stored: Blueprint, current: TheoryWeights): boolean {
  const standard = stored.standard;
  if (!standard || isDeepStrictEqual(standard.weights, current.weights)) return false;
  // The order of the weights decides the paper (the order of its lines, ties in rounding). PostgreSQL's jsonb hands the
  // object back with its keys in jsonb's own order; the lines, an array, keep the areas in the order they were written.
  const linesOrder = new Set([...stored.lines.map((l) => l.area), ...Object.keys(standard.weights)]);
  const inLinesOrder = Object.fromEntries([...linesOrder].filter((area) => area in standard.weights).map((area) => [area, standard.weights[area]!]));
  return [standard.weights, inLinesOrder].some((weights) => isDeepStrictEqual(stored, blueprintFromWeights({ source: standard.source, confirmed: standard.confirmed, weights })));
}

/**
 * Seeds what assessment needs where it is missing: the 申报条件 tables and a plan for every level a
 * course serves, its paper following the level's 理论知识比重表. Existing rows are left alone, so
 * officials' edits survive restarts; only the skill task bank follows its content file, a paper nobody edited follows
 * a changed 比重表, and a table written before tables carried their source is replaced by the sourced default.
 */
export async function seedAssessmentDefaults(db: Db) {
  await db.transaction(async (tx) => {
    for (const [key, { source, requirements, routes }] of Object.entries(defaultEligibilityRules)) {
      const [occupation, level] = key.split(":") as [Occupation, string];
      await tx.insert(eligibilityRules)
        .values({ occupation, level: Number(level), routes, source, requirements })
        .onConflictDoUpdate({ target: [eligibilityRules.occupation, eligibilityRules.level], set: { routes, source, requirements }, where: isNull(eligibilityRules.source) });
    }
    const levelled = await tx
      .select({ occupation: courses.occupation, level: courses.level, bank: courses.skillTaskBank })
      .from(courses)
      .where(and(isNull(courses.retiredAt), isNotNull(courses.level)));
    for (const { occupation, level, bank } of levelled) {
      const skill = bank ? { skillTasks: bank.tasks, skillTasksPerCandidate: bank.perCandidate } : null;
      const existing = await firstRow(tx.select({ id: assessmentPlans.id, blueprint: assessmentPlans.blueprint }).from(assessmentPlans).where(and(eq(assessmentPlans.occupation, occupation), eq(assessmentPlans.level, level!))));
      const weights = theoryWeights[`${occupation}:${level!}`];
      if (existing) {
        if (skill) await tx.update(assessmentPlans).set(skill).where(eq(assessmentPlans.id, existing.id));
        if (weights && followsOldWeights(existing.blueprint, weights)) await tx.update(assessmentPlans).set({ blueprint: blueprintFromWeights(weights) }).where(eq(assessmentPlans.id, existing.id));
        continue;
      }
      if (!weights) continue;
      // 二级 and 一级 add the 综合评审 part (domain §5).
      const hasReview = (level as SkillLevel) <= 2;
      await tx.insert(assessmentPlans)
        .values({
          occupation,
          level: level!,
          blueprint: blueprintFromWeights(weights),
          skillTasks: defaultSkillTasksFor(occupation, level!),
          ...skill,
          hasReview,
          reviewTasks: hasReview ? defaultReviewTasks : [],
        });
    }
  });
}
