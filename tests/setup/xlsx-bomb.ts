import zlib from "node:zlib";

/**
 * A minimal XLSX written by hand: one sheet whose single cell holds `expandsTo` bytes of "a", deflated as it is
 * generated (a zip bomb: a few hundred KB that inflate to anything). With `declared`, the ZIP directories state
 * that many uncompressed bytes instead of the truth, as a crafted file can.
 */
export function xlsxBomb(expandsTo: number, declared?: number): Buffer {
  const head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>';
  const tail = "</t></is></c></row></sheetData></worksheet>";
  const chunk = Buffer.alloc(1024 * 1024, "a");
  const parts: Buffer[] = [Buffer.from(head)];
  for (let left = expandsTo; left > 0; left -= chunk.length) parts.push(left >= chunk.length ? chunk : chunk.subarray(0, left));
  parts.push(Buffer.from(tail));
  return zipOf([...staticEntries, { name: "xl/worksheets/sheet1.xml", parts }], declared);
}

/**
 * A hand-written XLSX of the parts given (the first sheet's XML, and shared strings, styles or another workbook.xml),
 * for reading what other programs write that exceljs does not.
 */
export function xlsxOf(parts: { sheet: string; sharedStrings?: string; styles?: string; workbook?: string }): Buffer {
  const entries = staticEntries.map((e) => (e.name === "xl/workbook.xml" && parts.workbook ? { name: e.name, parts: [Buffer.from(parts.workbook)] } : e));
  if (parts.sharedStrings) entries.push({ name: "xl/sharedStrings.xml", parts: [Buffer.from(parts.sharedStrings)] });
  if (parts.styles) entries.push({ name: "xl/styles.xml", parts: [Buffer.from(parts.styles)] });
  return zipOf([...entries, { name: "xl/worksheets/sheet1.xml", parts: [Buffer.from(parts.sheet)] }]);
}

const staticEntries = [
  {
    name: "[Content_Types].xml",
    parts: [Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')],
  },
  {
    name: "_rels/.rels",
    parts: [Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')],
  },
  {
    name: "xl/workbook.xml",
    parts: [Buffer.from('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')],
  },
  {
    name: "xl/_rels/workbook.xml.rels",
    parts: [Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')],
  },
];

function zipOf(entries: Array<{ name: string; parts: Buffer[] }>, declared?: number): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, parts } of entries) {
    let crc = 0;
    let size = 0;
    const compressed: Buffer[] = [];
    for (const part of parts) {
      crc = zlib.crc32(part, crc);
      size += part.length;
      compressed.push(zlib.deflateRawSync(part, { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    }
    compressed.push(Buffer.from([0x03, 0x00])); // an empty final block ends the deflate stream
    const data = Buffer.concat(compressed);
    const stated = name.endsWith("sheet1.xml") && declared !== undefined ? declared : size;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(stated, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc >>> 0, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(stated, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
