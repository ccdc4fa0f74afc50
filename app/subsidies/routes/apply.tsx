import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { ListError } from "../../allowances/lists.server.ts";
import { yuan } from "../../allowances/money.ts";
import { levelShortLabel, occupationNames, type SkillLevel } from "../../occupations/occupations.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { parseForm } from "../../utils/form.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { applyForSubsidy, defaultBankAccount, districtsWithin, optionsForPerson, subsidyLinesForPerson, withdrawApplication } from "../applications.server.ts";

export const meta: MetaFunction = () => [{ title: "培训补贴申请 · carecert" }];

const DISTRICT = /^\d{6}$/;

/** A person's own subsidy page: each certificate with the policies it can be paid under (or why not), and their applications. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "apply:subsidy:own");
  const residence = new URL(request.url).searchParams.get("residence") ?? "";
  const certificates = await optionsForPerson(db, user.personId, new Date(), DISTRICT.test(residence) ? residence : null);
  return {
    residence,
    districts: await districtsWithin(db, [...new Set(certificates.flatMap((c) => c.regionCodes))]),
    bankAccount: await defaultBankAccount(db, user.personId) ?? "",
    certificates: certificates.map((c) => ({ ...c, what: `${occupationNames[c.certificate.occupation]}${levelShortLabel(c.certificate.level as SkillLevel)}` })),
    applications: await subsidyLinesForPerson(db, user.personId),
  };
}

const applySchema = z.object({
  certificateId: z.string().regex(/^\d+$/, "请选择证书").transform(Number),
  policyId: z.string().regex(/^\d+$/, "请选择补贴政策").transform(Number),
  bankAccount: z.string().trim().regex(/^\d{12,30}$/, "请填写本人银行卡号（12–30 位数字）"),
  residenceRegionCode: z.union([z.literal(""), z.string().regex(DISTRICT, "请选择区县")]).transform((v) => v || null),
});

type Result = { intent: string; key: string; errors: Record<string, string>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "apply:subsidy:own");
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const by = actor(request, user);
  const key = `${form.get("certificateId") ?? ""}-${form.get("policyId") ?? ""}-${form.get("applicationId") ?? ""}`;
  const refuse = (errors: Record<string, string>, values: Record<string, string>, status = 400) => data<Result>({ intent, key, errors, values }, { status });
  try {
    if (intent === "apply") {
      const parsed = parseForm(form, applySchema);
      if (!parsed.ok) return refuse(parsed.errors, parsed.values);
      if (!isConfirmed(form)) return refuse({ _form: "请先在确认框中核对后再提交" }, parsed.values);
      const { application, list } = await applyForSubsidy(db, { ...parsed.data, personId: user.personId, via: "self" }, by);
      return redirectWithNotice(request, "/subsidies/apply", `已提交申请：${application.name} ${yuan(application.amount)}，列入 ${list.month} 名册，由区县审核`);
    }
    if (intent === "withdraw") {
      const applicationId = Number(form.get("applicationId"));
      if (!isConfirmed(form)) return refuse({ _form: "请先在确认框中核对后再提交" }, {});
      const application = await withdrawApplication(db, applicationId, { personId: user.personId }, by);
      return redirectWithNotice(request, "/subsidies/apply", `已撤回申请（${yuan(application.amount)}），可以重新申请`);
    }
  } catch (error) {
    if (error instanceof ListError) return refuse({ _form: error.message }, {}, 409);
    throw error;
  }
  throw new Response("未知操作", { status: 400 });
}

export default function ApplyPage() {
  const { residence, districts, bankAccount, certificates, applications } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main className="container">
      <h1>培训补贴申请</h1>
      <p className="hint">取得职业技能等级证书后，可按所在地区的政策申请培训补贴或技能提升补贴；每人每个职业等级只能享受一次。申请按月汇总，月份结束后由区县审核并公示，公示期满由市级审批后发放到本人银行卡。</p>
      {result?.errors._form ? <FormError error={result.errors._form} /> : null}
      {districts.length > 0 ? (
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="residence">持有居住证的区县（户籍不在本地区时填写）</label>
            <select id="residence" name="residence" defaultValue={residence}>
              <option value="">（无）</option>
              {districts.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="filter-actions">
            <button type="submit" className="secondary">
              重新核对条件
            </button>
          </div>
        </Form>
      ) : null}

      <h2>我的证书</h2>
      {certificates.length === 0 ? <p>您还没有职业技能等级证书。</p> : null}
      {certificates.map((c) => (
        <section key={c.certificate.id} className="card">
          <h3>
            {c.what} · {c.certificate.number}
          </h3>
          <p className="muted">发证日期 {c.certificate.issuedOn}</p>
          {c.options.length === 0 ? <p>{c.districtCode ? "所在地区暂无适用的补贴政策。" : "无法确定受理的区县：请联系发证的培训基地或所在机构。"}</p> : null}
          {c.options.map((o) => {
            const mine = result?.intent === "apply" && result.key === `${c.certificate.id}-${o.policyId}-` ? result : null;
            return (
              <div key={o.policyId} className="stack">
                <p>
                  <strong>{o.policyName}</strong>（{o.kind}）：{o.decision.eligible ? <span className="tag">符合条件，{yuan(o.decision.amount!)}</span> : <span className="tag warn">不符合条件</span>}
                </p>
                <ul>
                  {o.decision.reasonsAgainst.map((r) => (
                    <li key={r}>✗ {r}</li>
                  ))}
                  {o.decision.reasonsFor.map((r) => (
                    <li key={r}>✓ {r}</li>
                  ))}
                </ul>
                {o.decision.eligible ? (
                  <ConfirmAction
                    label={`申请${o.kind}`}
                    intent="apply"
                    fields={{ certificateId: String(c.certificate.id), policyId: String(o.policyId), residenceRegionCode: residence }}
                    consequences={[`${c.what} ${o.kind} ${yuan(o.decision.amount!)}`, "列入本月名册，月份结束后由区县审核、公示；公示开始前可以撤回"]}
                  >
                    <label htmlFor={`bank-${c.certificate.id}-${o.policyId}`}>本人银行卡号</label>
                    <input id={`bank-${c.certificate.id}-${o.policyId}`} name="bankAccount" inputMode="numeric" required defaultValue={mine?.values.bankAccount ?? bankAccount} aria-invalid={mine?.errors.bankAccount ? true : undefined} />
                    {mine?.errors.bankAccount ? (
                      <p className="field-error" role="alert">
                        {mine.errors.bankAccount}
                      </p>
                    ) : null}
                  </ConfirmAction>
                ) : null}
              </div>
            );
          })}
        </section>
      ))}

      <h2>我的申请</h2>
      <DataTable
        caption="我的培训补贴申请"
        rows={applications}
        rowKey={(a) => a.applicationId}
        empty="还没有申请。"
        columns={[
          { header: "名册", cell: (a) => `${a.district} ${a.month}` },
          { header: "补贴", wrap: true, cell: (a) => `${a.policy}：${a.occupation}${a.level}` },
          { header: "金额", numeric: true, cell: (a) => yuan(a.amount) },
          { header: "状态", wrap: true, cell: (a) => `${a.status}（名册${a.listStatus}${a.notice ? `，公示 ${a.notice.startsOn} 至 ${a.notice.endsOn}` : ""}）${a.decisionReason ? `：${a.decisionReason}` : ""}` },
          {
            header: "操作",
            cell: (a) =>
              a.withdrawable ? (
                <ConfirmAction key={`withdraw-${a.applicationId}`} label="撤回" intent="withdraw" danger fields={{ applicationId: String(a.applicationId) }} consequences={[`撤回 ${a.occupation}${a.level} ${yuan(a.amount)} 的申请`, "撤回后可以重新申请"]} />
              ) : null,
          },
        ]}
      />
    </main>
  );
}
