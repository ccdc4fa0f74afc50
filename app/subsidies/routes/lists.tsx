import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { DataTable } from "../../components/data-table.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { db } from "../../db.server.ts";
import { yuan } from "../../allowances/money.ts";
import { subsidyListStatuses, type SubsidyListStatus } from "../../../db/schema.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { subsidyListStatusNames } from "../list-status.ts";
import { subsidyListsInScope } from "../lists.server.ts";
import { subsidyKindNames } from "../rules.ts";

export const meta: MetaFunction = () => [{ title: "培训补贴名册 · carecert" }];

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The officer's subsidy lists: a district's own, a city's districts', newest month first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "read:subsidy-list:region");
  const url = new URL(request.url);
  const month = url.searchParams.get("month") ?? "";
  const status = url.searchParams.get("status") ?? "";
  // A to-do's link: exactly the lists it counts.
  const work = url.searchParams.get("work");
  const range = pageWindow(url);
  const rows = await subsidyListsInScope(db, scope, { month: MONTH.test(month) ? month : undefined, status: (subsidyListStatuses as readonly string[]).includes(status) ? (status as SubsidyListStatus) : undefined, work: work === "review" || work === "approve" ? work : undefined }, range);
  const { rows: lists, ...paging } = paged(rows, range);
  return {
    filters: { month, status },
    work: work === "review" ? "月份已结束、有申请待审核和公示的名册" : work === "approve" ? "公示期满、待审批的名册" : null,
    lists: lists.map((l) => ({ id: l.list.id, month: l.list.month, district: l.districtName, policy: l.policyName, kind: subsidyKindNames[l.kind], status: subsidyListStatusNames[l.list.status], payees: l.payees, total: yuan(l.total), noticeEndsOn: l.list.noticeEndsOn })),
    paging,
  };
}

export default function SubsidyListsPage() {
  const { filters, work, lists, paging } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>培训补贴名册</h1>
      <p className="hint">取证人员（本人或培训基地代为）提出的培训补贴、技能提升补贴申请，按政策、区县和月份汇成名册：月份结束后区县审核、公示，公示期满由市级审批锁定，再导出银行代发文件。</p>
      {work ? <p className="notice">待办：{work}</p> : null}
      <FilterForm
        selects={[{ name: "status", label: "状态", value: filters.status, options: [{ value: "", label: "全部" }, ...subsidyListStatuses.map((s) => ({ value: s, label: subsidyListStatusNames[s] }))] }]}
      />
      <DataTable
        caption="培训补贴名册"
        rows={lists}
        rowKey={(l) => l.id}
        empty="没有符合条件的名册。"
        paging={paging}
        columns={[
          { header: "月份", cell: (l) => <Link to={`/subsidies/${l.id}`}>{l.month}</Link> },
          { header: "区县", cell: (l) => l.district },
          { header: "政策", wrap: true, cell: (l) => `${l.policy}（${l.kind}）` },
          { header: "状态", cell: (l) => (l.noticeEndsOn && l.status === "公示中" ? `${l.status}（至 ${l.noticeEndsOn}）` : l.status) },
          { header: "发放人数", numeric: true, cell: (l) => l.payees },
          { header: "金额", numeric: true, cell: (l) => l.total },
        ]}
      />
    </main>
  );
}
