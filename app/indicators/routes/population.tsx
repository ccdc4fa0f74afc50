import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import type { ImportProblem } from "../../imports/table.server.ts";
import { populationHeaders } from "../population.ts";
import { importPopulation, listPopulation } from "../population.server.ts";
import { ImportProblems } from "../../components/import-problems.tsx";
import { uploadedFile } from "../../imports/upload-limit.ts";

export const meta: MetaFunction = () => [{ title: "人口统计数据 · carecert" }];

const SHOWN = 300;

export async function loader({ request }: LoaderFunctionArgs) {
  requireUserWithPermission(request, "manage:population:any");
  const code = new URL(request.url).searchParams.get("code")?.trim() ?? "";
  const rows = listPopulation(db, { regionCode: /^\d{6}(\d{3})?$/.test(code) ? code : undefined, limit: SHOWN + 1 });
  // The headers come with the data so the schema module (and zod) stays out of the browser bundle.
  return { code, rows: rows.slice(0, SHOWN), more: rows.length > SHOWN, headers: populationHeaders };
}

type ActionResult = { problems: ImportProblem[]; message: string | null };

export async function action({ request }: ActionFunctionArgs) {
  const { user } = requireUserWithPermission(request, "manage:population:any");
  const upload = await uploadedFile(await request.formData());
  if (!upload.ok) return data<ActionResult>({ problems: [{ row: null, column: null, message: upload.message }], message: null }, { status: upload.status });
  const result = await importPopulation(db, upload.file, actor(request, user));
  if (!result.ok) return data<ActionResult>({ problems: result.problems, message: null }, { status: 400 });
  return data<ActionResult>({ problems: [], message: result.message });
}

export default function PopulationPage() {
  const { code, rows, more, headers } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/admin">系统管理</Link>
      </p>
      <h1>人口统计数据</h1>
      <p className="muted">每万老年人指标的分母。每个地区使用自己的数据，不由下级地区相加。</p>
      {outcome?.message ? (
        <p className="notice" role="status">
          {outcome.message}
        </p>
      ) : null}
      <section className="card">
        <h2>导入</h2>
        <p className="hint">
          <a href="/indicators/population-template.xlsx">下载模板</a>（列：{headers.join("、")}）。任何一行有误时整个文件不导入。
        </p>
        <Form method="post" encType="multipart/form-data" className="stack">
          <input type="file" name="file" accept=".xlsx,.csv" aria-label="人口统计文件" />
          <button type="submit">导入</button>
        </Form>
        {outcome && outcome.problems.length > 0 ? <ImportProblems problems={outcome.problems} /> : null}
      </section>

      <h2>已有数据</h2>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="code">地区代码</label>
          <input id="code" name="code" defaultValue={code} placeholder="如 330500" inputMode="numeric" />
        </div>
        <button type="submit" className="secondary">
          筛选
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="muted">没有数据。</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="人口统计" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>地区</th>
                <th>区划代码</th>
                <th className="num">年份</th>
                <th className="num">60岁以上常住人口</th>
                <th className="num">60岁以上户籍人口</th>
                <th className="num">常住人口</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.regionCode}-${r.year}`}>
                  <td>{r.name}</td>
                  <td>{r.regionCode}</td>
                  <td className="num">{r.year}</td>
                  <td className="num">{r.elderlyResidents.toLocaleString("zh-CN")}</td>
                  <td className="num">{r.elderlyRegistered.toLocaleString("zh-CN")}</td>
                  <td className="num">{r.residents.toLocaleString("zh-CN")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more ? <p className="hint">只显示前 {SHOWN} 条，请按地区代码筛选。</p> : null}
    </main>
  );
}
