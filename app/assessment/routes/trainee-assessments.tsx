import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { desc, eq } from "drizzle-orm";
import { applications, assessmentPlans, assessmentSessions, organisations } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { applicationStatusNames, planLabel, sessionStatusNames } from "../plan-label.ts";
import { sessionsOpenForApplication } from "../sessions.server.ts";

export const meta: MetaFunction = () => [{ title: "职业技能等级认定 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Own scope: only this trainee's applications.
  const { user } = requireUserWithPermission(request, "apply:assessment:own");
  const mine = db
    .select({ application: applications, session: assessmentSessions, plan: assessmentPlans, baseName: organisations.name })
    .from(applications)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .innerJoin(organisations, eq(organisations.id, assessmentSessions.organisationId))
    .where(eq(applications.userId, user.id))
    .orderBy(desc(applications.createdAt))
    .all();
  const applied = new Set(mine.map((m) => m.session.id));
  return {
    mine: mine.map(({ application, session, plan, baseName }) => ({
      id: application.id,
      session: session.name,
      plan: planLabel(plan),
      baseName,
      startsAt: formatDateTime(session.theoryStartsAt),
      status: applicationStatusNames[application.status],
      rejected: application.status === "rejected",
      reason: application.decisionReason,
      room: application.room,
      sessionStatus: sessionStatusNames[session.status],
      examUrl: application.status === "approved" && session.status === "open" ? `/exam/${session.id}` : null,
    })),
    open: sessionsOpenForApplication(db)
      .filter(({ session }) => !applied.has(session.id))
      .map(({ session, plan, baseName }) => ({ id: session.id, name: session.name, plan: planLabel(plan), baseName, venue: session.venue, startsAt: formatDateTime(session.theoryStartsAt) })),
  };
}

export default function TraineeAssessments() {
  const { mine, open } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>职业技能等级认定</h1>
      <h2>我的申报</h2>
      {mine.length === 0 ? <p className="muted">您还没有申报。</p> : null}
      {mine.map((m) => (
        <section key={m.id} className="card">
          <p>
            <strong>{m.plan}</strong> · {m.session} <span className={m.rejected ? "tag warn" : "tag"}>{m.status}</span>
          </p>
          <p className="muted">
            {m.baseName} · 理论考试 {m.startsAt} · 批次{m.sessionStatus}
            {m.room ? ` · 考场：${m.room}` : ""}
          </p>
          {m.reason ? <p className="hint">不通过原因：{m.reason}</p> : null}
          {m.examUrl ? (
            <p>
              <Link to={m.examUrl} className="button">
                进入理论考试
              </Link>
            </p>
          ) : null}
        </section>
      ))}
      <h2>正在报名的批次</h2>
      {open.length === 0 ? <p className="muted">目前没有正在报名的批次。</p> : null}
      <div className="cards">
        {open.map((s) => (
          <Link key={s.id} to={`/assessments/${s.id}/apply`} className="card">
            <p className="tag">{s.plan}</p>
            <h3>{s.name}</h3>
            <p className="muted">
              {s.baseName} · {s.venue}
            </p>
            <p className="hint">理论考试 {s.startsAt}</p>
          </Link>
        ))}
      </div>
    </main>
  );
}
