import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { asc, eq, like, or, sql } from "drizzle-orm";
import { groupConcat, likeAnyCase } from "../../../db/dialect.ts";
import { people, roleAssignments, roles, users } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { DataTable } from "../../components/data-table.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { paged, pageWindow } from "../../utils/pagination.ts";

export const meta: MetaFunction = () => [{ title: "账号管理 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserWithPermission(request, "manage:user:any");
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  const range = pageWindow(url);
  // Usernames are stored in lower case and ID numbers in upper case (X): the term is matched in theirs.
  const match = q ? or(like(users.username, `%${q.toLowerCase()}%`), likeAnyCase(people.name, `%${q}%`), like(people.idNumber, `${q.toUpperCase()}%`)) : undefined;
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      name: people.name,
      idNumber: people.idNumber,
      disabledAt: users.disabledAt,
      mustChangePassword: users.mustChangePassword,
      roles: sql<string>`(SELECT ${groupConcat(roles.name, "、")} FROM ${roleAssignments} JOIN ${roles} ON ${roles.id} = ${roleAssignments.roleId} WHERE ${roleAssignments.userId} = ${users.id})`,
    })
    .from(users)
    .innerJoin(people, eq(people.id, users.personId))
    .where(match)
    .orderBy(asc(users.id))
    .limit(range.limit)
    .offset(range.offset);
  const { rows: pageRows, ...paging } = paged(rows, range);
  return { q, paging, users: pageRows.map((u) => ({ ...u, idNumber: maskIdNumber(u.idNumber) })) };
}

export default function UsersPage() {
  const { q, paging, users } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>账号管理</h1>
      <div className="actions">
        <Link to="/admin/users/new" className="button">
          新建工作人员账号
        </Link>
      </div>
      <FilterForm search={{ label: "查找", value: q, placeholder: "姓名/用户名/身份证号" }} />
      <DataTable
        caption="账号"
        rows={users}
        rowKey={(u) => u.id}
        empty={q ? "没有符合条件的账号。" : "还没有账号。"}
        paging={paging}
        columns={[
          { header: "姓名", cell: (u) => <Link to={`/admin/users/${u.id}`}>{u.name}</Link> },
          { header: "用户名", cell: (u) => u.username },
          { header: "身份证号码", cell: (u) => u.idNumber },
          { header: "角色", cell: (u) => u.roles ?? "—" },
          { header: "状态", cell: (u) => (u.disabledAt ? <span className="tag warn">已停用</span> : u.mustChangePassword ? <span className="tag">待改初始密码</span> : <span className="tag">正常</span>) },
        ]}
      />
    </main>
  );
}
