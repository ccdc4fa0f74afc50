import type { z } from "./zod.ts";

export type FieldErrors = Record<string, string>;
/** `values` is what was typed (secrets left out), to refill the form when a later check fails. */
export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Fields never sent back to the browser after a failed submission. */
const SECRET_FIELDS = /password/i;

/** Parses a form with a zod schema; on failure returns the first message per field and what was typed. */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S): FormResult<z.output<S>> {
  const raw: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") raw[key] = value;
  const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !SECRET_FIELDS.test(k)));
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values };
}
