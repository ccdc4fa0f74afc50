import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { describeOrganisation, listOrganisations } from "../../organisations/organisations.server.ts";

export const meta: MetaFunction = () => [{ title: "考评工作台 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, scope } = requireUserWithPermission(request, "read:examining:org");
  return { userName: user.name, bases: listOrganisations(scope, { types: ["training_base"] }).map(describeOrganisation) };
}

export default function ExaminerHome() {
  const { userName, bases } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <p className="muted">您好，{userName}</p>
      <h1>考评工作台</h1>
      <div className="card">
        <h2>所属评价机构</h2>
        <ul>
          {bases.map((b) => (
            <li key={b.id}>
              <Link to={`/orgs/${b.id}`}>{b.name}</Link> <span className="muted">{b.regionLabel}</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="card">
        <h2>考评任务</h2>
        <p className="muted">目前没有分配给您的监考或评分任务。培训基地安排认定批次后，任务会显示在这里。</p>
      </div>
    </main>
  );
}
