import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { z } from "zod";

/**
 * The one import pipeline (style guide): read XLSX or CSV (UTF-8 with or without BOM, or GB18030
 * from older Excel), check the headers, validate every row and collect every problem; callers then
 * apply all rows in one transaction or none.
 */
export type ImportProblem = { row: number | null; column: string | null; message: string };
export type TableRow = { row: number; values: Record<string, string> };
export type Table = { headers: string[]; rows: TableRow[] };

export class ImportFileError extends Error {}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    // Excel dates carry no zone; they mean the calendar date typed.
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("error" in value) return "";
  }
  return String(value);
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new ImportFileError("无法读取该 Excel 文件，请确认是 .xlsx 格式");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ImportFileError("Excel 文件中没有工作表");
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
    rows[number - 1] = values;
  });
  return Array.from(rows, (r) => r ?? []);
}

/** UTF-8 (a BOM is dropped) unless the bytes are not valid UTF-8, then GB18030 as older Chinese Excel writes. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes), "gb18030");
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export async function readTable(file: { name: string; bytes: Uint8Array }): Promise<Table> {
  const name = file.name.toLowerCase();
  let grid: string[][];
  if (name.endsWith(".xlsx")) grid = await readXlsx(file.bytes);
  else if (name.endsWith(".csv")) grid = parseCsv(decodeText(file.bytes)).map((r) => r.map((v) => v.trim()));
  else throw new ImportFileError("只支持 .xlsx 或 .csv 文件");
  const [header = [], ...body] = grid;
  const headers = header.map((h) => h.trim());
  const rows = body
    .map((cells, i) => ({ row: i + 2, values: Object.fromEntries(headers.map((h, k) => [h, cells[k] ?? ""])) }))
    .filter((r) => Object.values(r.values).some((v) => v !== ""));
  return { headers, rows };
}

/** Checks the headers and every row against a schema keyed by the Chinese column names. */
export function validateTable<S extends z.ZodType>(
  table: Table,
  requiredHeaders: string[],
  rowSchema: S,
): { ok: true; rows: Array<{ row: number; data: z.output<S> }> } | { ok: false; problems: ImportProblem[] } {
  const missing = requiredHeaders.filter((h) => !table.headers.includes(h));
  if (missing.length > 0) return { ok: false, problems: missing.map((h) => ({ row: 1, column: h, message: `缺少列“${h}”，请使用下载的模板` })) };
  if (table.rows.length === 0) return { ok: false, problems: [{ row: null, column: null, message: "文件中没有数据行" }] };
  const problems: ImportProblem[] = [];
  const rows: Array<{ row: number; data: z.output<S> }> = [];
  for (const { row, values } of table.rows) {
    const result = rowSchema.safeParse(values);
    if (result.success) {
      rows.push({ row, data: result.data });
      continue;
    }
    // The first problem of each cell is the one to fix; later ones usually follow from it.
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const column = issue.path[0] === undefined ? null : String(issue.path[0]);
      if (seen.has(String(column))) continue;
      seen.add(String(column));
      problems.push({ row, column, message: issue.message });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

/** An .xlsx with one header row, for downloadable templates and exports. */
export async function xlsxBuffer(sheetName: string, headers: string[], rows: Array<Array<string | number | null>>, notes: string[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  headers.forEach((h, i) => {
    sheet.getColumn(i + 1).width = Math.max(10, h.length * 2 + 4, ...rows.map((r) => String(r[i] ?? "").length + 2));
  });
  if (notes.length > 0) {
    const info = workbook.addWorksheet("说明");
    for (const n of notes) info.addRow([n]);
    info.getColumn(1).width = 80;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function xlsxResponse(buffer: Buffer, filename: string): Response {
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
