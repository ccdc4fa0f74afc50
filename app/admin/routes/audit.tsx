import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { aliasedTable, and, desc, eq, gte, like, lt, or, type SQL } from "drizzle-orm";
import { z } from "../../utils/zod.ts";
import { auditLog, users } from "../../../db/schema.ts";
import { auditDetailFields, auditEventLabel, auditEventOptions, auditObject } from "../../audit/audit-labels.ts";
import { requireUserWithPermission } from "../../auth/auth.server.ts";
import { hasPermission, type WantedPermission } from "../../auth/permissions.ts";
import { DataTable } from "../../components/data-table.tsx";
import { FilterForm } from "../../components/filter-form.tsx";
import { db } from "../../db.server.ts";
import { formatDateTime } from "../../utils/dates.ts";
import { paged, pageWindow } from "../../utils/pagination.ts";

export const meta: MetaFunction = () => [{ title: "审计日志 · carecert" }];

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const filterSchema = z.object({
  event: z.string().trim().max(60).optional().catch(undefined),
  /** A username: events it did or that concern it. */
  q: z.string().trim().max(60).optional().catch(undefined),
  user: z.coerce.number().int().positive().optional().catch(undefined),
  /** `table:id`, from a link on another page. */
  target: z.string().trim().max(60).optional().catch(undefined),
  ip: z.string().trim().max(60).optional().catch(undefined),
  from: date,
  to: date,
});

/** China Standard Time midnight of a calendar date. */
const cstMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUserWithPermission(request, "read:audit-log:any");
  const can = (permission: WantedPermission) => hasPermission(user.grants, permission);
  const url = new URL(request.url);
  const params = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  const f = filterSchema.parse(params);
  const [targetTable, targetId] = f.target?.split(":") ?? [];
  const actorUser = aliasedTable(users, "actor");
  const realUser = aliasedTable(users, "real_actor");
  const relatedUser = aliasedTable(users, "related");
  const conditions: Array<SQL | undefined> = [
    // A prefix such as "auth." selects a whole component.
    // Event names and usernames are stored in lower case.
    f.event ? like(auditLog.event, `${f.event.toLowerCase()}%`) : undefined,
    f.q ? or(like(actorUser.username, `${f.q.toLowerCase()}%`), like(realUser.username, `${f.q.toLowerCase()}%`), like(relatedUser.username, `${f.q.toLowerCase()}%`)) : undefined,
    f.user ? or(eq(auditLog.userId, f.user), eq(auditLog.relatedUserId, f.user)) : undefined,
    targetTable ? eq(auditLog.targetTable, targetTable) : undefined,
    targetId ? eq(auditLog.targetId, targetId) : undefined,
    f.ip ? eq(auditLog.ip, f.ip) : undefined,
    f.from ? gte(auditLog.at, cstMidnight(f.from)) : undefined,
    f.to ? lt(auditLog.at, new Date(cstMidnight(f.to).getTime() + 24 * 3600_000)) : undefined,
  ];
  const range = pageWindow(url);
  const rows = await db
    .select({ log: auditLog, actor: actorUser.username, realActor: realUser.username, related: relatedUser.username })
    .from(auditLog)
    .leftJoin(actorUser, eq(actorUser.id, auditLog.userId))
    .leftJoin(realUser, eq(realUser.id, auditLog.realUserId))
    .leftJoin(relatedUser, eq(relatedUser.id, auditLog.relatedUserId))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(range.limit)
    .offset(range.offset);
  const { rows: pageRows, ...paging } = paged(rows, range);
  return {
    filter: { event: f.event ?? "", q: f.q ?? "", from: f.from ?? "", to: f.to ?? "" },
    paging,
    events: pageRows.map(({ log, actor, realActor, related }) => ({
      id: log.id,
      at: formatDateTime(log.at),
      event: auditEventLabel(log.event),
      object: auditObject(log.targetTable, log.targetId, can),
      actor,
      actingAs: realActor && realActor !== actor ? realActor : null,
      related,
      ip: log.ip,
      details: auditDetailFields(log.details as Record<string, unknown> | null),
    })),
  };
}

type AuditRow = ReturnType<typeof useLoaderData<typeof loader>>["events"][number];

export default function AuditPage() {
  const { filter, events, paging } = useLoaderData<typeof loader>();
  return (
    <main className="container">
      <h1>审计日志</h1>
      <FilterForm
        search={{ label: "用户名", value: filter.q, placeholder: "操作人或涉及的用户" }}
        selects={[{ name: "event", label: "事件", value: filter.event, options: [{ value: "", label: "全部事件" }, ...auditEventOptions] }]}
        dates={[
          { name: "from", label: "起始日期", value: filter.from },
          { name: "to", label: "截止日期", value: filter.to },
        ]}
      />
      <DataTable<AuditRow>
        caption="审计日志"
        rows={events}
        rowKey={(e) => e.id}
        paging={paging}
        empty="没有符合条件的记录。"
        columns={[
          { header: "时间", cell: (e) => e.at },
          { header: "事件", cell: (e) => e.event },
          {
            header: "操作人",
            cell: (e) => (
              <>
                {e.actor ?? "—"}
                {e.actingAs ? <span className="muted">（由 {e.actingAs} 代为操作）</span> : null}
              </>
            ),
          },
          { header: "涉及用户", cell: (e) => e.related ?? "—" },
          { header: "对象", cell: (e) => (e.object ? e.object.href ? <Link to={e.object.href}>{e.object.text}</Link> : e.object.text : "—") },
          { header: "地址", cell: (e) => e.ip ?? "—" },
          { header: "详情", wrap: true, cell: (e) => <AuditDetails fields={e.details} /> },
        ]}
      />
    </main>
  );
}

export function AuditDetails({ fields }: { fields: Array<{ label: string; value: string }> }) {
  if (fields.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="audit-details">
      {fields.map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
