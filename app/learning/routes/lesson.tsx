import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { notFound } from "../../utils/http.ts";
import { offlineMinutesFor } from "../classes.server.ts";
import { completeLesson, courseOutline, getCourse, getEnrolment, getLesson, getLessonProgress, recordCompletionIfDue } from "../learning.server.ts";
import { studyRules } from "../study-rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.lesson.title ?? "课时"} · carecert` }];

/** The lesson must exist and the trainee be enrolled in its course; anything else is a 404. */
async function requireEnrolledLesson(userId: number, courseId: string, lessonId: string) {
  const course = await getCourse(db, courseId);
  const lesson = course ? await getLesson(db, course.id, lessonId) : null;
  if (!course || !lesson || !await getEnrolment(db, userId, course.id)) notFound("未找到该课时，或您尚未报名该课程");
  return { course, lesson };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "read:learning:own");
  const { course, lesson } = await requireEnrolledLesson(user.id, params.courseId!, params.lessonId!);
  const ordered = (await courseOutline(db, course.id)).flatMap((m) => m.lessons);
  const index = ordered.findIndex((l) => l.id === lesson.id);
  const progress = await getLessonProgress(db, user.id, course.id, lesson.id);
  return {
    course: { id: course.id, title: course.title },
    lesson: { id: lesson.id, title: lesson.title, minutes: lesson.minutes, area: lesson.area, html: lesson.html },
    studiedMinutes: Math.floor((progress?.creditedSeconds ?? 0) / 60),
    completed: Boolean(progress?.completedAt),
    previous: ordered[index - 1] ?? null,
    next: ordered[index + 1] ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "study:course:own");
  const { course, lesson } = await requireEnrolledLesson(user.id, params.courseId!, params.lessonId!);
  const result = await completeLesson(db, user.id, lesson);
  if (!result.ok) {
    return data(
      { error: `本课至少需要学习 ${Math.ceil(result.neededSeconds / 60)} 分钟，目前计入 ${Math.floor(result.creditedSeconds / 60)} 分钟。请继续阅读，页面打开时会自动计时。` },
      { status: 400 },
    );
  }
  // The last lesson may be what completes the course.
  await recordCompletionIfDue(db, user.id, course.id, await offlineMinutesFor(db, user.personId, course.id));
  return redirect(`/courses/${course.id}`);
}

/** Reports activity while the page is visible; the server decides what counts. Without JavaScript the lesson still reads. */
function StudyClock({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  useEffect(() => {
    const report = () => {
      if (document.visibilityState !== "visible") return;
      const body = new URLSearchParams({ courseId, lessonId });
      fetch("/api/study-activity", { method: "POST", body, keepalive: true }).catch(() => undefined);
    };
    report();
    const timer = window.setInterval(report, studyRules.reportIntervalSeconds * 1000);
    document.addEventListener("visibilitychange", report);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", report);
    };
  }, [courseId, lessonId]);
  return null;
}

export default function LessonPage() {
  const { course, lesson, studiedMinutes, completed, previous, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container reader">
      <StudyClock courseId={course.id} lessonId={lesson.id} />
      <p className="breadcrumbs">
        <Link to={`/courses/${course.id}`}>{course.title}</Link>
      </p>
      <h1>{lesson.title}</h1>
      <p className="muted">
        {lesson.area} · 约 {lesson.minutes} 分钟 · 已学 {studiedMinutes} 分钟
      </p>
      <article className="lesson-body" dangerouslySetInnerHTML={{ __html: lesson.html }} />
      <div className="card">
        {completed ? (
          <p className="notice">本课已完成。</p>
        ) : (
          <Form method="post" className="stack">
            {result?.error ? (
              <p className="form-error" role="alert">
                {result.error}
              </p>
            ) : null}
            <button type="submit">学完本课</button>
          </Form>
        )}
        <nav className="actions lesson-nav" aria-label="课时导航">
          {previous ? (
            <Link to={`/courses/${course.id}/lessons/${previous.id}`} className="button secondary">
              ← {previous.title}
            </Link>
          ) : null}
          {next ? (
            <Link to={`/courses/${course.id}/lessons/${next.id}`} className="button secondary">
              {next.title} →
            </Link>
          ) : null}
        </nav>
      </div>
    </main>
  );
}
