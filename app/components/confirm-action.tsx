import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CONFIRM_FIELD } from "../utils/confirm.ts";

type ConfirmActionProps = {
  /** The step's verb, on the opening button and (prefixed 确认) on the final one: 申报, 开考, 吊销… */
  label: string;
  intent: string;
  /** What will happen, in numbers ("发放 23 人，合计 ¥12,300.00"), one line each. */
  consequences: ReactNode[];
  /** Why it cannot be taken back, or until when it can. */
  warning?: ReactNode;
  fields?: Record<string, string>;
  action?: string;
  danger?: boolean;
  /** Extra inputs the step needs (a reason…), inside the confirming form. */
  children?: ReactNode;
  disabled?: boolean;
};

/**
 * Ask first: the button opens a panel that states what will happen and only its own button posts the step.
 * Built on <details>, so it works before (and without) JavaScript; the action checks `isConfirmed`.
 */
export function ConfirmAction({ label, intent, consequences, warning, fields = {}, action, danger, children, disabled }: ConfirmActionProps) {
  if (disabled) {
    return (
      <button type="button" className={danger ? "danger" : undefined} disabled>
        {label}
      </button>
    );
  }
  return (
    <details className={danger ? "confirm danger" : "confirm"}>
      <summary className={danger ? "button danger" : "button"}>{label}…</summary>
      <div className="confirm-panel">
        <p className="confirm-title">确认{label}？</p>
        <ul>
          {consequences.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
        {warning ? <p className="hint">{warning}</p> : null}
        <Form method="post" action={action} className="stack">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name={CONFIRM_FIELD} value="yes" />
          {children}
          <button type="submit" name="intent" value={intent} className={danger ? "danger" : undefined}>
            确认{label}
          </button>
        </Form>
      </div>
    </details>
  );
}
