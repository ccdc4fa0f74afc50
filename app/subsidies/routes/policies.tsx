import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { ListError } from "../../allowances/lists.server.ts";
import { parseForm } from "../../utils/form.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { createSubsidyPolicy, listSubsidyPolicies } from "../policies.server.ts";
import { PolicyVersionFields, toVersionInput, versionSchema } from "../policy-form.tsx";
import { subsidyKindNames, subsidyKinds } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "培训补贴政策 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:subsidy-policy:any");
  return {
    policies: (await listSubsidyPolicies(db)).map((p) => {
      const latest = p.versions.at(-1)!;
      return { id: p.id, name: p.name, region: `${p.regionName}（${p.regionCode}）`, kind: subsidyKindNames[p.kind], versions: p.versions.length, latest: `第 ${latest.version} 版，${latest.effectiveFrom} 至 ${latest.effectiveTo ?? "长期"}`, retired: p.retiredAt !== null };
    }),
  };
}

const newPolicySchema = z.object({
  name: z.string().trim().min(2, "请填写政策名称").max(60, "最多 60 个字"),
  regionCode: z.string().trim().regex(/^\d{6}$/, "请填写 6 位行政区划代码"),
  kind: z.enum(subsidyKinds, { message: "请选择补贴类型" }),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "manage:subsidy-policy:any");
  const form = await request.formData();
  // Both parts are checked before answering, so every field's problem shows at once.
  const head = parseForm(form, newPolicySchema);
  const version = parseForm(form, versionSchema);
  if (!head.ok || !version.ok) return data({ errors: { ...(head.ok ? {} : head.errors), ...(version.ok ? {} : version.errors) }, values: head.values }, { status: 400 });
  try {
    const saved = await createSubsidyPolicy(db, head.data, toVersionInput(version.data), actor(request, user));
    return redirectWithNotice(request, `/admin/subsidy-policies/${saved.policyId}`, `已新增政策“${head.data.name}”第 1 版`);
  } catch (error) {
    if (error instanceof ListError) return data({ errors: { _form: error.message } as Record<string, string>, values: head.values }, { status: 409 });
    throw error;
  }
}

export default function SubsidyPoliciesPage() {
  const { policies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <main className="container">
      <h1>培训补贴政策</h1>
      <p className="hint">培训补贴、技能提升补贴按地区、生效日期、职业和等级设定金额和条件。改动金额或条件保存为新版本；已用于审批通过名册的版本不再改变。</p>
      <DataTable
        caption="培训补贴政策"
        rows={policies}
        rowKey={(p) => p.id}
        empty="还没有政策。"
        columns={[
          { header: "名称", wrap: true, cell: (p) => <Link to={`/admin/subsidy-policies/${p.id}`}>{p.name}</Link> },
          { header: "地区", cell: (p) => p.region },
          { header: "类型", cell: (p) => p.kind },
          { header: "当前版本", wrap: true, cell: (p) => p.latest },
          { header: "状态", cell: (p) => (p.retired ? <span className="tag warn">已停止受理</span> : "受理中") },
        ]}
      />
      <section className="card narrow">
        <h2>新增政策</h2>
        <FormError error={errors._form} />
        <Form method="post" className="stack" noValidate>
          <Field label="政策名称" name="name" defaultValue={result?.values.name} error={errors.name} />
          <Field label="行政区划代码" name="regionCode" inputMode="numeric" defaultValue={result?.values.regionCode} error={errors.regionCode} />
          <SelectField label="补贴类型" name="kind" options={subsidyKinds.map((k) => ({ value: k, label: subsidyKindNames[k] }))} defaultValue={result?.values.kind} error={errors.kind} />
          <PolicyVersionFields values={result?.values ?? { firstCertificate: "on", withinMonths: "12", noticeDays: "7" }} errors={errors} />
          <button type="submit">新增政策</button>
        </Form>
      </section>
    </main>
  );
}
