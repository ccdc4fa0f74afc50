import iconv from "iconv-lite";
import type { z } from "../utils/zod.ts";
import { ImportFileError, MAX_IMPORT_ROWS, tooManyRows, type FileRow } from "./file-limits.ts";
import { xlsxRows } from "./xlsx-rows.server.ts";

/**
 * The one import pipeline (style guide): read XLSX or CSV (UTF-8 with or without BOM, or GB18030
 * from older Excel), check the headers, validate every row and collect every problem; callers then
 * apply all rows in one transaction or none. Nothing here loads exceljs: an import process holds only what it reads.
 */
export type ImportProblem = { row: number | null; column: string | null; message: string };
type TableRow = { row: number; values: Record<string, string> };
type Table = { headers: string[]; rows: TableRow[] };

/** UTF-8 (a BOM is dropped) unless the bytes are not valid UTF-8, then GB18030 as older Chinese Excel writes. */
function decodeText(bytes: Uint8Array): string {
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

/**
 * The file's rows as they are read, the header row first; rows with nothing in them may be left out. An XLSX is
 * parsed while its rows are consumed, so no whole copy of the sheet is ever held.
 */
export async function* fileRows(file: { name: string; bytes: Uint8Array }): AsyncGenerator<FileRow> {
  const name = file.name.toLowerCase();
  if (name.endsWith(".xlsx")) {
    yield* xlsxRows(file.bytes);
    return;
  }
  if (!name.endsWith(".csv")) throw new ImportFileError("只支持 .xlsx 或 .csv 文件");
  const grid = parseCsv(decodeText(file.bytes));
  if (grid.length > MAX_IMPORT_ROWS + 1) throw tooManyRows();
  for (let i = 0; i < grid.length; i++) yield [i + 1, grid[i]!.map((v) => v.trim())];
}

/** A row keyed by the headers, or null when all its cells under them are empty (100,000 rows: a plain loop, no arrays). */
function rowValues(headers: string[], cells: string[]): Record<string, string> | null {
  const values: Record<string, string> = {};
  let blank = true;
  for (let k = 0; k < headers.length; k++) {
    const value = cells[k] ?? "";
    if (value !== "") blank = false;
    values[headers[k]!] = value;
  }
  return blank ? null : values;
}

/** Headers from row 1 (none when it is missing; an empty header cell is ""), then each non-blank data row keyed by them. */
async function* keyedRows(rows: AsyncIterable<FileRow>, onHeaders: (headers: string[]) => void): AsyncGenerator<TableRow> {
  let headers: string[] | null = null;
  for await (const [number, cells] of rows) {
    if (headers === null) onHeaders((headers = number === 1 ? Array.from(cells, (h) => (h ?? "").trim()) : []));
    if (number === 1) continue;
    const values = rowValues(headers, cells);
    if (values) yield { row: number, values };
  }
  if (headers === null) onHeaders([]);
}

export async function readTable(file: { name: string; bytes: Uint8Array }): Promise<Table> {
  let headers: string[] = [];
  const rows: TableRow[] = [];
  for await (const row of keyedRows(fileRows(file), (h) => (headers = h))) rows.push(row);
  return { headers, rows };
}

/**
 * Checks the headers and every row against a schema keyed by the Chinese column names, as the rows are read: only
 * the validated rows are kept, never the raw table beside them. The valid rows come back with the problems of the
 * others, so cross-row and database checks can run on them in the same pass.
 */
export async function validateRows<S extends z.ZodType>(
  rows: AsyncIterable<FileRow>,
  requiredHeaders: string[],
  rowSchema: S,
): Promise<{ ok: true; rows: Array<{ row: number; data: z.output<S> }>; problems: ImportProblem[] } | { ok: false; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const valid: Array<{ row: number; data: z.output<S> }> = [];
  let missing: string[] = [];
  let dataRows = 0;
  for await (const { row, values } of keyedRows(rows, (headers) => (missing = requiredHeaders.filter((h) => !headers.includes(h))))) {
    if (missing.length > 0) break;
    dataRows++;
    const result = rowSchema.safeParse(values);
    if (result.success) {
      valid.push({ row, data: result.data });
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
  if (missing.length > 0) return { ok: false, problems: missing.map((h) => ({ row: 1, column: h, message: `缺少列“${h}”，请使用下载的模板` })) };
  if (dataRows === 0) return { ok: false, problems: [{ row: null, column: null, message: "文件中没有数据行" }] };
  return { ok: true, rows: valid, problems };
}
