import { data } from "@remix-run/node";
import { z } from "../utils/zod.ts";
import { actor, type CurrentUser } from "../auth/auth.server.ts";
import { raiseObjection, ListError } from "../allowances/lists.server.ts";
import { db } from "../db.server.ts";
import { parseForm } from "../utils/form.ts";
import { redirectWithNotice } from "../utils/notice.server.ts";
import { OBJECTION_MAX_LENGTH } from "./objection-form.tsx";

/** The worker's objection form, posted from /my and from the public notice page alike. */
const objectionSchema = z.object({
  listId: z.string().regex(/^\d+$/, "请选择名册").transform(Number),
  lineId: z.union([z.literal("").transform(() => null), z.string().regex(/^\d+$/, "请选择").transform(Number)]),
  content: z.string().trim().min(5, "请写明异议内容（至少 5 个字）").max(OBJECTION_MAX_LENGTH, `最多 ${OBJECTION_MAX_LENGTH} 个字`),
});

export type ObjectionResult = { listId: string; errors: Record<string, string>; values: Record<string, string> };

/** Raises the signed-in user's objection and returns to `back` with what happened; refusals come back next to the form. */
export async function objectFromForm(request: Request, user: CurrentUser, form: FormData, back: string) {
  const parsed = parseForm(form, objectionSchema);
  if (!parsed.ok) return data<ObjectionResult>({ listId: parsed.values.listId ?? "", errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await raiseObjection(db, parsed.data.listId, { person: { id: user.personId, name: user.name }, content: parsed.data.content, lineId: parsed.data.lineId }, { ...actor(request, user), userId: user.id });
  } catch (error) {
    if (error instanceof ListError) return data<ObjectionResult>({ listId: String(parsed.data.listId), errors: { _form: error.message }, values: parsed.values }, { status: 409 });
    throw error;
  }
  return redirectWithNotice(request, back, "已提出异议，区县民政部门答复后可在“我的补贴与记录”中查看");
}
