import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { xlsxBuffer, xlsxResponse } from "../../imports/table.server.ts";
import { populationHeaders, populationTemplateNotes } from "../population.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  requireUserWithPermission(request, "manage:population:any");
  const buffer = await xlsxBuffer("人口统计", [...populationHeaders], [], populationTemplateNotes);
  return xlsxResponse(buffer, "人口统计数据导入模板.xlsx");
}
