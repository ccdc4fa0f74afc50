/** Cells a spreadsheet would read as a formula (or as the start of one after a tab or carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

const field = (value: string | number | null): string => {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  // CSV formula injection: a leading quote makes Excel and WPS show the text instead of evaluating it.
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Every CSV the product exports: UTF-8 with a BOM (so Excel opens it in Chinese), CRLF lines, text never a formula. */
export function csvText(rows: Array<Array<string | number | null>>): string {
  return "\uFEFF" + rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}
