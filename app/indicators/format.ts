import type { IndicatorKey } from "./catalogue.ts";
import type { Figure, FigureStatus } from "./indicators.ts";

export const statusNames: Record<FigureStatus, string> = { met: "达标", behind: "未达标", no_target: "未设目标", no_data: "无数据" };

const oneDecimal = (v: number) => v.toLocaleString("zh-CN", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A figure as the page, the exports and the CLI write it. */
export function formatFigure(key: IndicatorKey, f: Figure): string {
  if (key === "townshipSocialWorkers" || key === "homeCareSocialWorkers") return f.denominator === 0 ? "—" : `${f.numerator} / ${f.denominator} 个`;
  if (key === "bedsPerSocialWorker") {
    if (f.status === "no_data") return "—";
    return f.value === null ? `${f.numerator} 张床，无社工` : `${oneDecimal(f.value)} 张/人`;
  }
  if (f.value === null) return "—";
  if (key === "per10kElderly") return `${oneDecimal(f.value)} 名/万人`;
  return `${oneDecimal(f.value)}%`;
}

/** The numbers behind a figure, e.g. "12 / 70 人". */
export function formatBasis(key: IndicatorKey, f: Figure): string {
  switch (key) {
    case "per10kElderly":
      return f.denominator === 0 ? `${f.numerator} 人，无人口数据` : `${f.numerator} 人 / ${f.denominator.toLocaleString("zh-CN")} 名老年人`;
    case "bedsPerSocialWorker":
      return `${f.numerator} 张床 / ${f.denominator} 名社工`;
    case "townshipSocialWorkers":
      return `${f.numerator} / ${f.denominator} 个乡镇（街道）`;
    case "homeCareSocialWorkers":
      return `${f.numerator} / ${f.denominator} 个居家养老服务机构有社工`;
    case "nursingBedShare":
      return `${f.numerator} / ${f.denominator} 张床`;
    default:
      return `${f.numerator} / ${f.denominator} 人`;
  }
}
