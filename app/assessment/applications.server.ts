import { firstRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { applications, assessmentPlans, assessmentSessions } from "../../db/schema.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { planLabel } from "./plan-label.ts";
import type { Actor } from "./sessions.server.ts";

/** One of the user's own applications with its session and plan, or undefined when it is not theirs. */
export async function ownApplication(db: DbOrTx, applicationId: number, userId: number) {
  return await firstRow(db
    .select({ application: applications, session: assessmentSessions, plan: assessmentPlans })
    .from(applications)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .where(and(eq(applications.id, applicationId), eq(applications.userId, userId))));
}

export type WithdrawOutcome = { ok: true; label: string } | { ok: false; status: 404 | 409; error: string };

/** An application can be taken back while the base has not reviewed it and the session has not opened. */
export function withdrawable(application: { status: string }, session: { status: string }): boolean {
  return application.status === "pending" && session.status === "draft";
}

/**
 * 撤回申报: the trainee takes back an application the base has not reviewed. The row goes (so the trainee may apply
 * again); the log row keeps what was declared.
 */
export async function withdrawApplication(db: DbOrTx, input: { applicationId: number; userId: number; by: Actor }, now = new Date()): Promise<WithdrawOutcome> {
  return await db.transaction(async (tx): Promise<WithdrawOutcome> => {
    const found = await ownApplication(tx, input.applicationId, input.userId);
    if (!found) return { ok: false, status: 404, error: "未找到您的这份申报" };
    const { application, session, plan } = found;
    if (application.status !== "pending") return { ok: false, status: 409, error: "培训基地已审核这份申报，不能撤回；如不参加考试请联系培训基地" };
    if (!withdrawable(application, session)) return { ok: false, status: 409, error: "批次已开考，不能撤回申报" };
    await tx.delete(applications).where(eq(applications.id, application.id));
    await writeAudit(
      tx,
      {
        ...input.by,
        event: "assessment.application_withdrawn",
        target: { table: "applications", id: application.id },
        relatedUserId: application.userId,
        details: { sessionId: session.id, session: session.name, appliedAt: application.createdAt.toISOString(), route: application.eligibility.metRoute ?? null, facts: application.facts, oralTheory: application.oralTheory, resitParts: application.resitParts },
      },
      now,
    );
    return { ok: true, label: `${planLabel(plan)} ${session.name}` };
  });
}
