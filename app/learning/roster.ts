import { z } from "../utils/zod.ts";
import { idNumberSchema, nameSchema, phoneSchema } from "../people/person-schema.ts";

/** The roster template's columns (花名册). */
export const rosterHeaders = ["姓名", "身份证号", "手机号"] as const;

export const rosterRowSchema = z
  .object({
    姓名: nameSchema,
    身份证号: idNumberSchema,
    手机号: z.union([z.literal(""), phoneSchema]).optional(),
  })
  .transform((r) => ({
    name: r.姓名,
    idNumber: r.身份证号.idNumber,
    gender: r.身份证号.gender,
    birthDate: r.身份证号.birthDate,
    phone: r.手机号 || null,
  }));
