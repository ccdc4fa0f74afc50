/**
 * JSON text with every object's keys sorted: the same for two values that differ only in key order. PostgreSQL's jsonb
 * hands an object back with its keys in its own order (shorter first), not the order they were written in, so a
 * stored value and the same value built in code compare equal only this way.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Whether two JSON values are the same, whatever the order of their objects' keys (undefined members ignored, as in JSON). */
export const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
