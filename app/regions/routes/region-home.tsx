import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { hasPermission, scopeCoversRegion } from "../../auth/permissions.ts";
import { organisationTypeNames } from "../../organisations/organisation-types.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { notFound } from "../../utils/http.ts";
import { TodoList } from "../../components/todo-list.tsx";
import { db } from "../../db.server.ts";
import { sectionsForHome, todosFor } from "../../home/todos.server.ts";
import { childRegionsWithCounts, getRegion, regionPath } from "../regions.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.region?.name ?? "辖区"}概览 · carecert` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = requireUserWithPermission(request, "read:region");
  const requested = new URL(request.url).searchParams.get("code");
  // Officers start at their own region; a system-wide user starts at the country (the list of provinces).
  const code = requested ?? scope.regionCodes[0] ?? null;
  const todos = sectionsForHome(todosFor(db, user), "region");
  if (code === null) {
    return { userName: user.name, todos, region: null, path: [], children: childRegionsWithCounts(null), organisations: [], totals: [], work: [] };
  }
  const region = getRegion(code);
  if (!region || !scopeCoversRegion(scope, code)) notFound("未找到该地区，或该地区不在您的管辖范围内");

  // Breadcrumbs stop at the top of what the user may see.
  const path = regionPath(code).filter((r) => scopeCoversRegion(scope, r.code));
  const organisations = listOrganisations(scope, { regionCode: code });
  const totals = Object.entries(organisationTypeNames).map(([type, name]) => ({
    name,
    count: organisations.filter((o) => o.type === type).length,
  }));
  return {
    userName: user.name,
    todos,
    region,
    path,
    children: childRegionsWithCounts(code),
    organisations: organisations.slice(0, 200).map((o) => ({
      id: o.id,
      name: o.name,
      typeName: organisationTypeNames[o.type],
      regionName: o.regionName,
    })),
    totals,
    // The officer's work in this region, each shown only to those who hold its permission.
    work: [
      { to: `/indicators?code=${region.code}`, label: "队伍建设指标", permission: "read:indicators" },
      { to: "/allowances", label: "补贴发放名册", permission: "read:allowance-list" },
      { to: "/region/external-certificates", label: "外部证书核验", permission: "verify:external-certificate" },
      { to: "/region/certificates", label: "证书吊销与黑名单", permission: "revoke:certificate" },
    ]
      .filter((w) => hasPermission(user.grants, w.permission))
      .map(({ to, label }) => ({ to, label })),
  };
}

export default function RegionHome() {
  const { userName, todos, region, path, children, organisations, totals, work } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <p className="muted">您好，{userName}</p>
      {path.length > 1 ? (
        <nav className="breadcrumbs" aria-label="地区层级">
          {path.slice(0, -1).map((p, i) => (
            <span key={p.code}>
              {i > 0 ? "› " : ""}
              <Link to={`/region?code=${p.code}`}>{p.name}</Link>
            </span>
          ))}
        </nav>
      ) : null}
      <h1>{region ? `${region.name}概览` : "全国行政区划"}</h1>
      <TodoList sections={todos} />
      {work.length > 0 ? (
        <p className="actions">
          {work.map((w) => (
            <Link key={w.to} to={w.to} className="button secondary">
              {w.label}
            </Link>
          ))}
        </p>
      ) : null}
      {region ? (
        <div className="cards stats">
          {totals.map((t) => (
            <div key={t.name} className="card">
              <div className="stat">{t.count}</div>
              <div className="stat-label">{t.name}</div>
            </div>
          ))}
        </div>
      ) : null}
      {children.length > 0 ? (
        <>
          <h2>下级地区</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>地区</th>
                  <th>区划代码</th>
                  <th className="num">机构数</th>
                </tr>
              </thead>
              <tbody>
                {children.map((c) => (
                  <tr key={c.code}>
                    <td>
                      <Link to={`/region?code=${c.code}`}>{c.name}</Link>
                    </td>
                    <td>{c.code}</td>
                    <td className="num">{c.organisations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {region ? (
        <>
          <h2>辖区内机构</h2>
          {organisations.length === 0 ? (
            <p className="muted">该地区暂无登记机构。</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>机构名称</th>
                    <th>类型</th>
                    <th>所在地</th>
                  </tr>
                </thead>
                <tbody>
                  {organisations.map((o) => (
                    <tr key={o.id}>
                      <td>
                        <Link to={`/orgs/${o.id}`}>{o.name}</Link>
                      </td>
                      <td>{o.typeName}</td>
                      <td>{o.regionName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </main>
  );
}
