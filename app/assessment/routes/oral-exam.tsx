import { firstRow } from "../../../db/query.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { and, eq, inArray } from "drizzle-orm";
import { applications, assessmentSessions, examQuestions, people, sessionStaff, users } from "../../../db/schema.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { clientIp, notFound } from "../../utils/http.ts";
import { OPTION_LETTERS } from "../../utils/option-letters.ts";
import { secondsRemaining } from "../answers.ts";
import type { QuestionType } from "../blueprint.ts";
import { checkedInForTheory, seatedCandidates } from "../exam-day.server.ts";
import { approvedSeat, attemptOf, closeIfOverdue, savedAnswers, startAttempt, submitAttempt } from "../exam.server.ts";
import { recordOralAnswers } from "../oral.server.ts";
import { planLabel } from "../plan-label.ts";

export const meta: MetaFunction = () => [{ title: "口试代录 · carecert" }];

const SECTIONS: QuestionType[] = ["true_false", "single", "multiple"];
const sectionNames: Record<QuestionType, string> = { true_false: "判断题", single: "单选题", multiple: "多选题" };
const sectionOf = (value: unknown): QuestionType | null => SECTIONS.find((s) => s === value) ?? null;

/**
 * 口试: the invigilator of the candidate's room (or the chief examiner) records the answers of a candidate who asked
 * for the oral exam. Anyone else, and any candidate who did not ask for it, answers 404.
 */
async function requireOralDuty(request: Request, params: { sessionId?: string; applicationId?: string }) {
  const { user } = await requireUserWithPermission(request, "read:examining:org");
  const session = await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.id, Number(params.sessionId))));
  const application = session
    ? await firstRow(db
        .select({ id: applications.id, userId: applications.userId, room: applications.room, oralTheory: applications.oralTheory, name: people.name })
        .from(applications)
        .innerJoin(users, eq(users.id, applications.userId))
        .innerJoin(people, eq(people.id, users.personId))
        .where(and(eq(applications.id, Number(params.applicationId)), eq(applications.sessionId, session.id))))
    : undefined;
  const duties = session ? await db.select().from(sessionStaff).where(and(eq(sessionStaff.sessionId, session.id), eq(sessionStaff.userId, user.id))) : [];
  const watches = duties.some((d) => d.duty === "chief_examiner") || duties.some((d) => d.duty === "invigilator" && d.room === application?.room);
  const seat = session && application?.oralTheory && watches ? await approvedSeat(db, application.userId, session.id) : null;
  if (!seat || seat.session.status === "draft") notFound("未找到您监考的口试考生");
  return { user, seat, candidate: application! };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, seat, candidate } = await requireOralDuty(request, params);
  const now = new Date();
  const url = new URL(request.url);
  const seatNumber = (await seatedCandidates(db, seat.session.id)).find((c) => c.applicationId === candidate.id)?.seat ?? null;
  const header = { sessionId: seat.session.id, title: planLabel(seat.plan), session: seat.session.name, startsAt: formatDateTime(seat.session.theoryStartsAt) };
  const base = { header, candidate: { name: candidate.name, room: candidate.room, seat: seatNumber }, exam: null };
  if (now < seat.session.theoryStartsAt) return { ...base, state: "not_started" as const };
  const existing = await attemptOf(db, candidate.id);
  if (!existing && !await checkedInForTheory(db, candidate.id)) return { ...base, state: "not_checked_in" as const };
  // Opening the page starts the candidate's attempt, or resumes it.
  const attempt = await closeIfOverdue(db, existing ?? await startAttempt(db, seat, clientIp(request), now, actor(request, user)), now);
  if (attempt.submittedAt) return { ...base, state: "submitted" as const };
  const bank = new Map(
    (await db
      .select({ id: examQuestions.id, stem: examQuestions.stem, options: examQuestions.options })
      .from(examQuestions)
      .where(inArray(examQuestions.id, attempt.paper.map((q) => q.questionId))))
      .map((q) => [q.id, q]),
  );
  const saved = new Map((await savedAnswers(db, attempt.id)).map((a) => [a.questionId, a.choice]));
  const sections = SECTIONS.filter((type) => attempt.paper.some((q) => q.type === type));
  return {
    ...base,
    state: "in_progress" as const,
    exam: {
      sections,
      section: sectionOf(url.searchParams.get("section")) ?? sections[0]!,
      confirming: url.searchParams.get("confirm") === "1",
      unanswered: attempt.paper.filter((q) => !saved.has(q.questionId)).length,
      remainingMinutes: Math.ceil(secondsRemaining(attempt.deadline, now) / 60),
      questions: attempt.paper.map((q, i) => ({
        number: i + 1,
        id: q.questionId,
        type: q.type,
        stem: bank.get(q.questionId)!.stem,
        options: q.optionOrder.map((original) => bank.get(q.questionId)!.options[original]!),
        saved: saved.get(q.questionId) ?? [],
      })),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, seat, candidate } = await requireOralDuty(request, params);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const existing = await attemptOf(db, candidate.id);
  const attempt = existing && await closeIfOverdue(db, existing);
  if (!attempt) return data({ error: "考生尚未开始考试：核验入场并开考后打开本页即开始" }, { status: 409 });
  if (attempt.submittedAt) return data({ error: "试卷已交卷或考试时间已到，不能再录入" }, { status: 409 });
  const back = `/examiner/sessions/${seat.session.id}/oral/${candidate.id}`;
  if (intent === "submit-confirmed") {
    await submitAttempt(db, attempt.id, clientIp(request), new Date(), actor(request, user));
    return redirect(back);
  }
  // Saving, moving to another section and asking to hand in all record the section shown first.
  const answers = Object.fromEntries(attempt.paper.flatMap((q) => {
    const choice = form.getAll(`q_${q.questionId}`).map(Number);
    return choice.length > 0 ? [[q.questionId, choice]] : [];
  }));
  const outcome = await recordOralAnswers(db, { attempt, candidateUserId: candidate.userId, answers, by: actor(request, user) });
  if (!outcome.ok) return data("errors" in outcome ? { errors: outcome.errors } : { error: outcome.error }, { status: outcome.status });
  const section = sectionOf(intent.startsWith("goto:") ? intent.slice(5) : form.get("section"));
  const query = new URLSearchParams(section ? { section } : {});
  if (intent === "submit") query.set("confirm", "1");
  return redirect(`${back}${query.size > 0 ? `?${query}` : ""}`);
}

export default function OralExamPage() {
  const { header, candidate, state, exam } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result && "errors" in result ? (result.errors ?? {}) : {};
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/examiner">考评工作台</Link> / <Link to={`/examiner/sessions/${header.sessionId}`}>监考</Link>
      </p>
      <h1>口试代录：{candidate.name}</h1>
      <p className="muted">
        {header.title} · {header.session} · {candidate.room ?? "—"}
        {candidate.seat ? ` · 座号 ${candidate.seat}` : ""} · 开考 {header.startsAt}
      </p>
      {result && "error" in result ? (
        <p className="form-error" role="alert">
          {result.error}
        </p>
      ) : null}
      {state === "not_started" ? <p className="notice warn">考试尚未开始，开考后打开本页即开始口试。</p> : null}
      {state === "not_checked_in" ? <p className="notice warn">考生尚未核验入场：请先在“入场核验”核验其身份证件，再打开本页。</p> : null}
      {state === "submitted" ? <p className="notice">已交卷，答案不能再修改。</p> : null}
      {exam ? (
        <>
          <p className="notice">请逐题读出题目和选项，按考生口述选择答案，每部分录完点“保存本部分”。剩余约 {exam.remainingMinutes} 分钟，未作答 {exam.unanswered} 题。</p>
          {exam.confirming ? (
            <Form method="post" className="card stack">
              <p>
                <strong>确认交卷？</strong>
                {exam.unanswered > 0 ? `还有 ${exam.unanswered} 题未作答。` : "所有题目均已作答。"}交卷后答案不能再修改。
              </p>
              <p className="actions">
                <button type="submit" name="intent" value="submit-confirmed" className="danger">
                  确认交卷
                </button>
                <Link to={`?section=${exam.section}`} className="button secondary">
                  返回继续录入
                </Link>
              </p>
            </Form>
          ) : null}
          <Form method="post" className="stack">
            <input type="hidden" name="section" value={exam.section} />
            <nav className="actions" aria-label="题型">
              {exam.sections.map((s) => (
                <button key={s} type="submit" name="intent" value={`goto:${s}`} className={s === exam.section ? "" : "secondary"} aria-current={s === exam.section ? "page" : undefined}>
                  {sectionNames[s]}
                </button>
              ))}
            </nav>
            <h2>{sectionNames[exam.section]}</h2>
            {exam.questions
              .filter((q) => q.type === exam.section)
              .map((q) => (
                <fieldset key={q.id} className="card" id={`q-${q.number}`}>
                  <legend>
                    {q.number}. {q.stem}
                  </legend>
                  {q.options.map((option, i) => (
                    <label key={i} className="option">
                      <input type={q.type === "multiple" ? "checkbox" : "radio"} name={`q_${q.id}`} value={i} defaultChecked={q.saved.includes(i)} /> {OPTION_LETTERS[i]}. {option}
                    </label>
                  ))}
                  {errors[q.id] ? (
                    <p className="field-error" role="alert">
                      {errors[q.id]}
                    </p>
                  ) : null}
                </fieldset>
              ))}
            <p className="actions">
              <button type="submit" name="intent" value="save">
                保存本部分
              </button>
              <button type="submit" name="intent" value="submit" className="secondary">
                交卷
              </button>
            </p>
          </Form>
        </>
      ) : null}
    </main>
  );
}
