import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { xlsxBuffer, xlsxResponse, type SheetColumn } from "../../imports/table.server.ts";
import { notFound } from "../../utils/http.ts";
import { monthlyHeaders, monthlyOptionalHeaders, postNames, rosterHeaders, rosterOptionalHeaders } from "../worker-import.ts";

/**
 * Columns typed as Text, so what is typed stays as typed: ID numbers and accounts keep every digit, certificate
 * numbers their letter, and dates and months are not turned into Excel dates; each date shows its format.
 */
const textColumns: Record<string, string | null> = {
  身份证号: null,
  证书编号: null,
  银行账号: null,
  入职日期: "YYYY-MM-DD，如 2024-03-01",
  合同截止日期: "YYYY-MM-DD，如 2027-02-28；无固定期限留空",
  发证日期: "YYYY-MM-DD，如 2024-05-20",
  离职日期: "YYYY-MM-DD；在职留空",
  月份: "YYYY-MM，如 2026-11",
};
const columns = (headers: readonly string[]): SheetColumn[] =>
  headers.map((title) => (Object.hasOwn(textColumns, title) ? { title, text: true, note: textColumns[title] ?? undefined } : title));

/** The Chinese import templates: the worker roster and the monthly record. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:worker:org");
  if (params.template === "roster.xlsx") {
    const buffer = await xlsxBuffer("从业人员名册", columns([...rosterHeaders, ...rosterOptionalHeaders]), [], [
      `每行一名人员的一张证书；持多张证书的人员每张证书一行，除证书四列外其余各列须相同；无证书的人员证书四列留空。`,
      `职业：养老护理员、育婴员、保育师、老年人能力评估师、家庭照护者。岗位：${Object.values(postNames).join("、")}。`,
      "日期按 YYYY-MM-DD 填写；合同截止日期留空表示无固定期限；离职日期、学历（中职、专科、本科）、银行账号可不填。",
      "证书等级写作“三级”或“三级/高级工”；证书编号为 Y 或 S 加 21 位数字，其中第 16 位为等级。",
      "身份证号逐行校验；任何一行有误，整个文件都不会导入，并逐行逐列列出问题；重复导入同一文件不会改变任何数据。",
    ]);
    return xlsxResponse(buffer, "从业人员名册模板.xlsx");
  }
  if (params.template === "monthly.xlsx") {
    const buffer = await xlsxBuffer("月度记录", columns([...monthlyHeaders, ...monthlyOptionalHeaders]), [], [
      "每行一名人员一个月份；月份按 YYYY-MM 填写，如 2026-11。",
      "社保已缴、责任事故填写“是”或“否”；继续教育学时只填本平台以外参加的培训，没有时填 0（在本平台学完的继续教育课程自动计入，不要重复填写）。",
      "应发工资（元）可不填：按当月应发工资填写，最多两位小数，如 4850.50；用于工资价位监测，不影响补贴。",
      "人员须已在本机构名册中；任何一行有误，整个文件都不会导入。",
    ]);
    return xlsxResponse(buffer, "月度记录模板.xlsx");
  }
  notFound("没有这个模板");
}
