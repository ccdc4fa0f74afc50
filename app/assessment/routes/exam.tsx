import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useRevalidator } from "@remix-run/react";
import { inArray } from "drizzle-orm";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { examQuestions } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { clientIp, notFound } from "../../utils/http.ts";
import { OPTION_LETTERS } from "../../utils/option-letters.ts";
import { secondsRemaining } from "../answers.ts";
import { approvedSeat, attemptOf, closeIfOverdue, deviceIdFrom, examDeviceCookie, requestTakeover, saveAnswer, savedAnswers, startAttempt, submitAttempt } from "../exam.server.ts";
import { planLabel } from "../plan-label.ts";

export const meta: MetaFunction = () => [{ title: "理论考试 · carecert" }];


function requireSeat(request: Request, sessionId: string | undefined) {
  const { user } = requireUserWithPermission(request, "apply:assessment:own");
  const seat = approvedSeat(db, user.id, Number(sessionId));
  if (!seat || seat.session.status === "draft") notFound("没有您在该批次的考试：申报需审核通过，批次需已开考");
  return { user, seat };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { seat } = requireSeat(request, params.sessionId);
  const now = new Date();
  const header = { sessionId: seat.session.id, title: planLabel(seat.plan), session: seat.session.name, room: seat.application.room, startsAt: formatDateTime(seat.session.theoryStartsAt) };
  const existing = attemptOf(db, seat.application.id);
  if (!existing) return { header, state: now >= seat.session.theoryStartsAt ? ("ready" as const) : ("not_started" as const), exam: null };
  const attempt = closeIfOverdue(db, existing, now);
  if (attempt.submittedAt) return { header, state: "submitted" as const, exam: null };
  const device = deviceIdFrom(request);
  if (device !== attempt.deviceId) return { header, state: device && device === attempt.pendingDeviceId ? ("awaiting_approval" as const) : ("other_device" as const), exam: null };
  const ids = attempt.paper.map((q) => q.questionId);
  const bank = new Map(db.select({ id: examQuestions.id, stem: examQuestions.stem, options: examQuestions.options }).from(examQuestions).where(inArray(examQuestions.id, ids)).all().map((q) => [q.id, q]));
  const saved = savedAnswers(db, attempt.id);
  return {
    header,
    state: "in_progress" as const,
    exam: {
      attemptId: attempt.id,
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
  const { user, seat } = requireSeat(request, params.sessionId);
  const form = await request.formData();
  const intent = form.get("intent");
  const ip = clientIp(request);
  const back = `/exam/${seat.session.id}`;
  const existing = attemptOf(db, seat.application.id);
  if (intent === "start") {
    if (existing || new Date() < seat.session.theoryStartsAt) return redirect(back);
    const attempt = startAttempt(db, seat, ip);
    return redirect(back, { headers: { "Set-Cookie": examDeviceCookie(request, attempt.deviceId) } });
  }
  if (!existing) return redirect(back);
  if (intent === "takeover") {
    if (existing.submittedAt) return redirect(back);
    return redirect(back, { headers: { "Set-Cookie": examDeviceCookie(request, requestTakeover(db, existing.id, user.id, ip)) } });
  }
  if (intent === "save-all" || intent === "submit") {
    // Without JavaScript the whole paper arrives at once; with it, this only carries the last answers.
    const seq = Number(form.get("seq")) || 0;
    for (const q of existing.paper) {
      const choice = form.getAll(`q_${q.questionId}`).map(Number);
      if (choice.length > 0) saveAnswer(db, { attemptId: existing.id, userId: user.id, deviceId: deviceIdFrom(request), questionId: q.questionId, choice, seq, ip });
    }
    if (intent === "submit" && deviceIdFrom(request) === existing.deviceId) submitAttempt(db, existing.id, ip);
    return redirect(back);
  }
  throw new Response("未知操作", { status: 400 });
}

/** Shows the server's remaining time counting down; the server closes the attempt at its deadline either way. */
function Countdown({ seconds, onExpire }: { seconds: number; onExpire: () => void }) {
  const [left, setLeft] = useState(seconds);
  const expire = useRef(onExpire);
  expire.current = onExpire;
  useEffect(() => {
    const end = Date.now() + seconds * 1000;
    const timer = window.setInterval(() => {
      const remaining = Math.max(0, Math.round((end - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        window.clearInterval(timer);
        expire.current();
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [seconds]);
  const mm = String(Math.floor(left / 60)).padStart(2, "0");
  const ss = String(left % 60).padStart(2, "0");
  return (
    <p className={left < 300 ? "countdown warn" : "countdown"} role="timer" aria-live="off">
      剩余时间 {mm}:{ss}
    </p>
  );
}

export default function ExamPage() {
  const { header, state, exam } = useLoaderData<typeof loader>();
  const formRef = useRef<HTMLFormElement>(null);
  const seq = useRef(exam?.seqBase ?? 1);
  const [status, setStatus] = useState<Record<string, string>>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const saving = useRef(new Set<Promise<unknown>>());
  const revalidator = useRevalidator();

  // Each change is saved at once, numbered so a late older save can never overwrite a newer one.
  function save(questionId: string) {
    if (!exam || !formRef.current) return;
    const choice = new FormData(formRef.current).getAll(`q_${questionId}`).join(",");
    const body = new URLSearchParams({ questionId, choice, seq: String(seq.current++) });
    setStatus((s) => ({ ...s, [questionId]: "保存中…" }));
    const saved = fetch(`/api/exam/${exam.attemptId}/answers`, { method: "POST", body })
      .then((r) => r.json() as Promise<{ status: string }>)
      .then((r) => setStatus((s) => ({ ...s, [questionId]: r.status === "refused" ? "未能保存，请联系监考员" : "已保存" })))
      .catch(() => setStatus((s) => ({ ...s, [questionId]: "网络中断，恢复后请重新选择" })));
    saving.current.add(saved);
    void saved.finally(() => saving.current.delete(saved));
  }

  // With JavaScript, 交卷 waits for the saves in flight, then hands in through the lean endpoint.
  async function handIn(event: FormEvent<HTMLFormElement>) {
    if (!exam || (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") !== "submit") return;
    event.preventDefault();
    await Promise.allSettled([...saving.current]);
    const response = await fetch(`/api/exam/${exam.attemptId}/submit`, { method: "POST" }).catch(() => null);
    if (response?.ok) revalidator.revalidate();
    else setSubmitError(response ? "交卷未成功，请联系监考员" : "网络中断，交卷未成功，恢复后请再次交卷；到时系统将按已保存的答案自动交卷");
  }

  return (
    <main className="container reader">
      <h1>{header.title} 理论考试</h1>
      <p className="muted">
        {header.session}
        {header.room ? ` · ${header.room}` : ""}
      </p>
      {state === "not_started" ? <p className="notice">考试将于 {header.startsAt} 开始，请届时刷新本页。</p> : null}
      {state === "ready" ? (
        <Form method="post" className="card">
          <p>开始后计时立即开始，到时未交卷的，系统将按已保存的答案自动交卷。每道题作答后自动保存。</p>
          <button name="intent" value="start">
            开始考试
          </button>
        </Form>
      ) : null}
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
      {exam ? (
        <Form method="post" ref={formRef} className="stack" onSubmit={handIn}>
          <Countdown seconds={exam.remainingSeconds} onExpire={() => formRef.current?.requestSubmit(formRef.current.querySelector<HTMLButtonElement>('button[value="submit"]'))} />
          <input type="hidden" name="seq" value={exam.seqBase} />
          {exam.questions.map((q) => (
            <fieldset key={q.id} className="card question">
              <legend>
                {q.number}. {q.stem} <span className="muted">（{q.type === "multiple" ? "多选" : q.type === "single" ? "单选" : "判断"}，{q.points} 分）</span>
              </legend>
              {q.options.map((o, k) => (
                <label key={k} className="option">
                  <input type={q.type === "multiple" ? "checkbox" : "radio"} name={`q_${q.id}`} value={k} defaultChecked={q.saved.includes(k)} onChange={() => save(q.id)} />
                  {q.type === "true_false" ? o : `${OPTION_LETTERS[k]}. ${o}`}
                </label>
              ))}
              {status[q.id] ? <p className="hint">{status[q.id]}</p> : null}
            </fieldset>
          ))}
          {submitError ? (
            <p className="form-error" role="alert">
              {submitError}
            </p>
          ) : null}
          <div className="actions">
            <button name="intent" value="save-all" className="secondary">
              保存全部答案
            </button>
            <button name="intent" value="submit">
              交卷
            </button>
          </div>
        </Form>
      ) : null}
    </main>
  );
}
