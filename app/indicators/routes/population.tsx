import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actor, requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import type { ImportProblem } from "../../imports/table.server.ts";
import { populationHeaders } from "../population.ts";
import { importPopulation, listPopulation, populationYears } from "../population.server.ts";
import { DataTable } from "../../components/data-table.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { ImportProblems } from "../../components/import-problems.tsx";
import { uploadedFile } from "../../imports/upload-limit.ts";

export const meta: MetaFunction = () => [{ title: "人口统计数据 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:population:any");
  const url = new URL(request.url);
  // One box: a 6- or 9-digit code is a region (with everything inside it), anything else part of a region's name.
  const q = url.searchParams.get("q")?.trim() ?? "";
  const years = await populationYears(db);
  const year = years.find((y) => String(y) === url.searchParams.get("year"));
  const range = pageWindow(url);
  const isCode = /^\d{6}(\d{3})?$/.test(q);
  const found = await listPopulation(db, { regionCode: isCode ? q : undefined, name: q && !isCode ? q : undefined, year }, range);
  const { rows, ...paging } = paged(found.rows, range, found.total);
  // The headers come with the data so the schema module (and zod) stays out of the browser bundle.
  return { q, year: year ? String(year) : "", years, rows, paging, headers: populationHeaders };
}

type ActionResult = { problems: ImportProblem[]; message: string | null };

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "manage:population:any");
  const upload = await uploadedFile(await request.formData());
  if (!upload.ok) return data<ActionResult>({ problems: [{ row: null, column: null, message: upload.message }], message: null }, { status: upload.status });
  const result = await importPopulation(db, upload.file, actor(request, user));
  if (!result.ok) return data<ActionResult>({ problems: result.problems, message: null }, { status: 400 });
  return data<ActionResult>({ problems: [], message: result.message });
}

export default function PopulationPage() {
  const { q, year, years, rows, paging, headers } = useLoaderData<typeof loader>();
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
      <FilterForm
        search={{ label: "地区代码或名称", value: q, placeholder: "如 330500 或 长兴" }}
        selects={[{ name: "year", label: "年份", value: year, options: [{ value: "", label: "全部年份" }, ...years.map((y) => ({ value: String(y), label: `${y} 年` }))] }]}
      />
      <DataTable
        caption="人口统计数据"
        rows={rows}
        rowKey={(r) => `${r.regionCode}-${r.year}`}
        empty={q || year ? "没有符合条件的数据。" : "没有数据。"}
        paging={paging}
        columns={[
          { header: "地区", cell: (r) => r.name },
          { header: "区划代码", cell: (r) => r.regionCode },
          { header: "年份", cell: (r) => r.year, numeric: true },
          { header: "60岁以上常住人口", cell: (r) => r.elderlyResidents.toLocaleString("zh-CN"), numeric: true },
          { header: "60岁以上户籍人口", cell: (r) => r.elderlyRegistered.toLocaleString("zh-CN"), numeric: true },
          { header: "常住人口", cell: (r) => r.residents.toLocaleString("zh-CN"), numeric: true },
        ]}
      />
    </main>
  );
}
