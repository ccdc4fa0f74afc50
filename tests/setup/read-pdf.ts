import * as mupdf from "mupdf";
import jsQR from "jsqr";

/** A PDF's first page: its text, and the QR code on it decoded from the rendered image. */
export function readCertificatePdf(pdf: Buffer) {
  const document = mupdf.Document.openDocument(pdf, "application/pdf");
  const page = document.loadPage(0);
  const text = page.toStructuredText("preserve-whitespace").asText();
  const pixmap = page.toPixmap(mupdf.Matrix.scale(2, 2), mupdf.ColorSpace.DeviceRGB, true);
  const qr = jsQR(new Uint8ClampedArray(pixmap.getPixels()), pixmap.getWidth(), pixmap.getHeight());
  const pdfDocument = document.asPDF()!;
  const attachments = Object.entries(pdfDocument.getEmbeddedFiles()).map(([name, ref]) => ({ name, content: pdfDocument.getEmbeddedFileContents(ref)!.asString() }));
  return { pages: document.countPages(), text, qr: qr?.data ?? null, attachments };
}
