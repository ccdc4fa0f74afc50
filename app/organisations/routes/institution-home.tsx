import { rosterOrganisationTypes } from "../organisation-types.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { sectionsForHome, todosFor } from "../../home/todos.server.ts";
import { MyOrganisations } from "../my-organisations.tsx";
import { describeOrganisation, listOrganisations, listStaff } from "../organisations.server.ts";

export const meta: MetaFunction = () => [{ title: "机构管理 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "manage:institution:org");
  const institutions = await listOrganisations(scope, { types: rosterOrganisationTypes });
  return { userName: user.name, todos: sectionsForHome(await todosFor(db, user), "institution"), organisations: await Promise.all(institutions.map(async (org) => ({ org: await describeOrganisation(org), staff: await listStaff(org.id) }))) };
}

export default function InstitutionHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <MyOrganisations
      title="机构管理"
      {...data}
      links={[
        { to: "/institution/workers", label: "从业人员名册" },
        { to: "/allowances", label: "补贴发放名册" },
        { to: "/wages", label: "本机构工资统计" },
      ]}
    />
  );
}
