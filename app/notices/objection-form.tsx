import { Form } from "@remix-run/react";
import { Field, FormError } from "../components/field.tsx";

/** How long an objection's text may be, in characters (the form and its schema share it). */
export const OBJECTION_MAX_LENGTH = 500;

/** The worker's objection: about one of their own lines or the list as a whole; text required. */
export function ObjectionForm({
  listId,
  lines,
  result,
}: {
  listId: number;
  lines: Array<{ lineId: number; label: string }>;
  result?: { listId: string; errors: Record<string, string>; values: Record<string, string> } | null;
}) {
  const mine = result?.listId === String(listId) ? result : null;
  const id = (name: string) => `objection-${listId}-${name}`;
  return (
    <Form method="post" className="stack" noValidate>
      <input type="hidden" name="listId" value={listId} />
      <FormError error={mine?.errors._form} />
      <div className="field">
        <label htmlFor={id("line")}>异议涉及</label>
        <select id={id("line")} name="lineId" defaultValue={mine?.values.lineId ?? ""}>
          <option value="">整份名册</option>
          {lines.map((l) => (
            <option key={l.lineId} value={l.lineId}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
      <Field label="异议内容" name="content" id={id("content")} rows={4} maxLength={OBJECTION_MAX_LENGTH} defaultValue={mine?.values.content} error={mine?.errors.content} hint={`写明理由，最多 ${OBJECTION_MAX_LENGTH} 个字`} />
      <button type="submit">提出异议</button>
    </Form>
  );
}
