import { z } from "../utils/zod.ts";

/** Wages are integer fen (1 yuan = 100 fen), so two-decimal amounts add and compare exactly. */

/** A monthly 应发工资 outside this range (yuan) is a typing error: below it no full month's work, above it ten times a director's pay. */
export const WAGE_MIN_YUAN = 300;
export const WAGE_MAX_YUAN = 100_000;

const AMOUNT = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

/** "4850.5" → 485050; null when the text is not a plain amount with at most two decimals. */
export function yuanTextToFen(text: string): number | null {
  const m = AMOUNT.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** 485050 → "¥4,850.50". */
export function fenText(fen: number): string {
  return `¥${(fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** 485050 → "4850.50", as typed into a form or a sheet cell. */
export const fenPlain = (fen: number) => (fen / 100).toFixed(2);

/** A wage cell or field in yuan: empty is "not reported" (null); otherwise an amount in range, returned in fen. */
export function wageYuanSchema(what: string) {
  return z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return null;
      const fen = yuanTextToFen(v.replace(/,/g, ""));
      if (fen === null) {
        ctx.addIssue({ code: "custom", message: `${what}应为金额（元），最多两位小数，如 4850.50` });
        return z.NEVER;
      }
      if (fen < WAGE_MIN_YUAN * 100 || fen > WAGE_MAX_YUAN * 100) {
        ctx.addIssue({ code: "custom", message: `${what}应在 ${WAGE_MIN_YUAN} 至 ${WAGE_MAX_YUAN.toLocaleString("zh-CN")} 元之间` });
        return z.NEVER;
      }
      return fen;
    });
}
