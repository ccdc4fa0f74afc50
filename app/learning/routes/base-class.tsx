import { returnedRow } from "../../../db/query.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "../../utils/zod.ts";
import { classSessions } from "../../../db/schema.ts";
import { writeAudit } from "../../audit/audit.server.ts";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { Field, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import type { ImportProblem } from "../../imports/table.server.ts";
import { uploadedFile } from "../../imports/upload-limit.ts";
import { idNumberSchema, nameSchema, phoneSchema } from "../../people/person-schema.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { formatRequiredHours, formatStudyHours } from "../hours.ts";
import { addToRoster, importClassRoster, attendanceOf, classProgress, classReferences, deleteClassSession, getClassInScope, listTeachers, recordAttendance, removeFromRoster, restoreClass, retireClass, rosterOf, rosterTags, sessionMinutes, sessionsOf, updateClass, updateClassSession } from "../classes.server.ts";
import { FilterForm } from "../../components/filter-form.tsx";
import { trainingTagNames, trainingTags } from "../../workforce/tags.ts";
import { classDetailsSchema } from "../class-schema.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { FormError } from "../../components/field.tsx";
import { isConfirmed } from "../../utils/confirm.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { ImportProblems } from "../../components/import-problems.tsx";
import { chinaDate } from "../../utils/dates.ts";
import { attendanceProblem, checkBusinessDate } from "../../utils/business-dates.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cls.name ?? "培训班"} · carecert` }];


async function requireClass(request: Request, classId: string | undefined) {
  const { user, scope } = await requireUserWithPermission(request, "manage:class:org");
  const found = await getClassInScope(db, scope, Number(classId));
  if (!found) notFound("未找到该培训班，或该班不属于您的培训基地");
  return { user, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cls, course } = await requireClass(request, params.classId);
  const sessions = await sessionsOf(db, cls.id);
  const marks = await attendanceOf(db, sessions.map((s) => s.session.id));
  const progress = await classProgress(db, cls);
  const tags = await rosterTags(db, cls.id, course.occupation, chinaDate(new Date()));
  const tag = trainingTags.find((t) => t === new URL(request.url).searchParams.get("tag")) ?? "";
  return {
    cls: { id: cls.id, name: cls.name, startsOn: cls.startsOn, endsOn: cls.endsOn, retired: cls.retiredAt !== null },
    held: await classReferences(db, cls.id),
    course: { id: course.id, title: course.title, hours: formatRequiredHours(course) },
    tag,
    roster: (await rosterOf(db, cls.id)).map((m) => ({ personId: m.personId, name: m.name, idNumber: m.idNumber, phone: m.phone, registered: m.userId !== null, tagged: tags.get(m.personId)! })),
    sessions: sessions.map(({ session, teacherName, teacherTitle }) => ({
      ...session,
      teacher: teacherName ? `${teacherName}（${teacherTitle}）` : null,
      teacherOption: session.teacherId ? { value: String(session.teacherId), label: `${teacherName}（${teacherTitle}）` } : null,
      present: marks.filter((m) => m.sessionId === session.id && m.present).map((m) => m.personId),
      recorded: marks.some((m) => m.sessionId === session.id),
    })),
    teachers: (await listTeachers(db, [cls.organisationId])).map((t) => ({ value: String(t.id), label: `${t.name}（${t.title}）` })),
    progress: {
      modules: progress.modules,
      lessonsTotal: progress.lessonsTotal,
      rows: progress.rows.map((r) => ({ ...r, onlineHours: formatStudyHours(r.onlineMinutes), offlineHours: formatStudyHours(r.offlineMinutes) })),
    },
  };
}

const memberSchema = z.object({ name: nameSchema, idNumber: idNumberSchema, phone: z.union([z.literal(""), phoneSchema]) });
/** A schema per request: the date is checked against today (China time). */
const sessionSchema = (today: string) => z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "请选择日期"),
    startTime: z.string().regex(/^\d{2}:\d{2}$/, "请填写开始时间"),
    endTime: z.string().regex(/^\d{2}:\d{2}$/, "请填写结束时间"),
    topic: z.string().trim().min(2, "请填写授课内容").max(80, "最多 80 个字"),
    teacherId: z.string().optional(),
  })
  .superRefine((s, ctx) => {
    const problem = checkBusinessDate(s.date, today);
    if (problem) ctx.addIssue({ code: "custom", path: ["date"], message: problem });
    if (sessionMinutes(s.startTime, s.endTime) === null) ctx.addIssue({ code: "custom", path: ["endTime"], message: "结束时间须晚于开始时间" });
  });

type ActionResult = { intent: string; errors: Record<string, string>; values: Record<string, string>; problems: ImportProblem[]; message: string | null };
const result = (intent: string, extra: Partial<ActionResult>, status = 200) =>
  data<ActionResult>({ intent, errors: {}, values: {}, problems: [], message: null, ...extra }, { status });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cls } = await requireClass(request, params.classId);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const by = actor(request, user);

  if (intent === "add-member") {
    const parsed = parseForm(form, memberSchema);
    if (!parsed.ok) return result(intent, { errors: parsed.errors, values: parsed.values }, 400);
    const { name, idNumber, phone } = parsed.data;
    const added = await addToRoster(db, cls.id, [{ row: null, entry: { name, idNumber: idNumber.idNumber, gender: idNumber.gender, birthDate: idNumber.birthDate, phone: phone || null } }], by);
    if (!added.ok) return result(intent, { errors: { idNumber: added.problems[0]!.message }, values: parsed.values }, 400);
    return result(intent, { message: added.added > 0 ? `已将 ${name} 加入花名册` : `${name} 已在花名册中` });
  }

  if (intent === "import") {
    const upload = await uploadedFile(form);
    if (!upload.ok) return result(intent, { problems: [{ row: null, column: null, message: upload.message }] }, upload.status);
    const outcome = await importClassRoster(db, cls.id, upload.file, by);
    if (!outcome.ok) return result(intent, { problems: outcome.problems }, 400);
    return result(intent, { message: outcome.message });
  }

  if (intent === "remove-member") {
    await removeFromRoster(db, cls.id, Number(form.get("personId")), by);
    return redirect(`/base/classes/${cls.id}`);
  }

  if (intent === "add-session") {
    const parsed = parseForm(form, sessionSchema(chinaDate(new Date())));
    if (!parsed.ok) return result(intent, { errors: parsed.errors, values: parsed.values }, 400);
    const { teacherId, ...session } = parsed.data;
    const teacher = teacherId ? (await listTeachers(db, [cls.organisationId])).find((t) => String(t.id) === teacherId) : undefined;
    if (teacherId && !teacher) return result(intent, { errors: { teacherId: "请选择本基地的师资" }, values: parsed.values }, 400);
    await db.transaction(async (tx) => {
      const created = await returnedRow(tx
        .insert(classSessions)
        .values({ classId: cls.id, ...session, minutes: sessionMinutes(session.startTime, session.endTime)!, teacherId: teacher?.id ?? null })
        .returning());
      await writeAudit(tx, { ...by, event: "learning.session_scheduled", target: { table: "class_sessions", id: created.id }, details: { classId: cls.id, date: session.date } });
    });
    return redirectWithNotice(request, `/base/classes/${cls.id}#schedule`, `已添加课次：${session.date} ${session.topic}`);
  }

  if (intent === "edit-class") {
    const parsed = parseForm(form, classDetailsSchema(chinaDate(new Date())));
    if (!parsed.ok) return result(intent, { errors: parsed.errors, values: parsed.values }, 400);
    const changed = await updateClass(db, cls, parsed.data, by);
    return redirectWithNotice(request, `/base/classes/${cls.id}`, changed > 0 ? `已修改班级的 ${changed} 项信息` : "班级信息没有变化");
  }

  if (intent === "retire-class") {
    if (!isConfirmed(form)) return result(intent, { errors: { _form: "请在确认框中确认后再停办" } }, 400);
    const outcome = await retireClass(db, cls.id, by);
    return redirectWithNotice(request, outcome === "deleted" ? "/base/classes" : `/base/classes/${cls.id}`, outcome === "deleted" ? `已删除培训班：${cls.name}（没有学员和课次）` : `已停办培训班：${cls.name}，花名册和考勤记录仍保留`);
  }

  if (intent === "restore-class") {
    await restoreClass(db, cls.id, by);
    return redirectWithNotice(request, `/base/classes/${cls.id}`, `已恢复培训班：${cls.name}`);
  }

  if (intent === "edit-session" || intent === "delete-session") {
    const session = (await sessionsOf(db, cls.id)).find((s) => s.session.id === Number(form.get("sessionId")))?.session;
    if (!session) notFound("未找到该课次");
    if (intent === "delete-session") {
      if (!isConfirmed(form)) return result(intent, { errors: { [`session-${session.id}`]: "请在确认框中确认后再删除" } }, 400);
      const deleted = await deleteClassSession(db, session, by);
      if (!deleted.ok) return result(intent, { errors: { [`session-${session.id}`]: deleted.errors._form! } }, 409);
      return redirectWithNotice(request, `/base/classes/${cls.id}#schedule`, `已删除 ${session.date} ${session.topic} 课次`);
    }
    const parsed = parseForm(form, sessionSchema(chinaDate(new Date())));
    if (!parsed.ok) return result(intent, { errors: parsed.errors, values: { ...parsed.values, sessionId: String(session.id) } }, 400);
    const { teacherId, ...fields } = parsed.data;
    // A retired teacher stays possible only on the session they already teach.
    const teacher = teacherId ? (await listTeachers(db, [cls.organisationId], { includeRetired: true })).find((t) => String(t.id) === teacherId && (t.retiredAt === null || t.id === session.teacherId)) : undefined;
    if (teacherId && !teacher) return result(intent, { errors: { teacherId: "请选择本基地的师资" }, values: { ...parsed.values, sessionId: String(session.id) } }, 400);
    const updated = await updateClassSession(db, session, { ...fields, teacherId: teacher?.id ?? null }, by);
    if (!updated.ok) return result(intent, { errors: { [`session-${session.id}`]: updated.errors._form! }, values: { ...parsed.values, sessionId: String(session.id) } }, 409);
    return redirectWithNotice(request, `/base/classes/${cls.id}#schedule`, updated.changed > 0 ? `已修改课次的 ${updated.changed} 项信息` : "课次信息没有变化");
  }

  if (intent === "attendance") {
    const sessionId = Number(form.get("sessionId"));
    const session = (await sessionsOf(db, cls.id)).find((s) => s.session.id === sessionId)?.session;
    if (!session) notFound("未找到该课次");
    const tooEarly = attendanceProblem(session.date, chinaDate(new Date()));
    if (tooEarly) return result(intent, { errors: { [`attendance-${sessionId}`]: tooEarly } }, 400);
    const present = new Set(form.getAll("present").map(Number));
    await recordAttendance(db, cls.id, sessionId, present, by);
    return result(intent, { message: "考勤已保存" });
  }

  throw new Response("未知操作", { status: 400 });
}

export default function ClassPage() {
  const { cls, held, course, roster, tag, sessions, teachers, progress } = useLoaderData<typeof loader>();
  // The roster table filters by tag; attendance below always lists every member.
  const shown = tag ? roster.filter((m) => m.tagged.some((t) => t === tag)) : roster;
  const outcome = useActionData<typeof action>();
  const errorsFor = (intent: string) => (outcome?.intent === intent ? outcome.errors : {});
  const valuesFor = (intent: string) => (outcome?.intent === intent ? outcome.values : {});
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/base/classes">培训班</Link>
      </p>
      <h1>{cls.name}</h1>
      <p className="muted">
        {course.title} · {cls.startsOn} 至 {cls.endsOn} · 要求 {course.hours}
        {cls.retired ? <span className="tag warn">已停办</span> : null}
      </p>
      <FormError error={errorsFor("retire-class")._form} />
      <details className="card" open={outcome?.intent === "edit-class"}>
        <summary>修改班级信息</summary>
        <Form method="post" className="stack" noValidate>
          <Field label="班级名称" name="name" defaultValue={valuesFor("edit-class").name ?? cls.name} error={errorsFor("edit-class").name} />
          <Field label="开始日期" name="startsOn" type="date" defaultValue={valuesFor("edit-class").startsOn ?? cls.startsOn} error={errorsFor("edit-class").startsOn} />
          <Field label="结束日期" name="endsOn" type="date" defaultValue={valuesFor("edit-class").endsOn ?? cls.endsOn} error={errorsFor("edit-class").endsOn} />
          <p className="hint">课程和培训基地不能修改：花名册上的学员已按本班课程报名。</p>
          <button name="intent" value="edit-class">
            保存修改
          </button>
        </Form>
      </details>
      <div className="actions">
        {cls.retired ? (
          <Form method="post">
            <button name="intent" value="restore-class" className="secondary">
              恢复培训班
            </button>
          </Form>
        ) : (
          <ConfirmAction
            label={held.members + held.sessions > 0 ? "停办培训班" : "删除培训班"}
            intent="retire-class"
            danger
            consequences={
              held.members + held.sessions > 0
                ? [`本班有 ${held.members} 名学员、${held.sessions} 个课次：停办后不再出现在培训班列表和统计中`, "花名册、考勤和已计入的学时保留不变"]
                : ["本班没有学员和课次：将删除这个培训班"]
            }
            warning={held.members + held.sessions > 0 ? "停办后可随时恢复。" : "删除后不能恢复。"}
          />
        )}
      </div>
      {outcome?.message ? (
        <p className="notice" role="status">
          {outcome.message}
        </p>
      ) : null}

      <h2 id="roster">花名册（{roster.length} 人）</h2>
      {roster.length > 0 ? <FilterForm selects={[{ name: "tag", label: "重点人群", value: tag, options: [{ value: "", label: "全部" }, ...trainingTags.map((t) => ({ value: t, label: trainingTagNames[t] }))] }]} /> : null}
      {tag && shown.length === 0 ? <p className="muted">没有符合条件的学员。</p> : null}
      {shown.length > 0 ? (
        <div className="table-wrap" role="region" aria-label="花名册" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>姓名</th>
                <th>身份证号码</th>
                <th>手机</th>
                <th>账号</th>
                <th>重点人群</th>
                <th>
                  <span className="sr-only">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((m) => (
                <tr key={m.personId}>
                  <td>{m.name}</td>
                  <td>{m.idNumber}</td>
                  <td>{m.phone ?? "—"}</td>
                  <td>{m.registered ? <span className="tag">已注册</span> : <span className="muted">待注册</span>}</td>
                  <td>
                    {m.tagged.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      m.tagged.map((t) => (
                        <span key={t} className="tag">
                          {trainingTagNames[t]}
                        </span>
                      ))
                    )}
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="personId" value={m.personId} />
                      <button name="intent" value="remove-member" className="link-button">
                        移出
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="cards">
        <section className="card">
          <h3>按身份证号添加</h3>
          <Form method="post" className="stack" noValidate>
            <Field label="姓名" name="name" defaultValue={valuesFor("add-member").name} error={errorsFor("add-member").name} />
            <Field label="身份证号码" name="idNumber" defaultValue={valuesFor("add-member").idNumber} error={errorsFor("add-member").idNumber} maxLength={18} />
            <Field label="手机号（可不填）" name="phone" type="tel" defaultValue={valuesFor("add-member").phone} error={errorsFor("add-member").phone} />
            <button name="intent" value="add-member">
              加入花名册
            </button>
          </Form>
        </section>
        <section className="card">
          <h3>导入花名册</h3>
          <p className="hint">
            <a href="/base/roster-template.xlsx">下载模板</a>（列：姓名、身份证号、手机号）。任何一行有误时整个文件不导入。
          </p>
          <Form method="post" encType="multipart/form-data" className="stack">
            <input type="file" name="file" accept=".xlsx,.csv" aria-label="花名册文件" />
            <button name="intent" value="import">
              导入
            </button>
          </Form>
          {outcome?.intent === "import" && outcome.problems.length > 0 ? <ImportProblems problems={outcome.problems} /> : null}
        </section>
      </div>

      <h2 id="schedule">课表与考勤</h2>
      {sessions.length === 0 ? <p className="muted">还没有安排线下课。</p> : null}
      {sessions.map((s) => (
        <details key={s.id} className="card session">
          <summary>
            {s.date} {s.startTime}–{s.endTime} · {s.topic} · {s.teacher ?? "未指定教师"} · {s.minutes} 分钟
            {s.recorded ? <span className="tag">已考勤 {s.present.length} 人</span> : <span className="tag warn">未考勤</span>}
          </summary>
          <Form method="post" className="stack">
            <input type="hidden" name="sessionId" value={s.id} />
            {roster.map((m) => (
              <label key={m.personId} className="option">
                <input type="checkbox" name="present" value={m.personId} defaultChecked={s.present.includes(m.personId)} />
                {m.name}
              </label>
            ))}
            {errorsFor("attendance")[`attendance-${s.id}`] ? (
              <p className="field-error" role="alert">
                {errorsFor("attendance")[`attendance-${s.id}`]}
              </p>
            ) : null}
            <button name="intent" value="attendance">
              保存考勤
            </button>
          </Form>
          {errorsFor(outcome?.intent ?? "")[`session-${s.id}`] ? <FormError error={errorsFor(outcome?.intent ?? "")[`session-${s.id}`]} /> : null}
          {s.recorded ? (
            <p className="hint">已登记考勤的课次不能修改或删除：学时已计入学员进度。</p>
          ) : (
            <>
              <details open={outcome?.intent === "edit-session" && valuesFor("edit-session").sessionId === String(s.id)}>
                <summary>修改课次</summary>
                <SessionFields
                  idPrefix={`s${s.id}-`}
                  values={outcome?.intent === "edit-session" && valuesFor("edit-session").sessionId === String(s.id) ? valuesFor("edit-session") : { date: s.date, startTime: s.startTime, endTime: s.endTime, topic: s.topic, teacherId: s.teacherId ? String(s.teacherId) : "" }}
                  errors={outcome?.intent === "edit-session" && valuesFor("edit-session").sessionId === String(s.id) ? errorsFor("edit-session") : {}}
                  teachers={s.teacherOption && !teachers.some((t) => t.value === s.teacherOption!.value) ? [...teachers, s.teacherOption] : teachers}
                  sessionId={s.id}
                  intent="edit-session"
                  submit="保存课次"
                />
              </details>
              <ConfirmAction label="删除课次" intent="delete-session" danger fields={{ sessionId: String(s.id) }} consequences={[`删除 ${s.date} ${s.startTime}–${s.endTime}「${s.topic}」`, "尚未登记考勤，不影响任何学员的学时"]} />
            </>
          )}
        </details>
      ))}
      <section className="card narrow">
        <h3>安排线下课</h3>
        <SessionFields idPrefix="" values={valuesFor("add-session")} errors={errorsFor("add-session")} teachers={teachers} intent="add-session" submit="添加课次" />
      </section>

      <h2 id="progress">学习进度</h2>
      <p className="actions">
        <a href={`/base/classes/${cls.id}/progress.xlsx`} className="button secondary">
          导出 Excel
        </a>
      </p>
      <div className="table-wrap" role="region" aria-label="学习进度" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th>姓名</th>
              <th className="num">线上学时</th>
              <th className="num">线下学时</th>
              <th className="num">课时</th>
              {progress.modules.map((m) => (
                <th key={m.id} className="num">
                  {m.title}
                </th>
              ))}
              <th>结业</th>
            </tr>
          </thead>
          <tbody>
            {progress.rows.map((r) => (
              <tr key={r.personId}>
                <td>
                  {r.name}
                  {r.registered ? null : <span className="muted">（待注册）</span>}
                </td>
                <td className="num">{r.onlineHours}</td>
                <td className="num">{r.offlineHours}</td>
                <td className="num">
                  {r.lessonsDone}/{progress.lessonsTotal}
                </td>
                {r.quizScores.map((score, i) => (
                  <td key={i} className="num">
                    {score ?? "—"}
                  </td>
                ))}
                <td>{r.complete ? <span className="tag">已结业</span> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}

type SessionFieldsProps = {
  idPrefix: string;
  values: Record<string, string | undefined>;
  errors: Record<string, string | undefined>;
  teachers: Array<{ value: string; label: string }>;
  intent: "add-session" | "edit-session";
  submit: string;
  sessionId?: number;
};

/** The class session form, for a new session and for editing one (ids prefixed so several fit on one page). */
function SessionFields({ idPrefix, values, errors, teachers, intent, submit, sessionId }: SessionFieldsProps) {
  return (
    <Form method="post" className="stack" noValidate>
      {sessionId ? <input type="hidden" name="sessionId" value={sessionId} /> : null}
      <Field id={`${idPrefix}date`} name="date" label="日期" type="date" defaultValue={values.date} error={errors.date} />
      <Field id={`${idPrefix}startTime`} name="startTime" label="开始时间" type="time" defaultValue={values.startTime} error={errors.startTime} />
      <Field id={`${idPrefix}endTime`} name="endTime" label="结束时间" type="time" defaultValue={values.endTime} error={errors.endTime} />
      <Field id={`${idPrefix}topic`} name="topic" label="授课内容" defaultValue={values.topic} error={errors.topic} />
      <SelectField id={`${idPrefix}teacherId`} name="teacherId" label="授课教师" options={[{ value: "", label: "（未指定）" }, ...teachers]} defaultValue={values.teacherId} error={errors.teacherId} />
      <button name="intent" value={intent}>
        {submit}
      </button>
    </Form>
  );
}
