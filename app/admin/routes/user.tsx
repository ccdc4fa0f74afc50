import { firstRow } from "../../../db/query.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { desc, eq, or } from "drizzle-orm";
import { countRows } from "../../../db/dialect.ts";
import { z } from "../../utils/zod.ts";
import { auditLog, people, sessions, users } from "../../../db/schema.ts";
import { assignRole, checkRoleContext, endUserSessions, removeRole, resetInitialPassword, setUserDisabled } from "../../auth/accounts.server.ts";
import { actor, loadAssignments, loadGrants, requireUserWithPermission } from "../../auth/auth.server.ts";
import { hasPermission, homePath } from "../../auth/permissions.ts";
import { createSession, invalidateSession, sessionCookie } from "../../auth/session.server.ts";
import { auditEventLabel, auditObject } from "../../audit/audit-labels.ts";
import { writeAudit } from "../../audit/audit.server.ts";
import { DataTable } from "../../components/data-table.tsx";
import { FormError } from "../../components/field.tsx";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { parseForm } from "../../utils/form.ts";
import { notFound } from "../../utils/http.ts";
import { organisationOptions } from "../admin.server.ts";
import { roleAssignmentFields } from "../role-assignment-schema.ts";
import { RoleContextFields } from "../role-assignment.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? "账号"} · 账号管理 · carecert` }];

async function loadTarget(userId: number) {
  return await firstRow(db.select({ user: users, person: people }).from(users).innerJoin(people, eq(people.id, users.personId)).where(eq(users.id, userId))) ?? null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user: me, scope } = await requireUserWithPermission(request, "manage:user:any");
  const target = await loadTarget(Number(params.userId));
  if (!target) notFound("未找到该账号");
  const sessionCount = (await firstRow(db.select({ n: countRows() }).from(sessions).where(eq(sessions.userId, target.user.id))))!.n;
  const events = (await db
    .select()
    .from(auditLog)
    .where(or(eq(auditLog.userId, target.user.id), eq(auditLog.relatedUserId, target.user.id)))
    .orderBy(desc(auditLog.id))
    .limit(20))
    .map((e) => ({ id: e.id, at: formatDateTime(e.at), event: auditEventLabel(e.event), object: auditObject(e.targetTable, e.targetId, (permission) => hasPermission(me.grants, permission)), ip: e.ip }));
  return {
    person: { name: target.person.name, idNumber: target.person.idNumber, phone: target.person.phone, gender: target.person.gender === "male" ? "男" : "女", birthDate: target.person.birthDate },
    account: {
      id: target.user.id,
      username: target.user.username,
      disabled: target.user.disabledAt !== null,
      mustChangePassword: target.user.mustChangePassword,
      passwordExpiresAt: target.user.passwordExpiresAt ? formatDateTime(target.user.passwordExpiresAt) : null,
    },
    assignments: await loadAssignments(db, target.user.id),
    sessionCount,
    events,
    organisations: await organisationOptions(scope),
    isSelf: me.id === target.user.id,
    canImpersonate: hasPermission(me.grants, "impersonate:user:any") && me.id !== target.user.id && !hasPermission(await loadGrants(db, target.user.id), "manage:user"),
  };
}

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-role"), ...roleAssignmentFields }),
  z.object({ intent: z.literal("remove-role"), assignmentId: z.coerce.number().int() }),
  z.object({ intent: z.literal("end-sessions") }),
  z.object({ intent: z.literal("reset-password") }),
  z.object({ intent: z.literal("disable") }),
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("impersonate") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: me } = await requireUserWithPermission(request, "manage:user:any");
  const target = await loadTarget(Number(params.userId));
  if (!target) notFound("未找到该账号");
  const form = parseForm(await request.formData(), intentSchema);
  if (!form.ok) return data({ errors: form.errors, values: form.values, message: null, initialPassword: null }, { status: 400 });
  const by = actor(request, me);
  const userId = target.user.id;
  const ok = (message: string, initialPassword: string | null = null) => ({ errors: {} as Record<string, string>, values: {} as Record<string, string>, message, initialPassword });

  switch (form.data.intent) {
    case "add-role": {
      const problem = await checkRoleContext(db, form.data);
      if (problem) return data({ errors: { [problem.field]: problem.message } as Record<string, string>, values: form.values, message: null, initialPassword: null }, { status: 400 });
      await assignRole(db, userId, form.data, by);
      return ok("已分配角色");
    }
    case "remove-role":
      if (!await removeRole(db, userId, form.data.assignmentId, by)) notFound("未找到该角色分配");
      return ok("已移除角色");
    case "end-sessions":
      return ok(`已结束 ${await endUserSessions(db, userId, by)} 个登录会话`);
    case "reset-password":
      return ok("已生成新的初始密码，该账号的所有登录已结束", await resetInitialPassword(db, userId, by));
    case "disable":
    case "enable":
      if (userId === me.id) return data({ errors: { _form: "不能停用自己的账号" } as Record<string, string>, values: {}, message: null, initialPassword: null }, { status: 400 });
      await setUserDisabled(db, userId, form.data.intent === "disable", by);
      return ok(form.data.intent === "disable" ? "账号已停用，所有登录已结束" : "账号已启用");
    case "impersonate": {
      await requireUserWithPermission(request, "impersonate:user:any");
      if (userId === me.id || hasPermission(await loadGrants(db, userId), "manage:user") || target.user.disabledAt) {
        return data({ errors: { _form: "不能以该账号身份登录" } as Record<string, string>, values: {}, message: null, initialPassword: null }, { status: 400 });
      }
      const token = await db.transaction(async (tx) => {
        await invalidateSession(tx, me.sessionId);
        const session = await createSession(tx, userId, { ip: by.ip, impersonatorUserId: me.id });
        await writeAudit(tx, { event: "auth.impersonation_started", target: { table: "sessions", id: session.id }, userId, realUserId: me.id, relatedUserId: userId, ip: by.ip });
        return session.token;
      });
      // Straight into the user's own workspace, as they would see it after logging in.
      return redirect(homePath(await loadGrants(db, userId)), { headers: { "Set-Cookie": sessionCookie(request, token) } });
    }
  }
}

export default function UserPage() {
  const { person, account, assignments, sessionCount, events, organisations, isSelf, canImpersonate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <main className="container">
      <p className="breadcrumbs">
        <Link to="/admin/users">账号管理</Link>
      </p>
      <h1>
        {person.name} <span className="muted">（{account.username}）</span>
      </h1>
      {result?.message ? <p className="notice">{result.message}</p> : null}
      {result?.initialPassword ? (
        <div className="notice">
          新的初始密码（只显示这一次，3 天内有效）：<span className="secret">{result.initialPassword}</span>
        </div>
      ) : null}
      <FormError error={errors._form} />
      <div className="card">
        <dl className="facts">
          <dt>身份证号码</dt>
          <dd>{person.idNumber}</dd>
          <dt>性别 / 出生日期</dt>
          <dd>
            {person.gender} / {person.birthDate}
          </dd>
          <dt>手机号码</dt>
          <dd>{person.phone ?? "—"}</dd>
          <dt>状态</dt>
          <dd>
            {account.disabled ? "已停用" : "正常"}
            {account.mustChangePassword ? `；初始密码待修改${account.passwordExpiresAt ? `，${account.passwordExpiresAt} 前有效` : ""}` : ""}
          </dd>
          <dt>登录会话</dt>
          <dd>{sessionCount} 个</dd>
        </dl>
        <div className="actions">
          <Form method="post">
            <button name="intent" value="end-sessions" className="secondary">
              结束全部登录
            </button>
          </Form>
          <Form method="post">
            <button name="intent" value="reset-password" className="secondary">
              重置初始密码
            </button>
          </Form>
          {account.disabled ? null : (
            <Link to={`/users/${account.id}/password-reset`} className="button secondary">
              发放密码重置码
            </Link>
          )}
          {isSelf ? null : (
            <Form method="post">
              {account.disabled ? (
                <button name="intent" value="enable" className="secondary">
                  启用账号
                </button>
              ) : (
                <button name="intent" value="disable" className="danger">
                  停用账号
                </button>
              )}
            </Form>
          )}
          {canImpersonate ? (
            <Form method="post">
              <button name="intent" value="impersonate" className="secondary">
                以此身份登录
              </button>
            </Form>
          ) : null}
        </div>
      </div>

      <h2>角色</h2>
      <DataTable<(typeof assignments)[number]>
        caption="角色"
        rows={assignments}
        rowKey={(a) => a.id}
        empty="此账号还没有角色。"
        columns={[
          { header: "角色", cell: (a) => a.roleName },
          { header: "范围", cell: (a) => a.organisationName ?? a.regionCode ?? "—" },
          {
            header: "操作",
            hideHeader: true,
            cell: (a) => (
              <Form method="post">
                <input type="hidden" name="assignmentId" value={a.id} />
                <button name="intent" value="remove-role" className="link-button">
                  移除
                </button>
              </Form>
            ),
          },
        ]}
      />
      <div className="card">
        <h2>分配角色</h2>
        <Form method="post" className="stack">
          <RoleContextFields organisations={organisations} errors={errors} values={result?.values ?? {}} />
          <button name="intent" value="add-role">
            分配
          </button>
        </Form>
      </div>

      <h2>最近事件</h2>
      <DataTable<(typeof events)[number]>
        caption="最近事件"
        rows={events}
        rowKey={(e) => e.id}
        empty="还没有与此账号有关的事件。"
        columns={[
          { header: "时间", cell: (e) => e.at },
          { header: "事件", cell: (e) => e.event },
          { header: "对象", cell: (e) => (e.object ? e.object.href ? <Link to={e.object.href}>{e.object.text}</Link> : e.object.text : "—") },
          { header: "地址", cell: (e) => e.ip ?? "—" },
        ]}
      />
      <p>
        <Link to={`/admin/audit?user=${account.id}`}>查看全部审计记录</Link>
      </p>
    </main>
  );
}
