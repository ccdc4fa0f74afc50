import { firstRow } from "../../../db/query.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { applications, assessmentSessions, people, sessionStaff, theoryAttempts, users } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { pageLeftCounts } from "../exam-day.server.ts";
import { approveTakeover, savedAnswers } from "../exam.server.ts";
import { DataTable } from "../../components/data-table.tsx";

export const meta: MetaFunction = () => [{ title: "监考 · carecert" }];

/** The session and the rooms this user watches: an invigilator their room, a chief examiner every room. */
async function requireDuty(request: Request, sessionId: string | undefined) {
  const { user } = await requireUserWithPermission(request, "read:examining:org");
  const duties = await db.select().from(sessionStaff).where(and(eq(sessionStaff.sessionId, Number(sessionId)), eq(sessionStaff.userId, user.id)));
  const session = await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, Number(sessionId))));
  const watches = duties.some((d) => d.duty === "chief_examiner") ? null : duties.filter((d) => d.duty === "invigilator").map((d) => d.room);
  if (!session || (watches !== null && watches.length === 0)) notFound("您不是该批次的监考员");
  return { user, session, inRoom: (room: string | null) => watches === null || watches.includes(room) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session, inRoom } = await requireDuty(request, params.sessionId);
  const rows = (await db
    .select({ application: applications, name: people.name, attempt: theoryAttempts })
    .from(applications)
    .innerJoin(users, eq(users.id, applications.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .leftJoin(theoryAttempts, eq(theoryAttempts.applicationId, applications.id))
    .where(and(eq(applications.sessionId, session.id), eq(applications.status, "approved"))))
    .filter((r) => inRoom(r.application.room));
  const left = await pageLeftCounts(db, rows.flatMap((r) => (r.attempt ? [r.attempt.id] : [])));
  return {
    session: { id: session.id, name: session.name, startsAt: formatDateTime(session.theoryStartsAt) },
    candidates: await Promise.all(rows.map(async ({ application, name, attempt }) => ({
      applicationId: application.id,
      attemptId: attempt?.id ?? null,
      name,
      room: application.room,
      // 口试: the invigilator records this candidate's answers on the oral page.
      oral: application.oralTheory,
      oralUrl: application.oralTheory ? `/examiner/sessions/${session.id}/oral/${application.id}` : null,
      state: !attempt ? "未开始" : attempt.submittedAt ? (attempt.autoSubmitted ? "到时自动交卷" : "已交卷") : "作答中",
      takeoverPending: Boolean(attempt?.pendingDeviceId && !attempt.submittedAt),
      // Counted only where the invigilator is asked to approve a move (a handful at a time).
      saved: attempt?.pendingDeviceId && !attempt.submittedAt ? (await savedAnswers(db, attempt.id)).length : 0,
      pageLeft: attempt ? (left.get(attempt.id) ?? 0) : 0,
    }))),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, session, inRoom } = await requireDuty(request, params.sessionId);
  const form = await request.formData();
  const attemptId = Number(form.get("attemptId"));
  const row = await firstRow(db
    .select({ room: applications.room, name: people.name })
    .from(theoryAttempts)
    .innerJoin(applications, eq(applications.id, theoryAttempts.applicationId))
    .innerJoin(users, eq(users.id, applications.userId))
    .innerJoin(people, eq(people.id, users.personId))
    .where(and(eq(theoryAttempts.id, attemptId), eq(applications.sessionId, session.id))));
  if (!row || !inRoom(row.room)) notFound("未找到该考生的考试");
  if (!isConfirmed(form)) return data({ problem: "请在确认框中核对考生后再批准" }, { status: 400 });
  const approved = await approveTakeover(db, attemptId, actor(request, user));
  return redirectWithNotice(request, `/examiner/sessions/${session.id}`, approved ? `已批准${row.name}在新设备上继续作答，已保存的答案都在` : `${row.name}没有待批准的换设备申请（可能已处理）`);
}

export default function InvigilationPage() {
  const { session, candidates } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/examiner">考评工作台</Link>
      </p>
      <h1>监考：{session.name}</h1>
      <p className="muted">理论考试 {session.startsAt}</p>
      <p className="actions">
        <Link to={`/examiner/sessions/${session.id}/check-in`} className="button">
          入场核验与缺考
        </Link>
      </p>
      <FormError error={refused?.problem} />
      <DataTable<(typeof candidates)[number]>
        caption="考生"
        rows={candidates}
        rowKey={(c) => c.applicationId}
        empty="本批次还没有考生。"
        columns={[
          {
            header: "考生",
            cell: (c) => (
              <>
                {c.name}
                {c.oralUrl ? (
                  <>
                    {" "}
                    <span className="tag">口试</span> <Link to={c.oralUrl}>代录答案</Link>
                  </>
                ) : null}
              </>
            ),
          },
          { header: "考场", cell: (c) => c.room ?? "—" },
          { header: "状态", cell: (c) => c.state },
          { header: "离开答题页", cell: (c) => (c.pageLeft > 0 ? <span className="tag warn">{c.pageLeft} 次</span> : "—") },
          {
            header: "换设备申请",
            cell: (c) =>
              c.takeoverPending ? (
                <ConfirmAction
                  label="批准在新设备继续"
                  intent="approve-takeover"
                  fields={{ attemptId: String(c.attemptId) }}
                  consequences={[`${c.name}（${c.room ?? "未分考场"}）改在新设备上作答，已保存 ${c.saved} 题的答案全部保留`, "原设备上的答题页随即失效，考试结束时间不变"]}
                  warning="请先当面核对考生身份和新设备。"
                />
              ) : (
                "—"
              ),
          },
        ]}
      />
    </main>
  );
}
