import { firstRow } from "../../../db/query.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { people } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { TodoList } from "../../components/todo-list.tsx";
import { sectionsForHome, todosFor } from "../../home/todos.server.ts";
import { levelLabel, occupationNames, type SkillLevel } from "../../occupations/occupations.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { enrolFromClassRosters, offlineMinutesFor } from "../classes.server.ts";
import { formatStudyHours } from "../hours.ts";
import { courseProgress, myEnrolments } from "../learning.server.ts";

export const meta: MetaFunction = () => [{ title: "我的学习 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Own scope: the trainee's own person record and courses, never another's.
  const { user } = await requireUserWithPermission(request, "read:learning:own");
  // A class roster may have listed this person since the last visit.
  await enrolFromClassRosters(db, user.id, user.personId);
  const person = (await firstRow(db.select().from(people).where(eq(people.id, user.personId))))!;
  const courses = await Promise.all((await myEnrolments(db, user.id)).map(async ({ course, completedAt }) => {
    const progress = await courseProgress(db, user.id, course.id, await offlineMinutesFor(db, user.personId, course.id));
    return {
      id: course.id,
      title: course.title,
      label: `${occupationNames[course.occupation]}${course.level ? ` · ${levelLabel(course.level as SkillLevel)}` : ""}`,
      onlineHours: progress ? formatStudyHours(progress.status.onlineMinutes) : "0.0",
      onlineRequired: course.requiredHours - course.offlineHours,
      offlineHours: progress ? formatStudyHours(progress.status.offlineMinutes) : "0.0",
      offlineRequired: course.offlineHours,
      completed: completedAt !== null,
      retired: course.retiredAt !== null,
    };
  }));
  return {
    todos: sectionsForHome(await todosFor(db, user), "trainee"),
    me: { name: person.name, idNumber: maskIdNumber(person.idNumber), gender: person.gender === "male" ? "男" : "女", birthDate: person.birthDate },
    courses,
  };
}

export default function LearnHome() {
  const { todos, me, courses } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <p className="muted">您好，{me.name}</p>
      <h1>我的学习</h1>
      <TodoList sections={todos} />
      <section className="card">
        <h2>我的课程</h2>
        {courses.length === 0 ? (
          <p className="muted">您还没有报名课程。</p>
        ) : (
          <ul className="course-list">
            {courses.map((c) => (
              <li key={c.id}>
                {c.retired ? c.title : <Link to={`/courses/${c.id}`}>{c.title}</Link>}
                <span className="muted"> {c.label} · 线上 {c.onlineHours} / {c.onlineRequired} 学时
                  {c.offlineRequired > 0 ? `，线下 ${c.offlineHours} / ${c.offlineRequired} 学时` : ""}
                </span>
                {c.completed ? <span className="tag">已结业</span> : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/courses" className="button secondary">
            浏览课程目录
          </Link>
        </p>
      </section>
      <section className="card">
        <h2>学员信息</h2>
        <dl className="facts">
          <dt>姓名</dt>
          <dd>{me.name}</dd>
          <dt>身份证号码</dt>
          <dd>{me.idNumber}</dd>
          <dt>性别</dt>
          <dd>{me.gender}</dd>
          <dt>出生日期</dt>
          <dd>{me.birthDate}</dd>
        </dl>
        <p className="hint">报名培训、申报职业技能等级认定和领取证书均以此身份信息为准。如有错误，请联系培训基地更正。</p>
      </section>
    </main>
  );
}
