import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterForm } from "../../components/filter-form.tsx";
import { db } from "../../db.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { NoticeIndexTable } from "../notice-parts.tsx";
import { allowanceNoticesRunning, districtsWithNotices, otherNoticesRunning } from "../notices.server.ts";

export const meta: MetaFunction = () => [{ title: "公示公告 · carecert" }];

/** Public, no login: every allowance list in 公示 today, filtered by district, 50 a page; then subsidy lists and competition results. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const today = chinaDate(new Date());
  const district = url.searchParams.get("district") ?? "";
  const districts = await districtsWithNotices(db, today);
  const known = districts.some((d) => d.code === district);
  const range = pageWindow(url);
  const { rows, ...paging } = paged(await allowanceNoticesRunning(db, today, { districtCode: known ? district : undefined }, range), range);
  return {
    today,
    district: known ? district : "",
    districts: districts.map((d) => ({ value: d.code, label: d.name ?? d.code })),
    paging,
    others: await otherNoticesRunning(db, today),
    rows: rows.map((r) => ({
      key: `allowance-${r.listId}`,
      href: `/notices/allowances/${r.listId}`,
      district: r.districtName ?? "",
      issuer: r.organisationName,
      title: `${r.month} ${r.policyName}`,
      payees: r.payees,
      total: r.total,
      endsOn: r.noticeEndsOn ?? "",
    })),
  };
}

export default function NoticesPage() {
  const { today, district, districts, paging, rows, others } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>公示公告</h1>
      <p className="muted">
        正在公示的补贴发放名册（{today}）。公示期内对名单有异议的，可书面向区县民政部门提出，或登录本人账号在线提出。
      </p>
      <FilterForm selects={[{ name: "district", label: "区县", value: district, options: [{ value: "", label: "全部区县" }, ...districts] }]} />
      <NoticeIndexTable caption="正在公示的补贴发放名册" rows={rows} paging={paging} empty={district ? "该区县目前没有正在公示的名册。" : "目前没有正在公示的名册。"} />
      <h2>培训补贴、技能提升补贴名册</h2>
      <NoticeIndexTable caption="正在公示的培训补贴名册" rows={others.subsidies} empty="目前没有正在公示的培训补贴名册。" />
      <h2>技能竞赛结果</h2>
      <NoticeIndexTable caption="正在公示的技能竞赛结果" rows={others.competitions} empty="目前没有正在公示的竞赛结果。" />
      <p>
        <Link to="/notices/credit">红名单、黑名单公示</Link>
      </p>
    </main>
  );
}
