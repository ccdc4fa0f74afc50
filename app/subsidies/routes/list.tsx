import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { hasPermission, type WantedPermission } from "../../auth/permissions.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { ObjectionsSection } from "../../components/objections-section.tsx";
import { Field, FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { ListError } from "../../allowances/lists.server.ts";
import { yuan } from "../../allowances/money.ts";
import { levelShortLabel, occupationNames, type SkillLevel } from "../../occupations/occupations.ts";
import { chinaDate, formatDateTime } from "../../utils/dates.ts";
import { pickedId as id, stepReason as reason, stepsOfListPage, type StepOutcome } from "../../utils/list-steps.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { applicationStatusNames, isSubsidyStep, subsidyListStatusNames, subsidyStepRefusal, subsidySteps, subsidyStepsFor, type SubsidyActor, type SubsidyStep } from "../list-status.ts";
import {
  applicationsOn,
  approveSubsidyList,
  excludeApplication,
  getSubsidyListInScope,
  listFacts,
  objectionsOn,
  openSubsidyNotice,
  recordSubsidyObjection,
  resolveSubsidyObjection,
  returnApplication,
  subsidyListIntact,
  subsidyListSummary,
  undoExclusion,
  type SubsidyListInScope,
} from "../lists.server.ts";
import { noticeDaysOf } from "../policies.server.ts";
import { subsidyKindNames } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.list.district ?? ""} ${data?.list.month ?? ""} 培训补贴名册 · carecert` }];

const actorPermissions: Record<Exclude<SubsidyActor, "applicant">, WantedPermission> = { district: "review:subsidy-list:region", city: "approve:subsidy-list:region" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "read:subsidy-list:region");
  const found = await getSubsidyListInScope(db, scope, Number(params.listId));
  if (!found) notFound("未找到该名册，或该名册不在您的管理范围内");
  const { list, policy, districtName } = found;
  const facts = await listFacts(db, list);
  // The read scope already holds the list: the role decides which steps are offered (list-status.ts).
  const steps = new Set<SubsidyStep>((["district", "city"] as const).filter((a) => hasPermission(user.grants, actorPermissions[a])).flatMap((a) => subsidyStepsFor(a, facts)));
  const summary = await subsidyListSummary(db, list.id);
  return {
    list: {
      id: list.id,
      month: list.month,
      district: districtName,
      policy: `${policy.name}（${subsidyKindNames[policy.kind]}）`,
      status: list.status,
      statusName: subsidyListStatusNames[list.status],
      noticeStartsOn: list.noticeStartsOn,
      noticeEndsOn: list.noticeEndsOn,
      approvedAt: list.approvedAt ? formatDateTime(list.approvedAt) : null,
      contentHash: list.contentHash,
      intact: list.status === "approved" ? await subsidyListIntact(db, list) : null,
    },
    noticeDays: await noticeDaysOf(db, policy.id, chinaDate(new Date())),
    summary: { ...summary, totalText: yuan(summary.total) },
    lines: (await applicationsOn(db, list.id)).map((a) => ({
      id: a.id,
      name: a.name,
      idNumber: a.idNumber,
      bankAccount: a.bankAccount,
      what: `${occupationNames[a.occupation]}${levelShortLabel(a.level as SkillLevel)}`,
      amount: a.amount,
      version: a.version,
      status: a.status,
      statusName: applicationStatusNames[a.status],
      via: a.appliedVia === "base" ? "培训基地代为申请" : "本人申请",
      residence: a.residenceRegionCode,
      reasons: a.reasons,
      decisionReason: a.decisionReason,
    })),
    objections: (await objectionsOn(db, list.id)).map((o) => ({ id: o.id, applicationId: o.applicationId, raisedBy: o.raisedBy, content: o.content, recordedAt: formatDateTime(o.recordedAt), resolution: o.resolution })),
    can: {
      review: steps.has("exclude"),
      undo: steps.has("undo-exclusion"),
      return: steps.has("return"),
      openNotice: steps.has("open-notice"),
      objections: steps.has("record-objection"),
      approve: steps.has("approve"),
    },
    // Why the step this user would take next is not offered yet.
    waiting: hasPermission(user.grants, actorPermissions.district) && list.status === "collecting" ? subsidyStepRefusal("open-notice", facts) : hasPermission(user.grants, actorPermissions.city) && list.status === "publicised" ? subsidyStepRefusal("approve", facts) : null,
  };
}

type StepContext = { found: SubsidyListInScope; by: ReturnType<typeof actor> };

const step = stepsOfListPage<StepContext>();

const totals = async (listId: number) => {
  const s = await subsidyListSummary(db, listId);
  return `${s.payees} 人，合计 ${yuan(s.total)}`;
};
const listName = (c: StepContext) => `${c.found.districtName} ${c.found.list.month} 培训补贴名册`;

const steps: Record<Exclude<SubsidyStep, "withdraw">, (form: FormData, ctx: StepContext) => Promise<StepOutcome>> = {
  exclude: step(z.object({ applicationId: id, reason }), true, async (input, c) => {
    const line = await excludeApplication(db, c.found.list.id, input.applicationId, input.reason, c.by);
    return `已剔除 ${line.name}（${yuan(line.amount)}）：${input.reason}；名册现为 ${await totals(c.found.list.id)}`;
  }),
  "undo-exclusion": step(z.object({ applicationId: id }), true, async (input, c) => {
    const line = await undoExclusion(db, c.found.list.id, input.applicationId, c.by);
    return `已撤销对 ${line.name} 的剔除；名册现为 ${await totals(c.found.list.id)}`;
  }),
  return: step(z.object({ applicationId: id, reason }), true, async (input, c) => {
    const line = await returnApplication(db, c.found.list.id, input.applicationId, input.reason, c.by);
    return `已退回 ${line.name} 的申请：${input.reason}；名册现为 ${await totals(c.found.list.id)}`;
  }),
  "open-notice": step(z.object({ days: z.string().regex(/^\d{1,2}$/, "请填写 1–30 天").transform(Number).refine((d) => d >= 1 && d <= 30, "请填写 1–30 天") }), true, async (input, c) => {
    const notice = await openSubsidyNotice(db, c.found.list.id, input.days, c.by);
    return `已开启公示：${notice.startsOn} 至 ${notice.endsOn}，${listName(c)} ${await totals(c.found.list.id)}`;
  }),
  "record-objection": step(z.object({ raisedBy: z.string().trim().min(1, "请填写提出人").max(40, "最多 40 个字"), content: reason, applicationId: z.union([z.literal("").transform(() => null), id]) }), false, async (input, c) => {
    await recordSubsidyObjection(db, c.found.list.id, input, c.by);
    return `已登记 ${input.raisedBy} 的异议，答复前不能审批`;
  }),
  "resolve-objection": step(z.object({ objectionId: id, resolution: reason }), false, async (input, c) => {
    await resolveSubsidyObjection(db, c.found.list.id, input.objectionId, input.resolution, c.by);
    return "已答复异议";
  }),
  approve: step(z.object({}), true, async (_, c) => {
    const hash = await approveSubsidyList(db, c.found.list.id, c.by);
    return `已审批并锁定 ${listName(c)}：${await totals(c.found.list.id)}；校验码 ${hash.slice(0, 12)}…`;
  }),
};

type StepResult = { intent: string; errors: Record<string, string>; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent"));
  if (!isSubsidyStep(intent) || intent === "withdraw") throw new Response("未知操作", { status: 400 });
  const by = subsidySteps[intent].by as Exclude<SubsidyActor, "applicant">;
  const { user, scope } = await requireUserWithPermission(request, actorPermissions[by]);
  const found = await getSubsidyListInScope(db, scope, Number(params.listId));
  if (!found) notFound("未找到该名册，或该名册不在您的管理范围内");
  try {
    const outcome = await steps[intent](form, { found, by: actor(request, user) });
    if (!outcome.ok) return data<StepResult>({ intent, errors: outcome.errors, values: outcome.values }, { status: 400 });
    return redirectWithNotice(request, `/subsidies/${found.list.id}`, outcome.notice);
  } catch (error) {
    if (error instanceof ListError) return data<StepResult>({ intent, errors: { _form: error.message }, values: Object.fromEntries([...form].filter((e): e is [string, string] => typeof e[1] === "string")) }, { status: 409 });
    throw error;
  }
}

export default function SubsidyListPage() {
  const { list, noticeDays, summary, lines, objections, can, waiting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : {});
  const rowError = (intent: string, lineId: number) => (result?.intent === intent && result.values.applicationId === String(lineId) ? result.errors.reason : undefined);
  const totalLine = `发放 ${summary.payees} 人，合计 ${summary.totalText}`;
  const notPaid = `剔除 ${summary.excluded} 人，退回 ${summary.returned} 人（逐人写明理由）`;
  type Line = (typeof lines)[number];
  const reasonInput = (intent: string, l: Line, label: string) => (
    <>
      <label htmlFor={`${intent}-reason-${l.id}`}>{label}</label>
      <input id={`${intent}-reason-${l.id}`} name="reason" required defaultValue={rowError(intent, l.id) ? result?.values.reason : undefined} aria-invalid={rowError(intent, l.id) ? true : undefined} />
      {rowError(intent, l.id) ? (
        <p className="field-error" role="alert">
          {rowError(intent, l.id)}
        </p>
      ) : null}
    </>
  );
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/subsidies">培训补贴名册</Link>
      </p>
      <h1>
        {list.district} · {list.month}
      </h1>
      <p className="muted">
        {list.policy} · <span className="tag">{list.statusName}</span>
        {list.noticeStartsOn ? ` · 公示 ${list.noticeStartsOn} 至 ${list.noticeEndsOn}` : ""}
        {list.approvedAt ? ` · 审批于 ${list.approvedAt}` : ""}
      </p>
      {list.status === "publicised" ? (
        <p>
          公示页面（公开，无需登录）：<a href={`/notices/subsidies/${list.id}`}>/notices/subsidies/{list.id}</a>
        </p>
      ) : null}
      {result?.errors._form ? <FormError error={result.errors._form} /> : null}

      {list.status === "approved" ? (
        <section className="card">
          <p>名册已锁定，内容不再改变。</p>
          <p>
            校验码（SHA-256）：<code className="long-value">{list.contentHash}</code>{" "}
            {list.intact ? <span className="tag">内容与校验码一致</span> : <span className="tag warn">内容与校验码不一致</span>}
          </p>
          <p className="actions">
            <a className="button" href={`/subsidies/${list.id}/bank.xlsx`}>
              导出银行代发 Excel
            </a>
            <a className="button secondary" href={`/subsidies/${list.id}/roster.pdf`}>
              导出名册 PDF
            </a>
          </p>
        </section>
      ) : null}

      {waiting ? <p className="notice warn">{waiting}</p> : null}
      <div className="actions">
        {can.openNotice ? (
          <ConfirmAction label="开启公示" intent="open-notice" consequences={[`公示 ${totalLine}`, notPaid, "公示页面公开姓名（部分隐去）、职业等级和金额，不含身份证号和银行账号"]} warning="公示开始后不能再撤销剔除或退回申请，申请人也不能再撤回。">
            <Field label="公示天数" name="days" inputMode="numeric" defaultValue={result?.intent === "open-notice" ? result.values.days : String(noticeDays)} error={errorsFor("open-notice").days} />
          </ConfirmAction>
        ) : null}
        {can.approve ? <ConfirmAction label="审批通过并锁定" intent="approve" consequences={[totalLine, notPaid, "生成校验码（SHA-256），名册此后不再改变"]} warning="审批后不能撤销。" /> : null}
      </div>

      <h2>
        申请（发放 {summary.payees} 人，{summary.totalText}）
      </h2>
      <DataTable
        caption="培训补贴申请"
        rows={lines}
        rowKey={(l) => l.id}
        empty="本月还没有申请。"
        columns={[
          { header: "姓名", cell: (l) => (l.status === "pending" ? l.name : <s>{l.name}</s>) },
          { header: "身份证号码", cell: (l) => <span className="long-value">{l.idNumber}</span> },
          { header: "银行账号", cell: (l) => (l.bankAccount ? <span className="long-value">{l.bankAccount}</span> : <span className="tag warn">未登记</span>) },
          { header: "职业等级", cell: (l) => l.what },
          { header: "金额（元）", numeric: true, cell: (l) => (l.status === "pending" ? l.amount : <s>{l.amount}</s>) },
          {
            header: "依据",
            wrap: true,
            cell: (l) => (
              <>
                {l.via}（政策第 {l.version} 版）：{l.reasons.join("；")}
                {l.residence ? `；申报居住证所在地 ${l.residence}，请核对` : ""}
                {l.status !== "pending" ? (
                  <div className="tag warn">
                    {l.statusName}：{l.decisionReason}
                  </div>
                ) : null}
              </>
            ),
          },
          ...(can.review || can.undo
            ? [
                {
                  header: "审核",
                  cell: (l: Line) =>
                    l.status === "excluded" && can.undo ? (
                      <ConfirmAction key={`undo-${l.id}`} label="撤销剔除" intent="undo-exclusion" fields={{ applicationId: String(l.id) }} consequences={[`${l.name} 重新列入名册，发放 ${l.amount} 元`]} />
                    ) : l.status === "pending" && can.review ? (
                      <div className="actions">
                        <ConfirmAction key={`exclude-${l.id}`} label="剔除" intent="exclude" danger fields={{ applicationId: String(l.id) }} consequences={[`${l.name} 不再列入名册，少发 ${l.amount} 元`, "剔除理由写入名册和导出文件"]} warning={list.status === "collecting" ? "公示开始前可以撤销剔除。" : "公示期间剔除后不能撤销。"}>
                          {reasonInput("exclude", l, "剔除理由")}
                        </ConfirmAction>
                        {can.return ? (
                          <ConfirmAction key={`return-${l.id}`} label="退回" intent="return" fields={{ applicationId: String(l.id) }} consequences={[`${l.name} 的申请退回申请人，少发 ${l.amount} 元`, "申请人看到退回理由，改正后可以重新申请"]}>
                            {reasonInput("return", l, "退回理由")}
                          </ConfirmAction>
                        ) : null}
                      </div>
                    ) : null,
                },
              ]
            : []),
        ]}
      />

      <ObjectionsSection
        objections={objections}
        canAnswer={can.objections}
        resolutionError={(id) => (result?.intent === "resolve-objection" && result.values.objectionId === String(id) ? result.errors.resolution : undefined)}
        writtenErrors={errorsFor("record-objection")}
        personField="applicationId"
        people={lines.map((l) => ({ value: l.id, label: l.name }))}
      />
    </main>
  );
}
