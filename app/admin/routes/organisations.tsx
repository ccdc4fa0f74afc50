import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { organisationTypeNames, organisationTypes, type OrganisationType } from "../../organisations/organisation-types.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";

export const meta: MetaFunction = () => [{ title: "机构管理 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = requireUserWithPermission(request, "manage:organisation:any");
  const url = new URL(request.url);
  const type = url.searchParams.get("type");
  const regionCode = url.searchParams.get("region")?.trim() || undefined;
  const types = organisationTypes.includes(type as OrganisationType) ? [type as OrganisationType] : undefined;
  return {
    filter: { type: type ?? "", region: regionCode ?? "" },
    organisations: listOrganisations(scope, { types, regionCode }).map((o) => ({
      id: o.id,
      name: o.name,
      typeName: organisationTypeNames[o.type],
      creditCode: o.creditCode,
      regionName: o.regionName,
    })),
  };
}

export default function OrganisationsPage() {
  const { filter, organisations } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>机构</h1>
      <div className="actions">
        <Link to="/admin/organisations/new" className="button">
          登记机构
        </Link>
      </div>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="type">类型</label>
          <select id="type" name="type" defaultValue={filter.type}>
            <option value="">全部</option>
            {organisationTypes.map((t) => (
              <option key={t} value={t}>
                {organisationTypeNames[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="region">地区代码</label>
          <input id="region" name="region" defaultValue={filter.region} placeholder="如 330522" inputMode="numeric" />
        </div>
        <button type="submit" className="secondary">
          筛选
        </button>
      </Form>
      <div className="table-wrap" role="region" aria-label="机构" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th>名称</th>
              <th>类型</th>
              <th>统一社会信用代码</th>
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
                <td>{o.creditCode}</td>
                <td>{o.regionName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
