import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field } from "./field.tsx";

/** An objection raised during 公示 as a list page shows it. */
export type ObjectionView = { id: number; recordedAt: string; raisedBy: string; source?: string; content: string; resolution: string | null };

/**
 * A list's 公示 objections for the reviewing officer: each with its answer or a form to answer it, then a form to
 * record a written objection about the whole list or one person on it. Posts `resolve-objection` and `record-objection`.
 */
export function ObjectionsSection({
  objections,
  canAnswer,
  resolutionError,
  writtenErrors,
  personField,
  people,
  hint,
}: {
  objections: ObjectionView[];
  canAnswer: boolean;
  resolutionError: (objectionId: number) => string | undefined;
  writtenErrors: { raisedBy?: string; content?: string };
  /** The form field naming the person concerned on this kind of list (a line or an application). */
  personField: string;
  people: Array<{ value: number; label: string }>;
  hint?: ReactNode;
}) {
  if (objections.length === 0 && !canAnswer) return null;
  return (
    <>
      <h2>公示异议</h2>
      {objections.map((o) => {
        const error = resolutionError(o.id);
        return (
          <section key={o.id} className="card">
            <p>
              {o.recordedAt} · {o.raisedBy} {o.source ? <span className="tag">{o.source}</span> : null}：{o.content}
            </p>
            {o.resolution ? (
              <p className="muted">答复：{o.resolution}</p>
            ) : canAnswer ? (
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="objectionId" value={o.id} />
                <div className="field">
                  <label htmlFor={`resolution-${o.id}`}>答复</label>
                  <input id={`resolution-${o.id}`} name="resolution" />
                  {error ? (
                    <p className="field-error" role="alert">
                      {error}
                    </p>
                  ) : null}
                </div>
                <button name="intent" value="resolve-objection">
                  保存答复
                </button>
              </Form>
            ) : (
              <p className="tag warn">待答复</p>
            )}
          </section>
        );
      })}
      {canAnswer ? (
        <section className="card narrow">
          <h3>登记书面异议</h3>
          {hint}
          <Form method="post" className="stack" noValidate>
            <Field label="提出人" name="raisedBy" error={writtenErrors.raisedBy} />
            <Field label="异议内容" name="content" error={writtenErrors.content} />
            <div className="field">
              <label htmlFor="objection-line">涉及人员（可不选）</label>
              <select id="objection-line" name={personField} defaultValue="">
                <option value="">（整份名册）</option>
                {people.map((p) => (
                  <option key={p.value} value={p.value}>
                    {p.label}
                  </option>
                ))}
              </select>
            </div>
            <button name="intent" value="record-objection">
              登记
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
