import ExcelJS from "exceljs";
import type { DbOrTx } from "../../db/client.ts";
import type { subsidyLists } from "../../db/schema.ts";
import { createPdfDocument, pdfBuffer, pdfTableRows } from "../documents/pdf.server.ts";
import { addSheet, workbookBuffer, type SheetCell } from "../imports/table.server.ts";
import { levelShortLabel, occupationNames, type SkillLevel } from "../occupations/occupations.ts";
import { applicationStatusNames } from "./list-status.ts";
import { applicationsOn } from "./lists.server.ts";

/** Files of an approved subsidy list — bank XLSX and PDF roster — under the header it was approved with, carrying its hash. */

type Line = Awaited<ReturnType<typeof applicationsOn>>[number];
export type SubsidyExport = { title: string; kind: string; district: string; month: string; contentHash: string; paid: Line[]; notPaid: Line[] };

export async function exportableSubsidyList(db: DbOrTx, list: typeof subsidyLists.$inferSelect): Promise<SubsidyExport> {
  const header = list.approvedHeader!;
  const lines = await applicationsOn(db, list.id);
  return { title: header.policy, kind: header.kind, district: header.district.name, month: list.month, contentHash: list.contentHash!, paid: lines.filter((l) => l.status === "pending"), notPaid: lines.filter((l) => l.status !== "pending") };
}

const what = (l: Line) => `${occupationNames[l.occupation]}${levelShortLabel(l.level as SkillLevel)}`;
const sum = (lines: Line[]) => lines.reduce((n, l) => n + l.amount, 0);
export const subsidyFileName = (e: SubsidyExport) => `${e.district}-${e.month}-${e.title}`;

/** The bank's sheet (ID numbers and accounts as text), each line with its reason; a second sheet lists the lines not paid and why. */
export function subsidyBankXlsx(e: SubsidyExport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const rows: SheetCell[][] = e.paid.map((l, i) => [i + 1, l.name, l.idNumber, l.bankAccount ?? "", what(l), l.amount, l.reasons.join("；")]);
  rows.push([null, "合计", `${e.paid.length} 人`, null, null, sum(e.paid), null]);
  const preface = [`${e.district} ${e.month} ${e.title}（${e.kind}）银行代发明细：${e.paid.length} 人，${sum(e.paid)} 元`, `名册校验码（SHA-256）：${e.contentHash}`];
  addSheet(workbook, "代发明细", ["序号", "姓名", { title: "身份证号", text: true }, { title: "银行账号", text: true }, "职业等级", "金额（元）", "依据"], rows, { preface });
  addSheet(
    workbook,
    "未发放",
    ["序号", "姓名", { title: "身份证号", text: true }, "职业等级", "金额（元）", "结果", "理由"],
    e.notPaid.map((l, i) => [i + 1, l.name, l.idNumber, what(l), l.amount, applicationStatusNames[l.status], l.decisionReason ?? ""]),
    { preface: ["区县审核剔除或退回的申请，不发放"] },
  );
  return workbookBuffer(workbook);
}

const COLUMNS = [
  { title: "序号", width: 30 },
  { title: "姓名", width: 60 },
  { title: "身份证号码", width: 125 },
  { title: "职业等级", width: 80 },
  { title: "金额（元）", width: 55 },
  { title: "依据 / 理由", width: 165 },
];

/** The 名册 for signature: paid lines with their reasons, lines not paid with theirs, totals and signature lines. */
export function subsidyRosterPdf(e: SubsidyExport): Promise<Buffer> {
  const doc = createPdfDocument({ info: { Title: `${e.title}发放名册` } });
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 30;
  const row = pdfTableRows(doc, COLUMNS, { fontSize: 8, footerSpace: 30 });

  doc.font("serif-bold").fontSize(16).text(`${e.title}发放名册`, { align: "center" });
  doc.font("serif").fontSize(10).text(`${e.district}　${e.month}　${e.kind}　发放 ${e.paid.length} 人，合计 ${sum(e.paid)} 元`, { align: "center" });
  doc.moveDown();
  row(COLUMNS.map((c) => c.title), true);
  e.paid.forEach((l, i) => row([String(i + 1), l.name, l.idNumber, what(l), String(l.amount), l.reasons.join("；")]));
  doc.moveDown(0.5);
  doc.font("serif-bold").fontSize(12).text(`未发放（${e.notPaid.length} 人）`, left);
  doc.moveDown(0.3);
  if (e.notPaid.length === 0) doc.font("serif").fontSize(10).text("无", left);
  else {
    row(COLUMNS.map((c, i) => (i === 5 ? "结果：理由" : c.title)), true);
    e.notPaid.forEach((l, i) => row([String(i + 1), l.name, l.idNumber, what(l), String(l.amount), `${applicationStatusNames[l.status]}：${l.decisionReason ?? ""}`]));
  }
  doc.moveDown();
  doc.font("serif").fontSize(8).text(`名册校验码（SHA-256）：${e.contentHash}`, left);
  doc.moveDown(1.5);
  for (const signer of ["经办人（签字）", "区县人力社保 / 民政部门审核（盖章）", "市级主管部门审批（盖章）"]) {
    if (doc.y > bottom()) doc.addPage();
    doc.font("serif").fontSize(11).text(`${signer}：________________　　日期：____年__月__日`, left);
    doc.moveDown(0.8);
  }
  return pdfBuffer(doc);
}
