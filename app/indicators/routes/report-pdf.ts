import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfResponse } from "../../documents/pdf.server.ts";
import { requireIndicatorReport } from "../access.server.ts";
import { indicatorsPdf } from "../report.server.ts";

/** The report as a printable PDF: the region's figures and its sub-regions', definitions under each table. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { region, query, report } = await requireIndicatorReport(request);
  return pdfResponse(await indicatorsPdf(report, new Date()), `${region.name}队伍建设指标-${query.date}.pdf`);
}
