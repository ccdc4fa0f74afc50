import { eq } from "drizzle-orm";
import { firstRow } from "../../db/query.ts";
import type { Db } from "../../db/client.ts";
import { applications, attemptAnswers, theoryAttempts } from "../../db/schema.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { ownApplication } from "./applications.server.ts";
import { normalisedChoice, storeAnswer } from "./exam.server.ts";
import type { Actor } from "./sessions.server.ts";

/**
 * 口试 (domain §4): the standard has no education requirement, so a 五级 applicant without primary schooling may sit
 * the theory paper orally, the invigilator recording the answers.
 */
export const ORAL_LEVEL = 5;

export type OralRequestOutcome = { ok: true } | { ok: false; status: 404 | 409; error: string };

/** Asks for (or withdraws) the oral theory exam on the applicant's own application, while the session has not opened. */
export async function setOralTheory(db: Db, input: { applicationId: number; userId: number; oral: boolean; by: Actor }, now = new Date()): Promise<OralRequestOutcome> {
  // Checked in the transaction that writes: the session cannot open in between.
  return await db.transaction(async (tx): Promise<OralRequestOutcome> => {
    const found = await ownApplication(tx, input.applicationId, input.userId);
    if (!found) return { ok: false, status: 404, error: "未找到您的这份申报" };
    if (found.plan.level !== ORAL_LEVEL) return { ok: false, status: 409, error: "口试只适用于五级（初级工）的理论考试" };
    if (found.session.status !== "draft") return { ok: false, status: 409, error: "批次已开考，不能再申请或撤回口试" };
    if (found.application.status === "rejected") return { ok: false, status: 409, error: "申报未通过审核，不能申请口试" };
    if (found.application.oralTheory === input.oral) return { ok: true };
    await tx.update(applications).set({ oralTheory: input.oral }).where(eq(applications.id, found.application.id));
    await writeAudit(tx, { ...input.by, event: input.oral ? "assessment.oral_requested" : "assessment.oral_withdrawn", target: { table: "applications", id: found.application.id }, details: input.oral ? { declared: "未完成小学教育" } : undefined }, now);
    return { ok: true };
  });
}

export type RecordOutcome = { ok: true; recorded: number } | { ok: false; status: 409; error: string } | { ok: false; status: 400; errors: Record<string, string> };

/**
 * The invigilator records the answers the candidate gave aloud, for one section of the paper at once: every answer is
 * checked first, then all are written with one log row naming the invigilator, or none.
 */
export async function recordOralAnswers(db: Db, input: { attempt: typeof theoryAttempts.$inferSelect; candidateUserId: number; answers: Record<string, number[]>; by: Actor }, now = new Date()): Promise<RecordOutcome> {
  const { attempt } = input;
  if (attempt.submittedAt || now.getTime() >= attempt.deadline.getTime()) return { ok: false, status: 409, error: "试卷已交卷或考试时间已到，不能再录入" };
  const errors: Record<string, string> = {};
  const choices: Array<{ questionId: string; choice: number[] }> = [];
  for (const [questionId, given] of Object.entries(input.answers)) {
    const question = attempt.paper.find((q) => q.questionId === questionId);
    const choice = question ? normalisedChoice(question, given) : null;
    if (!choice) errors[questionId] = question && question.type !== "multiple" && new Set(given).size > 1 ? "本题只能选一个选项" : "所选选项不存在";
    else choices.push({ questionId, choice });
  }
  if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };
  if (choices.length === 0) return { ok: true, recorded: 0 };
  const recorded = await db.transaction(async (tx) => {
    // The attempt was read before this transaction: a hand-in since then must not be followed by answers.
    if ((await firstRow(tx.select({ submittedAt: theoryAttempts.submittedAt }).from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))?.submittedAt) return false;
    // One save by the invigilator replaces earlier ones: its sequence number follows the highest stored.
    const seq = Math.max(0, ...(await tx.select({ seq: attemptAnswers.seq }).from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id))).map((a) => a.seq)) + 1;
    for (const c of choices) await storeAnswer(tx, { attemptId: attempt.id, ...c, seq, savedAt: now });
    await writeAudit(tx, { ...input.by, event: "assessment.oral_answers_recorded", target: { table: "theory_attempts", id: attempt.id }, relatedUserId: input.candidateUserId, details: { questions: choices.length, questionIds: choices.map((c) => c.questionId) } }, now);
    return true;
  });
  if (!recorded) return { ok: false, status: 409, error: "试卷已交卷或考试时间已到，不能再录入" };
  return { ok: true, recorded: choices.length };
}
