/** Cells a spreadsheet would read as a formula (or as the start of one after a tab or carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A value a spreadsheet must keep exactly as written: an ID number, a bank account, a code, a month. Excel, WPS and
 * LibreOffice read a bare 18-digit number as 3.30522198112216E+17 and 2026-11 as a date.
 */
export type CsvText = { text: string };
export type CsvCell = string | number | null | CsvText;

export const csvTextCell = (text: string | null): CsvText | null => (text === null ? null : { text });

// Only letters, digits and hyphens go inside ="…": that formula can then only ever be the same text.
const KEEPABLE = /^[0-9A-Za-z-]+$/;

const quoted = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

const field = (value: CsvCell): string => {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  // ="…" is the one form all three spreadsheet programs open as text; anything else falls back to guarded text.
  if (typeof value === "object") return KEEPABLE.test(value.text) ? quoted(`="${value.text}"`) : field(value.text);
  // CSV formula injection: a leading quote makes Excel and WPS show the text instead of evaluating it.
  return quoted(FORMULA_START.test(value) ? `'${value}` : value);
};

/** Every CSV the product exports: UTF-8 with a BOM (so Excel opens it in Chinese), CRLF lines, text never a formula. */
export function csvText(rows: CsvCell[][]): string {
  return "\uFEFF" + rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}
