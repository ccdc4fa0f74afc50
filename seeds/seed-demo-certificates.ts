import { firstRow, returnedRow } from "../db/query.ts";
import { and, eq } from "drizzle-orm";
import { issueSessionCertificates, revokeCertificate } from "../app/certificates/certificates.server.ts";
import { drawSkillTasks, overallResult, taskScore } from "../app/assessment/scoring.ts";
import type { DbOrTx, Tx } from "../db/client.ts";
import { insertUser } from "./factories.ts";
import { applications, assessmentPlans, assessmentResults, assessmentSessions, certificates, sessionStaff, skillScores, skillTaskDraws, theoryAttempts, users } from "../db/schema.ts";

/** The demo's published 育婴员（五级） session: who sat it and how they scored. */
const CANDIDATES = [
  { name: "李秀英", theory: 86, skillLost: 6 },
  { name: "王桂兰", gender: "female" as const, theory: 78, skillLost: 12 },
  { name: "张丽娟", gender: "female" as const, theory: 91, skillLost: 4 },
  { name: "刘春梅", gender: "female" as const, theory: 72, skillLost: 18 },
  { name: "陈海燕", gender: "female" as const, theory: 65, skillLost: 21 },
  { name: "赵金凤", gender: "female" as const, theory: 52, skillLost: 30 },
];
const PUBLISHED_AT = new Date("2026-07-10T10:00:00+08:00");

/**
 * Certificates a newcomer can verify at once: a past session of the demo base, scored and published,
 * its passed candidates (the demo trainee 李秀英 among them) given certificates by the real issue
 * function; one other holder's certificate revoked, so the black list and a revoked check show too.
 */
export async function seedDemoCertificates(db: Tx, input: { baseId: number; examinerId: number; traineeId: number; passwordHash: string }) {
  const plan = await firstRow(db.select().from(assessmentPlans).where(and(eq(assessmentPlans.occupation, "infant_caregiver"), eq(assessmentPlans.level, 5))));
  if (!plan) return;
  const session = await returnedRow(db
    .insert(assessmentSessions)
    .values({
      organisationId: input.baseId,
      planId: plan.id,
      name: "2026年第2批育婴员（五级）职业技能等级认定",
      theoryStartsAt: new Date("2026-06-20T09:00:00+08:00"),
      venue: "长兴县雉城街道 长兴县康养职业技能培训学校 实训楼",
      rooms: [{ name: "一号考场", capacity: 30 }],
      status: "published",
      openedAt: new Date("2026-06-20T08:30:00+08:00"),
      publishedAt: PUBLISHED_AT,
    })
    .returning());
  await db.insert(sessionStaff).values({ sessionId: session.id, userId: input.examinerId, duty: "examiner" });
  const userIds: number[] = [];
  for (const [i, c] of CANDIDATES.entries()) {
    const userId = i === 0 ? input.traineeId : (await insertUser(db, { username: `demo-candidate-${i}`, name: c.name, gender: c.gender, role: "trainee", passwordHash: input.passwordHash })).id;
    userIds.push(userId);
    const application = await returnedRow(db
      .insert(applications)
      .values({
        sessionId: session.id,
        userId,
        facts: { certificates: [], workYears: 2, apprenticeshipCompleted: false, schooling: [], completedCourses: [] },
        eligibility: { eligible: true, metRoute: "累计从事本职业或相关职业工作满 1 年", routes: [] },
        status: "approved",
        decidedBy: input.examinerId,
        decidedAt: new Date("2026-06-05T10:00:00+08:00"),
        room: "一号考场",
      })
      .returning());
    await db.insert(theoryAttempts)
      .values({ applicationId: application.id, seed: 2026 + i, paper: [], startedAt: session.theoryStartsAt, deadline: new Date(session.theoryStartsAt.getTime() + 90 * 60_000), deviceId: `demo-${i}`, submittedAt: new Date(session.theoryStartsAt.getTime() + 70 * 60_000), score: c.theory });
    // Every candidate drew the level's operations when the session opened.
    const taskIds = drawSkillTasks(plan.skillTasks, plan.skillTasksPerCandidate, 2026 + i);
    await db.insert(skillTaskDraws).values({ applicationId: application.id, seed: 2026 + i, taskIds, drawnAt: session.theoryStartsAt });
    const skills: number[] = [];
    for (const task of plan.skillTasks.filter((t) => taskIds.includes(t.id))) {
      // Points lost come off the first non-critical items, so no 否决项 is failed.
      let lost = c.skillLost;
      const items = Object.fromEntries(
        task.rubric.map((item) => {
          const off = item.critical ? 0 : Math.min(lost, item.points - 1);
          lost -= off;
          return [item.id, item.points - off];
        }),
      );
      const { score, criticalFailed } = taskScore(task.rubric, items);
      await db.insert(skillScores).values({ applicationId: application.id, taskId: task.id, examinerId: input.examinerId, items, total: score, criticalFailed, submittedAt: new Date("2026-06-21T11:00:00+08:00") });
      skills.push(score);
    }
    const skill = Math.round((skills.reduce((a, b) => a + b, 0) / Math.max(skills.length, 1)) * 10) / 10;
    const { passed } = overallResult([
      { part: "theory", score: c.theory, passMark: plan.passMark },
      { part: "skill", score: skill, passMark: plan.passMark },
    ]);
    await db.insert(assessmentResults).values({ applicationId: application.id, theoryScore: c.theory, skillScore: skill, passed, publishedAt: PUBLISHED_AT });
  }
  await issueSessionCertificates(db, session.id, PUBLISHED_AT, { userId: null, ip: "demo-seed" });
  const impostor = (await firstRow(db.select().from(certificates).innerJoin(users, eq(users.personId, certificates.personId)).where(eq(users.id, userIds[2]!))))!.certificates;
  await revokeCertificate(db, impostor, "经查实，技能考核由他人冒名顶替参加，依规吊销并列入黑名单", { userId: null, ip: "demo-seed" }, new Date("2026-10-15T15:00:00+08:00"));
}

/** The demo trainee's certificate number, for the start-up message. */
export async function demoCertificateNumber(db: DbOrTx): Promise<string | null> {
  return (await firstRow(db.select({ number: certificates.number }).from(certificates).innerJoin(users, eq(users.personId, certificates.personId)).where(eq(users.username, "trainee"))))?.number ?? null;
}
