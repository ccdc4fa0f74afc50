import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { xlsxBuffer, xlsxResponse } from "../../imports/table.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { CREDIT_PERMISSION, creditEntriesInScope, creditFilterOf, entryState } from "../credit.server.ts";
import { blackListCategoryNames, creditEndsOn, creditListNames, creditStateNames, type BlackListCategory } from "../rules.ts";

/** The list page's rows under the same filters, every page, for the officer's own records (full ID numbers, evidence). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, CREDIT_PERMISSION);
  const today = chinaDate(new Date());
  const { rows } = await creditEntriesInScope(db, scope, creditFilterOf(new URL(request.url)), today);
  const buffer = await xlsxBuffer(
    "红黑名单",
    ["名单", "对象类型", "姓名或机构名称", { title: "证件号码或统一社会信用代码", text: true }, "决定地区", { title: "生效日期", text: true }, "期限（月）", { title: "截止日期", text: true }, "状态", "表彰称号", "授予单位", "表彰文件", "失信类别", "列入理由", "证据", "决定文号", "公开公布", "撤销原因"],
    rows.map(({ entry: e, subjectName, idNumber, creditCode, regionName }) => [
      creditListNames[e.list],
      e.personId !== null ? "从业人员" : "机构",
      subjectName,
      idNumber ?? creditCode ?? "",
      regionName,
      e.startsOn,
      e.termMonths ?? "至撤销为止",
      creditEndsOn(e) ?? "",
      creditStateNames[entryState(e, today)],
      e.title,
      e.awardingBody,
      e.sourceDocument,
      e.category ? blackListCategoryNames[e.category as BlackListCategory] : null,
      e.reason,
      e.evidence,
      e.decisionNumber,
      e.list === "black" ? (e.published ? "是" : "否") : null,
      e.revokedReason,
    ]),
  );
  return xlsxResponse(buffer, `红黑名单-${today}.xlsx`);
}
