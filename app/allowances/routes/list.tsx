import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { resolveScope, scopeCoversOrganisation } from "../../auth/permissions.ts";
import { Field, FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, type SkillLevel } from "../../occupations/occupations.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { requireAllowanceReader } from "../access.server.ts";
import {
  addAdjustment,
  adjustmentsFrom,
  approveList,
  declareList,
  excludeLine,
  exclusionsOf,
  getListInScope,
  linesOf,
  listIntact,
  ListError,
  objectionsOf,
  openNotice,
  recordObjection,
  refreshList,
  resolveObjection,
} from "../lists.server.ts";
import { listStatusNames } from "../list-status.ts";
import { describeCondition } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.list.organisationName ?? ""} ${data?.list.month ?? ""} 补贴名册 · carecert` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scope } = requireAllowanceReader(request);
  const found = getListInScope(db, scope, Number(params.listId));
  if (!found) notFound("未找到该名册，或该名册不在您的管理范围内");
  const { list, organisation, policy, version } = found;
  const may = (permission: string) => {
    const s = resolveScope(user.grants, permission);
    return s !== null && scopeCoversOrganisation(s, organisation);
  };
  const lines = linesOf(db, list.id);
  return {
    list: {
      id: list.id,
      month: list.month,
      status: list.status,
      statusName: listStatusNames[list.status],
      organisationName: organisation.name,
      policyName: `${policy.name}（第 ${version.version} 版）`,
      conditions: version.conditions.map(describeCondition),
      computedAt: formatDateTime(list.computedAt),
      declaredAt: list.declaredAt ? formatDateTime(list.declaredAt) : null,
      noticeStartsOn: list.noticeStartsOn,
      noticeEndsOn: list.noticeEndsOn,
      noticeDays: version.noticeDays,
      approvedAt: list.approvedAt ? formatDateTime(list.approvedAt) : null,
      contentHash: list.contentHash,
      intact: list.status === "approved" ? listIntact(db, list) : null,
      total: lines.filter((l) => !l.excludedAt).reduce((n, l) => n + l.amount, 0),
    },
    lines: lines.map((l) => ({ id: l.id, workerId: l.workerId, name: l.name, idNumber: l.idNumber, level: l.level ? levelShortLabel(l.level as SkillLevel) : null, amount: l.amount, kind: l.kind, rule: l.rule, excludedReason: l.excludedReason })),
    exclusions: exclusionsOf(db, list.id).map((e) => ({ id: e.id, workerId: e.workerId, name: e.name, idNumber: e.idNumber, reasons: e.reasons })),
    objections: objectionsOf(db, list.id).map((o) => ({ id: o.id, lineId: o.lineId, raisedBy: o.raisedBy, content: o.content, recordedAt: formatDateTime(o.recordedAt), resolution: o.resolution })),
    adjustments: adjustmentsFrom(db, list.id).map((a) => ({ id: a.id, workerId: a.workerId, month: a.month, amount: a.amount, reason: a.reason })),
    can: {
      declare: list.status === "draft" && may("declare:allowance-list:org"),
      review: (list.status === "declared" || list.status === "publicised") && may("review:allowance-list:region"),
      openNotice: list.status === "declared" && may("review:allowance-list:region"),
      objections: list.status === "publicised" && may("review:allowance-list:region"),
      approve: list.status === "publicised" && may("approve:allowance-list:region"),
      adjust: list.status === "approved" && may("review:allowance-list:region"),
    },
  };
}

const reason = z.string().trim().min(2, "请填写理由（至少 2 个字）").max(200, "最多 200 个字");
const id = z.string().regex(/^\d+$/, "请选择").transform(Number);

type StepContext = { listId: number; by: ReturnType<typeof actor> & { userId: number } };
/** A workflow step: who may take it (the list must lie inside that permission's scope), its form, what it does. */
function step<S extends z.ZodType>(permission: string, schema: S, run: (input: z.output<S>, ctx: StepContext) => void) {
  return {
    permission,
    perform(form: FormData, ctx: StepContext) {
      const parsed = parseForm(form, schema);
      if (parsed.ok) run(parsed.data, ctx);
      return parsed;
    },
  };
}

const steps = {
  refresh: step("declare:allowance-list:org", z.object({}), (_, c) => refreshList(db, c.listId, c.by)),
  declare: step("declare:allowance-list:org", z.object({}), (_, c) => declareList(db, c.listId, c.by)),
  exclude: step("review:allowance-list:region", z.object({ lineId: id, reason }), (input, c) => excludeLine(db, c.listId, input.lineId, input.reason, c.by)),
  "open-notice": step(
    "review:allowance-list:region",
    z.object({ days: z.string().regex(/^\d{1,2}$/, "请填写 1–30 天").transform(Number).refine((d) => d >= 1 && d <= 30, "请填写 1–30 天") }),
    (input, c) => openNotice(db, c.listId, input.days, c.by),
  ),
  "record-objection": step(
    "review:allowance-list:region",
    z.object({ raisedBy: z.string().trim().min(1, "请填写提出人").max(40, "最多 40 个字"), content: reason, lineId: z.union([z.literal("").transform(() => null), id]) }),
    (input, c) => recordObjection(db, c.listId, input, c.by),
  ),
  "resolve-objection": step("review:allowance-list:region", z.object({ objectionId: id, resolution: reason }), (input, c) => resolveObjection(db, c.listId, input.objectionId, input.resolution, c.by)),
  approve: step("approve:allowance-list:region", z.object({}), (_, c) => approveList(db, c.listId, c.by)),
  adjust: step(
    "review:allowance-list:region",
    z.object({
      workerId: id,
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "请按 YYYY-MM 选择月份"),
      amount: z.string().trim().regex(/^-?\d{1,6}$/, "请填写整数金额（元），扣回填负数").transform(Number).refine((n) => n !== 0, "金额不能为 0"),
      reason,
    }),
    (input, c) => addAdjustment(db, c.listId, input, c.by),
  ),
};

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent"));
  if (!Object.hasOwn(steps, intent)) throw new Response("未知操作", { status: 400 });
  const chosen = steps[intent as keyof typeof steps];
  const { user, scope } = requireUserWithPermission(request, chosen.permission);
  const found = getListInScope(db, scope, Number(params.listId));
  if (!found) notFound("未找到该名册，或该名册不在您的管理范围内");
  try {
    const parsed = chosen.perform(form, { listId: found.list.id, by: { ...actor(request, user), userId: user.id } });
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
  } catch (error) {
    if (error instanceof ListError) return data({ intent, errors: { _form: error.message } as Record<string, string>, values: {} as Record<string, string> }, { status: 409 });
    throw error;
  }
  return redirect(`/allowances/${found.list.id}`);
}

export default function AllowanceListPage() {
  const { list, lines, exclusions, objections, adjustments, can } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : {});
  const paid = lines.filter((l) => !l.excludedReason);
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to={`/allowances?month=${list.month}`}>补贴发放名册</Link>
      </p>
      <h1>
        {list.organisationName} · {list.month}
      </h1>
      <p className="muted">
        {list.policyName} · <span className="tag">{list.statusName}</span> · 计算于 {list.computedAt}
        {list.declaredAt ? ` · 申报于 ${list.declaredAt}` : ""}
        {list.noticeStartsOn ? ` · 公示 ${list.noticeStartsOn} 至 ${list.noticeEndsOn}` : ""}
        {list.approvedAt ? ` · 审批于 ${list.approvedAt}` : ""}
      </p>
      <p className="hint">条件：{list.conditions.join("；")}</p>
      {result?.errors._form ? <FormError error={result.errors._form} /> : null}

      {list.status === "approved" ? (
        <section className="card">
          <p>
            名册已锁定，内容不再改变；更正以调整记录计入以后月份。校验码（SHA-256）：<code>{list.contentHash}</code>{" "}
            {list.intact ? <span className="tag">内容与校验码一致</span> : <span className="tag warn">内容与校验码不一致</span>}
          </p>
          <p className="actions">
            <a className="button" href={`/allowances/${list.id}/bank.xlsx`}>
              导出银行代发 Excel
            </a>
            <a className="button secondary" href={`/allowances/${list.id}/roster.pdf`}>
              导出名册 PDF
            </a>
            <a className="button secondary" href={`/allowances/${list.id}/list.csv`}>
              导出 CSV
            </a>
          </p>
        </section>
      ) : null}

      <div className="actions">
        {can.declare ? (
          <>
            <Form method="post">
              <button name="intent" value="refresh" className="secondary">
                按最新数据重新计算
              </button>
            </Form>
            <Form method="post">
              <button name="intent" value="declare">
                核对无误，申报
              </button>
            </Form>
          </>
        ) : null}
        {can.approve ? (
          <Form method="post">
            <button name="intent" value="approve">
              审批通过并锁定
            </button>
          </Form>
        ) : null}
      </div>
      {can.openNotice ? (
        <section className="card narrow">
          <h2>开启公示</h2>
          <Form method="post" className="stack" noValidate>
            <Field label="公示天数" name="days" inputMode="numeric" defaultValue={result?.intent === "open-notice" ? result.values.days : String(list.noticeDays)} error={errorsFor("open-notice").days} />
            <button name="intent" value="open-notice">
              开启公示
            </button>
          </Form>
        </section>
      ) : null}

      <h2>
        发放人员（{paid.length} 人，{list.total} 元）
      </h2>
      <div className="table-wrap" role="region" aria-label="发放人员" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th>姓名</th>
              <th>身份证号码</th>
              <th>等级</th>
              <th className="num">金额（元）</th>
              <th>依据</th>
              {can.review ? <th>剔除</th> : null}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id} className={l.excludedReason ? "muted" : undefined}>
                <td>{l.name}</td>
                <td>{l.idNumber}</td>
                <td>{l.kind === "adjustment" ? "调整" : (l.level ?? "—")}</td>
                <td className="num">{l.excludedReason ? <s>{l.amount}</s> : l.amount}</td>
                <td>
                  {l.rule}
                  {l.excludedReason ? <div className="tag warn">已剔除：{l.excludedReason}</div> : null}
                </td>
                {can.review ? (
                  <td>
                    {l.excludedReason ? null : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="lineId" value={l.id} />
                        <input name="reason" aria-label={`剔除 ${l.name} 的理由`} placeholder="剔除理由" defaultValue={result?.intent === "exclude" && result.values.lineId === String(l.id) ? result.values.reason : undefined} />
                        <button name="intent" value="exclude" className="secondary">
                          剔除
                        </button>
                        {result?.intent === "exclude" && result.values.lineId === String(l.id) && result.errors.reason ? <p className="field-error">{result.errors.reason}</p> : null}
                      </Form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>未列入人员（{exclusions.length} 人）</h2>
      {exclusions.length === 0 ? (
        <p className="muted">没有未列入的人员。</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="未列入的人员" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>姓名</th>
                <th>身份证号码</th>
                <th>未满足的条件</th>
              </tr>
            </thead>
            <tbody>
              {exclusions.map((e) => (
                <tr key={e.id}>
                  <td>{e.name}</td>
                  <td>{e.idNumber}</td>
                  <td>{e.reasons.join("；")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {objections.length > 0 || can.objections ? <h2>公示异议</h2> : null}
      {objections.map((o) => (
        <section key={o.id} className="card">
          <p>
            {o.recordedAt} · {o.raisedBy}：{o.content}
          </p>
          {o.resolution ? (
            <p className="muted">答复：{o.resolution}</p>
          ) : can.objections ? (
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="objectionId" value={o.id} />
              <Field label="答复" name="resolution" error={result?.intent === "resolve-objection" && result.values.objectionId === String(o.id) ? result.errors.resolution : undefined} />
              <button name="intent" value="resolve-objection">
                保存答复
              </button>
            </Form>
          ) : (
            <p className="tag warn">待答复</p>
          )}
        </section>
      ))}
      {can.objections ? (
        <section className="card narrow">
          <h3>登记异议</h3>
          <Form method="post" className="stack" noValidate>
            <Field label="提出人" name="raisedBy" error={errorsFor("record-objection").raisedBy} />
            <Field label="异议内容" name="content" error={errorsFor("record-objection").content} />
            <div className="field">
              <label htmlFor="objection-line">涉及人员（可不选）</label>
              <select id="objection-line" name="lineId" defaultValue="">
                <option value="">（整份名册）</option>
                {lines.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
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

      {adjustments.length > 0 || can.adjust ? <h2>调整记录（计入以后月份）</h2> : null}
      {adjustments.length > 0 ? (
        <ul>
          {adjustments.map((a) => (
            <li key={a.id}>
              {lines.find((l) => l.workerId === a.workerId)?.name ?? exclusions.find((e) => e.workerId === a.workerId)?.name}：{a.amount > 0 ? "补发" : "扣回"} {Math.abs(a.amount)} 元，计入 {a.month}，理由：{a.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {can.adjust ? (
        <section className="card narrow">
          <Form method="post" className="stack" noValidate>
            <div className="field">
              <label htmlFor="adjust-worker">人员</label>
              <select id="adjust-worker" name="workerId">
                {[...lines.map((l) => ({ workerId: l.workerId, name: l.name })), ...exclusions.map((e) => ({ workerId: e.workerId, name: e.name }))].map((w) => (
                  <option key={w.workerId} value={w.workerId}>
                    {w.name}
                  </option>
                ))}
              </select>
            </div>
            <Field label="计入月份" name="month" type="month" error={errorsFor("adjust").month} />
            <Field label="金额（元，扣回填负数）" name="amount" inputMode="numeric" error={errorsFor("adjust").amount} />
            <Field label="理由" name="reason" error={errorsFor("adjust").reason} />
            <button name="intent" value="adjust">
              登记调整
            </button>
          </Form>
        </section>
      ) : null}
    </main>
  );
}
