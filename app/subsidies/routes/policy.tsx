import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { ListError } from "../../allowances/lists.server.ts";
import { levelShortLabel, occupationNames, type Occupation, type SkillLevel } from "../../occupations/occupations.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { getSubsidyPolicy, lockedVersionIds, retireSubsidyPolicy, saveSubsidyVersion } from "../policies.server.ts";
import { PolicyVersionFields, toVersionInput, versionSchema, versionValues } from "../policy-form.tsx";
import { describeSubsidyCondition, subsidyKindNames } from "../rules.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.policy.name ?? "培训补贴政策"} · carecert` }];

async function load(policyId: string | undefined) {
  const policy = await getSubsidyPolicy(db, Number(policyId));
  if (!policy) notFound("没有这项政策");
  return policy;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:subsidy-policy:any");
  const policy = await load(params.policyId);
  const locked = await lockedVersionIds(db);
  const latest = policy.versions.at(-1)!;
  return {
    policy: { id: policy.id, name: policy.name, region: `${policy.regionName}（${policy.regionCode}）`, kind: subsidyKindNames[policy.kind], retired: policy.retiredAt !== null },
    versions: policy.versions.map((v) => ({
      id: v.id,
      version: v.version,
      period: `${v.effectiveFrom} 至 ${v.effectiveTo ?? "长期"}`,
      amounts: Object.entries(v.amounts)
        .map(([o, levels]) => `${occupationNames[o as Occupation]} ${Object.entries(levels!).sort(([a], [b]) => Number(b) - Number(a)).map(([l, amount]) => `${levelShortLabel(Number(l) as SkillLevel)} ${amount}`).join(" / ")} 元`)
        .join("；"),
      conditions: v.conditions.map(describeSubsidyCondition),
      noticeDays: v.noticeDays,
      note: v.note,
      locked: locked.has(v.id),
    })),
    values: versionValues(latest),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "manage:subsidy-policy:any");
  const policy = await load(params.policyId);
  const form = await request.formData();
  const by = actor(request, user);
  try {
    if (form.get("intent") === "retire") {
      if (!isConfirmed(form)) return data({ errors: { _form: "请先在确认框中核对后再提交" } as Record<string, string>, values: {} as Record<string, string> }, { status: 400 });
      await retireSubsidyPolicy(db, policy.id, by);
      return redirectWithNotice(request, `/admin/subsidy-policies/${policy.id}`, `“${policy.name}”已停止受理新申请`);
    }
    const parsed = parseForm(form, versionSchema);
    if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
    const saved = await saveSubsidyVersion(db, policy.id, toVersionInput(parsed.data), by);
    return redirectWithNotice(request, `/admin/subsidy-policies/${policy.id}`, saved.kind === "note-updated" ? `已修改第 ${saved.version} 版的说明` : `已保存为第 ${saved.version} 版，自 ${parsed.data.effectiveFrom} 起生效`);
  } catch (error) {
    if (error instanceof ListError) return data({ errors: { _form: error.message } as Record<string, string>, values: Object.fromEntries([...form].filter((e): e is [string, string] => typeof e[1] === "string")) }, { status: 409 });
    throw error;
  }
}

export default function SubsidyPolicyPage() {
  const { policy, versions, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/admin/subsidy-policies">培训补贴政策</Link>
      </p>
      <h1>{policy.name}</h1>
      <p className="muted">
        {policy.region} · {policy.kind} {policy.retired ? <span className="tag warn">已停止受理</span> : null}
      </p>
      <DataTable
        caption="政策版本"
        rows={versions}
        rowKey={(v) => v.id}
        empty="没有版本。"
        columns={[
          { header: "版本", cell: (v) => `第 ${v.version} 版${v.locked ? "（已用于审批通过的名册，锁定）" : ""}` },
          { header: "有效期", cell: (v) => v.period },
          { header: "金额", wrap: true, cell: (v) => v.amounts },
          { header: "条件", wrap: true, cell: (v) => [...v.conditions, `公示 ${v.noticeDays} 天`].join("；") },
          { header: "说明", wrap: true, cell: (v) => v.note || "—" },
        ]}
      />
      {policy.retired ? null : (
        <>
          <section className="card narrow">
            <h2>修改</h2>
            <p className="hint">改动金额、条件、日期或公示天数会保存为新版本（请填写新的生效日期，上一版在前一天截止）；只改说明时修改当前版本，已用于审批通过名册的版本除外。</p>
            <FormError error={errors._form} />
            <Form method="post" className="stack" noValidate>
              <PolicyVersionFields values={result?.values ?? values} errors={errors} />
              <button type="submit" name="intent" value="save">
                保存
              </button>
            </Form>
          </section>
          <ConfirmAction label="停止受理" intent="retire" danger consequences={[`“${policy.name}”不再接受新的申请`, "已提交的申请和名册照常审核、公示和审批"]} warning="停止受理后不能恢复；如需继续，请新增政策。" />
        </>
      )}
    </main>
  );
}
