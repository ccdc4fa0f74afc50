import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { xlsxBuffer, xlsxResponse } from "../../imports/table.server.ts";
import { rosterHeaders } from "../roster.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:class:org");
  // ID numbers and phone numbers stay text (Excel would show an ID number as 3.30522E+17).
  const columns = rosterHeaders.map((h) => (h === "姓名" ? h : { title: h, text: true as const }));
  const buffer = await xlsxBuffer("花名册", columns, [], [
    "每行一名学员；身份证号为 18 位居民身份证号码，末位可为 X；手机号可不填。",
    "同一身份证号出现多次时姓名须一致；任何一行有误，整个文件都不会导入，并逐行列出问题。",
    "也可另存为 CSV（UTF-8 或 GB18030 编码）后导入。",
  ]);
  return xlsxResponse(buffer, "培训班花名册模板.xlsx");
}
