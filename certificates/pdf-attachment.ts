import zlib from "node:zlib";

/**
 * The files embedded in a PDF as written by pdfkit (and most simple writers): each `/Type /EmbeddedFile`
 * stream with a direct `/Length`, inflated when Flate-encoded. Enough to take a credential back out of
 * a carecert certificate without a PDF library; files inside compressed object streams are not found.
 */
function embeddedFiles(pdf: Buffer): Buffer[] {
  const text = pdf.toString("latin1");
  const files: Buffer[] = [];
  for (let at = text.indexOf("/EmbeddedFile"); at >= 0; at = text.indexOf("/EmbeddedFile", at + 1)) {
    if (!/\/Type\s*$/.test(text.slice(Math.max(0, at - 12), at))) continue;
    const start = text.lastIndexOf("<<", at);
    const keyword = text.indexOf("stream", at);
    if (start < 0 || keyword < 0) continue;
    const dictionary = text.slice(start, keyword);
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary);
    if (!length) continue;
    let dataStart = keyword + "stream".length;
    if (text[dataStart] === "\r") dataStart++;
    if (text[dataStart] === "\n") dataStart++;
    const raw = pdf.subarray(dataStart, dataStart + Number(length[1]));
    files.push(/\/Filter\s*\/FlateDecode/.test(dictionary) ? zlib.inflateSync(raw) : Buffer.from(raw));
  }
  return files;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The credential in a downloaded file: the JWT itself, or the one attached to a certificate PDF. */
export function credentialFromFile(bytes: Buffer): string | null {
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") {
    return embeddedFiles(bytes).map((f) => f.toString("utf8").trim()).find((f) => JWT_SHAPE.test(f)) ?? null;
  }
  const text = bytes.toString("utf8").trim();
  return JWT_SHAPE.test(text) ? text : null;
}
