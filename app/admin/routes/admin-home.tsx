import { firstRow } from "../../../db/query.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { gte } from "drizzle-orm";
import { countRows } from "../../../db/dialect.ts";
import { auditLog, organisations, regions, sessions, users } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { INACTIVITY_TIMEOUT_MS } from "../../auth/session.server.ts";
import { db } from "../../db.server.ts";
import { TodoList } from "../../components/todo-list.tsx";
import { sectionsForHome, todosFor } from "../../home/todos.server.ts";

export const meta: MetaFunction = () => [{ title: "系统管理 · carecert" }];

const count = async (table: typeof users | typeof organisations | typeof regions) => (await firstRow(db.select({ n: countRows() }).from(table)))!.n;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "manage:user:any");
  const now = Date.now();
  return {
    userName: user.name,
    todos: sectionsForHome(await todosFor(db, user), "admin"),
    users: await count(users),
    organisations: await count(organisations),
    regions: await count(regions),
    activeSessions: (await firstRow(db.select({ n: countRows() }).from(sessions).where(gte(sessions.lastVerifiedAt, new Date(now - INACTIVITY_TIMEOUT_MS)))))!.n,
    eventsToday: (await firstRow(db.select({ n: countRows() }).from(auditLog).where(gte(auditLog.at, new Date(now - 24 * 3600_000)))))!.n,
  };
}

export default function AdminHome() {
  const s = useLoaderData<typeof loader>();
  const stats = [
    { label: "账号", value: s.users, to: "/admin/users" },
    { label: "机构", value: s.organisations, to: "/admin/organisations" },
    { label: "有效登录会话", value: s.activeSessions, to: "/admin/users" },
    { label: "近 24 小时审计事件", value: s.eventsToday, to: "/admin/audit" },
    { label: "行政区划（GB/T 2260）", value: s.regions, to: "/region" },
  ];
  return (
    <main className="container">
      <p className="muted">您好，{s.userName}</p>
      <h1>系统管理</h1>
      <TodoList sections={s.todos} />
      <h2>概况</h2>
      <div className="cards stats">
        {stats.map((stat) => (
          <Link key={stat.label} to={stat.to} className="card">
            <div className="stat">{stat.value.toLocaleString("zh-CN")}</div>
            <div className="stat-label">{stat.label}</div>
          </Link>
        ))}
      </div>
      <div className="actions">
        <Link to="/admin/users/new" className="button">
          新建工作人员账号
        </Link>
        <Link to="/admin/organisations/new" className="button secondary">
          登记机构
        </Link>
        <Link to="/indicators/population" className="button secondary">
          人口统计数据
        </Link>
        <Link to="/indicators/targets" className="button secondary">
          规划目标
        </Link>
        <Link to="/admin/eligibility" className="button secondary">
          申报条件
        </Link>
      </div>
    </main>
  );
}
