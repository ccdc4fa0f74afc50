import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { idNumberSchema, nameSchema } from "../../people/person-schema.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { levelShortLabel, type SkillLevel } from "../../occupations/occupations.ts";
import { teachingSubjects } from "../../pool/subjects.ts";
import { addTeacher, listTeachers, restoreTeacher, retireTeacher, teacherSessionCount, updateTeacher } from "../classes.server.ts";

export const meta: MetaFunction = () => [{ title: "师资 · carecert" }];

const teacherSchema = z.object({
  organisationId: z.coerce.number({ message: "请选择培训基地" }).int(),
  name: nameSchema,
  idNumber: idNumberSchema.transform((r) => r.idNumber),
  title: z.string().trim().min(1, "请填写职称或资格，如 主管护师、养老护理员一级").max(40, "最多 40 个字"),
  specialty: z.string().trim().min(1, "请填写擅长的教学内容").max(80, "最多 80 个字"),
  qualification: z.string().trim().max(60, "最多 60 个字").default("").transform((v) => v || null),
  qualificationNumber: z.string().trim().max(40, "最多 40 个字符").default("").transform((v) => v || null),
  subjects: z.string().transform((v) => (v ? v.split(",") : [])).pipe(z.array(z.enum(teachingSubjects, { message: "请从列出的课程领域中选择" }))),
  levels: z.string().transform((v) => (v ? v.split(",").map(Number) : [])).pipe(z.array(z.number().refine((l) => [1, 2, 3, 4, 5].includes(l), "请从列出的等级中选择"))),
});

/** Checkbox groups arrive as repeated fields; the schema reads them joined. */
function joinedChecks(form: FormData): FormData {
  const joined = new FormData();
  for (const [k, v] of form) if (k !== "subjects" && k !== "levels") joined.append(k, v);
  joined.set("subjects", form.getAll("subjects").map(String).join(","));
  joined.set("levels", form.getAll("levels").map(String).sort().join(","));
  return joined;
}
const levelList = (levels: number[]) => [...levels].sort((a, b) => b - a).map((l) => levelShortLabel(l as SkillLevel)).join("、");

async function requireBases(request: Request) {
  const { user, scope } = await requireUserWithPermission(request, "manage:class:org");
  return { user, bases: await listOrganisations(scope, { types: ["training_base"] }) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { bases } = await requireBases(request);
  const names = new Map(bases.map((b) => [b.id, b.name]));
  const all = await listTeachers(db, bases.map((b) => b.id), { includeRetired: true });
  const editId = new URL(request.url).searchParams.get("edit");
  const editing = editId ? all.find((t) => String(t.id) === editId) : undefined;
  if (editId && !editing) notFound("未找到该师资，或不属于您的培训基地");
  return {
    bases: bases.map((b) => ({ value: String(b.id), label: b.name })),
    editing: editing
      ? { id: editing.id, organisationId: String(editing.organisationId), name: editing.name, idNumber: editing.idNumber ?? "", title: editing.title, specialty: editing.specialty, qualification: editing.qualification ?? "", qualificationNumber: editing.qualificationNumber ?? "", subjects: editing.subjects.join(","), levels: editing.levels.join(",") }
      : null,
    teachers: await Promise.all(all
      .sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null))
      .map(async (t) => ({
        id: t.id,
        name: t.name,
        idNumber: t.idNumber ? maskIdNumber(t.idNumber) : "未登记",
        title: t.title,
        specialty: t.specialty,
        qualification: [t.qualification, t.qualificationNumber ? `证书编号 ${t.qualificationNumber}` : null].filter(Boolean).join("，"),
        subjects: t.subjects.join("、"),
        levels: levelList(t.levels),
        base: names.get(t.organisationId) ?? "",
        retired: t.retiredAt !== null,
        sessions: await teacherSessionCount(db, t.id),
      }))),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, bases } = await requireBases(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "add");
  const by = actor(request, user);

  if (intent === "add" || intent === "edit") {
    const parsed = parseForm(joinedChecks(form), teacherSchema);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    if (!bases.some((b) => b.id === parsed.data.organisationId)) {
      return data({ intent, errors: { organisationId: "只能为本基地登记师资" } as Record<string, string>, values: parsed.values }, { status: 400 });
    }
    if (intent === "add") {
      const added = await addTeacher(db, parsed.data, by);
      if (!added.ok) return data({ intent, errors: added.errors, values: parsed.values }, { status: 409 });
      return redirectWithNotice(request, "/base/teachers", `已登记师资：${parsed.data.name}`);
    }
    const teacher = await teacherInScope(bases, form.get("teacherId"));
    // The base a teacher belongs to does not change on edit.
    const updated = await updateTeacher(db, teacher, { ...parsed.data, organisationId: teacher.organisationId }, by);
    if (!updated.ok) return data({ intent, errors: updated.errors, values: parsed.values }, { status: 409 });
    return redirectWithNotice(request, "/base/teachers", updated.changed > 0 ? `已修改 ${parsed.data.name} 的 ${updated.changed} 项信息` : "信息没有变化");
  }

  const teacher = await teacherInScope(bases, form.get("teacherId"));
  if (intent === "retire") {
    if (!isConfirmed(form)) return data({ intent, errors: { _form: "请在确认框中确认后再停用" } as Record<string, string>, values: {} }, { status: 400 });
    const outcome = await retireTeacher(db, teacher.id, by);
    return redirectWithNotice(request, "/base/teachers", outcome === "deleted" ? `已删除师资：${teacher.name}（尚未授课）` : `已停用师资：${teacher.name}，历史课表中仍保留`);
  }
  if (intent === "restore") {
    await restoreTeacher(db, teacher.id, by);
    return redirectWithNotice(request, "/base/teachers", `已恢复师资：${teacher.name}`);
  }
  throw new Response("未知操作", { status: 400 });
}

async function teacherInScope(bases: Array<{ id: number }>, id: FormDataEntryValue | null) {
  const teacher = (await listTeachers(db, bases.map((b) => b.id), { includeRetired: true })).find((t) => String(t.id) === id);
  if (!teacher) notFound("未找到该师资，或不属于您的培训基地");
  return teacher;
}

export default function TeachersPage() {
  const { bases, teachers, editing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? editing ?? {};
  return (
    <main className="container">
      <h1>师资</h1>
      {!editing ? <FormError error={errors._form} /> : null}
      <DataTable
        caption="师资"
        rows={teachers}
        rowKey={(t) => t.id}
        empty="还没有登记师资。"
        columns={[
          { header: "姓名", cell: (t) => t.name },
          { header: "身份证号码", cell: (t) => t.idNumber },
          { header: "职称 / 资格", cell: (t) => t.title },
          { header: "擅长", cell: (t) => t.specialty, wrap: true },
          { header: "资格证书", cell: (t) => t.qualification || "—", wrap: true },
          { header: "课程领域 / 可教等级", cell: (t) => [t.subjects, t.levels].filter(Boolean).join("；") || "—", wrap: true },
          { header: "所属基地", cell: (t) => t.base },
          { header: "状态", cell: (t) => (t.retired ? <span className="tag warn">已停用</span> : <span className="tag">在用</span>) },
          {
            header: "操作",
            cell: (t) =>
              t.retired ? (
                <Form method="post">
                  <input type="hidden" name="teacherId" value={t.id} />
                  <button name="intent" value="restore" className="link-button">
                    恢复 {t.name}
                  </button>
                </Form>
              ) : (
                <div className="actions">
                  <Link to={`?edit=${t.id}#teacher-form`}>修改 {t.name}</Link>
                  <ConfirmAction
                    label={t.sessions > 0 ? `停用 ${t.name}` : `删除 ${t.name}`}
                    intent="retire"
                    danger
                    fields={{ teacherId: String(t.id) }}
                    consequences={
                      t.sessions > 0
                        ? [`${t.name} 已安排 ${t.sessions} 个课次：停用后不再出现在排课的教师选项中，已有课表仍显示其姓名`]
                        : [`${t.name} 尚未安排任何课次：将删除这条师资记录`]
                    }
                    warning={t.sessions > 0 ? "停用后可随时恢复。" : "删除后不能恢复，需要时请重新登记。"}
                  />
                </div>
              ),
          },
        ]}
      />
      <section className="card narrow" id="teacher-form">
        <h2>{editing ? `修改师资：${editing.name}` : "登记师资"}</h2>
        <Form method="post" className="stack" noValidate key={editing?.id ?? "new"}>
          <FormError error={editing ? errors._form : undefined} />
          {editing ? <input type="hidden" name="teacherId" value={editing.id} /> : null}
          {editing ? (
            <input type="hidden" name="organisationId" value={editing.organisationId} />
          ) : (
            <SelectField label="培训基地" name="organisationId" options={bases} defaultValue={values.organisationId} error={errors.organisationId} />
          )}
          <Field label="姓名" name="name" defaultValue={values.name} error={errors.name} />
          <Field label="身份证号码" name="idNumber" defaultValue={values.idNumber} error={errors.idNumber} maxLength={18} hint="同一基地不能重复登记同一身份证号" />
          <Field label="职称 / 资格" name="title" defaultValue={values.title} error={errors.title} />
          <Field label="擅长教学内容" name="specialty" defaultValue={values.specialty} error={errors.specialty} />
          <Field label="资格（可不填，如 养老护理员一级/高级技师、高校教师资格）" name="qualification" defaultValue={values.qualification} error={errors.qualification} />
          <Field label="资格证书编号（可不填）" name="qualificationNumber" defaultValue={values.qualificationNumber} error={errors.qualificationNumber} />
          <fieldset className="stack">
            <legend>课程领域</legend>
            {teachingSubjects.map((s) => (
              <label key={s} className="option">
                <input type="checkbox" name="subjects" value={s} defaultChecked={(values.subjects ?? "").split(",").includes(s)} /> {s}
              </label>
            ))}
            {errors.subjects ? <p className="field-error">{errors.subjects}</p> : null}
          </fieldset>
          <fieldset className="stack">
            <legend>可教等级</legend>
            {[5, 4, 3, 2, 1].map((l) => (
              <label key={l} className="option">
                <input type="checkbox" name="levels" value={l} defaultChecked={(values.levels ?? "").split(",").includes(String(l))} /> {levelShortLabel(l as SkillLevel)}
              </label>
            ))}
            {errors.levels ? <p className="field-error">{errors.levels}</p> : null}
          </fieldset>
          <div className="actions">
            <button type="submit" name="intent" value={editing ? "edit" : "add"}>
              {editing ? "保存修改" : "登记"}
            </button>
            {editing ? <Link to="/base/teachers">取消</Link> : null}
          </div>
        </Form>
      </section>
    </main>
  );
}
