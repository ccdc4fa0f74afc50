import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "../../components/data-table.tsx";
import { db } from "../../db.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { publicCreditEntries } from "../credit.server.ts";

export const meta: MetaFunction = () => [{ title: "红黑名单公示 · carecert" }];

/** Public: red-list entries and the black-list entries officers published, in force today; names masked, no ID numbers. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const list = url.searchParams.get("list") === "black" ? "black" : "red";
  const range = pageWindow(url);
  const { rows, total } = await publicCreditEntries(db, list, chinaDate(new Date()), range);
  const page = paged(rows, range, total);
  return { list, rows: page.rows, paging: { page: page.page, hasNext: page.hasNext, total: page.total } };
}

export default function PublicCreditPage() {
  const { list, rows, paging } = useLoaderData<typeof loader>();
  const red = list === "red";
  return (
    <main className="container">
      <h1>养老托育从业人员和机构红黑名单</h1>
      <p className="muted">民政部门公布的表彰（红名单）和失信惩戒（黑名单），只列有效期内的记录。为保护个人信息，姓名部分隐去，不显示证件号码、列入理由和证据。对黑名单有异议的，本人或机构可登录后申诉。</p>
      <nav className="actions" aria-label="名单">
        <a href="?list=red" aria-current={red ? "page" : undefined}>
          红名单
        </a>
        <a href="?list=black" aria-current={red ? undefined : "page"}>
          黑名单
        </a>
      </nav>
      <DataTable
        caption={red ? "红名单（表彰）" : "黑名单（失信惩戒）"}
        showCaption
        rows={rows}
        rowKey={(r) => r.id}
        empty="目前没有公布的记录。"
        paging={paging}
        columns={[
          { header: red ? "受表彰者" : "列入对象", cell: (r) => `${r.subject}（${r.kind}）` },
          { header: red ? "表彰" : "失信类别", cell: (r) => r.what, wrap: true },
          { header: "决定地区", cell: (r) => r.region },
          { header: "期限", cell: (r) => r.term, wrap: true },
        ]}
      />
    </main>
  );
}
