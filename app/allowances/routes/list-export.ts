import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../../db.server.ts";
import { pdfResponse } from "../../documents/pdf.server.ts";
import { xlsxResponse } from "../../imports/table.server.ts";
import { attachment, invariantResponse, notFound } from "../../utils/http.ts";
import { requireAllowanceReader } from "../access.server.ts";
import { bankXlsx, exportableList, listCsv, rosterPdf } from "../exports.server.ts";
import { getListInScope } from "../lists.server.ts";

/** Exports of a locked list: bank XLSX, PDF roster, CSV. Only approved lists leave the system. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireAllowanceReader(request);
  const found = await getListInScope(db, scope, Number(params.listId));
  if (!found) notFound("未找到该名册，或该名册不在您的管理范围内");
  invariantResponse(found.list.status === "approved", "名册审批锁定后才能导出", { status: 409 });
  const list = await exportableList(db, found);
  const name = `${list.organisationName}-${list.month}-${list.title}`;
  if (params.file === "bank.xlsx") return xlsxResponse(await bankXlsx([list]), `${name}-银行代发.xlsx`);
  if (params.file === "roster.pdf") return pdfResponse(await rosterPdf([list]), `${name}-名册.pdf`);
  if (params.file === "list.csv") {
    return new Response(listCsv([list]), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": attachment(`${name}.csv`), "Cache-Control": "private, no-store" },
    });
  }
  notFound("没有这种导出格式");
}
