import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { desc, eq } from "drizzle-orm";
import { assessmentSessions, sessionStaff } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { TodoList } from "../../components/todo-list.tsx";
import { sectionsForHome, todosFor } from "../../home/todos.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { dutyNames, sessionStatusNames } from "../plan-label.ts";
import { describeOrganisation, listOrganisations } from "../../organisations/organisations.server.ts";

export const meta: MetaFunction = () => [{ title: "考评工作台 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "read:examining:org");
  const duties = await db
    .select({ duty: sessionStaff.duty, room: sessionStaff.room, session: assessmentSessions })
    .from(sessionStaff)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, sessionStaff.sessionId))
    .where(eq(sessionStaff.userId, user.id))
    .orderBy(desc(assessmentSessions.theoryStartsAt));
  return {
    userName: user.name,
    todos: sectionsForHome(await todosFor(db, user), "examiner"),
    bases: await Promise.all((await listOrganisations(scope, { types: ["training_base"] })).map(describeOrganisation)),
    duties: duties.map((d) => ({ sessionId: d.session.id, name: d.session.name, startsAt: formatDateTime(d.session.theoryStartsAt), duty: d.duty, dutyName: dutyNames[d.duty], room: d.room, status: sessionStatusNames[d.session.status], published: d.session.status === "published" })),
  };
}

export default function ExaminerHome() {
  const { userName, todos, bases, duties } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <p className="muted">您好，{userName}</p>
      <h1>考评工作台</h1>
      <TodoList sections={todos} />
      <div className="card">
        <h2>所属评价机构</h2>
        <ul>
          {bases.map((b) => (
            <li key={b.id}>
              <Link to={`/orgs/${b.id}`}>{b.name}</Link> <span className="muted">{b.regionLabel}</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="card">
        <h2>考评任务</h2>
        {duties.length === 0 ? (
          <p className="muted">目前没有分配给您的监考或评分任务。培训基地安排认定批次后，任务会显示在这里。</p>
        ) : (
          <ul>
            {duties.map((d, i) => (
              <li key={i}>
                <Link to={d.duty === "examiner" || d.duty === "chief_examiner" ? `/examiner/sessions/${d.sessionId}/skill` : d.duty === "panel" ? `/examiner/sessions/${d.sessionId}/review` : `/examiner/sessions/${d.sessionId}`}>{d.name}</Link>
                <span className="muted">
                  {" "}
                  · {d.dutyName}
                  {d.room ? `（${d.room}）` : ""} · {d.startsAt} · {d.status}
                </span>
                {d.duty === "chief_examiner" && d.published ? (
                  <>
                    {" · "}
                    <Link to={`/examiner/sessions/${d.sessionId}/rechecks`}>复核申请</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </main>
  );
}
