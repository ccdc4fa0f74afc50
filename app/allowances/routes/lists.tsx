import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { resolveScope } from "../../auth/permissions.ts";
import { DataTable } from "../../components/data-table.tsx";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { allowanceMonth } from "../../home/todo-rules.ts";
import { allowanceMonthsWithWork } from "../../home/todos.server.ts";
import { latestRecordedMonth } from "../../workforce/workforce.server.ts";
import { requireAllowanceReader } from "../access.server.ts";
import { listStatusNames } from "../list-status.ts";
import { ListError, listsInScope, listSummary, refreshInstitutionLists } from "../lists.server.ts";
import { yuan } from "../money.ts";

export const meta: MetaFunction = () => [{ title: "补贴发放名册 · carecert" }];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireAllowanceReader(request);
  const all = await listsInScope(db, scope);
  const months = [...new Set(all.map((l) => l.list.month))];
  const declareScope = resolveScope(user.grants, "declare:allowance-list:org");
  const institutions = declareScope ? (await listOrganisations(declareScope, { types: ["elderly_care", "childcare", "home_care"] })).map((o) => ({ id: o.id, name: o.name })) : [];
  const requested = new URL(request.url).searchParams.get("month");
  // Without ?month=, the page opens where work waits for this user (see allowanceMonthsWithWork), not simply the newest month.
  const waiting = await allowanceMonthsWithWork(db, user.grants);
  const month = allowanceMonth(
    requested && MONTH.test(requested) ? requested : null,
    waiting,
    months[0] ?? null,
    await latestRecordedMonth(db, institutions.map((o) => o.id)) ?? chinaDate(new Date()).slice(0, 7),
  );
  const lists = all.filter((l) => l.list.month === month);
  const regionReader = resolveScope(user.grants, "read:allowance-list:region") !== null;
  // A city's month can hold hundreds of lists: 50 a page, the totals over all of them.
  const range = pageWindow(new URL(request.url));
  const { rows, ...paging } = paged(lists.slice(range.offset, range.offset + range.limit), range, lists.length);
  return {
    month,
    months,
    institutions,
    lists: rows.map((l) => ({ id: l.list.id, organisationName: l.organisationName, policyName: l.policyName, status: listStatusNames[l.list.status], lines: l.lines, total: l.total, noticeEndsOn: l.list.noticeEndsOn, returned: l.list.status === "draft" && l.list.returnedReason !== null })),
    paging,
    total: yuan(lists.reduce((n, l) => n + l.total, 0)),
    payees: lists.reduce((n, l) => n + l.lines, 0),
    regionBankUrl: regionReader && lists.some((l) => l.list.status === "approved") ? `/allowances/bank.xlsx?month=${month}` : null,
    defaultMonth: waiting.includes(month) ? month : (await latestRecordedMonth(db, institutions.map((o) => o.id)) ?? month),
  };
}

const generateSchema = z.object({
  organisationId: z.string().regex(/^\d+$/, "请选择机构").transform(Number),
  month: z.string().regex(MONTH, "请按 YYYY-MM 选择月份"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "declare:allowance-list:org");
  const parsed = parseForm(await request.formData(), generateSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { organisationId, month } = parsed.data;
  if (!(await listOrganisations(scope)).some((o) => o.id === organisationId)) notFound("未找到该机构，或该机构不在您的管理范围内");
  if (month > chinaDate(new Date()).slice(0, 7)) return data({ errors: { month: "不能生成以后月份的名册" } as Record<string, string>, values: parsed.values }, { status: 400 });
  try {
    const ids = await refreshInstitutionLists(db, organisationId, month, actor(request, user));
    const computed = await Promise.all(ids.map(async (listId) => listSummary(db, listId)));
    const notice = `已生成 ${month} 名册 ${ids.length} 份：${computed.reduce((n, s) => n + s.payees, 0)} 人，合计 ${yuan(computed.reduce((n, s) => n + s.total, 0))}；已申报的名册未改动`;
    return redirectWithNotice(request, ids.length === 1 ? `/allowances/${ids[0]}` : `/allowances?month=${month}`, notice);
  } catch (error) {
    if (error instanceof ListError) return data({ errors: { _form: error.message } as Record<string, string>, values: parsed.values }, { status: 400 });
    throw error;
  }
}

export default function AllowanceListsPage() {
  const { month, months, institutions, lists, paging, total, payees, defaultMonth, regionBankUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <main className="container">
      <h1>补贴发放名册</h1>
      <p className="lead">每月按政策计算：每名符合条件的人员一行并写明依据，未列入的人员逐条写明未满足的条件。流程：机构申报 → 区县审核、公示 → 市级审批锁定 → 导出。</p>
      {institutions.length > 0 ? (
        <section className="card narrow">
          <h2>生成或更新本机构名册</h2>
          <Form method="post" className="stack" noValidate>
            <FormError error={errors._form} />
            <SelectField label="机构" name="organisationId" options={institutions.map((o) => ({ value: String(o.id), label: o.name }))} defaultValue={result?.values.organisationId} error={errors.organisationId} />
            <Field label="月份" name="month" type="month" defaultValue={result?.values.month ?? defaultMonth} error={errors.month} />
            <button type="submit">生成名册</button>
            <p className="hint">已申报的名册不会被改动；未申报的名册按最新的人员、证书和月度记录重新计算。</p>
          </Form>
        </section>
      ) : null}
      {months.length > 1 ? (
        <nav className="actions" aria-label="选择月份">
          {months.map((m) => (
            <Link key={m} to={`/allowances?month=${m}`} className={m === month ? "button" : "button secondary"}>
              {m}
            </Link>
          ))}
        </nav>
      ) : null}
      <h2>
        {month} 名册（{payees} 人，合计 {total}）
      </h2>
      {regionBankUrl ? (
        <p>
          <a href={regionBankUrl} download>
            下载本辖区 {month} 银行代发明细（XLSX）
          </a>
          <span className="muted">：仅含已审批锁定的名册，按机构小计，并列出各名册的校验码。</span>
        </p>
      ) : null}
      <DataTable
        caption={`${month} 名册`}
        rows={lists}
        rowKey={(l) => l.id}
        empty="该月还没有名册。"
        paging={paging}
        columns={[
          { header: "机构", wrap: true, cell: (l) => <Link to={`/allowances/${l.id}`}>{l.organisationName}</Link> },
          { header: "补贴", wrap: true, cell: (l) => l.policyName },
          {
            header: "状态",
            cell: (l) => (
              <>
                {l.status}
                {l.returned ? <span className="tag warn">已退回</span> : null}
                {l.noticeEndsOn && l.status === listStatusNames.publicised ? <span className="muted">（至 {l.noticeEndsOn}）</span> : null}
              </>
            ),
          },
          { header: "人数", numeric: true, cell: (l) => l.lines },
          { header: "金额（元）", numeric: true, cell: (l) => l.total },
        ]}
      />
    </main>
  );
}
