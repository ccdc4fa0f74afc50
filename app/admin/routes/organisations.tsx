import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "../../components/data-table.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { paged, pageWindow } from "../../utils/pagination.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { organisationTypeNames, organisationTypes, type OrganisationType } from "../../organisations/organisation-types.ts";
import { listOrganisations } from "../../organisations/organisations.server.ts";

export const meta: MetaFunction = () => [{ title: "机构管理 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireUserWithPermission(request, "manage:organisation:any");
  const url = new URL(request.url);
  const type = url.searchParams.get("type");
  const q = url.searchParams.get("q")?.trim() ?? "";
  // One box: a 6- or 9-digit region code is a region (with everything inside it), anything else a name or credit code.
  const regionCode = /^\d{6}(\d{3})?$/.test(q) ? q : undefined;
  const types = organisationTypes.includes(type as OrganisationType) ? [type as OrganisationType] : undefined;
  const range = pageWindow(url);
  const { rows, ...paging } = paged(await listOrganisations(scope, { types, regionCode, q: regionCode ? undefined : q }, range), range);
  return {
    filter: { type: types ? type! : "", q },
    paging,
    organisations: rows.map((o) => ({
      id: o.id,
      name: o.name,
      typeName: organisationTypeNames[o.type],
      creditCode: o.creditCode,
      regionName: o.regionName,
    })),
  };
}

export default function OrganisationsPage() {
  const { filter, paging, organisations } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>机构</h1>
      <div className="actions">
        <Link to="/admin/organisations/new" className="button">
          登记机构
        </Link>
      </div>
      <FilterForm
        search={{ label: "名称、信用代码或地区代码", value: filter.q, placeholder: "如 夕阳红、52330522、330522" }}
        selects={[
          { name: "type", label: "类型", value: filter.type, options: [{ value: "", label: "全部" }, ...organisationTypes.map((t) => ({ value: t, label: organisationTypeNames[t] }))] },
        ]}
      />
      <DataTable
        caption="机构"
        rows={organisations}
        rowKey={(o) => o.id}
        empty={filter.q || filter.type ? "没有符合条件的机构。" : "还没有登记机构。"}
        paging={paging}
        columns={[
          { header: "名称", cell: (o) => <Link to={`/orgs/${o.id}`}>{o.name}</Link> },
          { header: "类型", cell: (o) => o.typeName },
          { header: "统一社会信用代码", cell: (o) => o.creditCode },
          { header: "所在地", cell: (o) => o.regionName },
        ]}
      />
    </main>
  );
}
