import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
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
import { formatStudyHours } from "../hours.ts";
import { addToRoster, importClassRoster, attendanceOf, classProgress, getClassInScope, listTeachers, recordAttendance, removeFromRoster, rosterOf, sessionMinutes, sessionsOf } from "../classes.server.ts";
import { ImportProblems } from "../../components/import-problems.tsx";
import { chinaDate } from "../../utils/dates.ts";
import { attendanceProblem, checkBusinessDate } from "../../utils/business-dates.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cls.name ?? "培训班"} · carecert` }];


function requireClass(request: Request, classId: string | undefined) {
  const { user, scope } = requireUserWithPermission(request, "manage:class:org");
  const found = getClassInScope(db, scope, Number(classId));
  if (!found) notFound("未找到该培训班，或该班不属于您的培训基地");
  return { user, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cls, course } = requireClass(request, params.classId);
  const sessions = sessionsOf(db, cls.id);
  const marks = attendanceOf(db, sessions.map((s) => s.session.id));
  const progress = classProgress(db, cls);
  return {
    cls: { id: cls.id, name: cls.name, startsOn: cls.startsOn, endsOn: cls.endsOn },
    course: { id: course.id, title: course.title, requiredHours: course.requiredHours },
    roster: rosterOf(db, cls.id).map((m) => ({ personId: m.personId, name: m.name, idNumber: m.idNumber, phone: m.phone, registered: m.userId !== null })),
    sessions: sessions.map(({ session, teacherName, teacherTitle }) => ({
      ...session,
      teacher: teacherName ? `${teacherName}（${teacherTitle}）` : null,
      present: marks.filter((m) => m.sessionId === session.id && m.present).map((m) => m.personId),
      recorded: marks.some((m) => m.sessionId === session.id),
    })),
    teachers: listTeachers(db, [cls.organisationId]).map((t) => ({ value: String(t.id), label: `${t.name}（${t.title}）` })),
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
  const { user, cls } = requireClass(request, params.classId);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const by = actor(request, user);

  if (intent === "add-member") {
    const parsed = parseForm(form, memberSchema);
    if (!parsed.ok) return result(intent, { errors: parsed.errors, values: parsed.values }, 400);
    const { name, idNumber, phone } = parsed.data;
    const added = addToRoster(db, cls.id, [{ row: null, entry: { name, idNumber: idNumber.idNumber, gender: idNumber.gender, birthDate: idNumber.birthDate, phone: phone || null } }], by);
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
    removeFromRoster(db, cls.id, Number(form.get("personId")), by);
    return redirect(`/base/classes/${cls.id}`);
  }

  if (intent === "add-session") {
    const parsed = parseForm(form, sessionSchema(chinaDate(new Date())));
    if (!parsed.ok) return result(intent, { errors: parsed.errors, values: parsed.values }, 400);
    const { teacherId, ...session } = parsed.data;
    const teacher = teacherId ? listTeachers(db, [cls.organisationId]).find((t) => String(t.id) === teacherId) : undefined;
    if (teacherId && !teacher) return result(intent, { errors: { teacherId: "请选择本基地的师资" }, values: parsed.values }, 400);
    db.transaction((tx) => {
      const created = tx
        .insert(classSessions)
        .values({ classId: cls.id, ...session, minutes: sessionMinutes(session.startTime, session.endTime)!, teacherId: teacher?.id ?? null })
        .returning()
        .get();
      writeAudit(tx, { ...by, event: "learning.session_scheduled", target: { table: "class_sessions", id: created.id }, details: { classId: cls.id, date: session.date } });
    });
    return redirect(`/base/classes/${cls.id}#schedule`);
  }

  if (intent === "attendance") {
    const sessionId = Number(form.get("sessionId"));
    const session = sessionsOf(db, cls.id).find((s) => s.session.id === sessionId)?.session;
    if (!session) notFound("未找到该课次");
    const tooEarly = attendanceProblem(session.date, chinaDate(new Date()));
    if (tooEarly) return result(intent, { errors: { [`attendance-${sessionId}`]: tooEarly } }, 400);
    const present = new Set(form.getAll("present").map(Number));
    recordAttendance(db, cls.id, sessionId, present, by);
    return result(intent, { message: "考勤已保存" });
  }

  throw new Response("未知操作", { status: 400 });
}

export default function ClassPage() {
  const { cls, course, roster, sessions, teachers, progress } = useLoaderData<typeof loader>();
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
        {course.title} · {cls.startsOn} 至 {cls.endsOn} · 要求 {course.requiredHours} 学时
      </p>
      {outcome?.message ? (
        <p className="notice" role="status">
          {outcome.message}
        </p>
      ) : null}

      <h2 id="roster">花名册（{roster.length} 人）</h2>
      {roster.length > 0 ? (
        <div className="table-wrap" role="region" aria-label="花名册" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>姓名</th>
                <th>身份证号码</th>
                <th>手机</th>
                <th>账号</th>
                <th>
                  <span className="sr-only">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {roster.map((m) => (
                <tr key={m.personId}>
                  <td>{m.name}</td>
                  <td>{m.idNumber}</td>
                  <td>{m.phone ?? "—"}</td>
                  <td>{m.registered ? <span className="tag">已注册</span> : <span className="muted">待注册</span>}</td>
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
        </details>
      ))}
      <section className="card narrow">
        <h3>安排线下课</h3>
        <Form method="post" className="stack" noValidate>
          <Field label="日期" name="date" type="date" defaultValue={valuesFor("add-session").date} error={errorsFor("add-session").date} />
          <Field label="开始时间" name="startTime" type="time" defaultValue={valuesFor("add-session").startTime} error={errorsFor("add-session").startTime} />
          <Field label="结束时间" name="endTime" type="time" defaultValue={valuesFor("add-session").endTime} error={errorsFor("add-session").endTime} />
          <Field label="授课内容" name="topic" defaultValue={valuesFor("add-session").topic} error={errorsFor("add-session").topic} />
          <SelectField label="授课教师" name="teacherId" options={[{ value: "", label: "（未指定）" }, ...teachers]} defaultValue={valuesFor("add-session").teacherId} error={errorsFor("add-session").teacherId} />
          <button name="intent" value="add-session">
            添加课次
          </button>
        </Form>
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
