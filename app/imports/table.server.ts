import { Readable } from "node:stream";
import zlib from "node:zlib";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { z } from "zod";
import { attachment } from "../utils/http.ts";

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

/** An import has at most this many data rows, whatever its format. */
export const MAX_IMPORT_ROWS = 100_000;
/** What an .xlsx may inflate to in all (a 100,000-row roster is about 50 MB); a zip bomb is refused before it grows. */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

const unreadable = () => new ImportFileError("无法读取该 Excel 文件，请确认是 .xlsx 格式");
const inflatesTooFar = () => new ImportFileError(`该 Excel 文件解压后超过 ${MAX_XLSX_UNCOMPRESSED_BYTES / 1024 / 1024} MB，请拆分为几个文件后导入`);
const tooManyRows = () => new ImportFileError(`文件最多 ${MAX_IMPORT_ROWS} 行数据，请拆分为几个文件后导入`);

/** Inflates one entry without keeping it, counting the bytes, and stops as soon as they pass `limit`. */
function inflatedSize(compressed: Uint8Array, method: number, limit: number): Promise<number> {
  if (method === 0) return compressed.length > limit ? Promise.reject(inflatesTooFar()) : Promise.resolve(compressed.length);
  if (method !== 8) return Promise.reject(unreadable());
  return new Promise((resolve, reject) => {
    const inflate = zlib.createInflateRaw();
    let size = 0;
    inflate.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return;
      inflate.destroy();
      reject(inflatesTooFar());
    });
    inflate.on("end", () => resolve(size));
    inflate.on("error", () => reject(unreadable()));
    inflate.end(compressed);
  });
}

/**
 * Checks an .xlsx (a ZIP) before any reader inflates it: the central directory's uncompressed sizes, then, since a
 * crafted file can state any size, the bytes each entry really inflates to. The entries must follow one another with
 * nothing between them, so a streaming reader (which walks the local headers) meets exactly the entries counted here.
 */
type ZipEntry = { name: string; method: number; data: Buffer };

async function checkZip(bytes: Buffer): Promise<Map<string, ZipEntry>> {
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable();
  const count = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  if (directoryOffset + bytes.readUInt32LE(end + 12) > end) throw unreadable();
  const entries: Array<{ name: string; flags: number; method: number; compressed: number; size: number; offset: number }> = [];
  let declared = 0;
  for (let i = 0, p = directoryOffset; i < count; i++) {
    if (p + 46 > end || bytes.readUInt32LE(p) !== 0x02014b50) throw unreadable();
    const entry = { name: bytes.toString("utf8", p + 46, p + 46 + bytes.readUInt16LE(p + 28)), flags: bytes.readUInt16LE(p + 8), method: bytes.readUInt16LE(p + 10), compressed: bytes.readUInt32LE(p + 20), size: bytes.readUInt32LE(p + 24), offset: bytes.readUInt32LE(p + 42) };
    declared += entry.size;
    entries.push(entry);
    p += 46 + bytes.readUInt16LE(p + 28) + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  if (declared > MAX_XLSX_UNCOMPRESSED_BYTES) throw inflatesTooFar();
  let next = 0;
  let inflated = 0;
  const found = new Map<string, ZipEntry>();
  for (const e of entries.sort((a, b) => a.offset - b.offset)) {
    if (e.offset !== next || e.offset + 30 > directoryOffset || bytes.readUInt32LE(e.offset) !== 0x04034b50) throw unreadable();
    const hasDescriptor = (e.flags & 8) !== 0;
    if (!hasDescriptor && (bytes.readUInt32LE(e.offset + 18) !== e.compressed || bytes.readUInt32LE(e.offset + 22) !== e.size)) throw unreadable();
    const start = e.offset + 30 + bytes.readUInt16LE(e.offset + 26) + bytes.readUInt16LE(e.offset + 28);
    next = start + e.compressed;
    if (next > directoryOffset) throw unreadable();
    if (hasDescriptor) next += next + 4 <= directoryOffset && bytes.readUInt32LE(next) === 0x08074b50 ? 16 : 12;
    const data = bytes.subarray(start, start + e.compressed);
    inflated += await inflatedSize(data, e.method, MAX_XLSX_UNCOMPRESSED_BYTES - inflated);
    found.set(e.name, { name: e.name, method: e.method, data });
  }
  if (next !== directoryOffset) throw unreadable();
  return found;
}

/** An entry's text, inflated as it is read and decoded across chunk boundaries (a character may straddle two). */
function entryText(entry: ZipEntry): Readable {
  const stream = entry.method === 0 ? Readable.from([entry.data]) : Readable.from([entry.data]).pipe(zlib.createInflateRaw());
  return stream.setEncoding("utf8");
}

/**
 * The parts of exceljs's streaming WorkbookReader used here. Its own `parse()` decodes each inflated chunk on its own
 * (exceljs 4.4 utils/parse-sax.js), so a Chinese character split across two chunks comes out as U+FFFD; its part
 * parsers are fed text decoded whole instead, which also lets shared strings be read before the sheet, without temp files.
 */
type WorkbookReaderParts = {
  model?: { sheets?: Array<{ rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: Readable, sheetNo: string): Generator<{ value: AsyncIterable<ExcelJS.Row> }>;
};

/** A row's number in the file (1 is the header row) and its cells. */
export type FileRow = [number, string[]];

/** The first worksheet's rows as they are parsed, with exceljs's streaming reader (the file is never expanded in memory). */
async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<FileRow> {
  const entries = await checkZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" }) as unknown as WorkbookReaderParts;
  const part = (name: string) => entries.get(name);
  try {
    const rels = part("xl/_rels/workbook.xml.rels");
    const book = part("xl/workbook.xml");
    if (rels) await reader._parseRels(entryText(rels));
    if (book) await reader._parseWorkbook(entryText(book));
    const strings = part("xl/sharedStrings.xml");
    if (strings) for await (const _ of reader._parseSharedStrings(entryText(strings)));
    const styles = part("xl/styles.xml");
    if (styles) await reader._parseStyles(entryText(styles));
    // The first sheet in the workbook's order, else the lowest-numbered sheet part.
    const firstId = reader.model?.sheets?.[0]?.rId;
    const target = reader.workbookRels?.find((r) => r.Id === firstId)?.Target.replace(/^\/?(xl\/)?/, "");
    const sheetPaths = [...entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    const sheetPath = target && entries.has(`xl/${target}`) ? `xl/${target}` : sheetPaths[0];
    if (!sheetPath) throw new ImportFileError("Excel 文件中没有工作表");
    const sheetNo = /sheet(\d+)\.xml$/.exec(sheetPath)?.[1] ?? "1";
    for (const { value: sheet } of reader._parseWorksheet(entryText(part(sheetPath)!), sheetNo)) {
      for await (const row of sheet) {
        if (row.number > MAX_IMPORT_ROWS + 1) throw tooManyRows();
        yield [row.number, (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim())];
      }
    }
  } catch (error) {
    throw error instanceof ImportFileError ? error : unreadable();
  }
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

const rowValues = (headers: string[], cells: string[]) => Object.fromEntries(headers.map((h, k) => [h, cells[k] ?? ""]));
const isBlank = (values: Record<string, string>) => Object.values(values).every((v) => v === "");

/** Headers from row 1 (none when it is missing), then each non-blank data row keyed by them. */
async function* keyedRows(rows: AsyncIterable<FileRow>, onHeaders: (headers: string[]) => void): AsyncGenerator<TableRow> {
  let headers: string[] | null = null;
  for await (const [number, cells] of rows) {
    if (headers === null) onHeaders((headers = number === 1 ? cells.map((h) => h.trim()) : []));
    if (number === 1) continue;
    const values = rowValues(headers, cells);
    if (!isBlank(values)) yield { row: number, values };
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
 * the validated rows are kept (or, once one fails, only the problems), never the raw table beside them.
 */
export async function validateRows<S extends z.ZodType>(
  rows: AsyncIterable<FileRow>,
  requiredHeaders: string[],
  rowSchema: S,
): Promise<{ ok: true; rows: Array<{ row: number; data: z.output<S> }> } | { ok: false; problems: ImportProblem[] }> {
  const problems: ImportProblem[] = [];
  const valid: Array<{ row: number; data: z.output<S> }> = [];
  let missing: string[] = [];
  let dataRows = 0;
  for await (const { row, values } of keyedRows(rows, (headers) => (missing = requiredHeaders.filter((h) => !headers.includes(h))))) {
    if (missing.length > 0) break;
    dataRows++;
    const result = rowSchema.safeParse(values);
    if (result.success) {
      if (problems.length === 0) valid.push({ row, data: result.data });
      continue;
    }
    valid.length = 0;
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
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows: valid };
}

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
