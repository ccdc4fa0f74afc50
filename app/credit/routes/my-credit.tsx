import { firstRow } from "../../../db/query.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { eq } from "drizzle-orm";
import { creditEntries } from "../../../db/schema.ts";
import { ListError } from "../../allowances/lists.server.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { Field, FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { chinaDate, formatDateTime } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { z } from "../../utils/zod.ts";
import { appealsOf, entriesConcerning, entryState, lodgeAppeal, mayAppeal } from "../credit.server.ts";
import { blackListCategoryNames, creditListNames, creditMoveRefusal, creditStateNames, describeTerm, type BlackListCategory } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "我的红黑名单记录 · carecert" }];

/** The listed worker (own) or an institution's admin (org): their entries, the decisions and the appeal path. */
const PERMISSION = "appeal:credit-entry";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, PERMISSION);
  const today = chinaDate(new Date());
  return {
    entries: await Promise.all((await entriesConcerning(db, scope, user.personId)).map(async ({ entry: e, subjectName }) => {
      const appeals = await appealsOf(db, e.id);
      const state = entryState(e, today);
      return {
        id: e.id,
        list: creditListNames[e.list],
        black: e.list === "black",
        subject: subjectName,
        what: e.list === "red" ? `${e.title}（${e.awardingBody}）` : `${blackListCategoryNames[e.category as BlackListCategory]}（${e.decisionNumber}）：${e.reason}`,
        term: describeTerm(e),
        state: creditStateNames[state],
        revoked: e.revokedReason,
        mayAppeal: creditMoveRefusal({ list: e.list, state, openAppeal: appeals.some((a) => a.appeal.decision === null) }, "appeal") === null,
        appeals: appeals.map((a) => ({
          id: a.appeal.id,
          at: formatDateTime(a.appeal.lodgedAt),
          content: a.appeal.content,
          decision: a.appeal.decision === null ? "待民政部门处理" : a.appeal.decision === "upheld" ? `申诉成立：${a.appeal.decisionReason}` : `驳回：${a.appeal.decisionReason}`,
        })),
      };
    })),
  };
}

const appealSchema = z.object({
  entryId: z.coerce.number().int().positive(),
  content: z.string().trim().min(10, "请写明申诉理由（至少 10 个字）").max(1000, "最多 1000 个字"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, PERMISSION);
  const form = await request.formData();
  const parsed = parseForm(form, appealSchema);
  const entryId = String(form.get("entryId") ?? "");
  if (!parsed.ok) return data({ entryId, errors: parsed.errors }, { status: 400 });
  if (!isConfirmed(form)) return data({ entryId, errors: { content: "请在确认框中确认后再提交" } as Record<string, string> }, { status: 400 });
  const entry = await firstRow(db.select().from(creditEntries).where(eq(creditEntries.id, parsed.data.entryId)));
  if (!entry || !mayAppeal(scope, user.personId, entry)) notFound("未找到该记录");
  try {
    await lodgeAppeal(db, entry.id, parsed.data.content, { ...actor(request, user), userId: user.id });
  } catch (error) {
    if (error instanceof ListError) return data({ entryId, errors: { content: error.message } as Record<string, string> }, { status: 409 });
    throw error;
  }
  return redirectWithNotice(request, "/credit", "已提交申诉，民政部门处理后会在此显示决定和理由");
}

export default function MyCreditPage() {
  const { entries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container narrow">
      <h1>红黑名单记录</h1>
      <p className="muted">民政部门对您（或您所在机构）作出的表彰和失信惩戒记录。对黑名单有异议的，可在有效期内提出申诉。</p>
      {entries.length === 0 ? <p>没有记录。</p> : null}
      {entries.map((e) => (
        <section key={e.id} className="card" aria-labelledby={`entry-${e.id}`}>
          <h2 id={`entry-${e.id}`}>
            {e.list}：{e.subject}
          </h2>
          <p>
            <span className={e.black ? "tag warn" : "tag"}>{e.state}</span> {e.term}
          </p>
          <p>{e.what}</p>
          {e.revoked ? <p className="hint">撤销原因：{e.revoked}</p> : null}
          {e.appeals.map((a) => (
            <p key={a.id} className="hint">
              {a.at} 申诉：{a.content} —— {a.decision}
            </p>
          ))}
          {e.mayAppeal ? (
            <ConfirmAction label="提出申诉" intent="appeal" fields={{ entryId: String(e.id) }} consequences={["申诉提交给作出决定的民政部门，处理前记录继续有效", "申诉成立的，记录即日撤销；驳回的，会写明理由"]}>
              <Field id={`content-${e.id}`} label="申诉理由" name="content" rows={4} maxLength={1000} error={result?.entryId === String(e.id) ? result.errors.content : undefined} />
            </ConfirmAction>
          ) : null}
          {result?.entryId === String(e.id) && result.errors.entryId ? <FormError error={result.errors.entryId} /> : null}
        </section>
      ))}
    </main>
  );
}
