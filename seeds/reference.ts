import { firstRow, returnedRow } from "../db/query.ts";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { countRows } from "../db/dialect.ts";
import { permissionCatalogue, roleCatalogue, type PermissionKey } from "../app/auth/roles.ts";
import type { Db } from "../db/client.ts";
import { loadRegionRows } from "./regions-source.ts";
import { permissions, regions, rolePermissions, roles } from "../db/schema.ts";

/** Reference data every database needs, demo or not: regions, roles, permissions. Idempotent. */
export async function syncReferenceData(db: Db) {
  await db.transaction(async (tx) => {
    const rows = loadRegionRows();
    // Two counts decide whether anything changed, so a start with nothing new stays cheap.
    const held = (await firstRow(tx.select({ all: countRows(), current: sql<number>`count(*) - count(${regions.retired})` }).from(regions)))!;
    if (held.all < rows.length || held.current !== rows.filter((r) => !r.retired).length) {
      for (let i = 0; i < rows.length; i += 1000) {
        await tx.insert(regions)
          .values(rows.slice(i, i + 1000))
          .onConflictDoUpdate({ target: regions.code, set: { name: sql`excluded.name`, level: sql`excluded.level`, parentCode: sql`excluded.parent_code`, retired: sql`excluded.retired` } });
      }
      // A code the source no longer lists is retired, never deleted: records keep it.
      const listed = new Set(rows.map((r) => r.code));
      const gone = (await tx.select({ code: regions.code }).from(regions).where(isNull(regions.retired))).filter((r) => !listed.has(r.code));
      for (const { code } of gone) await tx.update(regions).set({ retired: "现行 GB/T 2260 已不含此代码" }).where(eq(regions.code, code));
    }

    for (const key of Object.keys(permissionCatalogue) as PermissionKey[]) {
      const [action, entity, access] = key.split(":") as [string, string, "own" | "org" | "region" | "any"];
      await tx.insert(permissions)
        .values({ action, entity, access, description: permissionCatalogue[key] })
        .onConflictDoUpdate({
          target: [permissions.action, permissions.entity, permissions.access],
          set: { description: permissionCatalogue[key] },
        });
    }
    const permissionIds = new Map(
      (await tx.select().from(permissions)).map((p) => [`${p.action}:${p.entity}:${p.access}`, p.id]),
    );

    for (const [key, role] of Object.entries(roleCatalogue)) {
      const { id: roleId } = await returnedRow(tx
        .insert(roles)
        .values({ key, name: role.name })
        .onConflictDoUpdate({ target: roles.key, set: { name: role.name } })
        .returning({ id: roles.id }));
      const wanted = role.permissions.map((p) => permissionIds.get(p)!);
      await tx.delete(rolePermissions)
        .where(and(eq(rolePermissions.roleId, roleId), sql`${rolePermissions.permissionId} NOT IN ${wanted}`));
      if (wanted.length > 0) {
        await tx.insert(rolePermissions)
          .values(wanted.map((permissionId) => ({ roleId, permissionId })))
          .onConflictDoNothing();
      }
    }
    // Permissions no longer in the catalogue go, with their grants.
    const retired = [...permissionIds.entries()].filter(([k]) => !(k in permissionCatalogue)).map(([, id]) => id);
    if (retired.length > 0) await tx.delete(permissions).where(inArray(permissions.id, retired));
  });
}
