import ExcelJS from "exceljs";
import { attachment } from "../utils/http.ts";

// Reading lives in read-table.server.ts (without exceljs, so an import process does not load it); its names are
// offered here too, where the pages and tests have always found them.
export { ImportFileError, MAX_IMPORT_ROWS, MAX_XLSX_UNCOMPRESSED_BYTES } from "./file-limits.ts";
export { parseCsv, readTable, type ImportProblem } from "./read-table.server.ts";

/**
 * A column of an exported sheet or template. `text` columns (ID numbers, bank accounts, codes, dates, months) are
 * string cells in the Text format (@), the whole column included, so Excel, WPS and LibreOffice keep every digit of
 * what is there and of what is typed later; `note` shows the expected format on the header cell.
 */
export type SheetColumn = string | { title: string; text: true; note?: string };
export type SheetCell = string | number | null;

/** Adds a sheet: optional lines above (a title, a note), one bold header row, then the rows. */
export function addSheet(workbook: ExcelJS.Workbook, name: string, columns: SheetColumn[], rows: SheetCell[][], options: { preface?: string[] } = {}): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  const specs = columns.map((c) => (typeof c === "string" ? { title: c, text: false, note: undefined } : c));
  specs.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    // Set before any row is added: new cells take the column's format.
    if (c.text) column.numFmt = "@";
    column.width = Math.max(10, c.title.length * 2 + 4, ...rows.map((r) => String(r[i] ?? "").length + 2));
  });
  for (const line of options.preface ?? []) sheet.addRow([line]);
  const header = sheet.addRow(specs.map((c) => c.title));
  header.font = { bold: true };
  specs.forEach((c, i) => {
    if (c.note) header.getCell(i + 1).note = c.note;
  });
  const textAt = specs.flatMap((c, i) => (c.text ? [i] : []));
  for (const r of rows) {
    const row = textAt.length === 0 ? r : r.map((v, i) => (v !== null && textAt.includes(i) ? String(v) : v));
    sheet.addRow(row);
  }
  return sheet;
}

export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An .xlsx with one header row, for downloadable templates and exports, and the notes on a second sheet. */
export async function xlsxBuffer(sheetName: string, columns: SheetColumn[], rows: SheetCell[][], notes: string[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  addSheet(workbook, sheetName, columns, rows);
  if (notes.length > 0) {
    const info = workbook.addWorksheet("说明");
    for (const n of notes) info.addRow([n]);
    info.getColumn(1).width = 80;
  }
  return workbookBuffer(workbook);
}

export function xlsxResponse(buffer: Buffer, filename: string): Response {
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": attachment(filename),
      "Cache-Control": "private, no-store",
    },
  });
}
