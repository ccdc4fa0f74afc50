import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../../db.server.ts";
import { xlsxResponse } from "../../imports/table.server.ts";
import { invariantResponse } from "../../utils/http.ts";
import { requireIndicatorQuery } from "../access.server.ts";
import { computeIndicators } from "../indicators.ts";
import { loadIndicatorInput } from "../indicators.server.ts";
import { indicatorsXlsx } from "../report.server.ts";

/** The dashboard's figures for the region and every region below it, as XLSX with the definitions. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { region, query, errors } = requireIndicatorQuery(request);
  invariantResponse(region, "请指定地区（?code=区划代码）");
  invariantResponse(Object.keys(errors).length === 0, Object.values(errors).join("；"));
  const report = computeIndicators(loadIndicatorInput(db, region.code, query.date), { root: region.code, date: query.date, population: query.population });
  return xlsxResponse(await indicatorsXlsx(report), `${region.name}队伍建设指标-${query.date}.xlsx`);
}
