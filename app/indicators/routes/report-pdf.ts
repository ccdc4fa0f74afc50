import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../../db.server.ts";
import { pdfResponse } from "../../documents/pdf.server.ts";
import { invariantResponse } from "../../utils/http.ts";
import { requireIndicatorQuery } from "../access.server.ts";
import { computeIndicators } from "../indicators.ts";
import { loadIndicatorInput } from "../indicators.server.ts";
import { indicatorsPdf } from "../report.server.ts";

/** The report as a printable PDF: the region's figures and its sub-regions', definitions under each table. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { region, query, errors } = requireIndicatorQuery(request);
  invariantResponse(region, "请指定地区（?code=区划代码）");
  invariantResponse(Object.keys(errors).length === 0, Object.values(errors).join("；"));
  const report = computeIndicators(loadIndicatorInput(db, region.code, query.date), { root: region.code, date: query.date, population: query.population });
  return pdfResponse(await indicatorsPdf(report, new Date()), `${region.name}队伍建设指标-${query.date}.pdf`);
}
