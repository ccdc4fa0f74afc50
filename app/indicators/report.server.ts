import { createPdfDocument, pdfBuffer } from "../documents/pdf.server.ts";
import { xlsxBuffer, type SheetColumn } from "../imports/table.server.ts";
import { formatDateTime } from "../utils/dates.ts";
import { countingRules, indicatorCatalogue, indicatorKeys, populationNames, type IndicatorKey } from "./catalogue.ts";
import { formatBasis, formatFigure, statusNames } from "./format.ts";
import type { Figure, RegionIndicators } from "./indicators.ts";

/** "常住人口 2025 年，60 岁以上 856,640 人", or why there is no denominator. */
export function populationLine(r: RegionIndicators): string {
  const kind = populationNames[r.population];
  return r.populationYear === null ? `${kind}：没有不晚于 ${r.date.slice(0, 4)} 年的统计数据` : `${kind} ${r.populationYear} 年，60 岁以上 ${r.elderly!.toLocaleString("zh-CN")} 人`;
}

export function targetText(key: IndicatorKey, f: Figure): string {
  return f.target ? `${indicatorCatalogue[key].target(f.target.value)}（${f.target.year} 年）` : "未设目标";
}

export function gapText(key: IndicatorKey, f: Figure): string {
  return f.gap ? indicatorCatalogue[key].gap(f.gap, f.target!.value) : "";
}

/** The definitions printed under every table: each indicator's, then how people, population and targets are chosen. */
export function definitionLines(): string[] {
  return [...indicatorKeys.map((k) => `${indicatorCatalogue[k].name}：${indicatorCatalogue[k].definition}`), ...countingRules];
}

function flatten(r: RegionIndicators, parent: string | null = null): Array<{ region: RegionIndicators; parent: string | null }> {
  return [{ region: r, parent }, ...r.children.flatMap((c) => flatten(c, r.name))];
}

const rounded = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** One row per region of the subtree (the region first), each indicator as value, target, status and gap. */
export async function indicatorsXlsx(report: RegionIndicators): Promise<Buffer> {
  const headers: SheetColumn[] = [
    "地区",
    { title: "区划代码", text: true },
    "上级地区",
    "人口口径",
    "人口年份",
    "60岁以上人口",
    "持证养老护理员",
    "三级及以上",
    ...indicatorKeys.flatMap((k) => [indicatorCatalogue[k].name, `${indicatorCatalogue[k].name}·目标`, `${indicatorCatalogue[k].name}·状态`, `${indicatorCatalogue[k].name}·缺口`]),
  ];
  const rows = flatten(report).map(({ region: r, parent }) => [
    r.name,
    r.code,
    parent,
    populationNames[r.population],
    r.populationYear,
    r.elderly,
    r.certifiedCaregivers,
    r.level3Plus,
    ...indicatorKeys.flatMap((k) => {
      const f = r.figures[k];
      return [k === "townshipSocialWorkers" || k === "homeCareSocialWorkers" ? f.numerator : rounded(f.value), f.target?.value ?? null, statusNames[f.status], f.gap];
    }),
  ]);
  return xlsxBuffer("队伍建设指标", headers, rows, [
    `${report.name}（${report.code}）养老服务人才队伍建设指标，统计日 ${report.date}`,
    `人口口径：${populationLine(report)}（各地区取本地区自己的统计数据，年份见“人口年份”列）`,
    "乡镇（街道）专职养老社工一列为有专职社工的乡镇（街道）数，居家养老服务机构社工配备一列为有社工的机构数；缺口为还需的人数（床位指标为张数）。",
    "",
    "指标定义：",
    ...definitionLines(),
  ]);
}

const PAGE_MARGIN = 50;

/** The report as a PDF: the region's figures, then its sub-regions, each table with the definitions beneath. */
export async function indicatorsPdf(report: RegionIndicators, generatedAt: Date): Promise<Buffer> {
  const doc = createPdfDocument({ margin: PAGE_MARGIN, info: { Title: `${report.name}队伍建设指标` } });
  const definitions = () => {
    doc.moveDown(0.6).font("serif-bold").fontSize(9).text("指标定义");
    doc.font("serif").fontSize(8);
    for (const line of definitionLines()) doc.text(line, { paragraphGap: 2 });
  };
  const header = (text: string) => ({ text, font: { src: "serif-bold" }, backgroundColor: "#eeeeee" });

  doc.font("serif-bold").fontSize(16).text(`${report.name}养老服务人才队伍建设指标`, { align: "center" });
  doc.font("serif").fontSize(10).moveDown(0.4);
  doc.text(`区划代码 ${report.code}　统计日 ${report.date}　人口口径：${populationLine(report)}`, { align: "center" });
  doc.fontSize(8).fillColor("#555555").text(`生成时间 ${formatDateTime(generatedAt)}`, { align: "center" }).fillColor("black");
  doc.moveDown(1).fontSize(9);
  doc.table({
    columnStyles: [110, 70, 95, 85, 40, "*"],
    defaultStyle: { padding: 3, border: 0.5, borderColor: "#888888" },
    data: [
      ["指标", "数值", "依据", "目标", "状态", "缺口"].map(header),
      ...indicatorKeys.map((k) => {
        const f = report.figures[k];
        return [indicatorCatalogue[k].name, formatFigure(k, f), formatBasis(k, f), targetText(k, f), statusNames[f.status], gapText(k, f)];
      }),
    ],
  });
  definitions();

  if (report.children.length > 0) {
    doc.addPage({ layout: "landscape", margin: PAGE_MARGIN });
    doc.font("serif-bold").fontSize(13).text(`下级地区（${report.children.length} 个）`);
    doc.font("serif").fontSize(8).moveDown(0.4);
    doc.table({
      columnStyles: [70, 48, 62, 44, ...indicatorKeys.map(() => "*")],
      defaultStyle: { padding: 3, border: 0.5, borderColor: "#888888" },
      data: [
        ["地区", "人口年份", "60岁以上人口", "持证护理员", ...indicatorKeys.map((k) => indicatorCatalogue[k].name)].map(header),
        ...report.children.map((c) => [
          c.name,
          c.populationYear === null ? "无数据" : String(c.populationYear),
          c.elderly === null ? "—" : c.elderly.toLocaleString("zh-CN"),
          String(c.certifiedCaregivers),
          ...indicatorKeys.map((k) => `${formatFigure(k, c.figures[k])}\n${statusNames[c.figures[k].status]}`),
        ]),
      ],
    });
    definitions();
    barChart(doc, `各下级地区${indicatorCatalogue.per10kElderly.name}（名/万老年人）`, report.children.map((c) => ({ label: c.name, value: c.figures.per10kElderly.value })), report.figures.per10kElderly.target?.value ?? null);
  }
  return pdfBuffer(doc);
}

/** Horizontal bars with the target as a dashed line, in greys that survive a black-and-white printer. */
function barChart(doc: PDFKit.PDFDocument, title: string, bars: Array<{ label: string; value: number | null }>, target: number | null) {
  const rowHeight = 14;
  const height = bars.length * rowHeight + 40;
  if (doc.y + height > doc.page.height - PAGE_MARGIN) doc.addPage({ layout: "landscape", margin: PAGE_MARGIN });
  else doc.moveDown(1);
  doc.font("serif-bold").fontSize(9).text(title + (target === null ? "" : `，虚线为目标 ${target}`), PAGE_MARGIN);
  const top = doc.y + 4;
  const left = PAGE_MARGIN + 80;
  const width = doc.page.width - PAGE_MARGIN - left - 40;
  const max = Math.max(target ?? 0, ...bars.map((b) => b.value ?? 0), 1) * 1.1;
  doc.font("serif").fontSize(7);
  bars.forEach((b, i) => {
    const y = top + i * rowHeight;
    doc.fillColor("black").text(b.label, PAGE_MARGIN, y + 2, { width: 75, align: "right", lineBreak: false });
    if (b.value === null) doc.text("无数据", left + 4, y + 2, { lineBreak: false });
    else {
      const w = Math.max(0.5, (b.value / max) * width);
      doc.rect(left, y + 1, w, rowHeight - 4).fill("#555555");
      doc.fillColor("black").text((Math.round(b.value * 10) / 10).toLocaleString("zh-CN"), left + w + 3, y + 2, { lineBreak: false });
    }
  });
  if (target !== null) {
    const x = left + (target / max) * width;
    doc.moveTo(x, top - 2).lineTo(x, top + bars.length * rowHeight).dash(3, { space: 2 }).lineWidth(1).stroke("black").undash();
  }
  doc.fillColor("black").text("", PAGE_MARGIN, top + bars.length * rowHeight + 6);
}
