import { requireUserWithPermission } from "../auth/auth.server.ts";
import { scopeCoversRegion } from "../auth/permissions.ts";
import { getRegion } from "../regions/regions.server.ts";
import { chinaDate } from "../utils/dates.ts";
import { db } from "../db.server.ts";
import { invariantResponse, notFound } from "../utils/http.ts";
import { computeIndicators } from "./indicators.ts";
import { loadIndicatorInput } from "./indicators.server.ts";
import { readIndicatorQuery } from "./query.ts";

/**
 * The guard of the dashboard and its exports: who may read indicators, for which region (an officer's own by
 * default; none for a system-wide user until they choose), as of which date and population.
 */
export async function requireIndicatorQuery(request: Request) {
  const { user, scope } = await requireUserWithPermission(request, "read:indicators");
  const { query, errors, values } = readIndicatorQuery(new URL(request.url).searchParams, chinaDate(new Date()));
  if (errors.code) notFound("未找到该地区，或该地区不在您的管辖范围内");
  const code = query.code ?? scope.regionCodes[0] ?? null;
  const region = code ? await getRegion(code) : null;
  if (code && (!region || !scopeCoversRegion(scope, code))) notFound("未找到该地区，或该地区不在您的管辖范围内");
  return { user, scope, region, query: { ...query, code }, errors, values };
}

/** The exports' guard: a region and a valid date are required, then the figures of its whole subtree. */
export async function requireIndicatorReport(request: Request) {
  const { region, query, errors } = await requireIndicatorQuery(request);
  invariantResponse(region, "请指定地区（?code=区划代码）");
  invariantResponse(Object.keys(errors).length === 0, Object.values(errors).join("；"));
  const report = computeIndicators(await loadIndicatorInput(db, region.code, query.date), { root: region.code, date: query.date, population: query.population });
  return { region, query, report };
}
