import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { pdfResponse } from "../../documents/pdf.server.ts";
import { xlsxResponse } from "../../imports/table.server.ts";
import { invariantResponse, notFound } from "../../utils/http.ts";
import { exportableSubsidyList, subsidyBankXlsx, subsidyFileName, subsidyRosterPdf } from "../exports.server.ts";
import { getSubsidyListInScope } from "../lists.server.ts";

/** Files of a locked subsidy list: bank XLSX, PDF roster. Only approved lists leave the system. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "read:subsidy-list:region");
  const found = await getSubsidyListInScope(db, scope, Number(params.listId));
  if (!found) notFound("未找到该名册，或该名册不在您的管理范围内");
  invariantResponse(found.list.status === "approved", "名册审批锁定后才能导出", { status: 409 });
  const list = await exportableSubsidyList(db, found.list);
  if (params.file === "bank.xlsx") return xlsxResponse(await subsidyBankXlsx(list), `${subsidyFileName(list)}-银行代发.xlsx`);
  if (params.file === "roster.pdf") return pdfResponse(await subsidyRosterPdf(list), `${subsidyFileName(list)}-名册.pdf`);
  notFound("没有这种导出格式");
}
