import { z } from "../utils/zod.ts";

/** The template's columns (人口统计数据). */
export const populationHeaders = ["区划代码", "年份", "60岁以上常住人口", "60岁以上户籍人口", "常住人口"] as const;

export const populationTemplateNotes = [
  "每行一个地区一年的年末人口：区划代码为 6 位（市、区县）或 9 位（乡镇、街道）行政区划代码。",
  "人数填写整数，可带千位分隔符；60岁以上常住人口不能大于常住人口。例：330522，2025，176400，181692，700000。",
  "同一地区同一年份已有数据时以文件为准更新；任何一行有误，整个文件都不会导入，并逐行列出问题。",
  "也可另存为 CSV（UTF-8 或 GB18030 编码）后导入。",
];

const people = (column: string) =>
  z
    .string()
    .transform((v) => v.replace(/[,，\s]/g, ""))
    .pipe(z.string().min(1, `请填写${column}`).regex(/^\d{1,9}$/, `${column}应为不小于 0 的整数`))
    .transform(Number);

export const populationRowSchema = z
  .object({
    区划代码: z.string().trim().regex(/^\d{6}(\d{3})?$/, "区划代码应为 6 位或 9 位数字"),
    年份: z
      .string()
      .trim()
      .regex(/^\d{4}$/, "年份应为 4 位数字，例如 2025")
      .transform(Number)
      .refine((y) => y >= 2000 && y <= 2100, "年份应在 2000 至 2100 之间"),
    "60岁以上常住人口": people("60岁以上常住人口"),
    "60岁以上户籍人口": people("60岁以上户籍人口"),
    常住人口: people("常住人口"),
  })
  .refine((r) => r["60岁以上常住人口"] <= r.常住人口, { path: ["60岁以上常住人口"], message: "60岁以上常住人口不能大于常住人口" })
  .transform((r) => ({
    regionCode: r.区划代码,
    year: r.年份,
    elderlyResidents: r["60岁以上常住人口"],
    elderlyRegistered: r["60岁以上户籍人口"],
    residents: r.常住人口,
  }));
export type PopulationRow = z.output<typeof populationRowSchema>;
