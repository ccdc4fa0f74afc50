import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { format, parseISO, subMonths } from "date-fns";
import { DataTable, type Column } from "../../components/data-table.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { db } from "../../db.server.ts";
import { hasPermission } from "../../auth/permissions.ts";
import { asc, eq } from "drizzle-orm";
import { regions } from "../../../db/schema.ts";
import { regionDisplayName } from "../../regions/region-name.ts";
import { getRegion } from "../../regions/regions.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { fenText } from "../wage-money.ts";
import { MIN_CELL_COUNT } from "../wage-stats.ts";
import { requireWageView, wageReport, type WageRow } from "../report.server.ts";

export const meta: MetaFunction = () => [{ title: "工资价位监测 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireWageView(request);
  const report = await wageReport(view);
  const thisMonth = chinaDate(new Date()).slice(0, 7);
  // The month picker: the last two years, and the month shown if it is older.
  const months = Array.from({ length: 24 }, (_, i) => format(subMonths(parseISO(`${thisMonth}-01`), i), "yyyy-MM"));
  if (!months.includes(view.month)) months.push(view.month);
  const areas = view.region
    ? [view.region, ...(await db.select().from(regions).where(eq(regions.parentCode, view.region.code)).orderBy(asc(regions.code))).map((r) => ({ code: r.code, name: regionDisplayName(r) }))]
    : [];
  // Back up to the officer's own region from a sub-region.
  const home = view.region && view.scope.regionCodes[0] && view.scope.regionCodes[0] !== view.region.code ? await getRegion(view.scope.regionCodes[0]) : null;
  return {
    region: view.region,
    institutions: view.institutions.map((o) => o.name),
    month: view.month,
    months,
    areas,
    home: home ? { code: home.code, name: `${home.name}（本辖区）` } : null,
    canEditGuidance: hasPermission(view.user.grants, "manage:wage-guidance"),
    ...report,
  };
}

const money = (fen: number | null) => (fen === null ? "—" : fenText(fen));

export default function WagesPage() {
  const { region, institutions, month, months, areas, home, canEditGuidance, year, total, rows, children } = useLoaderData<typeof loader>();
  const where = region ? region.name : institutions.join("、") || "本机构";
  const query = new URLSearchParams({ month, ...(region ? { code: region.code } : {}) }).toString();
  const columns = (withArea: boolean): Array<Column<WageRow>> => [
    ...(withArea ? [{ header: "地区", cell: (r: WageRow) => r.area }] : []),
    { header: "职业", cell: (r) => r.occupation },
    { header: "证书等级", cell: (r) => r.level },
    { header: "人数", numeric: true, cell: (r) => r.count },
    { header: "P25", numeric: true, cell: (r) => (r.hidden ? "—" : money(r.p25)) },
    { header: "中位数", numeric: true, cell: (r) => (r.hidden ? `不足 ${MIN_CELL_COUNT} 人，不显示` : money(r.median)) },
    { header: "P75", numeric: true, cell: (r) => (r.hidden ? "—" : money(r.p75)) },
    { header: `${year} 年工资价位（低 / 中 / 高）`, cell: (r) => (r.guidance ? `${money(r.guidance.lowFen)} / ${money(r.guidance.medianFen)} / ${money(r.guidance.highFen)}` : "未录入") },
    { header: "中位数对比价位", cell: (r) => (r.position ? <span className={r.position.startsWith("低于价位低位") ? "tag warn" : "tag"}>{r.position}</span> : "—") },
  ];
  return (
    <main className="container">
      <p className="breadcrumbs">{region ? <Link to="/region">辖区概览</Link> : <Link to="/institution">机构管理</Link>}</p>
      <h1>工资价位监测 · {where}</h1>
      <p className="hint">
        按各机构报送的月度应发工资统计，人员按职业和当月有效的最高证书等级（无有效证书记为“无证”）分组；分位数按线性插值（同 Excel PERCENTILE.INC）计算。为保护个人信息，不足 {MIN_CELL_COUNT} 人的分组只显示人数，不显示工资。
        {canEditGuidance ? (
          <>
            {" "}
            <Link to="/wages/guidance">录入工资价位</Link>
          </>
        ) : null}
      </p>
      <FilterForm
        selects={[
          { name: "month", label: "月份", value: month, options: months.map((m) => ({ value: m, label: m })) },
          ...(areas.length > 0 ? [{ name: "code", label: "地区", value: region!.code, options: [...(home ? [{ value: home.code, label: home.name }] : []), ...areas.map((a) => ({ value: a.code, label: a.name }))] }] : []),
        ]}
      />
      <p>
        {month} 报送应发工资 {total} 人。<a href={`/wages/report.xlsx?${query}`}>导出 Excel</a>
      </p>
      <h2>{where}</h2>
      <DataTable caption={`${where} ${month} 工资统计`} rows={rows} rowKey={(r) => r.key} empty={`${month} 还没有报送应发工资的人员。`} columns={columns(false)} />
      {region ? (
        <>
          <h2>下辖地区</h2>
          <DataTable caption={`${where}下辖地区 ${month} 工资统计`} rows={children} rowKey={(r) => r.key} empty="下辖地区当月都没有报送应发工资的人员。" columns={columns(true)} />
        </>
      ) : null}
    </main>
  );
}
