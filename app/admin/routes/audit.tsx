import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { aliasedTable, and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { auditLog, users } from "../../../db/schema.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";

export const meta: MetaFunction = () => [{ title: "审计日志 · carecert" }];

const PAGE_SIZE = 100;
const filterSchema = z.object({
  event: z.string().trim().max(60).optional().catch(undefined),
  user: z.coerce.number().int().positive().optional().catch(undefined),
  target: z.string().trim().max(60).optional().catch(undefined),
  ip: z.string().trim().max(60).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

/** China Standard Time midnight of a calendar date. */
const cstMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

export async function loader({ request }: LoaderFunctionArgs) {
  requireUserWithPermission(request, "read:audit-log:any");
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const f = filterSchema.parse(params);
  const [targetTable, targetId] = f.target?.split(":") ?? [];
  const conditions: Array<SQL | undefined> = [
    f.event ? like(auditLog.event, `${f.event}%`) : undefined,
    f.user ? eq(auditLog.userId, f.user) : undefined,
    targetTable ? eq(auditLog.targetTable, targetTable) : undefined,
    targetId ? eq(auditLog.targetId, targetId) : undefined,
    f.ip ? eq(auditLog.ip, f.ip) : undefined,
    f.from ? gte(auditLog.at, cstMidnight(f.from)) : undefined,
    f.to ? lt(auditLog.at, new Date(cstMidnight(f.to).getTime() + 24 * 3600_000)) : undefined,
    f.before ? lt(auditLog.id, f.before) : undefined,
  ];
  const actorUser = aliasedTable(users, "actor");
  const realUser = aliasedTable(users, "real_actor");
  const relatedUser = aliasedTable(users, "related");
  const rows = db
    .select({ log: auditLog, actor: actorUser.username, realActor: realUser.username, related: relatedUser.username })
    .from(auditLog)
    .leftJoin(actorUser, eq(actorUser.id, auditLog.userId))
    .leftJoin(realUser, eq(realUser.id, auditLog.realUserId))
    .leftJoin(relatedUser, eq(relatedUser.id, auditLog.relatedUserId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(PAGE_SIZE + 1)
    .all();
  const page = rows.slice(0, PAGE_SIZE);
  const next = rows.length > PAGE_SIZE ? new URLSearchParams({ ...params, before: String(page.at(-1)!.log.id) }).toString() : null;
  return {
    filter: params,
    next,
    events: page.map(({ log, actor, realActor, related }) => ({
      id: log.id,
      at: formatDateTime(log.at),
      event: log.event,
      target: log.targetTable ? `${log.targetTable}:${log.targetId}` : null,
      actor,
      actingAs: realActor && realActor !== actor ? realActor : null,
      related,
      ip: log.ip,
      details: log.details ? JSON.stringify(log.details) : null,
    })),
  };
}

export default function AuditPage() {
  const { filter, events, next } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>审计日志</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="event">事件</label>
          <input id="event" name="event" defaultValue={filter.event} placeholder="如 auth.login" />
        </div>
        <div className="field">
          <label htmlFor="user">用户编号</label>
          <input id="user" name="user" defaultValue={filter.user} inputMode="numeric" />
        </div>
        <div className="field">
          <label htmlFor="target">对象</label>
          <input id="target" name="target" defaultValue={filter.target} placeholder="如 organisations:3" />
        </div>
        <div className="field">
          <label htmlFor="ip">地址</label>
          <input id="ip" name="ip" defaultValue={filter.ip} />
        </div>
        <div className="field">
          <label htmlFor="from">起始日期</label>
          <input id="from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor="to">截止日期</label>
          <input id="to" name="to" type="date" defaultValue={filter.to} />
        </div>
        <button type="submit" className="secondary">
          筛选
        </button>
      </Form>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>时间</th>
              <th>事件</th>
              <th>操作人</th>
              <th>涉及用户</th>
              <th>对象</th>
              <th>地址</th>
              <th>详情</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{e.at}</td>
                <td>{e.event}</td>
                <td>
                  {e.actor ?? "—"}
                  {e.actingAs ? <span className="muted">（由 {e.actingAs} 代为操作）</span> : null}
                </td>
                <td>{e.related ?? "—"}</td>
                <td>{e.target ?? "—"}</td>
                <td>{e.ip ?? "—"}</td>
                <td className="muted wrap">{e.details ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next ? (
        <p className="pager">
          <Link to={`?${next}`}>更早的记录</Link>
        </p>
      ) : null}
    </main>
  );
}
