import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { countRows } from "./dialect.ts";
import { permissionCatalogue, roleCatalogue, type PermissionKey } from "../app/auth/roles.ts";
import type { Db } from "./client.ts";
import { loadRegionRows } from "./regions-source.ts";
import { permissions, regions, rolePermissions, roles } from "./schema.ts";

/** Reference data every database needs, demo or not: regions, roles, permissions. Idempotent. */
export function syncReferenceData(db: Db) {
  db.transaction((tx) => {
    const rows = loadRegionRows();
    // Two counts decide whether anything changed, so a start with nothing new stays cheap.
    const held = tx.select({ all: countRows(), current: sql<number>`count(*) - count(${regions.retired})` }).from(regions).get()!;
    if (held.all < rows.length || held.current !== rows.filter((r) => !r.retired).length) {
      for (let i = 0; i < rows.length; i += 1000) {
        tx.insert(regions)
          .values(rows.slice(i, i + 1000))
          .onConflictDoUpdate({ target: regions.code, set: { name: sql`excluded.name`, level: sql`excluded.level`, parentCode: sql`excluded.parent_code`, retired: sql`excluded.retired` } })
          .run();
      }
      // A code the source no longer lists is retired, never deleted: records keep it.
      const listed = new Set(rows.map((r) => r.code));
      const gone = tx.select({ code: regions.code }).from(regions).where(isNull(regions.retired)).all().filter((r) => !listed.has(r.code));
      for (const { code } of gone) tx.update(regions).set({ retired: "现行 GB/T 2260 已不含此代码" }).where(eq(regions.code, code)).run();
    }

    for (const key of Object.keys(permissionCatalogue) as PermissionKey[]) {
      const [action, entity, access] = key.split(":") as [string, string, "own" | "org" | "region" | "any"];
      tx.insert(permissions)
        .values({ action, entity, access, description: permissionCatalogue[key] })
        .onConflictDoUpdate({
          target: [permissions.action, permissions.entity, permissions.access],
          set: { description: permissionCatalogue[key] },
        })
        .run();
    }
    const permissionIds = new Map(
      tx.select().from(permissions).all().map((p) => [`${p.action}:${p.entity}:${p.access}`, p.id]),
    );

    for (const [key, role] of Object.entries(roleCatalogue)) {
      const { id: roleId } = tx
        .insert(roles)
        .values({ key, name: role.name })
        .onConflictDoUpdate({ target: roles.key, set: { name: role.name } })
        .returning({ id: roles.id })
        .get();
      const wanted = role.permissions.map((p) => permissionIds.get(p)!);
      tx.delete(rolePermissions)
        .where(and(eq(rolePermissions.roleId, roleId), sql`${rolePermissions.permissionId} NOT IN ${wanted}`))
        .run();
      if (wanted.length > 0) {
        tx.insert(rolePermissions)
          .values(wanted.map((permissionId) => ({ roleId, permissionId })))
          .onConflictDoNothing()
          .run();
      }
    }
    // Permissions no longer in the catalogue go, with their grants.
    const retired = [...permissionIds.entries()].filter(([k]) => !(k in permissionCatalogue)).map(([, id]) => id);
    if (retired.length > 0) tx.delete(permissions).where(inArray(permissions.id, retired)).run();
  });
}
