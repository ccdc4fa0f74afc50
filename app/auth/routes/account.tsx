import { firstRow } from "../../../db/query.ts";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { and, desc, eq, ne } from "drizzle-orm";
import { people, regions, sessions } from "../../../db/schema.ts";
import { writeAudit } from "../../audit/audit.server.ts";
import { db } from "../../db.server.ts";
import { maskIdNumber } from "../../people/id-number.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { actor, loadAssignments, requireUser } from "../auth.server.ts";
import { regionNameSql } from "../../regions/region-name.ts";
import { DataTable } from "../../components/data-table.tsx";

export const meta: MetaFunction = () => [{ title: "我的账号 · carecert" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Every logged-in user sees their own account, and only their own.
  const user = await requireUser(request);
  const person = (await firstRow(db.select().from(people).where(eq(people.id, user.personId))))!;
  const assignments = await Promise.all((await loadAssignments(db, user.id)).map(async (a) => ({
    ...a,
    regionName: a.regionCode ? (await firstRow(db.select({ name: regionNameSql }).from(regions).where(eq(regions.code, a.regionCode))))?.name ?? a.regionCode : null,
  })));
  const mySessions = (await db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastVerifiedAt: sessions.lastVerifiedAt, ip: sessions.ip })
    .from(sessions)
    .where(eq(sessions.userId, user.id))
    .orderBy(desc(sessions.lastVerifiedAt)))
    .map((s) => ({ current: s.id === user.sessionId, createdAt: formatDateTime(s.createdAt), lastVerifiedAt: formatDateTime(s.lastVerifiedAt), ip: s.ip }));
  return {
    username: user.username,
    person: { name: person.name, idNumber: maskIdNumber(person.idNumber), gender: person.gender === "male" ? "男" : "女", birthDate: person.birthDate, phone: person.phone },
    assignments,
    sessions: mySessions,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  // The only action here ends the user's own other sessions.
  const user = await requireUser(request);
  await db.transaction(async (tx) => {
    const ended = (await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, user.sessionId))).returning({ id: sessions.id })).length;
    await writeAudit(tx, { ...actor(request, user), event: "auth.other_sessions_ended", target: { table: "users", id: user.id }, details: { sessionsEnded: ended } });
  });
  return redirect("/account");
}

export default function AccountPage() {
  const { username, person, assignments, sessions } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>我的账号</h1>
      <div className="card">
        <dl className="facts">
          <dt>姓名</dt>
          <dd>{person.name}</dd>
          <dt>用户名</dt>
          <dd>{username}</dd>
          <dt>身份证号码</dt>
          <dd>{person.idNumber}</dd>
          <dt>性别</dt>
          <dd>{person.gender}</dd>
          <dt>出生日期</dt>
          <dd>{person.birthDate}</dd>
          <dt>手机号码</dt>
          <dd>{person.phone ?? "—"}</dd>
        </dl>
        <p className="actions">
          <Link to="/account/password" className="button secondary">
            修改密码
          </Link>
        </p>
      </div>
      <h2>角色</h2>
      <DataTable<(typeof assignments)[number]>
        caption="我的角色"
        rows={assignments}
        rowKey={(a) => a.id}
        empty="还没有分配角色。"
        columns={[
          { header: "角色", cell: (a) => a.roleName },
          { header: "范围", cell: (a) => a.organisationName ?? a.regionName ?? (a.roleKey === "system_admin" ? "全系统" : "本人") },
        ]}
      />
      <h2>登录设备</h2>
      <DataTable<(typeof sessions)[number]>
        caption="登录设备"
        rows={sessions}
        rowKey={(s) => s.createdAt + (s.ip ?? "")}
        empty="没有登录中的设备。"
        columns={[
          { header: "登录时间", cell: (s) => <>{s.createdAt} {s.current ? <span className="tag">当前设备</span> : null}</> },
          { header: "最近活动", cell: (s) => s.lastVerifiedAt },
          { header: "地址", cell: (s) => s.ip ?? "—" },
        ]}
      />
      {sessions.length > 1 ? (
        <Form method="post" className="actions">
          <button type="submit" className="secondary">
            退出其他所有设备
          </button>
        </Form>
      ) : null}
    </main>
  );
}
