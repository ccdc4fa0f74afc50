import { firstRow } from "../../db/query.ts";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { assessmentPlans, eligibilityRules, examQuestions } from "../../db/schema.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { checkBlueprint, drawPaper } from "../../app/assessment/blueprint.ts";
import { blueprintFromWeights, theoryWeights } from "../../app/assessment/theory-weights.ts";

describe("seeded assessment plans", () => {
  it("gives every level a course serves a 100-point paper by its 理论知识比重表 that its exam pool can fill, and keeps edits on restart", async () => {
    const content = loadContent("content/courses").courses;
    await syncContent(db, content);
    await seedAssessmentDefaults(db);
    const plans = await db.select().from(assessmentPlans);
    const levelsWithCourse = content.filter((c) => c.level !== null).map((c) => `${c.occupation}:${c.level}`);
    expect(plans.map((p) => `${p.occupation}:${p.level}`).sort()).toEqual(levelsWithCourse.sort());
    // 二级 and 一级 add the 综合评审 part with its own rubric; the lower levels have none.
    expect(plans.filter((p) => p.hasReview).every((p) => p.level <= 2 && p.reviewTasks.length > 0)).toBe(true);
    expect(plans.filter((p) => p.level <= 2).every((p) => p.hasReview)).toBe(true);
    expect(plans.filter((p) => !p.hasReview).every((p) => p.reviewTasks.length === 0)).toBe(true);
    for (const plan of plans) {
      expect(checkBlueprint(plan.blueprint), `${plan.occupation}:${plan.level}`).toEqual([]);
      expect(plan.blueprint.standard?.source, `${plan.occupation}:${plan.level}`).toMatch(/国家职业技能标准/);
      const bank = (await db
        .select({ id: examQuestions.id, type: examQuestions.type, area: examQuestions.area, options: examQuestions.options })
        .from(examQuestions)
        .where(and(eq(examQuestions.occupation, plan.occupation), eq(examQuestions.level, plan.level), isNull(examQuestions.retiredAt))))
        .map((q) => ({ id: q.id, type: q.type, area: q.area, optionCount: q.options.length }));
      const paper = drawPaper(plan.blueprint, bank, 2026);
      expect(paper.ok, `${plan.occupation}:${plan.level}`).toBe(true);
      for (const task of [...plan.skillTasks, ...plan.reviewTasks]) expect(task.rubric.reduce((n, i) => n + i.points, 0), task.id).toBe(100);
    }
    // The skill task banks come from the courses' skill-tasks.yaml, each operation with its 否决项.
    const skill = Object.fromEntries(plans.map((p) => [`${p.occupation}:${p.level}`, { tasks: p.skillTasks.length, perCandidate: p.skillTasksPerCandidate }]));
    for (const level of levelsWithCourse) {
      expect(skill[level]!.tasks, level).toBeGreaterThanOrEqual(4);
      expect(skill[level]!.perCandidate, level).toBe(1);
    }
    for (const task of plans.flatMap((p) => p.skillTasks)) expect(task.rubric.some((i) => i.critical), task.id).toBe(true);
    expect(plans.find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!.skillTasks[0]!.id).toBe("bed-to-wheelchair");
    // Levels that used to fall back on a built-in task draw from their own standard's operations.
    const firstTask = (occupation: string, level: number) => plans.find((p) => p.occupation === occupation && p.level === level)!.skillTasks[0]!.id;
    expect([firstTask("childcare_worker", 5), firstTask("capability_assessor", 3), firstTask("elderly_caregiver", 2)]).toEqual(["meal-care", "assessment-preparation", "care-plan"]);
    // An official's edit survives the next start.
    await db.update(assessmentPlans).set({ passMark: 65 }).where(eq(assessmentPlans.level, 3));
    await db.update(eligibilityRules).set({ routes: [] }).where(and(eq(eligibilityRules.occupation, "elderly_caregiver"), eq(eligibilityRules.level, 1)));
    await seedAssessmentDefaults(db);
    expect((await db.select().from(assessmentPlans).where(eq(assessmentPlans.occupation, "elderly_caregiver"))).find((p) => p.level === 3)!.passMark).toBe(65);
    expect((await firstRow(db.select().from(eligibilityRules).where(and(eq(eligibilityRules.occupation, "elderly_caregiver"), eq(eligibilityRules.level, 1)))))!.routes).toEqual([]);
    expect(await db.select().from(eligibilityRules)).toHaveLength(16);
  });

  it("moves a paper still as its old 比重表 made it to the level's current one, and keeps a paper an official changed", async () => {
    const plan = async (level: number) => (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === level)!;
    // Two plans written before 基本要求 had its share: 四级 untouched, 三级 with its time changed by an official.
    const old = async (level: number, weights: Record<string, number>) => blueprintFromWeights({ source: (await plan(level)).blueprint.standard!.source, confirmed: false, weights });
    await db.update(assessmentPlans).set({ blueprint: await old(4, { 生活照护: 25, 基础照护: 25, 康复服务: 20, 心理支持: 15, 安宁服务: 15 }) }).where(eq(assessmentPlans.id, (await plan(4)).id));
    const edited = { ...await old(3, { 生活照护: 10, 基础照护: 15, 康复服务: 25, 心理支持: 15, 安宁服务: 15, 照护评估: 10, 质量管理: 10 }), durationMinutes: 120 };
    await db.update(assessmentPlans).set({ blueprint: edited }).where(eq(assessmentPlans.id, (await plan(3)).id));
    await seedAssessmentDefaults(db);
    expect((await plan(4)).blueprint).toEqual(blueprintFromWeights(theoryWeights["elderly_caregiver:4"]!));
    expect((await plan(4)).blueprint.lines.filter((l) => l.area === "基本要求").reduce((n, l) => n + l.count, 0)).toBe(8);
    expect((await plan(3)).blueprint).toEqual(edited);
  });

  it("recognises an old paper whose 比重表 comes back with its keys in another order, as PostgreSQL's jsonb keeps them", async () => {
    const plan = async () => (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 4)!;
    const weights = { 生活照护: 25, 基础照护: 25, 康复服务: 20, 心理支持: 15, 安宁服务: 15 };
    const old = blueprintFromWeights({ source: (await plan()).blueprint.standard!.source, confirmed: false, weights });
    // jsonb orders an object's keys by length, then bytes, not as they were written: another order stands for it here.
    const jsonbOrder = Object.fromEntries(Object.entries(weights).reverse());
    await db.update(assessmentPlans).set({ blueprint: { ...old, standard: { ...old.standard!, weights: jsonbOrder } } }).where(eq(assessmentPlans.id, (await plan()).id));
    await seedAssessmentDefaults(db);
    expect((await plan()).blueprint).toEqual(blueprintFromWeights(theoryWeights["elderly_caregiver:4"]!));
  });
});
