import { z } from "./zod.ts";
import { isConfirmed } from "./confirm.ts";
import { parseForm } from "./form.ts";

/** The reason a reviewer gives for a step on a list (exclude, return, answer an objection). */
export const stepReason = z.string().trim().min(2, "请填写理由（至少 2 个字）").max(200, "最多 200 个字");
/** A row picked on the page (a line, an application, an objection). */
export const pickedId = z.string().regex(/^\d+$/, "请选择").transform(Number);

export type StepOutcome = { ok: true; notice: string } | { ok: false; errors: Record<string, string>; values: Record<string, string> };

/**
 * The workflow steps of a reviewed list page (allowance and subsidy lists), as the page posts them: each its form,
 * whether it is asked first (`ConfirmAction`, checked here), and what it does, answering the one-time message shown
 * after it. Who may take a step comes from the list's state machine. `C` is what the page hands every step.
 */
export function stepsOfListPage<C>() {
  return function step<S extends z.ZodType>(schema: S, confirm: boolean, run: (input: z.output<S>, ctx: C) => Promise<string>) {
    return async (form: FormData, ctx: C): Promise<StepOutcome> => {
      const parsed = parseForm(form, schema);
      if (!parsed.ok) return parsed;
      if (confirm && !isConfirmed(form)) return { ok: false, errors: { _form: "请先在确认框中核对后再提交" }, values: parsed.values };
      return { ok: true, notice: await run(parsed.data, ctx) };
    };
  };
}
