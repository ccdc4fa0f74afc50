import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { resolveScope, scopeCoversOrganisation } from "../../auth/permissions.ts";
import { entriesOf, describeEntry } from "../../credit/credit.server.ts";
import { db } from "../../db.server.ts";
import { chinaDate } from "../../utils/dates.ts";
import { notFound } from "../../utils/http.ts";
import { OrganisationFacts, StaffTable } from "../organisation-facts.tsx";
import { describeOrganisation, getOrganisationInScope, listStaff } from "../organisations.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.org.name ?? "机构"} · carecert` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "read:organisation");
  const org = await getOrganisationInScope(scope, Number(params.orgId));
  if (!org) notFound("未找到该机构，或该机构不在您的管理范围内");
  const staffScope = resolveScope(user.grants, "read:staff");
  const manageable = resolveScope(user.grants, "manage:organisation:any") !== null;
  const resetScope = resolveScope(user.grants, "reset:password");
  return {
    canResetPasswords: resetScope !== null && (resetScope.any || resetScope.organisationIds.includes(org.id)),
    org: await describeOrganisation(org),
    staff: staffScope && scopeCoversOrganisation(staffScope, org) ? await listStaff(org.id) : null,
    manageable,
    // Red and black list entries in force: every reader of the organisation page sees them.
    credit: (await entriesOf(db, { organisationId: org.id }, chinaDate(new Date()))).map((e) => ({ id: e.id, black: e.list === "black", text: describeEntry(e) })),
  };
}

export default function OrganisationPage() {
  const { org, staff, manageable, canResetPasswords, credit } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>{org.name}</h1>
      {credit.length > 0 ? (
        <ul className="credit-notices" aria-label="红黑名单">
          {credit.map((c) => (
            <li key={c.id} className={c.black ? "form-error" : "notice"}>
              {c.text}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="card">
        <OrganisationFacts org={org} />
        {manageable ? (
          <p className="actions">
            <Link to={`/admin/organisations/${org.id}/edit`} className="button secondary">
              修改
            </Link>
          </p>
        ) : null}
      </div>
      {staff ? (
        <>
          <h2>工作人员</h2>
          <StaffTable staff={staff} canResetPasswords={canResetPasswords} />
        </>
      ) : null}
    </main>
  );
}
