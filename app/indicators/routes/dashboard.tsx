import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Field, SelectField } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { scopeCoversRegion } from "../../auth/permissions.ts";
import { regionPath } from "../../regions/regions.server.ts";
import { requireIndicatorQuery } from "../access.server.ts";
import { indicatorCatalogue, indicatorKeys, populationKinds, populationNames, type IndicatorKey } from "../catalogue.ts";
import { BarChart, TrendChart } from "../charts.tsx";
import { formatBasis, formatFigure, statusNames } from "../format.ts";
import type { FigureStatus, RegionIndicators } from "../indicators.ts";
import { indicatorReport, regionsWithPopulation } from "../indicators.server.ts";
import { definitionLines, gapText, populationLine, targetText } from "../report.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.region?.name ?? ""}队伍建设指标 · carecert` }];

const cell = (key: IndicatorKey, r: RegionIndicators) => ({ text: formatFigure(key, r.figures[key]), status: r.figures[key].status });

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, region, query, errors, values } = await requireIndicatorQuery(request);
  if (!region) return { region: null, choices: await regionsWithPopulation(db, ["province", "city"]), errors, values };

  const { indicators: r, trend } = await indicatorReport(db, { code: region.code, date: query.date, population: query.population });
  const search = new URLSearchParams({ code: region.code, date: query.date, population: query.population }).toString();
  return {
    region: { code: region.code, name: region.name, level: region.level },
    path: (await regionPath(region.code)).filter((p) => scopeCoversRegion(scope, p.code)),
    query,
    search,
    errors,
    values,
    populationText: populationLine(r),
    rows: indicatorKeys.map((k) => {
      const f = r.figures[k];
      return { key: k, name: indicatorCatalogue[k].name, value: formatFigure(k, f), basis: formatBasis(k, f), target: targetText(k, f), status: f.status, gap: gapText(k, f) };
    }),
    children: r.children.map((c) => ({
      code: c.code,
      name: c.name,
      populationYear: c.populationYear,
      elderly: c.elderly,
      certified: c.certifiedCaregivers,
      cells: indicatorKeys.map((k) => cell(k, c)),
    })),
    bars: {
      per10k: r.children.map((c) => ({ label: c.name, value: c.figures.per10kElderly.value })),
      level3: r.children.map((c) => ({ label: c.name, value: c.figures.level3PlusShare.value })),
      per10kTarget: r.figures.per10kElderly.target?.value ?? null,
      level3Target: r.figures.level3PlusShare.target?.value ?? null,
    },
    trend: {
      per10k: trend.map((p) => ({ label: p.month, value: p.per10k.value, target: p.per10k.target?.value ?? null })),
      level3: trend.map((p) => ({ label: p.month, value: p.level3PlusShare.value, target: p.level3PlusShare.target?.value ?? null })),
      years: [...new Set(trend.map((p) => p.populationYear))],
    },
    definitions: definitionLines(),
  };
}

function Status({ status }: { status: FigureStatus }) {
  return <span className={status === "met" ? "tag" : status === "behind" ? "tag warn" : "tag muted-tag"}>{statusNames[status]}</span>;
}

export default function IndicatorDashboard() {
  const data = useLoaderData<typeof loader>();
  if (!data.region) {
    return (
      <main className="container">
        <h1>队伍建设指标</h1>
        <p>请选择要查看的地区：</p>
        <Form method="get" className="filters">
          <Field label="行政区划代码" name="code" defaultValue={data.values.code} error={data.errors.code} inputMode="numeric" maxLength={9} />
          <button type="submit">查看</button>
        </Form>
        {data.choices.length > 0 ? (
          <ul>
            {data.choices.map((c) => (
              <li key={c.code}>
                <Link to={`/indicators?code=${c.code}`}>{c.name}</Link>（{c.code}）
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">还没有导入任何地区的人口统计数据。</p>
        )}
      </main>
    );
  }
  const { region, path, query, search, errors, values, populationText, rows, children, bars, trend, definitions } = data;
  return (
    <main className="container indicators">
      {path.length > 1 ? (
        <nav className="breadcrumbs" aria-label="地区层级">
          {path.slice(0, -1).map((p, i) => (
            <span key={p.code}>
              {i > 0 ? "› " : ""}
              <Link to={`/indicators?${new URLSearchParams({ code: p.code, date: query.date, population: query.population })}`}>{p.name}</Link>
            </span>
          ))}
        </nav>
      ) : null}
      <h1>{region.name}队伍建设指标</h1>
      <p className="lead">
        统计日 {query.date} · 人口口径：{populationText}
      </p>
      <Form method="get" className="filters no-print">
        <input type="hidden" name="code" value={region.code} />
        <Field label="统计日" name="date" type="date" defaultValue={values.date} error={errors.date} />
        <SelectField label="人口口径" name="population" defaultValue={query.population} error={errors.population} options={populationKinds.map((k) => ({ value: k, label: `60 岁以上${populationNames[k]}` }))} />
        <button type="submit">更新</button>
      </Form>
      <div className="actions no-print">
        <a className="button secondary" href={`/indicators/report.xlsx?${search}`} download>
          导出 Excel
        </a>
        <a className="button secondary" href={`/indicators/report.pdf?${search}`} download>
          导出 PDF
        </a>
        <Link to={`/region?code=${region.code}`}>{region.name}概览</Link>
      </div>

      <h2>{region.name}</h2>
      <div className="table-wrap" role="region" aria-label={`${region.name}指标`} tabIndex={0}>
        <table className="figures">
          <thead>
            <tr>
              <th>指标</th>
              <th className="num">数值</th>
              <th>依据</th>
              <th>目标</th>
              <th>状态</th>
              <th>缺口</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{r.name}</td>
                <td className="num">{r.value}</td>
                <td>{r.basis}</td>
                <td>{r.target}</td>
                <td>
                  <Status status={r.status} />
                </td>
                <td>{r.gap}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Definitions lines={definitions} />

      {children.length > 0 ? (
        <>
          <h2>下级地区</h2>
          <div className="charts">
            <BarChart title={`各下级地区${indicatorCatalogue.per10kElderly.name}`} bars={bars.per10k} target={bars.per10kTarget} unit="名/万老年人" />
            <BarChart title={`各下级地区${indicatorCatalogue.level3PlusShare.name}`} bars={bars.level3} target={bars.level3Target} unit="%" />
          </div>
          <div className="table-wrap" role="region" aria-label="各下级地区指标" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th>地区</th>
                  <th className="num">人口年份</th>
                  <th className="num">60岁以上人口</th>
                  <th className="num">持证护理员</th>
                  {indicatorKeys.map((k) => (
                    <th key={k} className="num">
                      {indicatorCatalogue[k].name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {children.map((c) => (
                  <tr key={c.code}>
                    <td>
                      <Link to={`/indicators?${new URLSearchParams({ code: c.code, date: query.date, population: query.population })}`}>{c.name}</Link>
                    </td>
                    <td className="num">{c.populationYear ?? "无数据"}</td>
                    <td className="num">{c.elderly?.toLocaleString("zh-CN") ?? "—"}</td>
                    <td className="num">{c.certified}</td>
                    {c.cells.map((x, i) => (
                      <td key={indicatorKeys[i]} className="num">
                        {x.text} <Status status={x.status} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint">各列的定义见上方“指标定义”。</p>
        </>
      ) : null}

      <h2>近两年趋势</h2>
      <div className="charts">
        <TrendChart title={`${region.name}${indicatorCatalogue.per10kElderly.name}（按月）`} points={trend.per10k} unit="名/万老年人" />
        <TrendChart title={`${region.name}${indicatorCatalogue.level3PlusShare.name}（按月）`} points={trend.level3} unit="%" />
      </div>
      <p className="hint">每月取月末（最后一点为统计日）在岗持证人数；人口取各月所在年份可用的最近一年（{trend.years.map((y) => (y === null ? "无数据" : `${y} 年`)).join("、")}）。</p>
    </main>
  );
}

function Definitions({ lines }: { lines: string[] }) {
  return (
    <section className="definitions" aria-label="指标定义">
      <h3>指标定义</h3>
      <ul>
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </section>
  );
}
