import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { DataTable } from "../../components/data-table.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { db } from "../../db.server.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { chinaDate } from "../../utils/dates.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { CREDIT_PERMISSION, creditEntriesInScope, creditFilterOf, describeEntry, entryState } from "../credit.server.ts";
import { creditListNames, creditLists, creditStateNames, creditStates } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "红黑名单 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, CREDIT_PERMISSION);
  const url = new URL(request.url);
  const filter = creditFilterOf(url);
  const today = chinaDate(new Date());
  const range = pageWindow(url);
  const { rows, total } = await creditEntriesInScope(db, scope, filter, today, range);
  const page = paged(rows, range, total);
  return {
    filter,
    search: url.search,
    paging: { page: page.page, hasNext: page.hasNext, total: page.total },
    rows: page.rows.map((r) => ({
      id: r.entry.id,
      list: creditListNames[r.entry.list],
      black: r.entry.list === "black",
      subject: r.subjectName,
      identity: r.idNumber ? maskIdNumber(r.idNumber) : (r.creditCode ?? ""),
      kind: r.entry.personId !== null ? "从业人员" : "机构",
      what: describeEntry(r.entry),
      region: r.regionName,
      state: creditStateNames[entryState(r.entry, today)],
      openAppeals: r.openAppeals,
    })),
  };
}

export default function RegionCreditPage() {
  const { filter, search, paging, rows } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>红黑名单</h1>
      <p className="muted">
        辖区内从业人员和机构的表彰（红名单）与失信惩戒（黑名单）。黑名单按期限自动到期；有效期内的黑名单人员不予发放岗位补贴，证书查验页面显示其类别和期限。
      </p>
      <p className="actions">
        <Link className="button" to="/region/credit/new">
          列入红名单或黑名单
        </Link>
        <a href={`/region/credit/export.xlsx${search}`} download>
          导出当前筛选结果（XLSX）
        </a>
        <Link to="/notices/credit">公开名单</Link>
      </p>
      <FilterForm
        search={{ label: "查找", value: filter.q ?? "", placeholder: "姓名、身份证号、机构名称、信用代码或决定文号" }}
        selects={[
          { name: "list", label: "名单", value: filter.list ?? "", options: [{ value: "", label: "全部" }, ...creditLists.map((l) => ({ value: l, label: creditListNames[l] }))] },
          { name: "state", label: "状态", value: filter.state ?? "", options: [{ value: "", label: "全部" }, ...creditStates.map((s) => ({ value: s, label: creditStateNames[s] }))] },
          { name: "subject", label: "对象", value: filter.subject ?? "", options: [{ value: "", label: "全部" }, { value: "person", label: "从业人员" }, { value: "organisation", label: "机构" }] },
          { name: "appeal", label: "申诉", value: filter.appeal ?? "", options: [{ value: "", label: "全部" }, { value: "open", label: "有待处理的申诉" }] },
        ]}
      />
      <DataTable
        caption="红黑名单记录"
        rows={rows}
        rowKey={(r) => r.id}
        empty="没有符合条件的记录。"
        paging={paging}
        columns={[
          { header: "名单", cell: (r) => <span className={r.black ? "tag warn" : "tag"}>{r.list}</span> },
          { header: "对象", cell: (r) => <Link to={`/region/credit/${r.id}`}>{`${r.subject}（${r.kind}）`}</Link> },
          { header: "证件号码或信用代码", cell: (r) => r.identity, wrap: true },
          { header: "内容与期限", cell: (r) => r.what, wrap: true },
          { header: "决定地区", cell: (r) => r.region },
          { header: "状态", cell: (r) => (r.openAppeals > 0 ? `${r.state} · 申诉待处理` : r.state) },
        ]}
      />
    </main>
  );
}
