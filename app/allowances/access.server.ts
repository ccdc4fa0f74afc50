import { requireUser, requireUserWithPermission, type CurrentUser } from "../auth/auth.server.ts";
import { resolveScope, type Scope } from "../auth/permissions.ts";

/**
 * Allowance lists are read by institution admins (their own, through declaring) and by officers (their
 * region's); the scope is the union. Anyone else is refused like any other guard (403, logged).
 */
export async function requireAllowanceReader(request: Request): Promise<{ user: CurrentUser; scope: Scope }> {
  const user = await requireUser(request);
  const scopes = [resolveScope(user.grants, "read:allowance-list"), resolveScope(user.grants, "declare:allowance-list")].filter((s): s is Scope => s !== null);
  if (scopes.length === 0) return await requireUserWithPermission(request, "read:allowance-list");
  return {
    user,
    scope: {
      any: scopes.some((s) => s.any),
      own: false,
      organisationIds: scopes.flatMap((s) => s.organisationIds),
      regionCodes: scopes.flatMap((s) => s.regionCodes),
    },
  };
}
