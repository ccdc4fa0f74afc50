import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { xlsxBuffer, xlsxResponse } from "../../imports/table.server.ts";
import { populationHeaders, populationTemplateNotes } from "../population.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:population:any");
  // The region code is a code, not a number: Text, like the codes it is checked against.
  const columns = populationHeaders.map((h) => (h === "区划代码" ? { title: h, text: true as const } : h));
  const buffer = await xlsxBuffer("人口统计", columns, [], populationTemplateNotes);
  return xlsxResponse(buffer, "人口统计数据导入模板.xlsx");
}
