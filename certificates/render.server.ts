import QRCode from "qrcode";
import { createPdfDocument, pdfBuffer } from "../app/documents/pdf.server.ts";

/** Everything printed on a certificate (domain §6), already in its printed form. */
const NATIONAL_QUERY = "技能人才评价证书全国联网查询：http://zscx.osta.org.cn";

export type CertificateDocument = {
  kind: "skill_level" | "training_completion";
  holderName: string;
  idType: string;
  idNumber: string;
  /** 职业名称, or the training programme of a completion. */
  occupation: string;
  /** 工种/职业方向; "--" is printed when null. */
  direction: string | null;
  /** "三级/高级工"; null for a training completion. */
  level: string | null;
  /** Study hours of a training completion. */
  hours: number | null;
  number: string;
  issuerName: string;
  /** 发证日期, YYYY-MM-DD. */
  issuedOn: string;
  /** Set on a replacement (补发) or a reinstated edition: the date this edition was issued. */
  reissuedOn: string | null;
  /** What the QR code opens. */
  verifyUrl: string;
  /** The query address printed under the QR code. */
  verifyAddress: string;
  /** The signed W3C Verifiable Credential, attached to the PDF for offline checks. */
  credential: string;
  /** JPEG or PNG. */
  photo: Buffer | null;
};

const PAGE = { width: 595.28, height: 841.89 };
const THEMES = {
  skill_level: { ink: "#8c1c13", accent: "#b08d3c", wash: "#fffaf0", title: "职业技能等级证书", english: "VOCATIONAL SKILL LEVEL CERTIFICATE" },
  training_completion: { ink: "#1d5c57", accent: "#8fa88a", wash: "#f7fbf8", title: "培训合格证明", english: "CERTIFICATE OF TRAINING COMPLETION" },
} as const;

/** 2026-07-10 → 2026年7月10日, as certificates print dates. */
function printedDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

function rows(c: CertificateDocument): Array<[string, string]> {
  if (c.kind === "training_completion") {
    return [
      ["姓　　名", c.holderName],
      ["证件类型", c.idType],
      ["证件号码", c.idNumber],
      ["培训项目", c.occupation],
      ["培训学时", c.hours === null ? "--" : `${c.hours} 学时`],
      ["培训机构", c.issuerName],
      ["证明编号", c.number],
      ["发证日期", printedDate(c.issuedOn)],
    ];
  }
  return [
    ["姓　　名", c.holderName],
    ["证件类型", c.idType],
    ["证件号码", c.idNumber],
    ["职业名称", c.occupation],
    ["工种/职业方向", c.direction ?? "--"],
    ["职业技能等级", c.level ?? "--"],
    ["证书编号", c.number],
    ["评价机构名称", c.issuerName],
    ["发证日期", printedDate(c.issuedOn)],
  ];
}

/** The QR code as filled squares, horizontal runs merged into one rectangle each (fewer path operators). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const quiet = 2;
  const cell = size / (modules.size + quiet * 2);
  doc.save().rect(x, y, size, size).fill("#ffffff");
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.data[row * modules.size + col] === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        doc.rect(x + (start + quiet) * cell, y + (row + quiet) * cell, (col - start) * cell, cell);
        start = -1;
      }
    }
  }
  doc.fill("#111111").restore();
}

/** The evaluation body's seal: its name around the rim, a star in the middle, in seal red. */
function drawSeal(doc: PDFKit.PDFDocument, name: string, cx: number, cy: number, radius: number, caption: string) {
  const red = "#c8261d";
  doc.save().opacity(0.85);
  doc.lineWidth(2.2).circle(cx, cy, radius).stroke(red);
  doc.lineWidth(0.6).circle(cx, cy, radius - 4).stroke(red);
  const chars = Array.from(name);
  const fontSize = Math.min(12, (radius * 2.4) / Math.max(chars.length, 10) + 4.5);
  const sweep = Math.min(260, chars.length * 26);
  doc.font("serif-bold").fontSize(fontSize).fillColor(red);
  chars.forEach((ch, i) => {
    const angle = -sweep / 2 + (sweep * (i + 0.5)) / chars.length;
    const rad = (angle * Math.PI) / 180;
    const r = radius - 6 - fontSize / 2;
    doc.save().translate(cx + r * Math.sin(rad), cy - r * Math.cos(rad)).rotate(angle);
    doc.text(ch, -fontSize / 2, -fontSize / 2, { lineBreak: false });
    doc.restore();
  });
  // Five-pointed star.
  const star: Array<[number, number]> = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? radius * 0.26 : radius * 0.105;
    const a = (Math.PI / 5) * i - Math.PI / 2;
    star.push([cx + r * Math.cos(a), cy + 2 + r * Math.sin(a)]);
  }
  doc.polygon(...star).fill(red);
  doc.font("serif-bold").fontSize(7.5).fillColor(red);
  doc.text(caption, cx - radius, cy + radius * 0.42, { width: radius * 2, align: "center", lineBreak: false });
  doc.restore();
}

function drawFrame(doc: PDFKit.PDFDocument, theme: (typeof THEMES)[keyof typeof THEMES]) {
  doc.rect(0, 0, PAGE.width, PAGE.height).fill(theme.wash);
  doc.lineWidth(3).rect(22, 22, PAGE.width - 44, PAGE.height - 44).stroke(theme.ink);
  doc.lineWidth(0.8).rect(30, 30, PAGE.width - 60, PAGE.height - 60).stroke(theme.accent);
  // Corner ornaments: a small diamond in each corner of the inner frame.
  for (const [x, y] of [
    [30, 30],
    [PAGE.width - 30, 30],
    [30, PAGE.height - 30],
    [PAGE.width - 30, PAGE.height - 30],
  ] as const) {
    doc.polygon([x, y - 7], [x + 7, y], [x, y + 7], [x - 7, y]).fill(theme.accent);
  }
}

/**
 * One A4 page. Only the fonts' used glyphs are embedded; the credential is attached as a file
 * (`<number>.vc.jwt`, application/vc+jwt) so the PDF carries its own offline proof.
 */
export function renderCertificate(c: CertificateDocument): Promise<Buffer> {
  const theme = THEMES[c.kind];
  const issuedAt = new Date(`${c.reissuedOn ?? c.issuedOn}T00:00:00+08:00`);
  const doc = createPdfDocument({
    margin: 0,
    info: { Title: `${theme.title} ${c.number}`, Author: c.issuerName, Subject: `${c.holderName} ${c.occupation}`, Creator: "carecert", CreationDate: issuedAt, ModDate: issuedAt },
  });
  drawFrame(doc, theme);

  doc.font("serif-bold").fontSize(34).fillColor(theme.ink);
  doc.text(theme.title, 0, 92, { width: PAGE.width, align: "center", characterSpacing: 8, lineBreak: false });
  doc.font("serif").fontSize(9).fillColor("#7a6a55");
  doc.text(theme.english, 0, 142, { width: PAGE.width, align: "center", characterSpacing: 3, lineBreak: false });
  doc.lineWidth(0.8).moveTo(170, 162).lineTo(PAGE.width - 170, 162).stroke(theme.accent);
  if (c.reissuedOn) {
    doc.roundedRect(PAGE.width - 150, 60, 86, 22, 4).lineWidth(1).stroke(theme.ink);
    doc.font("serif-bold").fontSize(11).fillColor(theme.ink).text("补　发", PAGE.width - 150, 64.5, { width: 86, align: "center", lineBreak: false });
  }

  // Photo (optional) at the top right of the fields, a one-inch portrait frame either way.
  const photo = { x: PAGE.width - 88 - 96, y: 200, width: 96, height: 128 };
  doc.lineWidth(0.6).rect(photo.x, photo.y, photo.width, photo.height).stroke(theme.accent);
  if (c.photo) {
    doc.image(c.photo, photo.x + 3, photo.y + 3, { fit: [photo.width - 6, photo.height - 6], align: "center", valign: "center" });
  } else {
    doc.font("serif").fontSize(10).fillColor("#b7aa94").text("照　片", photo.x, photo.y + photo.height / 2 - 6, { width: photo.width, align: "center", lineBreak: false });
  }

  const left = 88;
  const valueX = left + 104;
  let y = 206;
  for (const [label, value] of rows(c)) {
    const narrow = y < photo.y + photo.height + 6;
    const valueWidth = (narrow ? photo.x - 14 : PAGE.width - left) - valueX;
    doc.font("serif").fontSize(11.5).fillColor("#6b5b45").text(label, left, y + 2, { width: 100, lineBreak: false });
    const size = value.length > 17 ? 12 : 14;
    doc.font(label.startsWith("姓") ? "serif-bold" : "serif").fontSize(label.startsWith("姓") ? 16 : size).fillColor("#1b1b1b");
    doc.text(value, valueX, y + (label.startsWith("姓") ? -1 : 14 - size), { width: valueWidth, lineBreak: false, ellipsis: true });
    doc.save().lineWidth(0.4).dash(1.5, { space: 2 }).moveTo(valueX, y + 21).lineTo(valueX + valueWidth, y + 21).stroke("#c9b99a").restore();
    y += 35;
  }

  y += 12;
  const statement =
    c.kind === "skill_level"
      ? `经职业技能等级认定，${c.holderName}达到${c.occupation}${c.level ?? ""}水平，特发此证。`
      : `${c.holderName}已完成${c.occupation}培训（${c.hours ?? "--"} 学时），考核合格，特发此证明。本证明为培训合格证明，不是职业技能等级证书。`;
  doc.font("serif").fontSize(11.5).fillColor("#333333").text(statement, left, y, { width: PAGE.width - left * 2, lineGap: 5 });

  // Seal with issuer and date at the bottom left, QR code with the query address at the bottom right.
  const bottom = PAGE.height - 270;
  drawSeal(doc, c.issuerName, left + 78, bottom + 64, 58, c.kind === "skill_level" ? "职业技能等级认定" : "培训专用");
  doc.font("serif").fontSize(11).fillColor("#333333");
  doc.text(c.kind === "skill_level" ? "评价机构（盖章）" : "培训机构（盖章）", left, bottom + 136, { width: 156, align: "center", lineBreak: false });
  doc.text(printedDate(c.issuedOn), left, bottom + 154, { width: 156, align: "center", lineBreak: false });
  if (c.reissuedOn) {
    doc.fontSize(9).fillColor("#7a6a55").text(`补发日期 ${printedDate(c.reissuedOn)}`, left, bottom + 172, { width: 156, align: "center", lineBreak: false });
  }

  const qr = { size: 116, x: PAGE.width - 88 - 116, y: bottom + 8 };
  drawQr(doc, c.verifyUrl, qr.x, qr.y, qr.size);
  doc.lineWidth(0.6).rect(qr.x, qr.y, qr.size, qr.size).stroke(theme.accent);
  doc.font("serif-bold").fontSize(10).fillColor(theme.ink).text("扫码查验真伪", qr.x - 20, qr.y + qr.size + 8, { width: qr.size + 40, align: "center", lineBreak: false });

  doc.font("serif").fontSize(9).fillColor("#5a4e3e");
  doc.text(`证书查询：${c.verifyAddress}（输入证书编号与姓名）`, 40, PAGE.height - 82, { width: PAGE.width - 80, align: "center", lineBreak: false });
  // The national query site of 人社部职业技能鉴定中心 lists skill-level certificates, not training records.
  if (c.kind === "skill_level") doc.text(NATIONAL_QUERY, 40, PAGE.height - 70, { width: PAGE.width - 80, align: "center", lineBreak: false });
  doc.text("本证书附有电子凭证（W3C 可验证凭证，Ed25519 签名），可离线核验真伪", 40, PAGE.height - 58, { width: PAGE.width - 80, align: "center", lineBreak: false });

  doc.file(Buffer.from(c.credential), {
    name: `${c.number}.vc.jwt`,
    type: "application/vc+jwt",
    description: "W3C Verifiable Credential (VC Data Model 2.0, vc+jwt, EdDSA)",
    creationDate: issuedAt,
    modifiedDate: issuedAt,
  });
  return pdfBuffer(doc);
}
