import { isValid, parse } from "date-fns";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ConfirmAction } from "../../components/confirm-action.tsx";
import { DataTable } from "../../components/data-table.tsx";
import { Field, FormError, SelectField } from "../../components/field.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { ImportProblems } from "../../components/import-problems.tsx";
import { schoolingNames } from "../../allowances/rules.ts";
import { db } from "../../db.server.ts";
import type { ImportProblem } from "../../imports/table.server.ts";
import { uploadedFile } from "../../imports/upload-limit.ts";
import { levelLabel, occupationNames, occupations, type Occupation, type SkillLevel } from "../../occupations/occupations.ts";
import { rosterOrganisationTypes } from "../../organisations/organisation-types.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { activeEntriesByPerson } from "../../credit/credit.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { z } from "../../utils/zod.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { is4050, isNewEntrant, trainingTagNames, trainingTags } from "../tags.ts";
import { fenPlain, fenText } from "../../wages/wage-money.ts";
import { monthlyRowSchema, postNames, rosterRowSchema } from "../worker-import.ts";
import { importMonthly, importRoster } from "../workforce.server.ts";
import { addWorker, deleteWorker, recordWorkerMonth, searchWorkers, updateWorker, workerInOrganisation, workerMonthsOf, workerReferences, type JobSeeker } from "../workers.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.org.name ?? ""}从业人员 · carecert` }];

/** The institution the page is about: `?org=` among the admin's institutions, else the first. */
async function requireInstitution(request: Request) {
  const { user, scope } = await requireUserWithPermission(request, "manage:worker:org");
  const institutions = await listOrganisations(scope, { types: rosterOrganisationTypes });
  const wanted = new URL(request.url).searchParams.get("org");
  const org = wanted ? institutions.find((o) => String(o.id) === wanted) : institutions[0];
  if (!org) notFound("未找到该机构，或该机构不在您的管理范围内");
  return { user, org, institutions };
}

/** The worker form's fields and the roster column each one is, so one worker is checked exactly as an imported row is. */
const rosterColumns = { name: "姓名", idNumber: "身份证号", occupation: "职业", post: "岗位", hiredOn: "入职日期", contractEndsOn: "合同截止日期", leftOn: "离职日期", schooling: "学历", bankAccount: "银行账号" } as const;
type WorkerField = keyof typeof rosterColumns;

function parseWorker(form: FormData, today: string, identity?: { name: string; idNumber: string }) {
  const value = (field: WorkerField) => String(form.get(field) ?? "");
  const values = Object.fromEntries((Object.keys(rosterColumns) as WorkerField[]).map((f) => [f, value(f)])) as Record<WorkerField, string>;
  if (identity) Object.assign(values, identity);
  const cells = Object.fromEntries((Object.keys(rosterColumns) as WorkerField[]).map((f) => [rosterColumns[f], values[f]]));
  const parsed = rosterRowSchema(today).safeParse(cells);
  if (parsed.success) return { ok: true as const, row: parsed.data, values };
  const fieldOf = new Map(Object.entries(rosterColumns).map(([field, column]) => [column as string, field]));
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf.get(String(issue.path[0])) ?? "_form";
    errors[field] ??= issue.message;
  }
  return { ok: false as const, errors, values };
}

/**
 * 求职登记 for "4050" targeted training: the date and the record it is on (e.g. 就业创业证 number), both or neither.
 * Kept beside the roster row's own checks, whose columns the import shares.
 */
const jobSeekerSchema = (today: string) =>
  z
    .object({
      jobSeekerOn: z
        .string()
        .trim()
        .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && isValid(parse(v, "yyyy-MM-dd", new Date()))), "请按 YYYY-MM-DD 填写求职登记日期")
        .refine((v) => v === "" || v <= today, "求职登记日期不能晚于今天"),
      jobSeekerSource: z.string().trim().max(100, "登记凭证最多 100 个字"),
    })
    .superRefine((v, ctx) => {
      if (v.jobSeekerOn && !v.jobSeekerSource) ctx.addIssue({ code: "custom", path: ["jobSeekerSource"], message: "请填写登记凭证（如就业创业证号）" });
      if (!v.jobSeekerOn && v.jobSeekerSource) ctx.addIssue({ code: "custom", path: ["jobSeekerOn"], message: "请填写求职登记日期" });
    })
    .transform((v): JobSeeker => (v.jobSeekerOn ? { on: v.jobSeekerOn, source: v.jobSeekerSource } : null));

function parseJobSeeker(form: FormData, today: string) {
  const parsed = jobSeekerSchema(today).safeParse({ jobSeekerOn: String(form.get("jobSeekerOn") ?? ""), jobSeekerSource: String(form.get("jobSeekerSource") ?? "") });
  if (parsed.success) return { ok: true as const, jobSeeker: parsed.data };
  return { ok: false as const, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
}

const tagOptions = [{ value: "", label: "全部" }, ...trainingTags.map((t) => ({ value: t, label: trainingTagNames[t] }))];

/** The month form's fields and the monthly template's columns, so one month is checked exactly as an imported row is. */
const monthColumns = { month: "月份", attendanceDays: "出勤天数", socialInsurancePaid: "社保已缴", continuingEducationHours: "继续教育学时", liabilityIncident: "责任事故", wage: "应发工资（元）" } as const;
type MonthField = keyof typeof monthColumns;

function parseMonth(form: FormData, today: string, idNumber: string) {
  const values = Object.fromEntries((Object.keys(monthColumns) as MonthField[]).map((f) => [f, String(form.get(f) ?? "")])) as Record<MonthField, string>;
  const cells = { 身份证号: idNumber, ...Object.fromEntries((Object.keys(monthColumns) as MonthField[]).map((f) => [monthColumns[f], values[f]])) };
  const parsed = monthlyRowSchema(today).safeParse(cells);
  if (parsed.success) return { ok: true as const, row: parsed.data, values };
  const fieldOf = new Map(Object.entries(monthColumns).map(([field, column]) => [column as string, field]));
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[fieldOf.get(String(issue.path[0])) ?? "_form"] ??= issue.message;
  return { ok: false as const, errors, values };
}

const statuses = [
  { value: "", label: "全部" },
  { value: "employed", label: "在职" },
  { value: "left", label: "已离职" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { org, institutions } = await requireInstitution(request);
  const today = chinaDate(new Date());
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  const status = statuses.find((s) => s.value === url.searchParams.get("status"))?.value ?? "";
  const occupation = occupations.find((o) => o === url.searchParams.get("occupation"));
  const tag = trainingTags.find((t) => t === url.searchParams.get("tag"));
  const range = pageWindow(url);
  const found = await searchWorkers(db, org.id, { q, status: (status || "all") as "employed" | "left" | "all", occupation, tag, today }, range);
  const { rows, ...paging } = paged(found.rows, range, found.total);
  const credit = await activeEntriesByPerson(db, rows.map((r) => r.worker.personId), today);
  const editId = url.searchParams.get("edit");
  const editing = editId ? await workerInOrganisation(db, org.id, Number(editId)) : null;
  if (editId && !editing) notFound("未找到该人员，或不在本机构名册中");
  const months = editing ? await workerMonthsOf(db, editing.worker.id) : [];
  return {
    org: { id: org.id, name: org.name },
    institutions: institutions.map((o) => ({ id: o.id, name: o.name })),
    filters: { q, status, occupation: occupation ?? "", tag: tag ?? "" },
    paging,
    editing: editing
      ? {
          id: editing.worker.id,
          values: {
            name: editing.name,
            idNumber: editing.idNumber,
            occupation: occupationNames[editing.worker.occupation],
            post: postNames[editing.worker.post],
            hiredOn: editing.worker.hiredOn,
            contractEndsOn: editing.worker.contractEndsOn ?? "",
            leftOn: editing.worker.leftOn ?? "",
            schooling: editing.worker.schooling ? schoolingNames[editing.worker.schooling] : "",
            bankAccount: editing.worker.bankAccount ?? "",
            jobSeekerOn: editing.jobSeekerOn ?? "",
            jobSeekerSource: editing.jobSeekerSource ?? "",
          } as Record<string, string>,
          months: months.map((m) => ({
            month: m.month,
            summary: `出勤 ${m.attendanceDays} 天，社保${m.socialInsurancePaid ? "已缴" : "未缴"}，继续教育 ${m.continuingEducationHours} 学时${m.liabilityIncident ? "，有责任事故" : ""}，应发工资 ${m.wageFen === null ? "未报送" : fenText(m.wageFen)}`,
            values: {
              month: m.month,
              attendanceDays: String(m.attendanceDays),
              socialInsurancePaid: m.socialInsurancePaid ? "是" : "否",
              continuingEducationHours: String(m.continuingEducationHours),
              liabilityIncident: m.liabilityIncident ? "是" : "否",
              wage: m.wageFen === null ? "" : fenPlain(m.wageFen),
            } as Record<string, string>,
          })),
        }
      : null,
    today,
    workers: await Promise.all(rows.map(async ({ worker, name, idNumber, person, firstHiredInOccupation, certificates, latestMonth }) => ({
      id: worker.id,
      name,
      credit: credit.get(worker.personId) ?? [],
      idNumber,
      occupation: occupationNames[worker.occupation],
      post: postNames[worker.post],
      hiredOn: worker.hiredOn,
      contractEndsOn: worker.contractEndsOn,
      tags: [
        ...(isNewEntrant(firstHiredInOccupation, today) ? [trainingTagNames.new_entrant] : []),
        ...(is4050(person, today) ? [`${trainingTagNames.job_seeker_4050}（${person.jobSeekerSource}）`] : []),
      ],
      left: worker.leftOn !== null && worker.leftOn <= today,
      status: worker.leftOn && worker.leftOn <= today ? `已于 ${worker.leftOn} 离职` : worker.leftOn ? `将于 ${worker.leftOn} 离职` : "在职",
      references: await workerReferences(db, worker.id),
      certificates: certificates
        .filter((c) => c.level !== null)
        .map((c) => ({
          id: c.id,
          label: `${occupationNames[c.occupation]} ${levelLabel(c.level as SkillLevel)}`,
          state: c.revokedAt ? "已吊销" : c.source === "external" && !c.verifiedAt ? "待核验" : "有效",
        })),
      latestMonth: latestMonth
        ? `${latestMonth.month}：出勤 ${latestMonth.attendanceDays} 天，社保${latestMonth.socialInsurancePaid ? "已缴" : "未缴"}${latestMonth.liabilityIncident ? "，有责任事故" : ""}${latestMonth.wageFen === null ? "" : `，应发工资 ${fenText(latestMonth.wageFen)}`}`
        : null,
    }))),
  };
}

type ActionResult = { intent: string; problems: ImportProblem[]; message: string | null; errors?: Record<string, string>; values?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { user, org } = await requireInstitution(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const by = actor(request, user);
  const today = chinaDate(new Date());
  const here = `/institution/workers?org=${org.id}`;
  const refuse = (errors: Record<string, string>, values: Record<string, string> = {}, status = 400) => data<ActionResult>({ intent, problems: [], message: null, errors, values }, { status });

  const jobSeekerValues = { jobSeekerOn: String(form.get("jobSeekerOn") ?? ""), jobSeekerSource: String(form.get("jobSeekerSource") ?? "") };
  if (intent === "add-worker") {
    const parsed = parseWorker(form, today);
    const registration = parseJobSeeker(form, today);
    if (!parsed.ok || !registration.ok) return refuse({ ...(parsed.ok ? {} : parsed.errors), ...(registration.ok ? {} : registration.errors) }, { ...parsed.values, ...jobSeekerValues });
    const added = await addWorker(db, org.id, parsed.row, by, registration.jobSeeker);
    if (!added.ok) return refuse(added.errors, parsed.values, 409);
    return redirectWithNotice(request, here, `已将 ${parsed.row.name} 加入从业人员名册`);
  }

  if (intent === "record-month") {
    const found = await workerInOrganisation(db, org.id, Number(form.get("workerId")));
    if (!found) notFound("未找到该人员，或不在本机构名册中");
    const parsed = parseMonth(form, today, found.idNumber);
    if (!parsed.ok) return refuse(parsed.errors, parsed.values);
    const done = await recordWorkerMonth(db, found.worker.id, parsed.row, by);
    const back = `${here}&edit=${found.worker.id}#month-form`;
    return redirectWithNotice(request, back, done === "unchanged" ? `${found.name} ${parsed.row.month} 的月度记录没有变化` : `已保存 ${found.name} ${parsed.row.month} 的月度记录`);
  }

  if (intent === "edit-worker" || intent === "leave" || intent === "delete-worker") {
    const found = await workerInOrganisation(db, org.id, Number(form.get("workerId")));
    if (!found) notFound("未找到该人员，或不在本机构名册中");
    const identity = { name: found.name, idNumber: found.idNumber };
    if (intent === "delete-worker") {
      if (!isConfirmed(form)) return refuse({ _form: "请在确认框中确认后再删除" });
      const deleted = await deleteWorker(db, found.worker, by);
      if (!deleted.ok) return refuse({ _form: deleted.message }, {}, 409);
      return redirectWithNotice(request, here, `已删除 ${found.name} 的名册记录`);
    }
    if (intent === "leave" && !isConfirmed(form)) return refuse({ _form: "请在确认框中确认后再登记离职" });
    // Leaving changes only the leaving date; every other field is the record's own, checked by the same rules.
    const source = intent === "leave" ? leaveForm(found.worker, String(form.get("leftOn") ?? "")) : form;
    const parsed = parseWorker(source, today, identity);
    if (intent === "leave") {
      if (!parsed.ok) return refuse({ _form: `${found.name}：${Object.values(parsed.errors).join("；")}` }, parsed.values);
      if (!parsed.row.leftOn) return refuse({ _form: "请填写离职日期" });
    }
    const registration = intent === "edit-worker" ? parseJobSeeker(form, today) : ({ ok: true, jobSeeker: undefined } as const);
    if (!parsed.ok || !registration.ok) return refuse({ ...(parsed.ok ? {} : parsed.errors), ...(registration.ok ? {} : registration.errors) }, { ...parsed.values, ...jobSeekerValues });
    const changed = await updateWorker(db, found.worker, parsed.row, by, intent === "leave" ? "workforce.worker_left" : "workforce.worker_updated", registration.jobSeeker);
    return redirectWithNotice(request, here, intent === "leave" ? `已登记 ${found.name} 于 ${parsed.row.leftOn} 离职` : changed > 0 ? `已修改 ${found.name} 的 ${changed} 项信息` : "信息没有变化");
  }

  if (intent !== "import-roster" && intent !== "import-monthly") throw new Response("未知操作", { status: 400 });
  const upload = await uploadedFile(form);
  if (!upload.ok) return data<ActionResult>({ intent, problems: [{ row: null, column: null, message: upload.message }], message: null }, { status: upload.status });
  const importer = intent === "import-roster" ? importRoster : importMonthly;
  const outcome = await importer(db, org.id, upload.file, by, today);
  if (!outcome.ok) return data<ActionResult>({ intent, problems: outcome.problems, message: null }, { status: 400 });
  return data<ActionResult>({ intent, problems: [], message: outcome.message });
}

/** The record's own values as form fields, with the leaving date given. */
function leaveForm(worker: { occupation: Occupation; post: keyof typeof postNames; hiredOn: string; contractEndsOn: string | null; schooling: keyof typeof schoolingNames | null; bankAccount: string | null }, leftOn: string) {
  const form = new FormData();
  form.set("occupation", occupationNames[worker.occupation]);
  form.set("post", postNames[worker.post]);
  form.set("hiredOn", worker.hiredOn);
  form.set("contractEndsOn", worker.contractEndsOn ?? "");
  form.set("schooling", worker.schooling ? schoolingNames[worker.schooling] : "");
  form.set("bankAccount", worker.bankAccount ?? "");
  form.set("leftOn", leftOn);
  return form;
}

const occupationOptions = Object.values(occupationNames).map((n) => ({ value: n, label: n }));
const postOptions = Object.values(postNames).map((n) => ({ value: n, label: n }));
const schoolingOptions = [{ value: "", label: "（未登记）" }, ...Object.values(schoolingNames).map((n) => ({ value: n, label: n }))];

export default function WorkersPage() {
  const { org, institutions, filters, paging, editing, today, workers } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const location = useLocation();
  const orgQuery = institutions.length > 1 ? `?org=${org.id}` : "";
  const formIntent = editing ? "edit-worker" : "add-worker";
  const errors = outcome?.intent === formIntent ? (outcome.errors ?? {}) : {};
  const values = outcome?.intent === formIntent ? (outcome.values ?? {}) : (editing?.values ?? {});
  const rowError = outcome && ["leave", "delete-worker"].includes(outcome.intent) ? outcome.errors?._form : undefined;
  const withoutEdit = (() => {
    const params = new URLSearchParams(location.search);
    params.delete("edit");
    const query = params.toString();
    return `/institution/workers${query ? `?${query}` : ""}`;
  })();
  const editLink = (id: number) => {
    const params = new URLSearchParams(location.search);
    params.set("edit", String(id));
    if (!params.has("org") && orgQuery) params.set("org", String(org.id));
    return `/institution/workers?${params.toString()}#worker-form`;
  };
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/institution">机构管理</Link>
      </p>
      <h1>{org.name} · 从业人员名册</h1>
      {institutions.length > 1 ? (
        <p className="actions">
          {institutions.map((o) => (
            <Link key={o.id} to={`/institution/workers?org=${o.id}`} className={o.id === org.id ? "button" : "button secondary"}>
              {o.name}
            </Link>
          ))}
        </p>
      ) : null}
      {outcome?.message ? (
        <p className="notice" role="status">
          {outcome.message}
        </p>
      ) : null}
      <div className="cards">
        <section className="card">
          <h2>导入人员名册</h2>
          <p className="hint">
            <a href="/institution/worker-templates/roster.xlsx">下载名册模板</a>。一人持多张证书时每张证书一行，其余各列相同。外部证书导入后须经民政部门核验才计入补贴。
          </p>
          <Form method="post" encType="multipart/form-data" action={`/institution/workers${orgQuery}`} className="stack">
            <input type="file" name="file" accept=".xlsx,.csv" aria-label="人员名册文件" />
            <button name="intent" value="import-roster">
              导入名册
            </button>
          </Form>
          {outcome?.intent === "import-roster" ? <ImportProblems problems={outcome.problems} /> : null}
        </section>
        <section className="card">
          <h2>导入月度记录</h2>
          <p className="hint">
            <a href="/institution/worker-templates/monthly.xlsx">下载月度模板</a>（出勤天数、社保、继续教育学时、责任事故，可选应发工资）。同一人同一月份再次导入时以新数据为准。
          </p>
          <Form method="post" encType="multipart/form-data" action={`/institution/workers${orgQuery}`} className="stack">
            <input type="file" name="file" accept=".xlsx,.csv" aria-label="月度记录文件" />
            <button name="intent" value="import-monthly">
              导入月度记录
            </button>
          </Form>
          {outcome?.intent === "import-monthly" ? <ImportProblems problems={outcome.problems} /> : null}
        </section>
      </div>

      <h2 id="workers">人员（{paging.total} 人）</h2>
      <FilterForm
        search={{ label: "姓名或身份证号", value: filters.q, placeholder: "姓名，或身份证号开头几位" }}
        selects={[
          { name: "status", label: "状态", value: filters.status, options: statuses },
          { name: "occupation", label: "职业", value: filters.occupation, options: [{ value: "", label: "全部" }, ...occupations.map((o) => ({ value: o, label: occupationNames[o] }))] },
          { name: "tag", label: "重点人群", value: filters.tag, options: tagOptions },
          ...(institutions.length > 1 ? [{ name: "org", label: "机构", value: String(org.id), options: institutions.map((o) => ({ value: String(o.id), label: o.name })) }] : []),
        ]}
      />
      <FormError error={rowError} />
      <DataTable
        caption="从业人员"
        rows={workers}
        rowKey={(w) => w.id}
        empty={filters.q || filters.status || filters.occupation || filters.tag ? "没有符合条件的人员。" : "名册中还没有人员。"}
        paging={paging}
        columns={[
          {
            header: "姓名",
            cell: (w) => (
              <>
                {w.name}
                {w.credit.map((c) => (
                  <div key={c.text} className={c.list === "black" ? "tag long warn" : "tag long"}>
                    {c.text}
                  </div>
                ))}
              </>
            ),
            wrap: true,
          },
          { header: "身份证号码", cell: (w) => w.idNumber },
          { header: "职业 / 岗位", cell: (w) => `${w.occupation} / ${w.post}` },
          { header: "入职日期", cell: (w) => w.hiredOn },
          { header: "合同截止", cell: (w) => w.contractEndsOn ?? "无固定期限" },
          { header: "状态", cell: (w) => w.status },
          {
            header: "重点人群",
            cell: (w) =>
              w.tags.length === 0 ? (
                <span className="muted">—</span>
              ) : (
                w.tags.map((t) => (
                  <span key={t} className="tag">
                    {t}
                  </span>
                ))
              ),
          },
          {
            header: "证书",
            cell: (w) =>
              w.certificates.length === 0 ? (
                <span className="muted">无</span>
              ) : (
                w.certificates.map((c) => (
                  <div key={c.id}>
                    {c.label} <span className={c.state === "有效" ? "tag" : "tag warn"}>{c.state}</span>
                  </div>
                ))
              ),
          },
          { header: "最近月度记录", cell: (w) => w.latestMonth ?? <span className="muted">未报送</span> },
          {
            header: "操作",
            cell: (w) => (
              <div className="actions">
                <Link to={editLink(w.id)}>修改 {w.name}</Link>
                {w.left ? null : (
                  <ConfirmAction label={`登记 ${w.name} 离职`} intent="leave" action={`/institution/workers?org=${org.id}`} fields={{ workerId: String(w.id) }} consequences={[`${w.name} 自离职日期起不再计入在职人数，也不再进入此后月份的补贴名册`, "名册记录、月度记录和补贴记录都保留"]}>
                    <Field id={`leftOn-${w.id}`} name="leftOn" label="离职日期" type="date" defaultValue={today} />
                  </ConfirmAction>
                )}
                {w.references === 0 ? (
                  <ConfirmAction label={`删除 ${w.name}`} intent="delete-worker" danger action={`/institution/workers?org=${org.id}`} fields={{ workerId: String(w.id) }} consequences={[`${w.name} 还没有月度或补贴记录：将从本机构名册中删除（误录时使用）`]} warning="删除后不能恢复；已离职的人员请登记离职。" />
                ) : null}
              </div>
            ),
          },
        ]}
      />

      <section className="card narrow" id="worker-form">
        <h2>{editing ? `修改人员信息：${editing.values.name}` : "添加一名人员"}</h2>
        <p className="hint">{editing ? "姓名和身份证号码以人员登记为准，不能在此修改。" : "按名册导入的同样规则检查；证书请通过名册导入登记。"}</p>
        <Form method="post" action={`/institution/workers?org=${org.id}`} className="stack" noValidate key={editing?.id ?? "new"}>
          <FormError error={errors._form} />
          {editing ? <input type="hidden" name="workerId" value={editing.id} /> : null}
          {editing ? (
            <p>
              {editing.values.name} · {editing.values.idNumber}
            </p>
          ) : (
            <>
              <Field label="姓名" name="name" defaultValue={values.name} error={errors.name} />
              <Field label="身份证号码" name="idNumber" defaultValue={values.idNumber} error={errors.idNumber} maxLength={18} />
            </>
          )}
          <SelectField label="职业" name="occupation" options={occupationOptions} defaultValue={values.occupation} error={errors.occupation} />
          <SelectField label="岗位" name="post" options={postOptions} defaultValue={values.post} error={errors.post} />
          <Field label="入职日期" name="hiredOn" type="date" defaultValue={values.hiredOn} error={errors.hiredOn} />
          <Field label="合同截止日期（无固定期限不填）" name="contractEndsOn" type="date" defaultValue={values.contractEndsOn} error={errors.contractEndsOn} />
          {editing ? <Field label="离职日期（在职不填）" name="leftOn" type="date" defaultValue={values.leftOn} error={errors.leftOn} /> : null}
          <SelectField label="学历" name="schooling" options={schoolingOptions} defaultValue={values.schooling} error={errors.schooling} />
          <Field label="银行账号（可不填）" name="bankAccount" inputMode="numeric" defaultValue={values.bankAccount} error={errors.bankAccount} />
          <p className="hint">“4050”人员（女满 40 周岁、男满 50 周岁的登记求职人员）参加定向培训时填写；未登记求职的不填。</p>
          <Field label="求职登记日期（可不填）" name="jobSeekerOn" type="date" defaultValue={values.jobSeekerOn} error={errors.jobSeekerOn} />
          <Field label="求职登记凭证（如就业创业证号）" name="jobSeekerSource" defaultValue={values.jobSeekerSource} error={errors.jobSeekerSource} />
          <div className="actions">
            <button name="intent" value={formIntent}>
              {editing ? "保存修改" : "添加"}
            </button>
            {editing ? <Link to={withoutEdit}>取消</Link> : null}
          </div>
        </Form>
      </section>

      {editing ? <MonthForm worker={editing} org={org.id} today={today} outcome={outcome?.intent === "record-month" ? outcome : undefined} /> : null}
    </main>
  );
}

const yesNoOptions = [
  { value: "否", label: "否" },
  { value: "是", label: "是" },
];

/** One worker's month, typed: what the monthly import records for a row, for a late or corrected month. */
function MonthForm({ worker, org, today, outcome }: { worker: { id: number; values: Record<string, string>; months: Array<{ month: string; summary: string; values: Record<string, string> }> }; org: number; today: string; outcome?: { errors?: Record<string, string>; values?: Record<string, string> } }) {
  const errors = outcome?.errors ?? {};
  const values = outcome?.values ?? worker.months[0]?.values ?? { month: today.slice(0, 7), socialInsurancePaid: "是", liabilityIncident: "否", continuingEducationHours: "0" };
  return (
    <section className="card narrow" id="month-form">
      <h2>录入月度记录：{worker.values.name}</h2>
      <p className="hint">与月度记录导入的规则相同；同一月份再次保存时以新数据为准。应发工资可不填，用于工资价位监测。</p>
      {worker.months.length > 0 ? (
        <ul>
          {worker.months.map((m) => (
            <li key={m.month}>
              {m.month}：{m.summary}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">还没有月度记录。</p>
      )}
      <Form method="post" action={`/institution/workers?org=${org}`} className="stack" noValidate key={`${worker.id}-${values.month}`}>
        <FormError error={errors._form} />
        <input type="hidden" name="workerId" value={worker.id} />
        <Field label="月份（YYYY-MM）" name="month" defaultValue={values.month} error={errors.month} maxLength={7} />
        <Field label="出勤天数" name="attendanceDays" inputMode="numeric" defaultValue={values.attendanceDays} error={errors.attendanceDays} />
        <SelectField label="社保已缴" name="socialInsurancePaid" options={yesNoOptions} defaultValue={values.socialInsurancePaid} error={errors.socialInsurancePaid} />
        <Field label="继续教育学时" name="continuingEducationHours" defaultValue={values.continuingEducationHours} error={errors.continuingEducationHours} />
        <SelectField label="责任事故" name="liabilityIncident" options={yesNoOptions} defaultValue={values.liabilityIncident} error={errors.liabilityIncident} />
        <Field label="应发工资（元，可不填）" name="wage" defaultValue={values.wage} error={errors.wage} />
        <button name="intent" value="record-month">
          保存月度记录
        </button>
      </Form>
    </section>
  );
}
