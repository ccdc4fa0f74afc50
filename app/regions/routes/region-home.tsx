import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { hasPermission, scopeCoversRegion, type WantedPermission } from "../../auth/permissions.ts";
import { organisationTypeNames } from "../../organisations/organisation-types.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";
import { notFound } from "../../utils/http.ts";
import { TodoList } from "../../components/todo-list.tsx";
import { db } from "../../db.server.ts";
import { sectionsForHome, todosFor } from "../../home/todos.server.ts";
import { childRegionsWithCounts, getRegion, regionPath } from "../regions.server.ts";
import { DataTable } from "../../components/data-table.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.region?.name ?? "辖区"}概览 · carecert` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "read:region");
  const requested = new URL(request.url).searchParams.get("code");
  // Officers start at their own region; a system-wide user starts at the country (the list of provinces).
  const code = requested ?? scope.regionCodes[0] ?? null;
  const todos = sectionsForHome(await todosFor(db, user), "region");
  if (code === null) {
    return { userName: user.name, todos, region: null, path: [], children: await childRegionsWithCounts(null), organisations: [], totals: [], work: [] };
  }
  const region = await getRegion(code);
  if (!region || !scopeCoversRegion(scope, code)) notFound("未找到该地区，或该地区不在您的管辖范围内");

  // Breadcrumbs stop at the top of what the user may see.
  const path = (await regionPath(code)).filter((r) => scopeCoversRegion(scope, r.code));
  const organisations = await listOrganisations(scope, { regionCode: code });
  const totals = Object.entries(organisationTypeNames).map(([type, name]) => ({
    name,
    count: organisations.filter((o) => o.type === type).length,
  }));
  return {
    userName: user.name,
    todos,
    region,
    path,
    children: await childRegionsWithCounts(code),
    organisations: organisations.slice(0, 200).map((o) => ({
      id: o.id,
      name: o.name,
      typeName: organisationTypeNames[o.type],
      regionName: o.regionName,
    })),
    totals,
    // The officer's work in this region, each shown only to those who hold its permission.
    work: ([
      { to: `/indicators?code=${region.code}`, label: "队伍建设指标", permission: "read:indicators" },
      { to: "/allowances", label: "补贴发放名册", permission: "read:allowance-list" },
      { to: "/region/external-certificates", label: "外部证书核验", permission: "verify:external-certificate" },
      { to: "/region/certificates", label: "证书吊销与黑名单", permission: "revoke:certificate" },
      { to: `/wages?code=${region.code}`, label: "工资价位监测", permission: "read:wages" },
      { to: "/region/pool", label: "师资库和专家库", permission: "read:pool" },
      { to: "/region/experts", label: "专家库管理", permission: "manage:expert" },
    ] satisfies Array<{ to: string; label: string; permission: WantedPermission }>)
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
          <DataTable<(typeof children)[number]>
            caption="下级地区"
            rows={children}
            rowKey={(c) => c.code}
            empty="没有下级地区。"
            columns={[
              { header: "地区", cell: (c) => <Link to={`/region?code=${c.code}`}>{c.name}</Link> },
              { header: "区划代码", cell: (c) => c.code },
              { header: "机构数", numeric: true, cell: (c) => c.organisations },
            ]}
          />
        </>
      ) : null}
      {region ? (
        <>
          <h2>辖区内机构</h2>
          <DataTable<(typeof organisations)[number]>
            caption="辖区内机构"
            rows={organisations}
            rowKey={(o) => o.id}
            empty="该地区暂无登记机构。"
            columns={[
              { header: "机构名称", cell: (o) => <Link to={`/orgs/${o.id}`}>{o.name}</Link> },
              { header: "类型", cell: (o) => o.typeName },
              { header: "所在地", cell: (o) => o.regionName },
            ]}
          />
        </>
      ) : null}
    </main>
  );
}
