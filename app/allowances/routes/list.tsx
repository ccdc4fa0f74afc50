import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { resolveScope, scopeCoversOrganisation } from "../../auth/permissions.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { ObjectionsSection } from "../../components/objections-section.tsx";
import { Field, FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, type SkillLevel } from "../../occupations/occupations.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { pickedId as id, stepReason as reason, stepsOfListPage, type StepOutcome } from "../../utils/list-steps.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
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
  listFacts,
  listIntact,
  ListError,
  listSummary,
  objectionsOf,
  openNotice,
  recordObjection,
  refreshList,
  resolveObjection,
  returnList,
  undoExclusion,
  withdrawList,
  type ListInScope,
} from "../lists.server.ts";
import { isListStep, listActorPermissions, listStatusNames, objectionSourceNames, listStepRefusal, listSteps, stepsFor, type ListActor, type ListStep } from "../list-status.ts";
import { yuan } from "../money.ts";
import { describeCondition } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.list.organisationName ?? ""} ${data?.list.month ?? ""} 补贴名册 · carecert` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireAllowanceReader(request);
  const found = await getListInScope(db, scope, Number(params.listId));
  if (!found) notFound("未找到该名册，或该名册不在您的管理范围内");
  const { list, organisation, policy, version } = found;
  const may = (actor: ListActor) => {
    const s = resolveScope(user.grants, listActorPermissions[actor]);
    return s !== null && scopeCoversOrganisation(s, organisation);
  };
  // The page offers exactly the steps the workflow allows this user now (list-status.ts).
  const facts = await listFacts(db, list);
  const actors = (Object.keys(listActorPermissions) as ListActor[]).filter(may);
  const steps = new Set<ListStep>(actors.flatMap((a) => stepsFor(a, facts)));
  const lines = await linesOf(db, list.id);
  const range = pageWindow(new URL(request.url));
  const { rows: pageLines, ...linePaging } = paged(lines.slice(range.offset, range.offset + range.limit), range, lines.length);
  const line = (l: (typeof lines)[number]) => ({ id: l.id, workerId: l.workerId, name: l.name, idNumber: l.idNumber, level: l.level ? levelShortLabel(l.level as SkillLevel) : null, amount: l.amount, kind: l.kind, rule: l.rule, excludedReason: l.excludedReason });
  const summary = await listSummary(db, list.id);
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
      intact: list.status === "approved" ? await listIntact(db, list) : null,
      total: summary.total,
      returned: list.status === "draft" && list.returnedReason ? { reason: list.returnedReason, at: formatDateTime(list.returnedAt!) } : null,
    },
    summary: { ...summary, totalText: yuan(summary.total) },
    lines: pageLines.map(line),
    linePaging,
    people: lines.map((l) => ({ lineId: l.id, workerId: l.workerId, name: l.name })),
    exclusions: (await exclusionsOf(db, list.id)).map((e) => ({ id: e.id, workerId: e.workerId, name: e.name, idNumber: e.idNumber, reasons: e.reasons })),
    objections: (await objectionsOf(db, list.id)).map((o) => ({ id: o.id, lineId: o.lineId, raisedBy: o.raisedBy, source: objectionSourceNames[o.source], content: o.content, recordedAt: formatDateTime(o.recordedAt), resolution: o.resolution })),
    adjustments: (await adjustmentsFrom(db, list.id)).map((a) => ({ id: a.id, workerId: a.workerId, month: a.month, amount: a.amount, reason: a.reason })),
    can: {
      refresh: steps.has("refresh"),
      declare: steps.has("declare"),
      withdraw: steps.has("withdraw"),
      return: steps.has("return"),
      review: steps.has("exclude"),
      undoExclusion: steps.has("undo-exclusion"),
      openNotice: steps.has("open-notice"),
      objections: steps.has("record-objection"),
      approve: steps.has("approve"),
      adjust: steps.has("adjust"),
    },
    // Why a step the user would take is not offered yet (a month not ended, a notice still running).
    declareRefusal: may("institution") && list.status === "draft" ? listStepRefusal("declare", facts, { zeroPayeesConfirmed: true }) : null,
    approveRefusal: may("city") && list.status === "publicised" ? listStepRefusal("approve", facts) : null,
  };
}

type StepContext = { found: ListInScope; by: ReturnType<typeof actor> & { userId: number } };
const step = stepsOfListPage<StepContext>();

const listName = (c: StepContext) => `${c.found.organisation.name} ${c.found.list.month} 名册`;
const totals = async (listId: number) => {
  const s = await listSummary(db, listId);
  return `${s.payees} 人，合计 ${yuan(s.total)}`;
};

const steps: Record<ListStep, (form: FormData, ctx: StepContext) => Promise<StepOutcome>> = {
  refresh: step(z.object({}), true, async (_, c) => {
    await refreshList(db, c.found.list.id, c.by);
    return `已按最新数据重新计算：${await totals(c.found.list.id)}`;
  }),
  declare: step(z.object({ zeroPayees: z.literal("yes").optional() }), true, async (input, c) => {
    const s = await declareList(db, c.found.list.id, c.by, new Date(), { zeroPayeesConfirmed: input.zeroPayees === "yes" });
    return `已申报 ${listName(c)}：${s.payees} 人，合计 ${yuan(s.total)}`;
  }),
  withdraw: step(z.object({}), true, async (_, c) => {
    await withdrawList(db, c.found.list.id, c.by);
    return `已撤回 ${c.found.list.month} 名册的申报，名册可以修改后重新申报`;
  }),
  return: step(z.object({ reason }), true, async (input, c) => {
    await returnList(db, c.found.list.id, input.reason, c.by);
    return `已退回 ${listName(c)}：${input.reason}`;
  }),
  exclude: step(z.object({ lineId: id, reason }), true, async (input, c) => {
    const line = await excludeLine(db, c.found.list.id, input.lineId, input.reason, c.by);
    return `已剔除 ${line.name}（${yuan(line.amount)}）：${input.reason}`;
  }),
  "undo-exclusion": step(z.object({ lineId: id }), true, async (input, c) => {
    const line = await undoExclusion(db, c.found.list.id, input.lineId, c.by);
    return `已撤销对 ${line.name} 的剔除，重新列入名册`;
  }),
  "open-notice": step(z.object({ days: z.string().regex(/^\d{1,2}$/, "请填写 1–30 天").transform(Number).refine((d) => d >= 1 && d <= 30, "请填写 1–30 天") }), true, async (input, c) => {
    const notice = await openNotice(db, c.found.list.id, input.days, c.by);
    return `已开启公示：${notice.startsOn} 至 ${notice.endsOn}，名册 ${await totals(c.found.list.id)}`;
  }),
  "record-objection": step(z.object({ raisedBy: z.string().trim().min(1, "请填写提出人").max(40, "最多 40 个字"), content: reason, lineId: z.union([z.literal("").transform(() => null), id]) }), false, async (input, c) => {
    await recordObjection(db, c.found.list.id, input, c.by);
    return `已登记 ${input.raisedBy} 的异议，答复前不能审批`;
  }),
  "resolve-objection": step(z.object({ objectionId: id, resolution: reason }), false, async (input, c) => {
    await resolveObjection(db, c.found.list.id, input.objectionId, input.resolution, c.by);
    return "已答复异议";
  }),
  approve: step(z.object({}), true, async (_, c) => {
    const hash = await approveList(db, c.found.list.id, c.by);
    return `已审批并锁定 ${listName(c)}：${await totals(c.found.list.id)}；校验码 ${hash.slice(0, 12)}…`;
  }),
  adjust: step(
    z.object({
      workerId: id,
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "请按 YYYY-MM 选择月份"),
      amount: z.string().trim().regex(/^-?\d{1,6}$/, "请填写整数金额（元），扣回填负数").transform(Number).refine((n) => n !== 0, "金额不能为 0"),
      reason,
    }),
    false,
    async (input, c) => {
      await addAdjustment(db, c.found.list.id, input, c.by);
      return `已登记调整：${input.amount > 0 ? "补发" : "扣回"} ${yuan(Math.abs(input.amount))}，计入 ${input.month}`;
    },
  ),
};

type StepResult = { intent: string; errors: Record<string, string>; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent"));
  if (!isListStep(intent)) throw new Response("未知操作", { status: 400 });
  const { user, scope } = await requireUserWithPermission(request, listActorPermissions[listSteps[intent].by]);
  const found = await getListInScope(db, scope, Number(params.listId));
  if (!found) notFound("未找到该名册，或该名册不在您的管理范围内");
  try {
    const outcome = await steps[intent](form, { found, by: { ...actor(request, user), userId: user.id } });
    if (!outcome.ok) return data<StepResult>({ intent, errors: outcome.errors, values: outcome.values }, { status: 400 });
    return redirectWithNotice(request, `/allowances/${found.list.id}`, outcome.notice);
  } catch (error) {
    if (error instanceof ListError) return data<StepResult>({ intent, errors: { _form: error.message }, values: Object.fromEntries([...form].filter((e): e is [string, string] => typeof e[1] === "string")) }, { status: 409 });
    throw error;
  }
}

export default function AllowanceListPage() {
  const { list, summary, lines, linePaging, people, exclusions, objections, adjustments, can, declareRefusal, approveRefusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : {});
  const rowError = (intent: string, lineId: number) => (result?.intent === intent && result.values.lineId === String(lineId) ? result.errors.reason : undefined);
  const totalLine = `发放 ${summary.payees} 人，合计 ${summary.totalText}`;
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
      {list.returned ? (
        <section className="notice warn" role="status">
          <p>
            <strong>区县已退回本名册</strong>（{list.returned.at}）：{list.returned.reason}
          </p>
          <p>请按退回理由核对、重新计算或修改后再申报。</p>
        </section>
      ) : null}
      {result?.errors._form ? <FormError error={result.errors._form} /> : null}

      {list.status === "approved" ? (
        <section className="card">
          <p>名册已锁定，内容不再改变；更正以调整记录计入以后月份。</p>
          <p>
            校验码（SHA-256）：<code className="long-value">{list.contentHash}</code>{" "}
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

      {declareRefusal ? <p className="notice warn">{declareRefusal}</p> : null}
      {approveRefusal ? <p className="notice warn">{approveRefusal}</p> : null}
      <div className="actions">
        {can.refresh ? (
          <ConfirmAction key={list.computedAt} label="按最新数据重新计算" intent="refresh" consequences={[`现在：${totalLine}，未列入 ${summary.exclusions} 人`, "按最新的人员、证书和月度记录重新计算全部记录"]} />
        ) : null}
        {can.declare ? (
          <ConfirmAction
            label="申报"
            intent="declare"
            consequences={[totalLine, `未列入 ${summary.exclusions} 人（逐人写明未满足的条件）`]}
            warning="申报后交区县审核；区县开始审核前可以撤回，之后只能由区县退回。"
          >
            {summary.payees === 0 ? (
              <label className="checkbox">
                <input type="checkbox" name="zeroPayees" value="yes" required /> 确认本月无人符合发放条件
              </label>
            ) : null}
          </ConfirmAction>
        ) : null}
        {can.withdraw ? (
          <ConfirmAction label="撤回申报" intent="withdraw" danger consequences={["名册回到“机构待申报”，可以重新计算、修改后再申报", `撤回 ${totalLine} 的申报`]} />
        ) : null}
        {can.return ? (
          <ConfirmAction label="退回机构" intent="return" danger consequences={["名册回到“机构待申报”，机构可以修改后重新申报", `退回 ${totalLine}`, "退回理由显示在名册页面上"]}>
            <Field label="退回理由" name="reason" required defaultValue={errorsFor("return").reason ? result?.values.reason : undefined} error={errorsFor("return").reason} />
          </ConfirmAction>
        ) : null}
        {can.openNotice ? (
          <ConfirmAction label="开启公示" intent="open-notice" consequences={[`公示 ${totalLine}`, `未列入 ${summary.exclusions} 人`]} warning="公示开始后不能再撤销剔除，也不能退回机构。">
            <Field label="公示天数" name="days" inputMode="numeric" defaultValue={result?.intent === "open-notice" ? result.values.days : String(list.noticeDays)} error={errorsFor("open-notice").days} />
          </ConfirmAction>
        ) : null}
        {can.approve ? (
          <ConfirmAction label="审批通过并锁定" intent="approve" consequences={[totalLine, "生成校验码（SHA-256），名册此后不再改变"]} warning="审批后不能撤销；更正只能以调整记录计入以后月份。" />
        ) : null}
      </div>

      <h2>
        发放人员（{summary.payees} 人，{summary.totalText}）
      </h2>
      <DataTable
        caption="发放人员"
        rows={lines}
        rowKey={(l) => l.id}
        empty="本月没有符合发放条件的人员。"
        paging={linePaging}
        columns={[
          { header: "姓名", cell: (l) => (l.excludedReason ? <s>{l.name}</s> : l.name) },
          { header: "身份证号码", cell: (l) => <span className="long-value">{l.idNumber}</span> },
          { header: "等级", cell: (l) => (l.kind === "adjustment" ? "调整" : (l.level ?? "—")) },
          { header: "金额（元）", numeric: true, cell: (l) => (l.excludedReason ? <s>{l.amount}</s> : l.amount) },
          {
            header: "依据",
            wrap: true,
            cell: (l) => (
              <>
                {l.rule}
                {l.excludedReason ? <div className="tag warn">已剔除：{l.excludedReason}</div> : null}
              </>
            ),
          },
          ...(can.review || can.undoExclusion
            ? [
                {
                  header: "剔除",
                  cell: (l: (typeof lines)[number]) =>
                    l.excludedReason ? (
                      can.undoExclusion ? (
                        <ConfirmAction key={`undo-${l.id}`} label="撤销剔除" intent="undo-exclusion" fields={{ lineId: String(l.id) }} consequences={[`${l.name} 重新列入名册，发放 ${l.amount} 元`]} />
                      ) : null
                    ) : can.review ? (
                      // Keyed by step: React would otherwise reuse the open panel of the step just taken.
                      <ConfirmAction
                        key={`exclude-${l.id}`}
                        label="剔除"
                        intent="exclude"
                        danger
                        fields={{ lineId: String(l.id) }}
                        consequences={[`${l.name} 不再列入本月名册，少发 ${l.amount} 元`]}
                        warning={list.status === "declared" ? "公示开始前可以撤销剔除。" : "公示期间剔除后不能撤销。"}
                      >
                        <label htmlFor={`exclude-reason-${l.id}`}>剔除理由</label>
                        <input id={`exclude-reason-${l.id}`} name="reason" required defaultValue={rowError("exclude", l.id) ? result?.values.reason : undefined} aria-invalid={rowError("exclude", l.id) ? true : undefined} />
                        {rowError("exclude", l.id) ? (
                          <p className="field-error" role="alert">
                            {rowError("exclude", l.id)}
                          </p>
                        ) : null}
                      </ConfirmAction>
                    ) : null,
                },
              ]
            : []),
        ]}
      />

      <h2>未列入人员（{exclusions.length} 人）</h2>
      <DataTable
        caption="未列入人员"
        rows={exclusions}
        rowKey={(e) => e.id}
        empty="没有未列入的人员。"
        columns={[
          { header: "姓名", cell: (e) => e.name },
          { header: "身份证号码", cell: (e) => <span className="long-value">{e.idNumber}</span> },
          { header: "未满足的条件", wrap: true, cell: (e) => e.reasons.join("；") },
        ]}
      />

      <ObjectionsSection
        objections={objections}
        canAnswer={can.objections}
        resolutionError={(id) => (result?.intent === "resolve-objection" && result.values.objectionId === String(id) ? result.errors.resolution : undefined)}
        writtenErrors={errorsFor("record-objection")}
        personField="lineId"
        people={people.map((p) => ({ value: p.lineId, label: p.name }))}
        hint={<p className="hint">本人在线提出的异议自动列在上方，无需再登记。</p>}
      />

      {adjustments.length > 0 || can.adjust ? <h2>调整记录（计入以后月份）</h2> : null}
      {adjustments.length > 0 ? (
        <ul>
          {adjustments.map((a) => (
            <li key={a.id}>
              {people.find((p) => p.workerId === a.workerId)?.name ?? exclusions.find((e) => e.workerId === a.workerId)?.name}：{a.amount > 0 ? "补发" : "扣回"} {Math.abs(a.amount)} 元，计入 {a.month}，理由：{a.reason}
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
                {[...people.map((p) => ({ workerId: p.workerId, name: p.name })), ...exclusions.map((e) => ({ workerId: e.workerId, name: e.name }))].map((w) => (
                  <option key={w.workerId} value={w.workerId}>
                    {w.name}
                  </option>
                ))}
              </select>
            </div>
            <Field label="计入月份" name="month" type="month" error={errorsFor("adjust").month} />
            <Field label="金额（元，扣回填负数）" name="amount" inputMode="numeric" error={errorsFor("adjust").amount} />
            <Field label="理由" name="reason" error={errorsFor("adjust").reason} />
            <p className="hint">调整登记后不能撤销，计入所选月份的名册。</p>
            <button name="intent" value="adjust">
              登记调整
            </button>
          </Form>
        </section>
      ) : null}
    </main>
  );
}
