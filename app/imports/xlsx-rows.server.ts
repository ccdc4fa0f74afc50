import { Readable } from "node:stream";
import zlib from "node:zlib";
import { ImportFileError, MAX_IMPORT_ROWS, MAX_XLSX_UNCOMPRESSED_BYTES, tooManyRows, type FileRow } from "./file-limits.ts";

/**
 * The first worksheet of an .xlsx as rows of cell texts, read straight from the sheet's XML as it inflates: one small
 * tokenizer, no row or cell objects (exceljs's streaming reader built both and took about 5 s and 140 MB for a
 * 100,000-row roster). Only what an import reads is understood: shared and inline strings, numbers, dates by their
 * number format, booleans; formulas give their cached value.
 */

const unreadable = () => new ImportFileError("无法读取该 Excel 文件，请确认是 .xlsx 格式");
const inflatesTooFar = () => new ImportFileError(`该 Excel 文件解压后超过 ${MAX_XLSX_UNCOMPRESSED_BYTES / 1024 / 1024} MB，请拆分为几个文件后导入`);

/** Inflates one entry without keeping it, counting the bytes, and stops as soon as they pass `limit`. */
function inflatedSize(compressed: Uint8Array, method: number, limit: number): Promise<number> {
  if (method === 0) return compressed.length > limit ? Promise.reject(inflatesTooFar()) : Promise.resolve(compressed.length);
  if (method !== 8) return Promise.reject(unreadable());
  return new Promise((resolve, reject) => {
    const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
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

type ZipEntry = { name: string; method: number; data: Buffer };

/**
 * Checks an .xlsx (a ZIP) before anything is parsed: the central directory's uncompressed sizes, then, since a
 * crafted file can state any size, the bytes each entry really inflates to. The entries must follow one another with
 * nothing between them, so the entries read are exactly the entries counted here.
 */
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

/** An entry's text as it inflates, decoded across chunk boundaries (a character may straddle two). */
function entryText(entry: ZipEntry): AsyncIterable<string> {
  const source = Readable.from([entry.data]);
  return (entry.method === 0 ? source : source.pipe(zlib.createInflateRaw({ chunkSize: 16 * 1024 }))).setEncoding("utf8");
}

type XmlHandler = {
  /** Whether the text now being read is wanted (the rest is skipped undecoded). */
  capturing: boolean;
  /** `name` without its namespace prefix; `attributes` as written. A self-closing element gets no `close`. */
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
};

/** Excel holds at most 32,767 characters in a cell; a longer tag or text (even escaped) is not a spreadsheet's. */
const MAX_TOKEN = 256 * 1024;
const TAG = /<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
// OOXML writes characters XML cannot hold (a carriage return in a cell…) as _xHHHH_.
const OOXML_ESCAPE = /_x([0-9a-fA-F]{4})_/g;

function xmlText(raw: string): string {
  const text = raw.includes("&") ? raw.replace(ENTITY, (_, hex?: string, dec?: string, name?: string) => (name ? NAMED[name]! : String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec)))) : raw;
  return text.includes("_x") ? text.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes asked for (by name without prefix), read in one pass; the others are skipped. */
function readAttributes<K extends string>(raw: string, names: readonly K[]): Partial<Record<K, string>> {
  const found: Partial<Record<K, string>> = {};
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(raw); m; m = ATTRIBUTE.exec(raw)) {
    const name = localName(m[1]!) as K;
    if (names.includes(name)) found[name] = xmlText(m[2] ?? m[3] ?? "");
  }
  return found;
}

/** A small streaming XML tokenizer: chunks in, elements and text out; what a chunk ends inside waits for the next. */
function xmlScanner(handler: XmlHandler) {
  let rest = "";
  const scan = (s: string): string => {
    let i = 0;
    while (i < s.length) {
      const lt = s.indexOf("<", i);
      if (lt < 0) return s.slice(i);
      if (lt > i && handler.capturing) handler.text(xmlText(s.slice(i, lt)));
      i = lt;
      const next = s.charCodeAt(lt + 1);
      if (next === 33 || next === 63) {
        // <![CDATA[…]]>, <!--…-->, <!DOCTYPE…>, <?…?>
        const cdata = s.startsWith("<![CDATA[", lt);
        const close = cdata ? "]]>" : s.startsWith("<!--", lt) ? "-->" : next === 63 ? "?>" : ">";
        const end = s.indexOf(close, lt + 2);
        if (end < 0) return s.slice(lt);
        if (cdata && handler.capturing) handler.text(s.slice(lt + 9, end));
        i = end + close.length;
        continue;
      }
      TAG.lastIndex = lt;
      const m = TAG.exec(s);
      // An unfinished tag waits for the next chunk; a malformed one waits until it is too long to be a tag.
      if (!m) return s.slice(lt);
      if (m[1]) handler.close(localName(m[2]!));
      else handler.open(localName(m[2]!), m[3]!, m[4] === "/");
      i = TAG.lastIndex;
    }
    return "";
  };
  return {
    write(chunk: string) {
      rest = scan(rest + chunk);
      if (rest.length > MAX_TOKEN) throw unreadable();
    },
    end() {
      if (rest.trim() !== "") throw unreadable();
    },
  };
}

async function readXml(entry: ZipEntry | undefined, handler: XmlHandler): Promise<void> {
  if (!entry) return;
  const scanner = xmlScanner(handler);
  for await (const chunk of entryText(entry)) scanner.write(chunk);
  scanner.end();
}

/** Shared strings in order; rich text runs joined, phonetic guides (rPh) left out, as Excel shows them. */
function sharedStringsHandler(strings: string[]): XmlHandler {
  let current: string | null = null;
  let phonetic = false;
  const handler: XmlHandler = {
    capturing: false,
    open(name, _, selfClosing) {
      if (name === "si") {
        if (strings.length >= MAX_SHARED_STRINGS) throw new ImportFileError("该 Excel 文件中的文字过多，请拆分为几个文件后导入");
        if (selfClosing) strings.push("");
        else current = "";
      } else if (name === "rPh") phonetic = !selfClosing;
      else if (name === "t" && current !== null && !phonetic && !selfClosing) handler.capturing = true;
    },
    close(name) {
      if (name === "t") handler.capturing = false;
      else if (name === "rPh") phonetic = false;
      else if (name === "si" && current !== null) {
        strings.push(current);
        current = null;
      }
    },
    text(text) {
      current += text;
    },
  };
  return handler;
}
/** Every distinct text of 100,000 rows of 20 columns; strings that no sheet of that size could use are refused. */
const MAX_SHARED_STRINGS = 20 * MAX_IMPORT_ROWS;

/** Excel's built-in date and time formats (zh-CN among them: 27–36 and 50–58 are its 年月日 forms). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format shows a date: any of y m d h s outside quoted text, escapes and [colour]/[locale] parts. */
function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return BUILTIN_DATE_FORMATS.has(id);
  return /[ymdhs]/i.test(code.replace(/\[[^\]]*\]|"[^"]*"|\\./g, ""));
}

/** For each cell style (cellXfs, by index), whether its number format is a date. */
function stylesHandler(dateStyles: boolean[]): XmlHandler {
  const codes = new Map<number, string>();
  let inCellXfs = false;
  return {
    capturing: false,
    open(name, raw, selfClosing) {
      if (name === "numFmt") {
        const { numFmtId, formatCode } = readAttributes(raw, ["numFmtId", "formatCode"]);
        codes.set(Number(numFmtId), formatCode ?? "");
      }
      else if (name === "cellXfs") inCellXfs = !selfClosing;
      else if (name === "xf" && inCellXfs) {
        const id = Number(readAttributes(raw, ["numFmtId"]).numFmtId ?? 0);
        dateStyles.push(isDateFormat(id, codes.get(id)));
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
    text() {},
  };
}

/** Excel's serial day (from 1899-12-30, or 1904-01-01) as the calendar date it shows; Excel dates carry no zone. */
function serialDate(serial: number, date1904: boolean): string {
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  return Number.isNaN(date.getTime()) ? String(serial) : date.toISOString().slice(0, 10);
}

/** "AB12" → 28. */
function columnNumber(reference: string): number {
  let n = 0;
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
  }
  if (n < 1 || n > 16_384) throw unreadable();
  return n;
}

type SheetFormat = { strings: string[]; dateStyles: boolean[]; date1904: boolean };

/** The rows inside sheetData, each emitted at its end tag with its cells trimmed; empty cells become holes. */
function sheetHandler({ strings, dateStyles, date1904 }: SheetFormat, emit: (row: FileRow) => void): XmlHandler {
  let inData = false;
  let rowNumber = 0;
  let rowsRead = 0;
  let cells: string[] | null = null;
  let column = 0;
  let type = "";
  let style = 0;
  let value = "";
  let phonetic = false;
  let inCell = false;
  const cellText = (): string => {
    switch (type) {
      case "s":
        return strings[Number(value)] ?? "";
      case "inlineStr":
      case "str":
        return value;
      case "b":
        return value === "" ? "" : String(Number(value) !== 0);
      case "e":
        return "";
      case "d":
        return value.trim().slice(0, 10);
      default: {
        const number = value.trim() === "" ? NaN : Number(value);
        if (Number.isNaN(number)) return value;
        return dateStyles[style] ? serialDate(number, date1904) : String(number);
      }
    }
  };
  const handler: XmlHandler = {
    capturing: false,
    open(name, raw, selfClosing) {
      switch (name) {
        case "sheetData":
          inData = !selfClosing;
          break;
        case "row": {
          if (!inData) break;
          const { r } = readAttributes(raw, ["r"]);
          rowNumber = r === undefined ? rowNumber + 1 : Number(r);
          if (!Number.isInteger(rowNumber) || rowNumber < 1) throw unreadable();
          if (rowNumber > MAX_IMPORT_ROWS + 1 || ++rowsRead > MAX_IMPORT_ROWS + 1) throw tooManyRows();
          if (selfClosing) emit([rowNumber, []]);
          else cells = [];
          break;
        }
        case "c": {
          if (!cells) break;
          const { r, t, s } = readAttributes(raw, ["r", "t", "s"]);
          column = r === undefined ? column + 1 : columnNumber(r);
          if (selfClosing) break;
          inCell = true;
          type = t ?? "n";
          style = s === undefined ? 0 : Number(s);
          value = "";
          break;
        }
        // <v> holds the value; <t> inline text (every run of it), but not a phonetic guide's.
        case "v":
        case "t":
          if (inCell && !phonetic && !selfClosing) handler.capturing = true;
          break;
        case "rPh":
          phonetic = !selfClosing;
          break;
      }
    },
    close(name) {
      switch (name) {
        case "v":
        case "t":
          handler.capturing = false;
          break;
        case "rPh":
          phonetic = false;
          break;
        case "c": {
          if (!inCell) break;
          inCell = false;
          const text = cellText().trim();
          if (text !== "") cells![column - 1] = text;
          break;
        }
        case "row":
          if (!cells) break;
          emit([rowNumber, cells]);
          cells = null;
          break;
        case "sheetData":
          inData = false;
          break;
      }
    },
    text(text) {
      value += text;
    },
  };
  return handler;
}

/** The parts that say which sheet comes first and how its cells read. */
async function sheetFormat(entries: Map<string, ZipEntry>): Promise<{ sheet: ZipEntry; format: SheetFormat }> {
  const targets = new Map<string, string>();
  await readXml(entries.get("xl/_rels/workbook.xml.rels"), {
    capturing: false,
    open(name, raw) {
      if (name !== "Relationship") return;
      const { Id, Target } = readAttributes(raw, ["Id", "Target"]);
      if (Id !== undefined) targets.set(Id, Target ?? "");
    },
    close() {},
    text() {},
  });
  let firstSheetId: string | undefined;
  let date1904 = false;
  await readXml(entries.get("xl/workbook.xml"), {
    capturing: false,
    open(name, raw) {
      if (name === "workbookPr") date1904 = ["1", "true"].includes(readAttributes(raw, ["date1904"]).date1904 ?? "");
      // The sheet's relationship id is r:id (any prefix: "id" without one is not it).
      else if (name === "sheet" && firstSheetId === undefined) firstSheetId = /(?:^|\s)[^\s=:]+:id\s*=\s*["']([^"']*)["']/.exec(raw)?.[1];
    },
    close() {},
    text() {},
  });
  // The first sheet in the workbook's order, else the lowest-numbered sheet part.
  const target = firstSheetId === undefined ? undefined : targets.get(firstSheetId)?.replace(/^\/?(xl\/)?/, "");
  const sheetPaths = [...entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  const sheet = entries.get(target && entries.has(`xl/${target}`) ? `xl/${target}` : sheetPaths[0]!);
  if (!sheet) throw new ImportFileError("Excel 文件中没有工作表");
  const strings: string[] = [];
  await readXml(entries.get("xl/sharedStrings.xml"), sharedStringsHandler(strings));
  const dateStyles: boolean[] = [];
  await readXml(entries.get("xl/styles.xml"), stylesHandler(dateStyles));
  return { sheet, format: { strings, dateStyles, date1904 } };
}

/** The first worksheet's rows as the sheet inflates: only the current chunk's rows are ever held. */
export async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<FileRow> {
  try {
    const { sheet, format } = await sheetFormat(await checkZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    const rows: FileRow[] = [];
    const scanner = xmlScanner(sheetHandler(format, (row) => rows.push(row)));
    for await (const chunk of entryText(sheet)) {
      scanner.write(chunk);
      yield* rows;
      rows.length = 0;
    }
    scanner.end();
  } catch (error) {
    throw error instanceof ImportFileError ? error : unreadable();
  }
}
