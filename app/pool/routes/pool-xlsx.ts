import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { xlsxBuffer, xlsxResponse } from "../../imports/table.server.ts";
import { occupationNames } from "../../occupations/occupations.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { basesOf, searchExperts, searchTeachers } from "../pool.server.ts";
import { availabilityText, levelsText, readPoolFilter } from "../pool-filter.ts";

/** Everything the pool page's filters select, one sheet; an export is bounded like any page of the product. */
const MAX_ROWS = 10_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "read:pool");
  const { kind, filter } = readPoolFilter(new URL(request.url), await basesOf(db, scope));
  const range = { limit: MAX_ROWS, offset: 0 };
  if (kind === "teachers") {
    const { rows } = await searchTeachers(db, scope, filter, range);
    const buffer = await xlsxBuffer(
      "师资",
      ["姓名", "培训基地", "职称", "擅长", "资格", { title: "资格证书编号", text: true }, "课程领域", "可教等级", "授课班数", "授课课次", "同为专家"],
      rows.map((r) => [r.teacher.name, r.base, r.teacher.title, r.teacher.specialty, r.teacher.qualification ?? "", r.teacher.qualificationNumber ?? "", r.teacher.subjects.join("、"), levelsText(r.teacher.levels), r.classes, r.sessions, r.expert ? "是" : "否"]),
    );
    return xlsxResponse(buffer, "师资库.xlsx");
  }
  const { rows } = await searchExperts(db, scope, filter, range);
  const buffer = await xlsxBuffer(
    "专家",
    ["姓名", { title: "身份证号码", text: true }, "区划代码", "职业", "专长", "职称", "工作单位", "可用于"],
    rows.map((x) => [x.name, maskIdNumber(x.idNumber), x.regionCode, occupationNames[x.occupation], x.speciality, x.title, x.employer ?? "", availabilityText(x)]),
  );
  return xlsxResponse(buffer, "专家库.xlsx");
}
