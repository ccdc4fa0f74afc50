import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator, useSubmit } from "@remix-run/react";
import { inArray } from "drizzle-orm";
import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from "react";
import { examQuestions } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { clientIp, notFound } from "../../utils/http.ts";
import { OPTION_LETTERS } from "../../utils/option-letters.ts";
import { AnswerQueue, type PendingAnswer, type SendOutcome } from "../answer-queue.ts";
import { secondsRemaining } from "../answers.ts";
import type { QuestionType } from "../blueprint.ts";
import { checkedInForTheory } from "../exam-day.server.ts";
import { approvedSeat, attemptOf, closeIfOverdue, deviceIdFrom, examDeviceCookie, requestTakeover, saveAnswer, savedAnswers, startAttempt, submitOwnAttempt } from "../exam.server.ts";
import { planLabel } from "../plan-label.ts";

export const meta: MetaFunction = () => [{ title: "理论考试 · carecert" }];

// The paper is paged by section, in the order a printed paper has them.
const SECTIONS: QuestionType[] = ["true_false", "single", "multiple"];
const sectionNames: Record<QuestionType, string> = { true_false: "判断题", single: "单选题", multiple: "多选题" };
const sectionOf = (value: unknown): QuestionType | null => SECTIONS.find((s) => s === value) ?? null;

async function requireSeat(request: Request, sessionId: string | undefined) {
  const { user } = await requireUserWithPermission(request, "apply:assessment:own");
  const seat = await approvedSeat(db, user.id, Number(sessionId));
  if (!seat || seat.session.status === "draft") notFound("没有您在该批次的考试：申报需审核通过，批次需已开考");
  return { user, seat };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { seat } = await requireSeat(request, params.sessionId);
  const now = new Date();
  const url = new URL(request.url);
  const header = { sessionId: seat.session.id, title: planLabel(seat.plan), session: seat.session.name, room: seat.application.room, startsAt: formatDateTime(seat.session.theoryStartsAt) };
  // 口试: the invigilator records the answers on their own page; the candidate's device takes no part.
  if (seat.application.oralTheory) return { header, state: "oral" as const, exam: null, startsInSeconds: 0 };
  const existing = await attemptOf(db, seat.application.id);
  if (!existing) {
    const state = now < seat.session.theoryStartsAt ? ("not_started" as const) : await checkedInForTheory(db, seat.application.id) ? ("ready" as const) : ("not_checked_in" as const);
    return { header, state, exam: null, startsInSeconds: secondsRemaining(seat.session.theoryStartsAt, now) };
  }
  const attempt = await closeIfOverdue(db, existing, now);
  if (attempt.submittedAt) return { header, state: "submitted" as const, exam: null, startsInSeconds: 0 };
  const device = deviceIdFrom(request);
  if (device !== attempt.deviceId) return { header, state: device && device === attempt.pendingDeviceId ? ("awaiting_approval" as const) : ("other_device" as const), exam: null, startsInSeconds: 0 };
  const ids = attempt.paper.map((q) => q.questionId);
  const bank = new Map((await db.select({ id: examQuestions.id, stem: examQuestions.stem, options: examQuestions.options }).from(examQuestions).where(inArray(examQuestions.id, ids))).map((q) => [q.id, q]));
  const saved = await savedAnswers(db, attempt.id);
  const sections = SECTIONS.filter((type) => attempt.paper.some((q) => q.type === type));
  return {
    header,
    state: "in_progress" as const,
    startsInSeconds: 0,
    exam: {
      attemptId: attempt.id,
      sections,
      section: sectionOf(url.searchParams.get("section")) ?? sections[0]!,
      // Without JavaScript, 交卷 first shows this confirmation step.
      confirming: url.searchParams.get("confirm") === "1",
      remainingSeconds: secondsRemaining(attempt.deadline, now),
      seqBase: Math.max(0, ...saved.map((a) => a.seq)) + 1,
      questions: attempt.paper.map((q, i) => ({
        number: i + 1,
        id: q.questionId,
        type: q.type,
        points: q.points,
        stem: bank.get(q.questionId)!.stem,
        options: q.optionOrder.map((original) => bank.get(q.questionId)!.options[original]!),
        saved: saved.find((a) => a.questionId === q.questionId)?.choice ?? [],
      })),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, seat } = await requireSeat(request, params.sessionId);
  const form = await request.formData();
  const intent = form.get("intent");
  const ip = clientIp(request);
  const back = `/exam/${seat.session.id}`;
  if (seat.application.oralTheory) return redirect(back);
  const existing = await attemptOf(db, seat.application.id);
  if (intent === "start") {
    // Only a candidate checked in at the door may start, and not before the start time.
    if (existing || new Date() < seat.session.theoryStartsAt || !await checkedInForTheory(db, seat.application.id)) return redirect(back);
    const attempt = await startAttempt(db, seat, ip);
    return redirect(back, { headers: { "Set-Cookie": examDeviceCookie(request, attempt.deviceId) } });
  }
  if (!existing) return redirect(back);
  if (intent === "takeover") {
    if (existing.submittedAt) return redirect(back);
    return redirect(back, { headers: { "Set-Cookie": examDeviceCookie(request, await requestTakeover(db, existing.id, user.id, ip)) } });
  }
  // "goto:<section>[:<number>]" moves to another section of the paper without JavaScript, saving on the way.
  const goto = typeof intent === "string" && intent.startsWith("goto:") ? intent.slice(5).split(":") : null;
  if (intent === "save-all" || intent === "submit" || intent === "submit-confirmed" || goto) {
    // Without JavaScript the whole paper arrives at once; with it, this only carries the last answers.
    const seq = Number(form.get("seq")) || 0;
    for (const q of existing.paper) {
      const choice = form.getAll(`q_${q.questionId}`).map(Number);
      if (choice.length > 0) await saveAnswer(db, { attemptId: existing.id, userId: user.id, deviceId: deviceIdFrom(request), questionId: q.questionId, choice, seq, ip });
    }
    // The device is checked in the hand-in's transaction: a takeover approved since `existing` was read refuses it.
    if (intent === "submit-confirmed") await submitOwnAttempt(db, { attemptId: existing.id, userId: user.id, deviceId: deviceIdFrom(request), ip });
    const section = sectionOf(goto?.[0] ?? form.get("section"));
    const query = new URLSearchParams(section ? { section } : {});
    if (intent === "submit") query.set("confirm", "1");
    const number = Number(goto?.[1]);
    return redirect(`${back}${query.size > 0 ? `?${query}` : ""}${Number.isInteger(number) && number > 0 ? `#q-${number}` : ""}`);
  }
  throw new Response("未知操作", { status: 400 });
}

const clock = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, "0");
  const ss = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
};

/** Seconds left counting down from the server's figure; calls back once at zero. */
function useSecondsLeft(seconds: number, onZero: () => void) {
  const [left, setLeft] = useState(seconds);
  const zero = useRef(onZero);
  zero.current = onZero;
  useEffect(() => {
    const end = Date.now() + seconds * 1000;
    setLeft(seconds);
    const timer = window.setInterval(() => {
      const remaining = Math.max(0, Math.round((end - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        window.clearInterval(timer);
        zero.current();
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [seconds]);
  return left;
}

const WARNINGS = [15, 5];

/** The server's remaining time counting down, with a spoken warning at 15 and at 5 minutes; the server closes the attempt at its deadline either way. */
function Countdown({ seconds, onExpire }: { seconds: number; onExpire: () => void }) {
  const left = useSecondsLeft(seconds, onExpire);
  const warning = WARNINGS.find((minutes) => left <= minutes * 60 && left > minutes * 60 - 60);
  return (
    <>
      <p className={left <= 300 ? "countdown warn" : "countdown"} role="timer" aria-live="off">
        剩余时间 {clock(left)}
      </p>
      <p className="sr-only" role="alert">
        {warning ? `距考试结束还有 ${warning} 分钟，请检查未答的题目` : ""}
      </p>
      {warning ? (
        <p className="countdown-warning" aria-hidden="true">
          还有 {warning} 分钟，请检查未答的题目
        </p>
      ) : null}
    </>
  );
}

/** Before the start: counts down, then reloads the page, which starts the paper by itself. */
function StartCountdown({ seconds, startsAt }: { seconds: number; startsAt: string }) {
  const revalidator = useRevalidator();
  const left = useSecondsLeft(seconds, () => revalidator.revalidate());
  return (
    <div className="notice">
      <p>
        考试将于 {startsAt} 开始，<span role="timer">还有 {clock(left)}</span>。到时本页自动开始答题；如未自动开始，请刷新本页。
      </p>
    </div>
  );
}

const QUEUE_KEY = (attemptId: number) => `carecert-exam-queue-${attemptId}`;

type Exam = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["exam"]>;

/** One answer to the lean save endpoint; a busy server (503) or a lost connection means "send again later". */
async function sendAnswer(attemptId: number, answer: PendingAnswer): Promise<SendOutcome> {
  const body = new URLSearchParams({ questionId: answer.questionId, choice: answer.choice.join(","), seq: String(answer.seq) });
  const response = await fetch(`/api/exam/${attemptId}/answers`, { method: "POST", body });
  if (response.status === 503 || response.status >= 500) return { kind: "retry", afterSeconds: Number(response.headers.get("Retry-After")) || 3 };
  const result = (await response.json().catch(() => null)) as { status: string; reason?: string } | null;
  return result?.status === "refused" || !response.ok ? { kind: "refused", reason: result?.reason ?? "error" } : { kind: "kept" };
}

function ExamPaper({ exam }: { exam: Exam }) {
  const revalidator = useRevalidator();
  const [section, setSection] = useState(exam.section);
  const [answers, setAnswers] = useState<Record<string, number[]>>(() => Object.fromEntries(exam.questions.map((q) => [q.id, q.saved])));
  const [pending, setPending] = useState(0);
  const [status, setStatus] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(exam.confirming);
  const [handingIn, setHandingIn] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const seq = useRef(exam.seqBase);
  const queue = useRef<AnswerQueue | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const store = {
      load: () => (JSON.parse(window.sessionStorage.getItem(QUEUE_KEY(exam.attemptId)) ?? "[]") as PendingAnswer[]).filter((a) => exam.questions.some((q) => q.id === a.questionId)),
      save: (list: PendingAnswer[]) => (list.length > 0 ? window.sessionStorage.setItem(QUEUE_KEY(exam.attemptId), JSON.stringify(list)) : window.sessionStorage.removeItem(QUEUE_KEY(exam.attemptId))),
    };
    const q = new AnswerQueue(
      (answer) => sendAnswer(exam.attemptId, answer),
      (count, settled) => {
        setPending(count);
        if (!settled) return;
        if (settled.outcome.kind === "refused" && settled.outcome.reason === "closed") revalidator.revalidate();
        setStatus((s) => ({ ...s, [settled.questionId]: settled.outcome.kind === "refused" ? "未能保存，请联系监考员" : "已保存" }));
      },
      store,
    );
    queue.current = q;
    // Answers a reload interrupted are shown as chosen and sent again with their own numbers.
    const restored = q.restore();
    if (restored.length > 0) {
      setAnswers((a) => ({ ...a, ...Object.fromEntries(restored.map((r) => [r.questionId, r.choice])) }));
      seq.current = Math.max(seq.current, ...restored.map((r) => r.seq + 1));
    }
    return () => q.dispose();
    // The queue lives as long as this attempt's page.
  }, [exam.attemptId]);

  // Leaving the page is reported to the invigilator, never prevented.
  useEffect(() => {
    const report = () => {
      if (document.visibilityState === "hidden") void fetch(`/api/exam/${exam.attemptId}/left`, { method: "POST", keepalive: true }).catch(() => undefined);
    };
    document.addEventListener("visibilitychange", report);
    return () => document.removeEventListener("visibilitychange", report);
  }, [exam.attemptId]);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  // Each change is queued and sent at once, numbered so a late older save can never overwrite a newer one.
  function choose(q: Exam["questions"][number], option: number, checked: boolean) {
    const current = answers[q.id] ?? [];
    const choice = q.type === "multiple" ? (checked ? [...current, option] : current.filter((c) => c !== option)).sort((a, b) => a - b) : [option];
    setAnswers((a) => ({ ...a, [q.id]: choice }));
    setStatus((s) => ({ ...s, [q.id]: "保存中…" }));
    queue.current?.add({ questionId: q.id, choice, seq: seq.current++ });
  }

  function go(event: MouseEvent, to: string, number?: number) {
    event.preventDefault();
    setSection(to as typeof section);
    window.requestAnimationFrame(() => (number ? document.getElementById(`q-${number}`) : document.getElementById("paper-top"))?.scrollIntoView({ block: "start" }));
  }

  // With JavaScript, 交卷 waits for the unsent answers, then hands in through the lean endpoint.
  async function handIn() {
    setHandingIn(true);
    setSubmitError(null);
    const flushed = await (queue.current?.whenEmpty(30_000) ?? Promise.resolve(true));
    const response = flushed ? await fetch(`/api/exam/${exam.attemptId}/submit`, { method: "POST" }).catch(() => null) : null;
    setHandingIn(false);
    if (response?.ok) {
      window.sessionStorage.removeItem(QUEUE_KEY(exam.attemptId));
      revalidator.revalidate();
    } else setSubmitError(!flushed ? "仍有答案未能保存，网络恢复后会自动重发，请稍后再次交卷" : response ? "交卷未成功，请联系监考员" : "网络中断，交卷未成功，恢复后请再次交卷；到时系统将按已保存的答案自动交卷");
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const intent = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
    if (intent === "submit") {
      event.preventDefault();
      setConfirming(true);
    } else if (intent === "submit-confirmed") {
      event.preventDefault();
      void handIn();
    }
  }

  const isAnswered = (id: string) => (answers[id] ?? []).length > 0;
  const answered = exam.questions.filter((q) => isAnswered(q.id)).length;
  const unanswered = exam.questions.length - answered;
  const index = exam.sections.indexOf(section);
  const previous = exam.sections[index - 1];
  const next = exam.sections[index + 1];
  return (
    <Form method="post" className="stack exam-paper" onSubmit={onSubmit}>
      <div className="exam-bar">
        <Countdown seconds={exam.remainingSeconds} onExpire={() => void handIn()} />
        <p className="exam-progress">
          已答 {answered} / {exam.questions.length}
          {pending > 0 ? <span className="tag warn"> {pending} 条答案待保存</span> : null}
        </p>
      </div>
      <input type="hidden" name="seq" value={exam.seqBase} />
      <input type="hidden" name="section" value={section} />
      <details className="card navigator" open>
        <summary>
          答题卡 <span className="muted">（已答 {answered} 题，未答 {unanswered} 题）</span>
        </summary>
        {exam.sections.map((type) => {
          const of = exam.questions.filter((q) => q.type === type);
          return (
            <div key={type} className="navigator-section">
              <p className="navigator-title">
                {sectionNames[type]} <span className="muted">{of.filter((q) => isAnswered(q.id)).length} / {of.length}</span>
              </p>
              <div className="navigator-grid">
                {of.map((q) => (
                  <button
                    key={q.id}
                    type="submit"
                    name="intent"
                    value={`goto:${type}:${q.number}`}
                    className={isAnswered(q.id) ? "answered" : "unanswered"}
                    aria-label={`第 ${q.number} 题，${isAnswered(q.id) ? "已答" : "未答"}`}
                    onClick={(e) => go(e, type, q.number)}
                  >
                    {q.number}
                  </button>
                ))}
              </div>
            </div>
          );
        })}
      </details>
      <h2 id="paper-top">
        {sectionNames[section]}（第 {index + 1} 部分，共 {exam.sections.length} 部分）
      </h2>
      {exam.questions.map((q) => (
        <fieldset key={q.id} id={`q-${q.number}`} className="card question" hidden={q.type !== section}>
          <legend>
            {q.number}. {q.stem} <span className="muted">（{sectionNames[q.type]}，{q.points} 分）</span>
          </legend>
          {q.options.map((o, k) => (
            <label key={k} className="option">
              <input type={q.type === "multiple" ? "checkbox" : "radio"} name={`q_${q.id}`} value={k} checked={(answers[q.id] ?? []).includes(k)} onChange={(e) => choose(q, k, e.target.checked)} />
              {q.type === "true_false" ? o : `${OPTION_LETTERS[k]}. ${o}`}
            </label>
          ))}
          {status[q.id] ? <p className="hint">{status[q.id]}</p> : null}
        </fieldset>
      ))}
      <div className="actions section-nav">
        {previous ? (
          <button type="submit" name="intent" value={`goto:${previous}`} className="secondary" onClick={(e) => go(e, previous)}>
            上一部分：{sectionNames[previous]}
          </button>
        ) : null}
        {next ? (
          <button type="submit" name="intent" value={`goto:${next}`} className="secondary" onClick={(e) => go(e, next)}>
            下一部分：{sectionNames[next]}
          </button>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit" name="intent" value="save-all" className="secondary">
          保存全部答案
        </button>
        <button type="submit" name="intent" value="submit">
          交卷
        </button>
      </div>
      {confirming ? (
        <section className="card confirm-hand-in" aria-labelledby="confirm-title">
          <h2 id="confirm-title">确认交卷</h2>
          <p>
            共 {exam.questions.length} 题，已答 {answered} 题，<strong>{unanswered > 0 ? `还有 ${unanswered} 题未作答` : "全部已作答"}</strong>。交卷后不能再修改答案。
          </p>
          {pending > 0 ? <p className="hint">还有 {pending} 条答案待保存，交卷前会先保存。</p> : null}
          <div className="actions">
            <button ref={confirmRef} type="submit" name="intent" value="submit-confirmed" disabled={handingIn}>
              {handingIn ? "正在交卷…" : "确认交卷"}
            </button>
            <Link
              to={`?section=${section}`}
              className="button secondary"
              onClick={(e) => {
                e.preventDefault();
                setConfirming(false);
              }}
            >
              返回检查
            </Link>
          </div>
        </section>
      ) : null}
      {submitError ? (
        <p className="form-error" role="alert">
          {submitError}
        </p>
      ) : null}
    </Form>
  );
}

export default function ExamPage() {
  const { header, state, exam, startsInSeconds } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const submit = useSubmit();
  const started = useRef(false);

  // At the start time the paper starts by itself (without JavaScript the 开始考试 button does it).
  useEffect(() => {
    if (state === "ready" && !started.current) {
      started.current = true;
      submit({ intent: "start" }, { method: "post" });
    }
  }, [state, submit]);

  // Waiting to be checked in at the door: look again every 15 seconds.
  useEffect(() => {
    if (state !== "not_checked_in") return;
    const timer = window.setInterval(() => revalidator.revalidate(), 15_000);
    return () => window.clearInterval(timer);
  }, [state, revalidator]);

  return (
    <main className="container reader exam-page">
      <h1>{header.title} 理论考试</h1>
      <p className="muted">
        {header.session}
        {header.room ? ` · ${header.room}` : ""}
      </p>
      {state === "not_started" ? <StartCountdown seconds={startsInSeconds} startsAt={header.startsAt} /> : null}
      {state === "not_checked_in" ? <p className="notice warn">请先在考场门口出示身份证件，由监考员核验入场；核验后本页自动开始（也可刷新本页）。</p> : null}
      {state === "ready" ? (
        <Form method="post" className="card">
          <p>开始后计时立即开始，到时未交卷的，系统将按已保存的答案自动交卷。每道题作答后自动保存。</p>
          <button name="intent" value="start">
            开始考试
          </button>
        </Form>
      ) : null}
      {state === "oral" ? <p className="notice">您参加口试：请在考场按座号入座，由监考员读题并代您录入答案，本页无需操作。</p> : null}
      {state === "submitted" ? <p className="notice">已交卷。成绩将在培训基地发布后显示在“职业技能等级认定”页面。</p> : null}
      {state === "other_device" ? (
        <Form method="post" className="card">
          <p>本场考试已在另一台设备上进行。如需改用本设备继续答题，请申请并等待监考员批准；批准后，此前保存的答案都会保留。</p>
          <button name="intent" value="takeover">
            申请在本设备继续
          </button>
        </Form>
      ) : null}
      {state === "awaiting_approval" ? <p className="notice warn">已申请在本设备继续，请等待监考员批准后刷新本页。</p> : null}
      {exam ? <ExamPaper key={exam.attemptId} exam={exam} /> : null}
    </main>
  );
}
