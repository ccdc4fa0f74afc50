import { createPdfDocument, pdfBuffer } from "../documents/pdf.server.ts";
import { maskIdNumber } from "../people/id-number.ts";
import { formatDateTime } from "../utils/dates.ts";
import type { admissionTicket } from "./exam-day.server.ts";
import { planLabel } from "./plan-label.ts";

type Ticket = NonNullable<Awaited<ReturnType<typeof admissionTicket>>>;

/** 考场规则 printed on every 准考证. */
export const EXAM_ROOM_RULES = [
  "考生须凭本准考证和本人有效身份证件，于考试开始前 30 分钟到达考场，在门口核验身份后按座号入座。",
  "未在考场门口核验身份入场的，不能开始答题；考试开始后仍未入场的，记为缺考。",
  "除准考证、身份证件和黑色签字笔外，不得携带手机、资料等物品进入考场；已携带的交监考员统一保管。",
  "理论考试在计算机上作答，答案自动保存；到时未交卷的，系统按已保存的答案自动交卷。",
  "考试期间离开答题页面将被记录并告知监考员；不得交头接耳、抄袭或协助他人作答。",
  "服从监考员安排；违反考场纪律的，按有关规定处理，成绩无效。",
];

/** The 准考证 on one A5 page: the candidate, where and when to sit, a frame for the photo, the room rules. */
export function admissionTicketPdf(t: Ticket): Promise<Buffer> {
  const doc = createPdfDocument({ size: "A5", margin: 36, info: { Title: `准考证 ${t.name}` } });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font("serif-bold").fontSize(18).text("职业技能等级认定 准考证", left, 40, { width, align: "center" });
  doc.font("serif").fontSize(9).text(t.baseName, { width, align: "center" });

  const endsAt = new Date(t.session.theoryStartsAt.getTime() + t.plan.blueprint.durationMinutes * 60_000);
  const rows: Array<[string, string]> = [
    ["姓名", t.name],
    ["证件号码", maskIdNumber(t.idNumber)],
    ["批次", t.session.name],
    ["职业（等级）", planLabel(t.plan)],
    ["考场", t.room],
    ["座号", t.seat],
    ["理论考试", `${formatDateTime(t.session.theoryStartsAt)} 至 ${formatDateTime(endsAt).slice(11)}（北京时间）`],
    ["考点", t.session.venue],
  ];
  // The photo frame sits at the right of the first rows; the candidate pastes a 1-inch photo in it.
  const photo = { width: 78, height: 104, x: left + width - 78, y: 84 };
  doc.rect(photo.x, photo.y, photo.width, photo.height).lineWidth(0.8).stroke("#555555");
  doc.fillColor("#777777").fontSize(9).text("照片", photo.x, photo.y + photo.height / 2 - 6, { width: photo.width, align: "center" });
  doc.fillColor("#000000");
  let y = 84;
  for (const [label, value] of rows) {
    const valueWidth = (y < photo.y + photo.height + 4 ? photo.x - 8 : left + width) - (left + 72);
    doc.font("serif").fontSize(9).fillColor("#555555").text(label, left, y + 1, { width: 68 });
    doc.font("serif-bold").fontSize(11).fillColor("#000000").text(value, left + 72, y, { width: valueWidth });
    y = Math.max(doc.y, y + 16) + 6;
  }

  y = Math.max(y, photo.y + photo.height) + 12;
  doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).stroke("#999999");
  doc.font("serif-bold").fontSize(11).text("考场规则", left, y + 8);
  doc.font("serif").fontSize(9);
  EXAM_ROOM_RULES.forEach((rule, i) => doc.text(`${i + 1}. ${rule}`, left, doc.y + 3, { width }));
  return pdfBuffer(doc);
}
