import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { sectionsForHome, todosFor } from "../../home/todos.server.ts";
import { MyOrganisations } from "../my-organisations.tsx";
import { describeOrganisation, listOrganisations, listStaff } from "../organisations.server.ts";

export const meta: MetaFunction = () => [{ title: "培训基地管理 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = await requireUserWithPermission(request, "manage:training-base:org");
  const bases = await listOrganisations(scope, { types: ["training_base"] });
  return { userName: user.name, todos: sectionsForHome(await todosFor(db, user), "base"), organisations: await Promise.all(bases.map(async (org) => ({ org: await describeOrganisation(org), staff: await listStaff(org.id) }))) };
}

export default function BaseHome() {
  const data = useLoaderData<typeof loader>();
  return <MyOrganisations title="培训基地管理" {...data} />;
}
