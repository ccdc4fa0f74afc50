import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxBuffer, xlsxResponse } from "../../imports/table.server.ts";
import { MIN_CELL_COUNT } from "../wage-stats.ts";
import { fenPlain } from "../wage-money.ts";
import { requireWageView, wageReport, type WageRow } from "../report.server.ts";

/** The wage page's figures as a sheet, in yuan; hidden cells stay hidden here too. */
export async function loader({ request }: LoaderFunctionArgs) {
  const view = await requireWageView(request);
  const report = await wageReport(view);
  const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? "" : Number(fenPlain(fen)));
  const line = (r: WageRow) => [r.area, r.occupation, r.level, r.count, r.hidden ? "" : yuan(r.p25), r.hidden ? `不足 ${MIN_CELL_COUNT} 人，不显示` : yuan(r.median), r.hidden ? "" : yuan(r.p75), yuan(r.guidance?.lowFen), yuan(r.guidance?.medianFen), yuan(r.guidance?.highFen), r.position ?? (r.guidance ? "" : "未录入工资价位")];
  const where = view.region?.name ?? view.institutions.map((o) => o.name).join("、");
  const buffer = await xlsxBuffer(
    "工资统计",
    ["地区", "职业", "证书等级", "人数", "P25（元）", "中位数（元）", "P75（元）", "价位低位数（元）", "价位中位数（元）", "价位高位数（元）", "中位数对比价位"],
    [...report.rows, ...report.children].map(line),
    [`${where} ${view.month} 月度应发工资统计。`, "分位数按线性插值（同 Excel PERCENTILE.INC）计算。", `不足 ${MIN_CELL_COUNT} 人的分组只列人数。`],
  );
  return xlsxResponse(buffer, `工资价位监测-${where}-${view.month}.xlsx`);
}
