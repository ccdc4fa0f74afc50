import { z } from "../utils/zod.ts";
import { chinaDate } from "../utils/dates.ts";
import { validateIdNumber } from "./id-number.ts";

export const nameSchema = z
  .string()
  .trim()
  .min(1, "请填写姓名")
  .max(40, "姓名最多 40 个字符")
  .regex(/^[\p{L}·•.\s-]+$/u, "姓名只能包含文字、间隔号“·”和空格");

/** Whether two spellings name the same person: spaces and the look-alikes of the middle dot do not count. */
export function sameName(a: string, b: string): boolean {
  const canonical = (name: string) => name.normalize("NFKC").replace(/\s+/g, "").replace(/[•.・]/g, "·");
  return canonical(a) === canonical(b);
}

/** Checks the number and adds the gender and birth date it encodes. */
export const idNumberSchema = z.string().transform((value, ctx) => {
  const result = validateIdNumber(value, chinaDate(new Date()));
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: result.error });
    return z.NEVER;
  }
  return result;
});

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, "请填写 11 位手机号码");

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "用户名至少 3 个字符")
  .max(32, "用户名最多 32 个字符")
  .regex(/^[a-z0-9_.-]+$/, "用户名只能包含小写字母、数字和 _ . -");
