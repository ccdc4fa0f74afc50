import { firstRow } from "../../db/query.ts";
import { redirect } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { prepared } from "../../db/prepared.ts";
import { organisations, permissions, roleAssignments, rolePermissions, roles, users } from "../../db/schema.ts";
import { writeAudit } from "../audit/audit.server.ts";
import { db } from "../db.server.ts";
import { clientIp } from "../utils/http.ts";
import { resolveScope, type Grant, type Scope, type WantedPermission } from "./permissions.ts";
import { sessionTokenFrom, validateSessionToken } from "./session.server.ts";

export type CurrentUser = {
  id: number;
  username: string;
  name: string;
  personId: number;
  mustChangePassword: boolean;
  sessionId: string;
  /** Set when an admin is browsing as this user. */
  impersonator: { id: number; username: string } | null;
  grants: Grant[];
};

const grantsOfUser = prepared((db) =>
  db
    .select({
      action: permissions.action,
      entity: permissions.entity,
      access: permissions.access,
      organisationId: roleAssignments.organisationId,
      regionCode: roleAssignments.regionCode,
    })
    .from(roleAssignments)
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, roleAssignments.roleId))
    .innerJoin(permissions, eq(permissions.id, rolePermissions.permissionId))
    .where(eq(roleAssignments.userId, sql.placeholder("userId")))
    .prepare(),
);

export async function loadGrants(db: Db, userId: number): Promise<Grant[]> {
  return await grantsOfUser(db).execute({ userId });
}

/** The role assignments of a user with their contexts' names, for pages that show "who am I here". */
export async function loadAssignments(db: DbOrTx, userId: number) {
  return await db
    .select({
      id: roleAssignments.id,
      roleKey: roles.key,
      roleName: roles.name,
      organisationId: roleAssignments.organisationId,
      organisationName: organisations.name,
      regionCode: roleAssignments.regionCode,
    })
    .from(roleAssignments)
    .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
    .leftJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(eq(roleAssignments.userId, userId));
}

const resolved = new WeakMap<Request, CurrentUser | null>();

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  if (resolved.has(request)) return resolved.get(request)!;
  const token = sessionTokenFrom(request);
  const session = token ? await validateSessionToken(db, token) : null;
  let current: CurrentUser | null = null;
  if (session) {
    const impersonator = session.impersonatorUserId
      ? await firstRow(db.select({ id: users.id, username: users.username }).from(users).where(eq(users.id, session.impersonatorUserId)))
      : undefined;
    current = {
      id: session.user.id,
      username: session.user.username,
      name: session.name,
      personId: session.user.personId,
      mustChangePassword: session.user.mustChangePassword,
      sessionId: session.id,
      impersonator: impersonator ?? null,
      grants: await loadGrants(db, session.user.id),
    };
  }
  resolved.set(request, current);
  return current;
}

/** Logged in, with a password that is not a pending initial one (unless the page is where it gets changed). */
export async function requireUser(request: Request, options: { allowPendingPasswordChange?: boolean } = {}): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (user.mustChangePassword && !options.allowPendingPasswordChange) throw redirect("/account/password");
  return user;
}

/**
 * The guard at the top of every protected loader and action. `permission` is `action:entity`
 * or `action:entity:access`; the returned scope limits every query that follows.
 * Refusals are logged and answered with 403.
 */
export async function requireUserWithPermission(request: Request, permission: WantedPermission): Promise<{ user: CurrentUser; scope: Scope }> {
  const user = await requireUser(request);
  const scope = resolveScope(user.grants, permission);
  if (!scope) {
    const url = new URL(request.url);
    await writeAudit(db, {
      event: "auth.permission_denied",
      userId: user.id,
      realUserId: user.impersonator?.id ?? user.id,
      ip: clientIp(request),
      details: { permission, method: request.method, path: url.pathname + url.search },
    });
    throw new Response("您没有权限访问此页面", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return { user, scope };
}

/** Audit fields for an event done by the current user (the real actor differs under "log in as"). */
export function actor(request: Request, user: CurrentUser) {
  return { userId: user.id, realUserId: user.impersonator?.id ?? user.id, ip: clientIp(request) };
}
