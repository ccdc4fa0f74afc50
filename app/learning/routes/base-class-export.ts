import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { xlsxBuffer, xlsxResponse, type SheetColumn } from "../../imports/table.server.ts";
import { notFound } from "../../utils/http.ts";
import { classProgress, getClassInScope } from "../classes.server.ts";
import { formatStudyHours } from "../hours.ts";

/** The class's progress table as XLSX: hours, lessons, best quiz score per module, completion. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:class:org");
  const found = await getClassInScope(db, scope, Number(params.classId));
  if (!found) notFound("未找到该培训班，或该班不属于您的培训基地");
  const { modules, lessonsTotal, rows } = await classProgress(db, found.cls);
  const headers: SheetColumn[] = ["姓名", { title: "身份证号", text: true }, "是否注册", "线上学时", "线下学时", "合计学时", `已完成课时（共 ${lessonsTotal}）`, ...modules.map((m) => `${m.title}练习最好成绩`), "是否结业"];
  const body = rows.map((r) => [
    r.name,
    r.idNumber,
    r.registered ? "是" : "否",
    Number(formatStudyHours(r.onlineMinutes)),
    Number(formatStudyHours(r.offlineMinutes)),
    Number(formatStudyHours(r.onlineMinutes + r.offlineMinutes)),
    r.lessonsDone,
    ...r.quizScores.map((s) => s),
    r.complete ? "是" : "否",
  ]);
  const buffer = await xlsxBuffer("学习进度", headers, body, [`${found.cls.name}（${found.course.title}）`, "学时按 45 分钟计；线上学时为实际阅读时间（空闲不计），线下学时来自考勤。"]);
  return xlsxResponse(buffer, `${found.cls.name}-学习进度.xlsx`);
}
