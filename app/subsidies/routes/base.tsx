import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { FormError } from "../../components/field.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { db } from "../../db.server.ts";
import { ListError } from "../../allowances/lists.server.ts";
import { yuan } from "../../allowances/money.ts";
import { levelShortLabel, occupationNames, type SkillLevel } from "../../occupations/occupations.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { chinaDate } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { applicationStatusNames, subsidyListStatusNames } from "../list-status.ts";
import { applicationsOf, applyForBaseCandidates, baseCandidates, withdrawApplication } from "../applications.server.ts";
import { policiesReaching } from "../policies.server.ts";
import { subsidyKindNames } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "考生培训补贴 · carecert" }];

/** The base's page: its passed candidates not yet applied for under a chosen policy, applied for in one batch; its applications. */
async function selection(request: Request) {
  const { user, scope } = await requireUserWithPermission(request, "apply:subsidy:org");
  const bases = await listOrganisations(scope, { types: ["training_base"] });
  const url = new URL(request.url);
  const base = bases.find((b) => String(b.id) === url.searchParams.get("base")) ?? bases[0];
  if (!base) notFound("没有可管理的培训基地");
  const policies = await policiesReaching(db, base.regionCode.slice(0, 6), chinaDate(new Date()));
  const policy = policies.find((p) => String(p.policy.id) === url.searchParams.get("policy")) ?? policies[0] ?? null;
  return { user, bases, base, policies, policy };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { bases, base, policies, policy } = await selection(request);
  const candidates = policy ? await baseCandidates(db, base.id, policy.policy.id) : [];
  const eligible = candidates.filter((c) => c.decision?.eligible);
  return {
    bases: bases.map((b) => ({ value: String(b.id), label: b.name })),
    base: { id: base.id, name: base.name },
    policies: policies.map((p) => ({ value: String(p.policy.id), label: `${p.policy.name}（${subsidyKindNames[p.policy.kind]}）` })),
    policy: policy ? { id: policy.policy.id, name: policy.policy.name, kind: subsidyKindNames[policy.policy.kind] } : null,
    candidates: candidates.map((c) => ({ id: c.certificateId, name: c.name, number: c.number, what: `${occupationNames[c.occupation]}${levelShortLabel(c.level as SkillLevel)}`, issuedOn: c.issuedOn, bankAccount: c.bankAccount, eligible: Boolean(c.decision?.eligible), amount: c.decision?.amount ?? null, reasons: c.decision ? (c.decision.eligible ? c.decision.reasonsFor : c.decision.reasonsAgainst) : [] })),
    batch: { count: eligible.length, total: yuan(eligible.reduce((n, c) => n + (c.decision?.amount ?? 0), 0)), withoutAccount: eligible.filter((c) => !c.bankAccount).length },
    applications: (await applicationsOf(db, { organisationIds: [base.id] })).map(({ application: a, list, districtName }) => ({
      id: a.id,
      name: a.name,
      what: `${occupationNames[a.occupation]}${levelShortLabel(a.level as SkillLevel)}`,
      amount: yuan(a.amount),
      list: `${districtName} ${list.month}（${subsidyListStatusNames[list.status]}）`,
      status: `${applicationStatusNames[a.status]}${a.decisionReason ? `：${a.decisionReason}` : ""}`,
      withdrawable: a.status === "pending" && list.status === "collecting",
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, base, policy } = await selection(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const by = actor(request, user);
  const back = `/base/subsidies?base=${base.id}${policy ? `&policy=${policy.policy.id}` : ""}`;
  if (!isConfirmed(form)) return data({ error: "请先在确认框中核对后再提交" }, { status: 400 });
  try {
    if (intent === "apply-batch") {
      if (!policy) return data({ error: "没有适用的补贴政策" }, { status: 409 });
      const done = await applyForBaseCandidates(db, base.id, policy.policy.id, by);
      return redirectWithNotice(request, back, `已为 ${done.count} 名考生申请${policy.policy.name}，合计 ${yuan(done.total)}，列入本月名册`);
    }
    if (intent === "withdraw") {
      const application = await withdrawApplication(db, Number(form.get("applicationId")), { organisationIds: [base.id] }, by);
      return redirectWithNotice(request, back, `已撤回 ${application.name} 的申请（${yuan(application.amount)}）`);
    }
  } catch (error) {
    if (error instanceof ListError) return data({ error: error.message }, { status: 409 });
    throw error;
  }
  throw new Response("未知操作", { status: 400 });
}

export default function BaseSubsidiesPage() {
  const { bases, base, policies, policy, candidates, batch, applications } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const query = `?base=${base.id}${policy ? `&policy=${policy.id}` : ""}`;
  return (
    <main className="container">
      <h1>考生培训补贴 · {base.name}</h1>
      <p className="hint">为本基地取证的考生代为申请培训补贴：列出尚未申请的证书及是否符合所选政策的条件；符合条件的一次提交，列入本月名册，由区县审核。</p>
      {result?.error ? <FormError error={result.error} /> : null}
      <FilterForm
        selects={[
          ...(bases.length > 1 ? [{ name: "base", label: "培训基地", value: String(base.id), options: bases }] : []),
          { name: "policy", label: "补贴政策", value: policy ? String(policy.id) : "", options: policies },
        ]}
      />
      {!policy ? <p>本基地所在地区暂无适用的补贴政策。</p> : null}
      {policy && batch.count > 0 ? (
        <ConfirmAction
          label={`为 ${batch.count} 名考生申请`}
          intent="apply-batch"
          action={`/base/subsidies${query}`}
          consequences={[`${policy.name}：${batch.count} 人，合计 ${batch.total}`, batch.withoutAccount > 0 ? `其中 ${batch.withoutAccount} 人没有登记银行账号，发放前须补登` : "每人的银行账号取自所在机构的人员名册", "列入本月名册；区县开启公示前可以逐条撤回"]}
        />
      ) : null}
      <h2>尚未申请的证书（{candidates.length}）</h2>
      <DataTable
        caption="尚未申请补贴的证书"
        rows={candidates}
        rowKey={(c) => c.id}
        empty="本基地发证的考生都已申请。"
        columns={[
          { header: "姓名", cell: (c) => c.name },
          { header: "证书", wrap: true, cell: (c) => `${c.what} ${c.number}（${c.issuedOn}）` },
          { header: "金额", numeric: true, cell: (c) => (c.amount ? yuan(c.amount) : "—") },
          { header: "条件", wrap: true, cell: (c) => <>{c.eligible ? <span className="tag">符合</span> : <span className="tag warn">不符合</span>} {c.reasons.join("；")}</> },
        ]}
      />
      <h2>本基地提交的申请</h2>
      <DataTable
        caption="本基地提交的培训补贴申请"
        rows={applications}
        rowKey={(a) => a.id}
        empty="还没有申请。"
        columns={[
          { header: "姓名", cell: (a) => a.name },
          { header: "职业等级", cell: (a) => a.what },
          { header: "金额", numeric: true, cell: (a) => a.amount },
          { header: "名册", wrap: true, cell: (a) => a.list },
          { header: "状态", wrap: true, cell: (a) => a.status },
          {
            header: "操作",
            cell: (a) => (a.withdrawable ? <ConfirmAction key={`withdraw-${a.id}`} label="撤回" intent="withdraw" danger action={`/base/subsidies${query}`} fields={{ applicationId: String(a.id) }} consequences={[`撤回 ${a.name} ${a.what} ${a.amount} 的申请`]} /> : null),
          },
        ]}
      />
    </main>
  );
}
