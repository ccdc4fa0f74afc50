import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { ImportProblems } from "../../components/import-problems.tsx";
import { db } from "../../db.server.ts";
import type { ImportProblem } from "../../imports/table.server.ts";
import { uploadedFile } from "../../imports/upload-limit.ts";
import { levelLabel, occupationNames, type SkillLevel } from "../../occupations/occupations.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { postNames } from "../worker-import.ts";
import { importMonthly, importRoster, workersOf } from "../workforce.server.ts";

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

export async function loader({ request }: LoaderFunctionArgs) {
  const { org, institutions } = requireInstitution(request);
  const today = chinaDate(new Date());
  return {
    org: { id: org.id, name: org.name },
    institutions: institutions.map((o) => ({ id: o.id, name: o.name })),
    workers: workersOf(db, org.id).map(({ worker, name, idNumber, certificates, latestMonth }) => ({
      id: worker.id,
      name,
      idNumber,
      occupation: occupationNames[worker.occupation],
      post: postNames[worker.post],
      hiredOn: worker.hiredOn,
      contractEndsOn: worker.contractEndsOn,
      status: worker.leftOn && worker.leftOn <= today ? `已于 ${worker.leftOn} 离职` : "在职",
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

type ActionResult = { intent: string; problems: ImportProblem[]; message: string | null };

export async function action({ request }: ActionFunctionArgs) {
  const { user, org } = requireInstitution(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  if (intent !== "import-roster" && intent !== "import-monthly") throw new Response("未知操作", { status: 400 });
  const upload = await uploadedFile(form);
  if (!upload.ok) return data<ActionResult>({ intent, problems: [{ row: null, column: null, message: upload.message }], message: null }, { status: upload.status });
  const importer = intent === "import-roster" ? importRoster : importMonthly;
  const outcome = await importer(db, org.id, upload.file, actor(request, user), chinaDate(new Date()));
  if (!outcome.ok) return data<ActionResult>({ intent, problems: outcome.problems, message: null }, { status: 400 });
  return data<ActionResult>({ intent, problems: [], message: outcome.message });
}

export default function WorkersPage() {
  const { org, institutions, workers } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const orgQuery = institutions.length > 1 ? `?org=${org.id}` : "";
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

      <h2>人员（{workers.length} 人）</h2>
      <div className="table-wrap" role="region" aria-label="从业人员" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th>姓名</th>
              <th>身份证号码</th>
              <th>职业 / 岗位</th>
              <th>入职日期</th>
              <th>合同截止</th>
              <th>状态</th>
              <th>证书</th>
              <th>最近月度记录</th>
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.id}>
                <td>{w.name}</td>
                <td>{w.idNumber}</td>
                <td>
                  {w.occupation} / {w.post}
                </td>
                <td>{w.hiredOn}</td>
                <td>{w.contractEndsOn ?? "无固定期限"}</td>
                <td>{w.status}</td>
                <td>
                  {w.certificates.length === 0 ? <span className="muted">无</span> : null}
                  {w.certificates.map((c) => (
                    <div key={c.id}>
                      {c.label} <span className={c.state === "有效" ? "tag" : "tag warn"}>{c.state}</span>
                    </div>
                  ))}
                </td>
                <td>{w.latestMonth ?? <span className="muted">未报送</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
