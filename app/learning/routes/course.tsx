import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { levelLabel, occupationNames, type SkillLevel } from "../../occupations/occupations.ts";
import { clientIp, notFound } from "../../utils/http.ts";
import { formatRequiredHours, formatStudyHours } from "../hours.ts";
import { courseOutline, courseProgress, enrol, getCourse, getEnrolment } from "../learning.server.ts";
import { offlineMinutesFor } from "../classes.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? "课程"} · carecert` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "read:learning:own");
  const course = await getCourse(db, params.courseId!);
  if (!course) notFound("未找到该课程");
  const header = {
    id: course.id,
    title: course.title,
    occupation: occupationNames[course.occupation],
    level: course.level ? levelLabel(course.level as SkillLevel) : null,
    hours: formatRequiredHours(course),
    summary: course.summary,
  };
  if (!await getEnrolment(db, user.id, course.id)) {
    return { course: header, enrolled: false as const, outline: await courseOutline(db, course.id), progress: null };
  }
  const offlineMinutes = await offlineMinutesFor(db, user.personId, course.id);
  const progress = (await courseProgress(db, user.id, course.id, offlineMinutes))!;
  return {
    course: header,
    enrolled: true as const,
    outline: null,
    progress: {
      onlineHours: formatStudyHours(progress.status.onlineMinutes),
      onlineRequired: formatStudyHours(progress.status.onlineRequiredMinutes),
      onlineMinutes: progress.status.onlineMinutes,
      offlineHours: formatStudyHours(offlineMinutes),
      offlineRequired: formatStudyHours(progress.status.offlineRequiredMinutes),
      complete: progress.status.complete,
      lessonsDone: progress.modules.flatMap((m) => m.lessons).filter((l) => l.completed).length,
      lessonsTotal: progress.modules.flatMap((m) => m.lessons).length,
      modules: progress.modules.map((m) => ({
        id: m.id,
        title: m.title,
        required: m.required,
        passScore: m.quizPassScore,
        bestScore: m.bestScore,
        lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, minutes: l.minutes, completed: l.completed, studiedMinutes: Math.floor(l.creditedSeconds / 60) })),
      })),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "study:course:own");
  const course = await getCourse(db, params.courseId!);
  if (!course) notFound("未找到该课程");
  await enrol(db, user.id, course.id, clientIp(request));
  return redirect(`/courses/${course.id}`);
}

export default function CoursePage() {
  const { course, enrolled, outline, progress } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/courses">课程目录</Link>
      </p>
      <h1>{course.title}</h1>
      <p className="lead">{course.summary}</p>
      <p className="muted">
        {course.occupation}
        {course.level ? ` · ${course.level}` : " · 结业颁发培训合格证明"} · 要求 {course.hours}
      </p>
      {!enrolled ? (
        <>
          <Form method="post" className="actions">
            <button type="submit">报名学习</button>
          </Form>
          {outline!.map((m) => (
            <section key={m.id} className="card">
              <h2>{m.title}</h2>
              <ol>
                {m.lessons.map((l) => (
                  <li key={l.id}>
                    {l.title} <span className="muted">约 {l.minutes} 分钟</span>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </>
      ) : (
        <>
          <div className="cards stats">
            <div className="card">
              <div className="stat">
                {progress!.onlineHours} / {progress!.onlineRequired}
              </div>
              <div className="stat-label">线上学时（已学 {progress!.onlineMinutes} 分钟）</div>
            </div>
            <div className="card">
              <div className="stat">
                {progress!.offlineHours} / {progress!.offlineRequired}
              </div>
              <div className="stat-label">线下学时（培训班出勤）</div>
            </div>
            <div className="card">
              <div className="stat">
                {progress!.lessonsDone}/{progress!.lessonsTotal}
              </div>
              <div className="stat-label">已完成课时</div>
            </div>
          </div>
          {progress!.complete ? <p className="notice">恭喜，您已完成本课程的全部要求。</p> : null}
          {progress!.modules.map((m) => (
            <section key={m.id} className="card">
              <h2>
                {m.title} {m.required ? null : <span className="tag">选学</span>}
              </h2>
              <ol className="lesson-list">
                {m.lessons.map((l) => (
                  <li key={l.id}>
                    <Link to={`/courses/${course.id}/lessons/${l.id}`}>{l.title}</Link>{" "}
                    {l.completed ? <span className="tag">已完成</span> : <span className="muted">已学 {l.studiedMinutes} / 约 {l.minutes} 分钟</span>}
                  </li>
                ))}
              </ol>
              <p className="actions">
                <Link to={`/courses/${course.id}/quiz/${m.id}`} className="button secondary">
                  章节练习
                </Link>
                <span className="muted">
                  {m.bestScore === null ? "尚未练习" : `最好成绩 ${m.bestScore} 分`}
                  {m.bestScore !== null && m.bestScore >= m.passScore ? "（已通过）" : `，${m.passScore} 分通过`}
                </span>
              </p>
            </section>
          ))}
        </>
      )}
    </main>
  );
}
