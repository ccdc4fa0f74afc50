import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { hasPermission } from "../../auth/permissions.ts";
import { DataTable } from "../../components/data-table.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { db } from "../../db.server.ts";
import { levelShortLabel, occupationNames, occupations, type SkillLevel } from "../../occupations/occupations.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { availabilityText, levelsText, readPoolFilter } from "../pool-filter.ts";
import { basesOf, searchExperts, searchTeachers } from "../pool.server.ts";
import { teachingSubjects } from "../subjects.ts";

export const meta: MetaFunction = () => [{ title: "师资库和专家库 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "read:pool");
  const url = new URL(request.url);
  const bases = await basesOf(db, scope);
  const { kind, filter } = readPoolFilter(url, bases);
  const range = pageWindow(url);
  const teachers = kind === "teachers" ? await searchTeachers(db, scope, filter, range) : null;
  const experts = kind === "experts" ? await searchExperts(db, scope, filter, range) : null;
  const t = teachers ? paged(teachers.rows, range, teachers.total) : null;
  const e = experts ? paged(experts.rows, range, experts.total) : null;
  return {
    kind,
    values: { q: filter.q ?? "", subject: filter.subject ?? "", level: filter.level ? String(filter.level) : "", base: filter.baseId ? String(filter.baseId) : "", occupation: filter.occupation ?? "", available: filter.available ?? "" },
    bases: bases.map((b) => ({ value: String(b.id), label: b.name })),
    canManageExperts: hasPermission(user.grants, "manage:expert"),
    query: url.searchParams.toString(),
    teachers: t
      ? {
          paging: { page: t.page, hasNext: t.hasNext, total: t.total },
          rows: t.rows.map((r) => ({
            id: r.teacher.id,
            name: r.teacher.name,
            base: r.base,
            title: r.teacher.title,
            qualification: [r.teacher.qualification, r.teacher.qualificationNumber].filter(Boolean).join(" · ") || "未登记",
            subjects: r.teacher.subjects.join("、") || "未登记",
            levels: levelsText(r.teacher.levels) || "未登记",
            classes: `${r.classes} 个班，${r.sessions} 个课次`,
            expert: r.expert ? "在专家库" : "—",
          })),
        }
      : null,
    experts: e
      ? {
          paging: { page: e.page, hasNext: e.hasNext, total: e.total },
          rows: e.rows.map((x) => ({
            id: x.id,
            name: x.name,
            idNumber: maskIdNumber(x.idNumber),
            occupation: occupationNames[x.occupation],
            speciality: x.speciality,
            title: x.title,
            employer: x.employer ?? "—",
            available: availabilityText(x),
          })),
        }
      : null,
  };
}

const availableOptions = [
  { value: "", label: "不限" },
  { value: "panels", label: "可参加考评组" },
  { value: "judging", label: "可担任竞赛裁判" },
];

export default function PoolPage() {
  const { kind, values, bases, canManageExperts, query, teachers, experts } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/region">辖区概览</Link>
      </p>
      <h1>师资库和专家库</h1>
      <p className="hint">
        师资由各培训基地登记和维护；专家由市、区县民政部门在
        {canManageExperts ? <Link to="/region/experts">专家库管理</Link> : "专家库管理"}
        中维护。“可用”指可参加认定考评组或担任技能竞赛裁判。
      </p>
      <FilterForm
        search={{ label: "姓名、擅长或单位", value: values.q }}
        selects={[
          {
            name: "kind",
            label: "查看",
            value: kind,
            options: [
              { value: "teachers", label: "师资" },
              { value: "experts", label: "专家" },
            ],
          },
          ...(kind === "teachers"
            ? [
                { name: "subject", label: "课程领域", value: values.subject, options: [{ value: "", label: "全部" }, ...teachingSubjects.map((s) => ({ value: s, label: s }))] },
                { name: "level", label: "可教等级", value: values.level, options: [{ value: "", label: "全部" }, ...[5, 4, 3, 2, 1].map((l) => ({ value: String(l), label: levelShortLabel(l as SkillLevel) }))] },
                { name: "base", label: "培训基地", value: values.base, options: [{ value: "", label: "全部" }, ...bases] },
              ]
            : [{ name: "occupation", label: "职业", value: values.occupation, options: [{ value: "", label: "全部" }, ...occupations.map((o) => ({ value: o, label: occupationNames[o] }))] }]),
          { name: "available", label: kind === "teachers" ? "同为专家" : "可用于", value: values.available, options: availableOptions },
        ]}
      />
      <p>
        <a href={`/region/pool.xlsx${query ? `?${query}` : ""}`}>导出 Excel（当前条件下全部）</a>
      </p>
      {teachers ? (
        <DataTable
          caption="师资"
          rows={teachers.rows}
          rowKey={(r) => r.id}
          paging={teachers.paging}
          empty="没有符合条件的师资。"
          columns={[
            { header: "姓名", cell: (r) => r.name },
            { header: "培训基地", cell: (r) => r.base },
            { header: "职称", cell: (r) => r.title },
            { header: "资格 · 证书编号", cell: (r) => r.qualification, wrap: true },
            { header: "课程领域", cell: (r) => r.subjects, wrap: true },
            { header: "可教等级", cell: (r) => r.levels },
            { header: "授课", cell: (r) => r.classes },
            { header: "专家库", cell: (r) => r.expert },
          ]}
        />
      ) : null}
      {experts ? (
        <DataTable
          caption="专家"
          rows={experts.rows}
          rowKey={(r) => r.id}
          paging={experts.paging}
          empty="没有符合条件的专家。"
          columns={[
            { header: "姓名", cell: (r) => r.name },
            { header: "身份证号码", cell: (r) => r.idNumber },
            { header: "职业", cell: (r) => r.occupation },
            { header: "专长", cell: (r) => r.speciality, wrap: true },
            { header: "职称", cell: (r) => r.title },
            { header: "工作单位", cell: (r) => r.employer, wrap: true },
            { header: "可用于", cell: (r) => r.available },
          ]}
        />
      ) : null}
    </main>
  );
}
