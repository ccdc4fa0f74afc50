/**
 * Public verification lookups per client address: at most `limit` in a fixed window. A pure step
 * over the address's window so the rule is tested without a clock; the store lives in the caller.
 */
export type RateWindow = { startedAt: number; count: number };
export type RateRule = { limit: number; windowMs: number };

export function countLookup(window: RateWindow | undefined, now: number, rule: RateRule): { window: RateWindow; allowed: boolean; retryAfterSeconds: number } {
  const current = window && now - window.startedAt < rule.windowMs ? window : { startedAt: now, count: 0 };
  const next = { startedAt: current.startedAt, count: current.count + 1 };
  const allowed = next.count <= rule.limit;
  return { window: next, allowed, retryAfterSeconds: allowed ? 0 : Math.ceil((current.startedAt + rule.windowMs - now) / 1000) };
}
