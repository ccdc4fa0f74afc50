import { requireUserWithPermission } from "../auth/auth.server.ts";
import { scopeCoversRegion } from "../auth/permissions.ts";
import { getRegion } from "../regions/regions.server.ts";
import { chinaDate } from "../utils/dates.ts";
import { notFound } from "../utils/http.ts";
import { readIndicatorQuery } from "./query.ts";

/**
 * The guard of the dashboard and its exports: who may read indicators, for which region (an officer's own by
 * default; none for a system-wide user until they choose), as of which date and population.
 */
export function requireIndicatorQuery(request: Request) {
  const { user, scope } = requireUserWithPermission(request, "read:indicators");
  const { query, errors, values } = readIndicatorQuery(new URL(request.url).searchParams, chinaDate(new Date()));
  if (errors.code) notFound("未找到该地区，或该地区不在您的管辖范围内");
  const code = query.code ?? scope.regionCodes[0] ?? null;
  const region = code ? getRegion(code) : null;
  if (code && (!region || !scopeCoversRegion(scope, code))) notFound("未找到该地区，或该地区不在您的管辖范围内");
  return { user, scope, region, query: { ...query, code }, errors, values };
}
