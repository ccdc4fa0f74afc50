import { regionContains } from "../regions/region-code.ts";
import type { Access, PermissionKey } from "./roles.ts";

/** `action:entity` of a permission in the catalogue (its key without the access). */
type ActionEntity = PermissionKey extends infer K ? (K extends `${infer A}:${infer E}:${string}` ? `${A}:${E}` : never) : never;
/** What a page asks for: a catalogued `action:entity`, with any access or the accesses listed (`org`, `region,any`). */
export type WantedPermission = ActionEntity | `${ActionEntity}:${Access}` | `${ActionEntity}:${Access},${Access}` | `${ActionEntity}:${Access},${Access},${Access}`;

/** One permission a user holds through one role assignment, with that assignment's context. */
export type Grant = {
  action: string;
  entity: string;
  access: Access;
  organisationId: number | null;
  regionCode: string | null;
};

/** Where a user may use a permission: the union of every grant's reach. */
export type Scope = {
  any: boolean;
  own: boolean;
  organisationIds: number[];
  regionCodes: string[];
};

/**
 * `wanted` is `action:entity` (any access) or `action:entity:access[,access]`.
 * Returns null when no grant matches, so callers can refuse with 403.
 */
export function resolveScope(grants: Grant[], wanted: WantedPermission): Scope | null {
  const [action, entity, accessList] = wanted.split(":");
  const accepted = accessList ? new Set(accessList.split(",")) : null;
  const matching = grants.filter(
    (g) => g.action === action && g.entity === entity && (!accepted || accepted.has(g.access)),
  );
  if (matching.length === 0) return null;
  const scope: Scope = { any: false, own: false, organisationIds: [], regionCodes: [] };
  for (const g of matching) {
    if (g.access === "any") scope.any = true;
    else if (g.access === "own") scope.own = true;
    else if (g.access === "org" && g.organisationId !== null) scope.organisationIds.push(g.organisationId);
    else if (g.access === "region" && g.regionCode !== null) scope.regionCodes.push(g.regionCode);
  }
  const reachesSomething = scope.any || scope.own || scope.organisationIds.length > 0 || scope.regionCodes.length > 0;
  return reachesSomething ? scope : null;
}

export function permissionKeys(grants: Grant[]): string[] {
  return [...new Set(grants.map((g) => `${g.action}:${g.entity}:${g.access}`))].sort();
}

export function hasPermission(grants: Grant[], wanted: WantedPermission): boolean {
  return resolveScope(grants, wanted) !== null;
}

/** Whether an organisation (by id and region) lies inside a scope. */
export function scopeCoversOrganisation(scope: Scope, org: { id: number; regionCode: string }): boolean {
  return (
    scope.any ||
    scope.organisationIds.includes(org.id) ||
    scope.regionCodes.some((code) => regionContains(code, org.regionCode))
  );
}

/** Whether a region lies inside a region scope (org- and own-scoped grants reach no region). */
export function scopeCoversRegion(scope: Scope, regionCode: string): boolean {
  return scope.any || scope.regionCodes.some((code) => regionContains(code, regionCode));
}

/** The page each kind of user lands on, first match wins. */
const homes: Array<[permission: WantedPermission, path: string]> = [
  ["manage:user", "/admin"],
  ["read:region", "/region"],
  ["manage:training-base", "/base"],
  ["manage:institution", "/institution"],
  ["read:examining", "/examiner"],
  ["read:learning", "/learn"],
];

export function homePath(grants: Grant[]): string {
  return homes.find(([permission]) => hasPermission(grants, permission))?.[1] ?? "/account";
}
