import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ListError } from "../../allowances/lists.server.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { Field, FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { chinaDate, formatDateTime } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { z } from "../../utils/zod.ts";
import { CREDIT_PERMISSION, creditEntryInScope, decideAppeal, editCreditEntry, entryState, revokeCreditEntry } from "../credit.server.ts";
import { EntryFields } from "../entry-fields.tsx";
import { entryFormSchema, entryFormValues } from "../entry-form.ts";
import { blackListCategoryNames, creditListNames, creditMoveRefusal, creditStateNames, describeTerm, type BlackListCategory } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.entry.list ?? "红黑名单"}：${data?.entry.subject ?? ""} · carecert` }];

async function load(request: Request, entryId: string | undefined) {
  const { user, scope } = await requireUserWithPermission(request, CREDIT_PERMISSION);
  const found = await creditEntryInScope(db, scope, Number(entryId));
  if (!found) notFound("未找到该记录，或该记录不在您的管辖范围内");
  return { user, found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found } = await load(request, params.entryId);
  const { entry: e, appeals } = found;
  const today = chinaDate(new Date());
  const state = entryState(e, today);
  const facts = { list: e.list, state, openAppeal: appeals.some((a) => a.appeal.decision === null) };
  return {
    entry: {
      id: e.id,
      list: creditListNames[e.list],
      black: e.list === "black",
      subject: found.subjectName,
      identity: found.idNumber ? maskIdNumber(found.idNumber) : found.creditCode,
      organisationId: e.organisationId,
      region: found.regionName,
      term: describeTerm(e),
      state: creditStateNames[state],
      title: e.title,
      awardingBody: e.awardingBody,
      sourceDocument: e.sourceDocument,
      category: e.category ? blackListCategoryNames[e.category as BlackListCategory] : null,
      reason: e.reason,
      evidence: e.evidence,
      decisionNumber: e.decisionNumber,
      published: e.published,
      revoked: e.revokedAt ? { at: formatDateTime(e.revokedAt), reason: e.revokedReason } : null,
    },
    values: entryFormValues(e),
    may: { edit: creditMoveRefusal(facts, "edit") === null, revoke: creditMoveRefusal(facts, "revoke") === null, decide: creditMoveRefusal(facts, "decide_appeal") === null },
    appeals: appeals.map((a) => ({
      id: a.appeal.id,
      by: a.lodgedByName,
      at: formatDateTime(a.appeal.lodgedAt),
      content: a.appeal.content,
      decision: a.appeal.decision === null ? null : a.appeal.decision === "upheld" ? "申诉成立，已撤销" : "驳回申诉",
      decisionReason: a.appeal.decisionReason,
      decidedAt: a.appeal.decidedAt ? formatDateTime(a.appeal.decidedAt) : null,
    })),
  };
}

const stepSchema = z.object({
  intent: z.enum(["revoke", "uphold", "dismiss"]),
  reason: z.string().trim().min(4, "请写明原因（至少 4 个字）").max(200, "最多 200 个字"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, found } = await load(request, params.entryId);
  const form = await request.formData();
  const by = actor(request, user);
  const back = `/region/credit/${found.entry.id}`;
  const now = new Date();
  try {
    if (form.get("intent") === "edit") {
      const parsed = parseForm(form, entryFormSchema(chinaDate(now)));
      if (!parsed.ok) return data({ intent: "edit", errors: parsed.errors, values: parsed.values }, { status: 400 });
      const entry = await editCreditEntry(db, found.entry.id, parsed.data, by, now);
      return redirectWithNotice(request, back, `已修改 ${found.subjectName} 的${creditListNames[entry.list]}记录：${describeTerm(entry)}`);
    }
    const parsed = parseForm(form, stepSchema);
    const intent = String(form.get("intent") ?? "");
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    if (!isConfirmed(form)) return data({ intent, errors: { reason: "请在确认框中确认后再提交" } as Record<string, string>, values: parsed.values }, { status: 400 });
    if (parsed.data.intent === "revoke") {
      await revokeCreditEntry(db, found.entry.id, parsed.data.reason, by, now);
      return redirectWithNotice(request, back, `已撤销 ${found.subjectName} 的${creditListNames[found.entry.list]}记录，今日起不再有效`);
    }
    await decideAppeal(db, found.entry.id, parsed.data.intent === "uphold" ? "upheld" : "dismissed", parsed.data.reason, by, now);
    return redirectWithNotice(request, back, parsed.data.intent === "uphold" ? `申诉成立：已撤销 ${found.subjectName} 的黑名单记录` : `已驳回 ${found.subjectName} 的申诉，黑名单记录继续有效`);
  } catch (error) {
    if (error instanceof ListError) return data({ intent: String(form.get("intent") ?? ""), errors: { _form: error.message } as Record<string, string>, values: {} as Record<string, string> }, { status: 409 });
    throw error;
  }
}

export default function CreditEntryPage() {
  const { entry: e, values, may, appeals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string): Record<string, string> => (result?.intent === intent ? result.errors : {});
  const open = appeals.find((a) => a.decision === null);
  return (
    <main className="container narrow">
      <h1>
        {e.list}：{e.subject}
      </h1>
      <p>
        <Link to="/region/credit">返回红黑名单</Link>
        {e.organisationId !== null ? (
          <>
            {" · "}
            <Link to={`/orgs/${e.organisationId}`}>机构页面</Link>
          </>
        ) : null}
      </p>
      <FormError error={result?.errors._form} />
      <section className="card">
        <p>
          <span className={e.black ? "tag warn" : "tag"}>{e.state}</span> {e.term}
        </p>
        <dl className="facts">
          <dt>{e.organisationId !== null ? "统一社会信用代码" : "身份证号码"}</dt>
          <dd>{e.identity}</dd>
          <dt>决定地区</dt>
          <dd>{e.region}</dd>
          {e.black ? (
            <>
              <dt>失信类别</dt>
              <dd>{e.category}</dd>
              <dt>列入理由</dt>
              <dd>{e.reason}</dd>
              <dt>证据（不公开）</dt>
              <dd>{e.evidence ?? "—"}</dd>
              <dt>决定文书编号</dt>
              <dd>{e.decisionNumber}</dd>
              <dt>公开公布</dt>
              <dd>{e.published ? "是（打码姓名、类别和期限）" : "否"}</dd>
            </>
          ) : (
            <>
              <dt>表彰称号</dt>
              <dd>{e.title}</dd>
              <dt>授予单位</dt>
              <dd>{e.awardingBody}</dd>
              <dt>表彰文件</dt>
              <dd>{e.sourceDocument ?? "—"}</dd>
            </>
          )}
          {e.revoked ? (
            <>
              <dt>撤销</dt>
              <dd>
                {e.revoked.at}：{e.revoked.reason}
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      {e.black ? (
        <section aria-labelledby="appeals-heading">
          <h2 id="appeals-heading">申诉</h2>
          {appeals.length === 0 ? <p className="muted">没有申诉。</p> : null}
          {appeals.map((a) => (
            <div key={a.id} className="card">
              <p>
                <strong>{a.by}</strong> <span className="muted">{a.at}</span>
              </p>
              <p>{a.content}</p>
              {a.decision ? (
                <p className="hint">
                  {a.decidedAt} {a.decision}：{a.decisionReason}
                </p>
              ) : null}
            </div>
          ))}
          {open && may.decide ? (
            <div className="actions">
              <ConfirmAction label="申诉成立" intent="uphold" danger consequences={[`撤销 ${e.subject} 的黑名单记录，今日起不再有效`, "申诉人在其账号中看到决定和理由"]}>
                <Field id="uphold-reason" label="决定理由" name="reason" maxLength={200} error={errorsFor("uphold").reason} />
              </ConfirmAction>
              <ConfirmAction label="驳回申诉" intent="dismiss" consequences={[`黑名单记录继续有效：${e.term}`, "申诉人在其账号中看到决定和理由"]}>
                <Field id="dismiss-reason" label="驳回理由" name="reason" maxLength={200} error={errorsFor("dismiss").reason} />
              </ConfirmAction>
            </div>
          ) : null}
        </section>
      ) : null}

      {may.revoke ? (
        <section aria-labelledby="revoke-heading">
          <h2 id="revoke-heading">提前撤销</h2>
          <ConfirmAction label="撤销记录" intent="revoke" danger consequences={[`${e.subject} 的${e.list}记录今日起不再有效`, e.black ? "此后的补贴名册重新计算时不再因此剔除；查验页面不再显示" : "公开名单和查验页面不再显示此表彰"]} warning="撤销不能恢复；如需要，请重新列入。">
            <Field id="revoke-reason" label="撤销原因" name="reason" maxLength={200} error={errorsFor("revoke").reason} />
          </ConfirmAction>
        </section>
      ) : null}

      {may.edit ? (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading">修改（生效前）</h2>
          <Form method="post" className="stack card" noValidate>
            <input type="hidden" name="list" value={values.list} />
            <EntryFields values={result?.intent === "edit" ? { ...values, ...result.values } : values} errors={errorsFor("edit")} list={values.list === "red" ? "red" : "black"} />
            <button type="submit" name="intent" value="edit">
              保存修改
            </button>
          </Form>
        </section>
      ) : null}
    </main>
  );
}
