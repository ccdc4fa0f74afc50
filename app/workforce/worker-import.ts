import { lastDayOfMonth, parseISO } from "date-fns";
import { z } from "../utils/zod.ts";
import { schoolingNames, type Schooling } from "../allowances/rules.ts";
import type { ImportProblem } from "../imports/table.server.ts";
import { levelLabel, levelShortLabel, occupationLevels, occupationNames, type Occupation, type SkillLevel } from "../occupations/occupations.ts";
import { validateIdNumber } from "../people/id-number.ts";
import { nameSchema } from "../people/person-schema.ts";
import { wageYuanSchema } from "../wages/wage-money.ts";
import type { WorkerPost } from "../../db/schema.ts";

/** The worker roster (从业人员名册) and monthly record (月度记录) templates: columns, row rules, in-file conflicts. */

export const rosterHeaders = ["姓名", "身份证号", "职业", "岗位", "入职日期", "合同截止日期", "证书编号", "证书等级", "发证日期", "发证机构"] as const;
export const rosterOptionalHeaders = ["离职日期", "学历", "银行账号"] as const;
export const monthlyHeaders = ["身份证号", "月份", "出勤天数", "社保已缴", "继续教育学时", "责任事故"] as const;
/** Wages are optional: a file without the column leaves recorded wages as they are, an empty cell clears one. */
export const monthlyOptionalHeaders = ["应发工资（元）"] as const;

export const postNames: Record<WorkerPost, string> = { caregiver: "护理员", director: "院长", nurse: "护士", social_worker: "社工", other: "其他" };

const byName = <K extends string>(names: Record<K, string>) => new Map(Object.entries(names).map(([k, v]) => [v as string, k as K]));
const occupationByName = byName(occupationNames);
const postByName = byName(postNames);
const schoolingByName = byName(schoolingNames);

/** "三级" or "三级/高级工" → 3. */
export function parseLevel(text: string): SkillLevel | null {
  for (const level of [5, 4, 3, 2, 1] as const) if (text === levelShortLabel(level) || text === levelLabel(level)) return level;
  return null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Four date cells a row, 100,000 rows a roster: plain arithmetic rather than a Date object each. */
function isCalendarDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}
const dateCell = (what: string) => z.string().trim().refine(isCalendarDate, `请按 YYYY-MM-DD 填写${what}，如 2023-01-05`);
const optionalDateCell = (what: string) => z.union([z.literal(""), dateCell(what)]).default("");
const choice = <K extends string>(map: Map<string, K>, what: string) =>
  z.string().trim().transform((v, ctx) => {
    const key = map.get(v);
    if (key === undefined) {
      ctx.addIssue({ code: "custom", message: `${what}应为：${[...map.keys()].join("、")}` });
      return z.NEVER;
    }
    return key;
  });
const idCell = (today: string) =>
  z.string().transform((v, ctx) => {
    const r = validateIdNumber(v, today);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.error });
      return z.NEVER;
    }
    return r;
  });
const yesNo = (what: string) => z.string().trim().refine((v) => v === "是" || v === "否", `${what}请填写“是”或“否”`).transform((v) => v === "是");

export type RosterCertificate = { number: string; level: SkillLevel; issuedOn: string; issuerName: string };
export type RosterRow = {
  name: string;
  idNumber: string;
  gender: "male" | "female";
  birthDate: string;
  occupation: Occupation;
  post: WorkerPost;
  hiredOn: string;
  contractEndsOn: string | null;
  /** The optional columns are undefined when the file has no such column: the record keeps what it holds. */
  leftOn?: string | null;
  schooling?: Schooling | null;
  bankAccount?: string | null;
  certificate: RosterCertificate | null;
};

/** One roster row; `today` (China time) bounds dates that cannot lie in the future. */
export function rosterRowSchema(today: string) {
  return z
    .object({
      姓名: nameSchema,
      身份证号: idCell(today),
      职业: choice(occupationByName, "职业"),
      岗位: choice(postByName, "岗位"),
      入职日期: dateCell("入职日期"),
      合同截止日期: optionalDateCell("合同截止日期"),
      证书编号: z.string().trim().toUpperCase().default(""),
      证书等级: z.string().trim().default(""),
      发证日期: optionalDateCell("发证日期"),
      发证机构: z.string().trim().max(100, "发证机构最多 100 个字").default(""),
      离职日期: z.union([z.literal(""), dateCell("离职日期")]).optional(),
      学历: z.union([z.literal(""), choice(schoolingByName, "学历")]).optional(),
      银行账号: z.string().trim().regex(/^(\d{12,30})?$/, "银行账号应为 12–30 位数字").optional(),
    })
    .superRefine((r, ctx) => {
      const issue = (column: string, message: string) => ctx.addIssue({ code: "custom", path: [column], message });
      if (r.入职日期 > today) issue("入职日期", "入职日期不能晚于今天");
      if (r.合同截止日期 && r.合同截止日期 < r.入职日期) issue("合同截止日期", "合同截止日期不能早于入职日期");
      if (r.离职日期 && r.离职日期 <= r.入职日期) issue("离职日期", "离职日期应晚于入职日期");
      const certificateCells = [r.证书编号, r.证书等级, r.发证日期, r.发证机构];
      if (certificateCells.every((v) => v === "")) return;
      const missing = (["证书编号", "证书等级", "发证日期", "发证机构"] as const).filter((c) => r[c] === "");
      for (const column of missing) issue(column, "填写证书时，证书编号、证书等级、发证日期、发证机构都要填写");
      if (missing.length > 0) return;
      // 证书编号 (domain §6): Y or S, then 21 digits, the 20th character being the level.
      if (!/^[YS]\d{21}$/.test(r.证书编号)) issue("证书编号", "证书编号应为字母 Y 或 S 加 21 位数字");
      const level = parseLevel(r.证书等级);
      if (level === null) issue("证书等级", "证书等级应写作“三级”或“三级/高级工”");
      else if (!occupationLevels[r.职业].includes(level)) issue("证书等级", `${occupationNames[r.职业]}没有${levelShortLabel(level)}`);
      else if (/^[YS]\d{21}$/.test(r.证书编号) && r.证书编号[15] !== String(level)) issue("证书等级", `证书编号中的等级位为 ${r.证书编号[15]}，与“${r.证书等级}”不符`);
      if (r.发证日期 > today) issue("发证日期", "发证日期不能晚于今天");
    })
    .transform(
      (r): RosterRow => ({
        name: r.姓名,
        idNumber: r.身份证号.idNumber,
        gender: r.身份证号.gender,
        birthDate: r.身份证号.birthDate,
        occupation: r.职业,
        post: r.岗位,
        hiredOn: r.入职日期,
        contractEndsOn: r.合同截止日期 || null,
        leftOn: r.离职日期 === undefined ? undefined : r.离职日期 || null,
        schooling: r.学历 === undefined ? undefined : r.学历 || null,
        bankAccount: r.银行账号 === undefined ? undefined : r.银行账号 || null,
        certificate: r.证书编号 ? { number: r.证书编号, level: parseLevel(r.证书等级)!, issuedOn: r.发证日期, issuerName: r.发证机构 } : null,
      }),
    );
}

export type MonthlyRow = {
  idNumber: string;
  month: string;
  attendanceDays: number;
  socialInsurancePaid: boolean;
  continuingEducationHours: number;
  liabilityIncident: boolean;
  /** 应发工资 in fen; null = not reported, undefined = the file has no wage column. */
  wageFen?: number | null;
};

export function monthlyRowSchema(today: string) {
  return z
    .object({
      身份证号: idCell(today),
      月份: z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "请按 YYYY-MM 填写月份，如 2026-11"),
      出勤天数: z.string().trim().regex(/^\d{1,2}$/, "出勤天数应为 0–31 的整数").transform(Number),
      社保已缴: yesNo("社保已缴"),
      继续教育学时: z.string().trim().regex(/^\d{1,3}(\.\d)?$/, "继续教育学时应为不小于 0 的数，最多一位小数（没有填 0）").transform(Number),
      责任事故: yesNo("责任事故"),
      "应发工资（元）": wageYuanSchema("应发工资").optional(),
    })
    .superRefine((r, ctx) => {
      if (r.月份 > today.slice(0, 7)) ctx.addIssue({ code: "custom", path: ["月份"], message: "月份不能晚于本月" });
      const days = lastDayOfMonth(parseISO(`${r.月份}-01`)).getDate();
      if (r.出勤天数 > days) ctx.addIssue({ code: "custom", path: ["出勤天数"], message: `${r.月份} 只有 ${days} 天` });
    })
    .transform(
      (r): MonthlyRow => ({
        idNumber: r.身份证号.idNumber,
        month: r.月份,
        attendanceDays: r.出勤天数,
        socialInsurancePaid: r.社保已缴,
        continuingEducationHours: r.继续教育学时,
        liabilityIncident: r.责任事故,
        wageFen: r["应发工资（元）"],
      }),
    );
}

const workerColumns: Array<[keyof RosterRow, string]> = [
  ["name", "姓名"],
  ["occupation", "职业"],
  ["post", "岗位"],
  ["hiredOn", "入职日期"],
  ["contractEndsOn", "合同截止日期"],
  ["leftOn", "离职日期"],
  ["schooling", "学历"],
  ["bankAccount", "银行账号"],
];

/**
 * A worker holding several certificates has one row per certificate, identical but for the certificate
 * columns; anything else repeated with different values is a conflict, named at the later row.
 */
export function rosterConflicts(rows: Array<{ row: number; data: RosterRow }>): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const people = new Map<string, { row: number; data: RosterRow }>();
  const certificates = new Map<string, { row: number; data: RosterRow }>();
  for (const current of rows) {
    const first = people.get(current.data.idNumber);
    if (!first) people.set(current.data.idNumber, current);
    else {
      const differing = workerColumns.find(([key]) => first.data[key] !== current.data[key]);
      if (differing) problems.push({ row: current.row, column: differing[1], message: `与第 ${first.row} 行身份证号相同，但“${differing[1]}”不同` });
    }
    const certificate = current.data.certificate;
    if (!certificate) continue;
    const earlier = certificates.get(certificate.number);
    if (!earlier) certificates.set(certificate.number, current);
    else if (earlier.data.idNumber !== current.data.idNumber) problems.push({ row: current.row, column: "证书编号", message: `与第 ${earlier.row} 行证书编号相同，但持证人不同` });
    else if (JSON.stringify(earlier.data.certificate) !== JSON.stringify(certificate)) problems.push({ row: current.row, column: "证书编号", message: `与第 ${earlier.row} 行证书编号相同，但证书信息不同` });
  }
  return problems;
}

export function monthlyConflicts(rows: Array<{ row: number; data: MonthlyRow }>): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const seen = new Map<string, { row: number; data: MonthlyRow }>();
  for (const current of rows) {
    const key = `${current.data.idNumber}|${current.data.month}`;
    const first = seen.get(key);
    if (!first) seen.set(key, current);
    else if (JSON.stringify(first.data) !== JSON.stringify(current.data)) problems.push({ row: current.row, column: "月份", message: `与第 ${first.row} 行是同一人同一月份，但数值不同` });
  }
  return problems;
}
