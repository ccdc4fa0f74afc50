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
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { isConfirmed } from "../../utils/confirm.ts";
import { activeEntriesByPerson } from "../../credit/credit.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { redirectWithNotice } from "../../utils/notice.server.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { postNames, rosterRowSchema } from "../worker-import.ts";
import { importMonthly, importRoster } from "../workforce.server.ts";
import { addWorker, deleteWorker, searchWorkers, updateWorker, workerInOrganisation, workerReferences } from "../workers.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.org.name ?? ""}从业人员 · carecert` }];

/** The institution the page is about: `?org=` among the admin's institutions, else the first. */
function requireInstitution(request: Request) {
  const { user, scope } = requireUserWithPermission(request, "manage:worker:org");
  const institutions = listOrganisations(scope, { types: ["elderly_care", "childcare", "home_care"] });
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

const statuses = [
  { value: "", label: "全部" },
  { value: "employed", label: "在职" },
  { value: "left", label: "已离职" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { org, institutions } = requireInstitution(request);
  const today = chinaDate(new Date());
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  const status = statuses.find((s) => s.value === url.searchParams.get("status"))?.value ?? "";
  const occupation = occupations.find((o) => o === url.searchParams.get("occupation"));
  const range = pageWindow(url);
  const found = searchWorkers(db, org.id, { q, status: (status || "all") as "employed" | "left" | "all", occupation, today }, range);
  const { rows, ...paging } = paged(found.rows, range, found.total);
  const credit = activeEntriesByPerson(db, rows.map((r) => r.worker.personId), today);
  const editId = url.searchParams.get("edit");
  const editing = editId ? workerInOrganisation(db, org.id, Number(editId)) : null;
  if (editId && !editing) notFound("未找到该人员，或不在本机构名册中");
  return {
    org: { id: org.id, name: org.name },
    institutions: institutions.map((o) => ({ id: o.id, name: o.name })),
    filters: { q, status, occupation: occupation ?? "" },
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
          } as Record<string, string>,
        }
      : null,
    today,
    workers: rows.map(({ worker, name, idNumber, certificates, latestMonth }) => ({
      id: worker.id,
      name,
      credit: credit.get(worker.personId) ?? [],
      idNumber,
      occupation: occupationNames[worker.occupation],
      post: postNames[worker.post],
      hiredOn: worker.hiredOn,
      contractEndsOn: worker.contractEndsOn,
      left: worker.leftOn !== null && worker.leftOn <= today,
      status: worker.leftOn && worker.leftOn <= today ? `已于 ${worker.leftOn} 离职` : worker.leftOn ? `将于 ${worker.leftOn} 离职` : "在职",
      references: workerReferences(db, worker.id),
      certificates: certificates
        .filter((c) => c.level !== null)
        .map((c) => ({
          id: c.id,
          label: `${occupationNames[c.occupation]} ${levelLabel(c.level as SkillLevel)}`,
          state: c.revokedAt ? "已吊销" : c.source === "external" && !c.verifiedAt ? "待核验" : "有效",
        })),
      latestMonth: latestMonth ? `${latestMonth.month}：出勤 ${latestMonth.attendanceDays} 天，社保${latestMonth.socialInsurancePaid ? "已缴" : "未缴"}${latestMonth.liabilityIncident ? "，有责任事故" : ""}` : null,
    })),
  };
}

type ActionResult = { intent: string; problems: ImportProblem[]; message: string | null; errors?: Record<string, string>; values?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { user, org } = requireInstitution(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const by = actor(request, user);
  const today = chinaDate(new Date());
  const here = `/institution/workers?org=${org.id}`;
  const refuse = (errors: Record<string, string>, values: Record<string, string> = {}, status = 400) => data<ActionResult>({ intent, problems: [], message: null, errors, values }, { status });

  if (intent === "add-worker") {
    const parsed = parseWorker(form, today);
    if (!parsed.ok) return refuse(parsed.errors, parsed.values);
    const added = addWorker(db, org.id, parsed.row, by);
    if (!added.ok) return refuse(added.errors, parsed.values, 409);
    return redirectWithNotice(request, here, `已将 ${parsed.row.name} 加入从业人员名册`);
  }

  if (intent === "edit-worker" || intent === "leave" || intent === "delete-worker") {
    const found = workerInOrganisation(db, org.id, Number(form.get("workerId")));
    if (!found) notFound("未找到该人员，或不在本机构名册中");
    const identity = { name: found.name, idNumber: found.idNumber };
    if (intent === "delete-worker") {
      if (!isConfirmed(form)) return refuse({ _form: "请在确认框中确认后再删除" });
      const deleted = deleteWorker(db, found.worker, by);
      if (!deleted.ok) return refuse({ _form: deleted.message }, {}, 409);
      return redirectWithNotice(request, here, `已删除 ${found.name} 的名册记录`);
    }
    if (intent === "leave" && !isConfirmed(form)) return refuse({ _form: "请在确认框中确认后再登记离职" });
    // Leaving changes only the leaving date; every other field is the record's own, checked by the same rules.
    const source = intent === "leave" ? leaveForm(found.worker, String(form.get("leftOn") ?? "")) : form;
    const parsed = parseWorker(source, today, identity);
    if (!parsed.ok) return refuse(intent === "leave" ? { _form: `${found.name}：${Object.values(parsed.errors).join("；")}` } : parsed.errors, parsed.values);
    if (intent === "leave" && !parsed.row.leftOn) return refuse({ _form: "请填写离职日期" });
    const changed = updateWorker(db, found.worker, parsed.row, by, intent === "leave" ? "workforce.worker_left" : "workforce.worker_updated");
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
            <a href="/institution/worker-templates/monthly.xlsx">下载月度模板</a>（出勤天数、社保、继续教育学时、责任事故）。同一人同一月份再次导入时以新数据为准。
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
          ...(institutions.length > 1 ? [{ name: "org", label: "机构", value: String(org.id), options: institutions.map((o) => ({ value: String(o.id), label: o.name })) }] : []),
        ]}
      />
      <FormError error={rowError} />
      <DataTable
        caption="从业人员"
        rows={workers}
        rowKey={(w) => w.id}
        empty={filters.q || filters.status || filters.occupation ? "没有符合条件的人员。" : "名册中还没有人员。"}
        paging={paging}
        columns={[
          {
            header: "姓名",
            cell: (w) => (
              <>
                {w.name}
                {w.credit.map((c) => (
                  <div key={c.text} className={c.list === "black" ? "tag warn" : "tag"}>
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
          <div className="actions">
            <button name="intent" value={formIntent}>
              {editing ? "保存修改" : "添加"}
            </button>
            {editing ? <Link to={withoutEdit}>取消</Link> : null}
          </div>
        </Form>
      </section>
    </main>
  );
}
