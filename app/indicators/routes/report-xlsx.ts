import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxResponse } from "../../imports/table.server.ts";
import { requireIndicatorReport } from "../access.server.ts";
import { indicatorsXlsx } from "../report.server.ts";

/** The dashboard's figures for the region and every region below it, as XLSX with the definitions. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { region, query, report } = await requireIndicatorReport(request);
  return xlsxResponse(await indicatorsXlsx(report), `${region.name}队伍建设指标-${query.date}.xlsx`);
}
