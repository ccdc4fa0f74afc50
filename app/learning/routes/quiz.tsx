import { firstRow } from "../../../db/query.ts";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { courseModules } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { notFound } from "../../utils/http.ts";
import { quizOptionOrder } from "../quiz-options.ts";
import { OPTION_LETTERS } from "../../utils/option-letters.ts";
import { offlineMinutesFor } from "../classes.server.ts";
import { attemptQuestions, findOpenAttempt, getCourse, getEnrolment, openQuizAttempt, recordCompletionIfDue, submitQuizAttempt } from "../learning.server.ts";
import { scoreQuiz } from "../study-rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.module.title ?? ""}章节练习 · carecert` }];


async function requireQuiz(userId: number, courseId: string, moduleId: string) {
  const course = await getCourse(db, courseId);
  const module = course
    ? await firstRow(db.select().from(courseModules).where(and(eq(courseModules.courseId, course.id), eq(courseModules.id, moduleId), isNull(courseModules.retiredAt))))
    : undefined;
  if (!course || !module || !await getEnrolment(db, userId, course.id)) notFound("未找到该练习，或您尚未报名该课程");
  return { course, module };
}

/** Questions as the page shows them: never the answer before submission. */
/** The attempt's questions with their options in the attempt's order, each keeping its index in the bank as its value. */
async function questionsForPage(attemptId: number, ids: string[]) {
  return (await attemptQuestions(db, ids)).map((q) => ({ id: q.id, type: q.type, stem: q.stem, options: quizOptionOrder(attemptId, q).map((index) => ({ index, text: q.options[index]! })) }));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "read:learning:own");
  const { course, module } = await requireQuiz(user.id, params.courseId!, params.moduleId!);
  const open = await findOpenAttempt(db, user.id, course.id, module.id);
  return {
    course: { id: course.id, title: course.title },
    module: { id: module.id, title: module.title, questions: module.quizQuestions, passScore: module.quizPassScore },
    attempt: open ? { id: open.id, questions: await questionsForPage(open.id, open.questionIds) } : null,
  };
}

const submitSchema = z.object({ intent: z.literal("submit"), attemptId: z.coerce.number().int() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "study:course:own");
  const { course, module } = await requireQuiz(user.id, params.courseId!, params.moduleId!);
  const form = await request.formData();
  if (form.get("intent") === "start") {
    await openQuizAttempt(db, user.id, course, module);
    return redirect(`/courses/${course.id}/quiz/${module.id}`);
  }
  const parsed = submitSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new Response("请求格式不正确", { status: 400 });
  const answers: Record<string, number[]> = {};
  for (const [key, value] of form) {
    if (!key.startsWith("q_") || typeof value !== "string") continue;
    const index = Number(value);
    if (Number.isInteger(index) && index >= 0 && index < OPTION_LETTERS.length) (answers[key.slice(2)] ??= []).push(index);
  }
  const attempt = await submitQuizAttempt(db, user.id, parsed.data.attemptId, answers, module.quizPassScore);
  if (!attempt || attempt.moduleId !== module.id) notFound("未找到该次练习");
  await recordCompletionIfDue(db, user.id, course.id, await offlineMinutesFor(db, user.personId, course.id));
  const qs = await attemptQuestions(db, attempt.questionIds);
  const { correct } = scoreQuiz(qs, attempt.answers ?? {});
  return {
    score: attempt.score!,
    passed: attempt.passed!,
    feedback: qs.map((q) => {
      const given = attempt.answers?.[q.id] ?? [];
      const order = quizOptionOrder(attempt.id, q);
      return {
        id: q.id,
        stem: q.stem,
        options: order.map((index) => ({ text: q.options[index]!, right: q.answer.includes(index), given: given.includes(index) })),
        // The right answer's letters as shown in this attempt, in display order.
        answerLetters: order.flatMap((index, position) => (q.answer.includes(index) ? [OPTION_LETTERS[position]] : [])).join(""),
        correct: correct.has(q.id),
        explanation: q.explanation,
      };
    }),
  };
}

export default function QuizPage() {
  const { course, module, attempt } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container reader">
      <p className="breadcrumbs">
        <Link to={`/courses/${course.id}`}>{course.title}</Link>
      </p>
      <h1>{module.title} · 章节练习</h1>
      {result ? (
        <>
          <p className={result.passed ? "notice" : "notice warn"} role="status">
            本次得分 <strong>{result.score}</strong> 分，{result.passed ? "已通过" : `未达到 ${module.passScore} 分，可以再练一次`}。
          </p>
          {result.feedback.map((q, i) => (
            <section key={q.id} className={q.correct ? "card question correct" : "card question wrong"}>
              <p>
                <strong>{i + 1}. </strong>
                {q.stem} <span className={q.correct ? "tag" : "tag warn"}>{q.correct ? "答对" : "答错"}</span>
              </p>
              <ul className="options">
                {q.options.map((o, k) => (
                  <li key={k} className={o.right ? "right-answer" : o.given ? "wrong-answer" : undefined}>
                    {OPTION_LETTERS[k]}. {o.text}
                    {o.given ? "（您的选择）" : ""}
                  </li>
                ))}
              </ul>
              <p className="hint">
                正确答案：{q.answerLetters}。{q.explanation}
              </p>
            </section>
          ))}
          <Form method="post" className="actions">
            <button name="intent" value="start">
              再练一次
            </button>
            <Link to={`/courses/${course.id}`} className="button secondary">
              返回课程
            </Link>
          </Form>
        </>
      ) : attempt ? (
        <Form method="post" className="stack">
          <input type="hidden" name="attemptId" value={attempt.id} />
          {attempt.questions.map((q, i) => (
            <fieldset key={q.id} className="card question">
              <legend>
                {i + 1}. {q.stem} <span className="muted">（{q.type === "multiple" ? "多选" : q.type === "single" ? "单选" : "判断"}）</span>
              </legend>
              {q.options.map((o, k) => (
                <label key={o.index} className="option">
                  <input type={q.type === "multiple" ? "checkbox" : "radio"} name={`q_${q.id}`} value={o.index} />
                  {q.type === "true_false" ? o.text : `${OPTION_LETTERS[k]}. ${o.text}`}
                </label>
              ))}
            </fieldset>
          ))}
          <button name="intent" value="submit">
            交卷
          </button>
        </Form>
      ) : (
        <div className="card">
          <p>
            每次从题库中抽取 {module.questions} 道题，{module.passScore} 分及格。交卷后立即显示对错和解析，可以反复练习，以最好成绩计。
          </p>
          <Form method="post">
            <button name="intent" value="start">
              开始练习
            </button>
          </Form>
        </div>
      )}
    </main>
  );
}
