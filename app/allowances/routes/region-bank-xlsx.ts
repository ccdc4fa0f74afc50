import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { xlsxResponse } from "../../imports/table.server.ts";
import { getRegion } from "../../regions/regions.server.ts";
import { invariantResponse, notFound } from "../../utils/http.ts";
import { exportableList, regionBankXlsx } from "../exports.server.ts";
import { listsInScope } from "../lists.server.ts";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The officer's region's bank file for a month (?month=YYYY-MM): every approved list in scope, grouped by institution. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "read:allowance-list:region");
  const month = new URL(request.url).searchParams.get("month") ?? "";
  invariantResponse(MONTH.test(month), "请按 YYYY-MM 指定月份");
  const approved = (await listsInScope(db, scope, { month })).filter((l) => l.list.status === "approved");
  if (approved.length === 0) notFound(`${month} 在您的管理范围内还没有已审批的名册`);
  const regionName = (await Promise.all(scope.regionCodes.map(async (code) => (await getRegion(code))?.name ?? code))).join("、") || "全部地区";
  const buffer = await regionBankXlsx(
    await Promise.all(approved.map(async (l) => exportableList(db, l))),
    { regionName, month },
  );
  return xlsxResponse(buffer, `${regionName}-${month}-补贴银行代发（已审批名册）.xlsx`);
}
