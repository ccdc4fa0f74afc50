import fs from "node:fs";
import { createRequire } from "node:module";
import { create as parseFont } from "fontkit";
import PDFDocument from "pdfkit";
import { attachment } from "../utils/http.ts";

/**
 * Every PDF the product makes (certificates, allowance rosters, indicator reports) uses Noto Serif SC,
 * a full TTF under the SIL OFL installed by npm (@expo-google-fonts/noto-serif-sc): it covers rare name
 * characters, and pdfkit embeds only the glyphs a document uses.
 */
const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: require.resolve("@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf"),
} as const;

type FontSource = PDFKit.Mixins.PDFFontSource;
let parsedFonts: { regular: FontSource; bold: FontSource } | null = null;
/**
 * Read and parsed once per process (the files are about 15 MB each): pdfkit takes a parsed fontkit font
 * wherever it takes a font file (its typings leave that out), and parsing was most of a document's cost.
 */
function fonts() {
  const parse = (file: string) => parseFont(fs.readFileSync(file)) as unknown as FontSource;
  parsedFonts ??= { regular: parse(FONT_FILES.regular), bold: parse(FONT_FILES.bold) };
  return parsedFonts;
}

/** An A4 document with the CJK fonts registered as "serif" and "serif-bold", "serif" selected. */
export function createPdfDocument(options: PDFKit.PDFDocumentOptions = {}): PDFKit.PDFDocument {
  // font "": no Helvetica metrics parsed for a document that never uses them.
  const doc = new PDFDocument({ size: "A4", margin: 50, font: "", ...options });
  const { regular, bold } = fonts();
  doc.registerFont("serif", regular);
  doc.registerFont("serif-bold", bold);
  doc.font("serif");
  return doc;
}

/** Collects a finished document into one buffer. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

export function pdfResponse(buffer: Buffer, filename: string): Response {
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": attachment(filename),
      "Cache-Control": "private, no-store",
    },
  });
}

/**
 * A ruled table drawn row by row from the current position: each cell wraps within its column, a row that would cross
 * the bottom margin (less `footerSpace`) starts a new page. Returns the function that draws one row.
 */
export function pdfTableRows(doc: PDFKit.PDFDocument, columns: Array<{ width: number }>, options: { fontSize: number; footerSpace: number }) {
  const left = doc.page.margins.left;
  return (cells: string[], bold = false) => {
    doc.font(bold ? "serif-bold" : "serif").fontSize(options.fontSize);
    const height = Math.max(options.fontSize + 4, ...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i]!.width - 4 })));
    if (doc.y + height > doc.page.height - doc.page.margins.bottom - options.footerSpace) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(cell, x + 2, y, { width: columns[i]!.width - 4 });
      x += columns[i]!.width;
    });
    doc.moveTo(left, y + height + 2).lineTo(x, y + height + 2).lineWidth(0.3).stroke("#999999");
    doc.x = left;
    doc.y = y + height + 5;
  };
}
