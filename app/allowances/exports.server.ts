import ExcelJS from "exceljs";
import type { DbOrTx } from "../../db/client.ts";
import type { allowanceLists } from "../../db/schema.ts";
import { createPdfDocument, pdfBuffer, pdfTableRows } from "../documents/pdf.server.ts";
import { csvText, csvTextCell } from "../imports/csv.ts";
import { addSheet, workbookBuffer, xlsxBuffer, type SheetCell } from "../imports/table.server.ts";
import { levelShortLabel, type SkillLevel } from "../occupations/occupations.ts";
import { linesOf } from "./lists.server.ts";

/** Exports of approved lists — bank XLSX (one list, or a region's month), PDF roster (名册), CSV — each carrying the list's hash. */

export type ExportLine = { name: string; idNumber: string; bankAccount: string | null; level: number | null; amount: number; kind: "allowance" | "adjustment"; rule: string };
export type ExportList = { title: string; month: string; organisationName: string; organisationCreditCode: string; contentHash: string; lines: ExportLine[] };

/** An approved list's paid lines (excluded ones are not paid), under the names it was approved with. */
export async function exportableList(db: DbOrTx, found: { list: typeof allowanceLists.$inferSelect }): Promise<ExportList> {
  const header = found.list.approvedHeader!;
  return {
    title: header.policy,
    month: found.list.month,
    organisationName: header.organisation.name,
    organisationCreditCode: header.organisation.creditCode,
    contentHash: found.list.contentHash!,
    lines: (await linesOf(db, found.list.id))
      .filter((l) => l.excludedAt === null)
      .map((l) => ({ name: l.name, idNumber: l.idNumber, bankAccount: l.bankAccount, level: l.level, amount: l.amount, kind: l.kind, rule: l.rule })),
  };
}

const levelText = (line: ExportLine) => (line.kind === "adjustment" ? "调整" : line.level ? levelShortLabel(line.level as SkillLevel) : "—");
const sum = (lines: ExportLine[]) => lines.reduce((n, l) => n + l.amount, 0);
const hashNote = (list: ExportList) => `${list.organisationName} ${list.month} 名册校验码（SHA-256）：${list.contentHash}`;

export function bankXlsx(lists: ExportList[]): Promise<Buffer> {
  const rows = lists.flatMap((list) => list.lines).map((l, i) => [i + 1, l.name, l.idNumber, l.bankAccount ?? "", l.amount]);
  const total = sum(lists.flatMap((l) => l.lines));
  return xlsxBuffer("代发明细", ["序号", "姓名", { title: "身份证号", text: true }, { title: "银行账号", text: true }, "金额（元）"], rows, [
    `${lists[0]?.title ?? ""} ${lists[0]?.month ?? ""} 银行代发明细`,
    `合计 ${rows.length} 人，${total} 元`,
    ...lists.map(hashNote),
  ]);
}

/** The CSV of approved lists, one paid line a row, each carrying its list's hash. */
export function listCsv(lists: ExportList[]): string {
  const header = ["序号", "机构", "月份", "姓名", "身份证号", "银行账号", "等级", "金额（元）", "依据", "名册校验码"];
  let n = 0;
  const rows = lists.flatMap((list) => list.lines.map((l) => [++n, list.organisationName, csvTextCell(list.month), l.name, csvTextCell(l.idNumber), csvTextCell(l.bankAccount), levelText(l), l.amount, l.rule, list.contentHash]));
  return csvText([header, ...rows]);
}

const APPROVED_ONLY_NOTE = "仅含已审批锁定（终审）的名册；尚未审批的名册不在本文件中，审批后请重新下载。";

/**
 * A region's bank file for a month: every approved list's paid lines grouped by institution, a subtotal per
 * institution and a grand total; a second sheet lists each list with its line count, total and hash.
 */
export async function regionBankXlsx(lists: ExportList[], heading: { regionName: string; month: string }): Promise<Buffer> {
  // By credit code: two institutions may share a name, never a code.
  const byInstitution = new Map<string, ExportList[]>();
  for (const list of lists) byInstitution.set(list.organisationCreditCode, [...(byInstitution.get(list.organisationCreditCode) ?? []), list]);
  const rows: SheetCell[][] = [];
  const subtotalRows: number[] = [];
  let n = 0;
  for (const own of byInstitution.values()) {
    const institution = own[0]!.organisationName;
    const lines = own.flatMap((list) => list.lines.map((l) => ({ list, l })));
    for (const { list, l } of lines) rows.push([++n, institution, l.name, l.idNumber, l.bankAccount ?? "", list.title, l.amount]);
    subtotalRows.push(rows.length);
    rows.push([null, `${institution} 小计`, `${lines.length} 人`, null, null, null, sum(lines.map((x) => x.l))]);
  }
  const all = lists.flatMap((l) => l.lines);
  rows.push([null, "合计", `${all.length} 人`, null, null, null, sum(all)]);

  const workbook = new ExcelJS.Workbook();
  const preface = [`${heading.regionName} ${heading.month} 补贴银行代发明细（${byInstitution.size} 个机构，${all.length} 人，${sum(all)} 元）`, APPROVED_ONLY_NOTE];
  const sheet = addSheet(workbook, "代发明细", ["序号", "机构", "姓名", { title: "身份证号", text: true }, { title: "银行账号", text: true }, "补贴项目", "金额（元）"], rows, { preface });
  const firstData = preface.length + 2;
  for (const i of [...subtotalRows, rows.length - 1]) sheet.getRow(firstData + i).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: preface.length + 1 }];

  const listRows: SheetCell[][] = lists.map((list, i) => [i + 1, list.organisationName, list.organisationCreditCode, list.title, list.lines.length, sum(list.lines), list.contentHash]);
  listRows.push([null, "合计", null, null, all.length, sum(all), null]);
  addSheet(workbook, "名册清单", ["序号", "机构", { title: "统一社会信用代码", text: true }, "补贴项目", "人数", "金额（元）", "名册校验码（SHA-256）"], listRows, { preface: [APPROVED_ONLY_NOTE] });
  return workbookBuffer(workbook);
}

/** Totals per level across the lists, in level order (一级 first), adjustments last. */
function totalsByLevel(lines: ExportLine[]) {
  const groups = new Map<string, { label: string; count: number; amount: number; order: number }>();
  for (const l of lines) {
    const label = levelText(l);
    const g = groups.get(label) ?? { label, count: 0, amount: 0, order: l.kind === "adjustment" ? 9 : (l.level ?? 8) };
    g.count++;
    g.amount += l.amount;
    groups.set(label, g);
  }
  return [...groups.values()].sort((a, b) => a.order - b.order);
}

const COLUMNS = [
  { title: "序号", width: 36 },
  { title: "姓名", width: 70 },
  { title: "身份证号码", width: 140 },
  { title: "等级", width: 50 },
  { title: "金额（元）", width: 70 },
  { title: "备注", width: 129 },
];

/** The 名册 for signature: one section per institution, totals per level and per institution, signature lines. */
export function rosterPdf(lists: ExportList[]): Promise<Buffer> {
  const doc = createPdfDocument({ info: { Title: `${lists[0]?.title ?? ""}发放名册` } });
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 20;
  const row = pdfTableRows(doc, COLUMNS, { fontSize: 9, footerSpace: 20 });


  doc.font("serif-bold").fontSize(16).text(`${lists[0]?.title ?? ""}发放名册`, { align: "center" });
  doc.font("serif").fontSize(10).text(`发放月份：${lists[0]?.month ?? ""}　　机构数：${lists.length}　　合计：${lists.reduce((n, l) => n + l.lines.length, 0)} 人，${sum(lists.flatMap((l) => l.lines))} 元`, { align: "center" });
  doc.moveDown();
  for (const list of lists) {
    doc.font("serif-bold").fontSize(12).text(list.organisationName, left);
    doc.moveDown(0.3);
    row(COLUMNS.map((c) => c.title), true);
    list.lines.forEach((l, i) => row([String(i + 1), l.name, l.idNumber, levelText(l), String(l.amount), l.kind === "adjustment" ? l.rule : ""]));
    doc.font("serif-bold").fontSize(10).text(`小计：${list.lines.length} 人，${sum(list.lines)} 元`, left);
    doc.font("serif").fontSize(8).text(`名册校验码（SHA-256）：${list.contentHash}`, left);
    doc.moveDown();
  }
  if (doc.y > bottom() - 200) doc.addPage();
  doc.font("serif-bold").fontSize(12).text("按等级汇总", left);
  for (const t of totalsByLevel(lists.flatMap((l) => l.lines))) doc.font("serif").fontSize(10).text(`${t.label}：${t.count} 人，${t.amount} 元`, left);
  doc.moveDown(0.5);
  doc.font("serif-bold").fontSize(12).text("按机构汇总", left);
  for (const list of lists) doc.font("serif").fontSize(10).text(`${list.organisationName}：${list.lines.length} 人，${sum(list.lines)} 元`, left);
  doc.moveDown(1.5);
  for (const signer of ["机构负责人（签字）", "经办人（签字）", "区县民政部门审核（盖章）", "市民政部门审批（盖章）"]) {
    doc.font("serif").fontSize(11).text(`${signer}：________________　　日期：____年__月__日`, left);
    doc.moveDown(0.8);
  }
  return pdfBuffer(doc);
}
