import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { asc, eq, like, or, sql } from "drizzle-orm";
import { people, roleAssignments, roles, users } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { pageNumber } from "../../utils/page-number.ts";

export const meta: MetaFunction = () => [{ title: "账号管理 · carecert" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  requireUserWithPermission(request, "manage:user:any");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  const page = pageNumber(url);
  const match = q ? or(like(users.username, `%${q}%`), like(people.name, `%${q}%`), like(people.idNumber, `${q}%`)) : undefined;
  const rows = db
    .select({
      id: users.id,
      username: users.username,
      name: people.name,
      idNumber: people.idNumber,
      disabledAt: users.disabledAt,
      mustChangePassword: users.mustChangePassword,
      roles: sql<string>`(SELECT group_concat(${roles.name}, '、') FROM ${roleAssignments} JOIN ${roles} ON ${roles.id} = ${roleAssignments.roleId} WHERE ${roleAssignments.userId} = ${users.id})`,
    })
    .from(users)
    .innerJoin(people, eq(people.id, users.personId))
    .where(match)
    .orderBy(asc(users.id))
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .all();
  return {
    q,
    page,
    hasNext: rows.length > PAGE_SIZE,
    users: rows.slice(0, PAGE_SIZE).map((u) => ({ ...u, idNumber: maskIdNumber(u.idNumber) })),
  };
}

export default function UsersPage() {
  const { q, page, hasNext, users } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>账号管理</h1>
      <div className="actions">
        <Link to="/admin/users/new" className="button">
          新建工作人员账号
        </Link>
      </div>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="q">查找</label>
          <input id="q" name="q" defaultValue={q} placeholder="姓名/用户名/身份证号" />
        </div>
        <button type="submit" className="secondary">
          查找
        </button>
      </Form>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>姓名</th>
              <th>用户名</th>
              <th>身份证号码</th>
              <th>角色</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </td>
                <td>{u.username}</td>
                <td>{u.idNumber}</td>
                <td>{u.roles ?? "—"}</td>
                <td>{u.disabledAt ? <span className="tag warn">已停用</span> : u.mustChangePassword ? <span className="tag">待改初始密码</span> : <span className="tag">正常</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        {page > 1 ? <Link to={`?q=${encodeURIComponent(q)}&page=${page - 1}`}>上一页</Link> : null}
        <span className="muted">第 {page} 页</span>
        {hasNext ? <Link to={`?q=${encodeURIComponent(q)}&page=${page + 1}`}>下一页</Link> : null}
      </div>
    </main>
  );
}
