import type { DbOrTx } from "../../db/client.ts";
import { auditLog } from "../../db/schema.ts";

export type AuditEvent = {
  /** component.action, e.g. "auth.login_failed" */
  event: `${string}.${string}`;
  target?: { table: string; id: string | number };
  /** The user as the app sees them (the impersonated one under "log in as"). */
  userId?: number | null;
  /** Who really acted; defaults to userId. */
  realUserId?: number | null;
  /** The user the event concerns, when not the actor. */
  relatedUserId?: number | null;
  ip?: string | null;
  details?: Record<string, unknown>;
};

/** Pass the transaction that makes the change, so the log row and the change commit together. */
export async function writeAudit(db: DbOrTx, e: AuditEvent, at = new Date()) {
  const [component, action] = e.event.split(".") as [string, string];
  await db.insert(auditLog)
    .values({
      at,
      event: e.event,
      component,
      action,
      targetTable: e.target?.table ?? null,
      targetId: e.target ? String(e.target.id) : null,
      userId: e.userId ?? null,
      realUserId: e.realUserId ?? e.userId ?? null,
      relatedUserId: e.relatedUserId ?? null,
      ip: e.ip ?? null,
      details: e.details ?? null,
    });
}
