import { firstRow, returnedRow } from "../../db/query.ts";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentPlans, assessmentSessions, examQuestions, sessionStaff, skillTaskDraws, theoryPapers } from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent, type LoadedCourse } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { openSession } from "../../app/assessment/sessions.server.ts";
import { theoryWeights } from "../../app/assessment/theory-weights.ts";

// Issue #14: a 一级 (高级技师) session opens with a paper from the 一级 exam pool and operations from the 一级 task bank,
// never a lower level's.
let content: LoadedCourse[];
let baseId: number;
beforeAll(async () => {
  content = loadContent("content/courses").courses;
  await syncContent(db, content);
  await seedAssessmentDefaults(db);
  baseId = (await createOrganisation(db, { type: "training_base", regionCode: "330522001" })).id;
});

async function openTopLevelSession(occupation: "elderly_caregiver" | "childcare_worker" | "capability_assessor") {
  const plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === occupation && p.level === 1)!;
  const session = await returnedRow(db.insert(assessmentSessions).values({ organisationId: baseId, planId: plan.id, name: `${occupation} 一级批次`, theoryStartsAt: new Date("2026-12-20T01:00:00Z"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }] }).returning());
  const duties = ["invigilator", "invigilator", "examiner", "examiner", "examiner", "panel", "panel", "panel"] as const;
  for (const [i, duty] of duties.entries()) {
    const staff = await createUser(db, { role: "examiner", organisationId: baseId });
    await db.insert(sessionStaff).values({ sessionId: session.id, userId: staff.id, duty, room: i < 2 ? "一号考场" : null });
  }
  const candidates = [];
  for (let i = 0; i < 3; i++) {
    const user = await createUser(db, { role: "trainee" });
    candidates.push(
      (await returnedRow(db
        .insert(applications)
        .values({ sessionId: session.id, userId: user.id, facts: { certificates: [], workYears: 10, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved" })
        .returning())).id,
    );
  }
  return { plan, session, candidates, problems: await openSession(db, session.id, { userId: 1, ip: "192.0.2.1" }) };
}

describe("一级 plans (issue #14)", () => {
  it.each(["elderly_caregiver", "childcare_worker", "capability_assessor"] as const)("%s 一级 opens with its own paper, its own operations and the 综合评审", async (occupation) => {
    const course = content.find((c) => c.occupation === occupation && c.level === 1)!;
    const { plan, session, candidates, problems } = await openTopLevelSession(occupation);
    expect(problems).toEqual([]);
    expect((await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, session.id))))!.status).toBe("open");

    // The blueprint is the 一级 理论知识比重表's, 基本要求 included, and each paper is drawn from the 一级 pool alone.
    expect(plan.blueprint.standard?.source).toContain("一级/高级技师");
    expect(new Set(plan.blueprint.lines.map((l) => l.area))).toEqual(new Set(Object.keys(theoryWeights[`${occupation}:1`]!.weights)));
    const papers = await db.select().from(theoryPapers).where(inArray(theoryPapers.applicationId, candidates));
    expect(papers).toHaveLength(3);
    const drawn = papers.flatMap((p) => p.paper.map((q) => q.questionId));
    const levels = await db.select({ id: examQuestions.id, occupation: examQuestions.occupation, level: examQuestions.level }).from(examQuestions).where(inArray(examQuestions.id, drawn));
    expect(levels).toHaveLength(new Set(drawn).size);
    expect(new Set(levels.map((q) => `${q.occupation}:${q.level}`))).toEqual(new Set([`${occupation}:1`]));
    expect(new Set(drawn).size).toBeGreaterThan(50);

    // The operations come from the 一级 course's skill-tasks.yaml; 二级 and 一级 add the 综合评审 part.
    expect(plan.skillTasks.map((t) => t.id)).toEqual(course.skillTasks!.tasks.map((t) => t.id));
    const taskDraws = await db.select().from(skillTaskDraws).where(inArray(skillTaskDraws.applicationId, candidates));
    expect(taskDraws).toHaveLength(3);
    for (const d of taskDraws) for (const id of d.taskIds) expect(course.skillTasks!.tasks.map((t) => t.id)).toContain(id);
    expect(plan.hasReview).toBe(true);
    expect(plan.reviewTasks.length).toBeGreaterThan(0);
  });
});
