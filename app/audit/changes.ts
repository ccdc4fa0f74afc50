export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

import { sameJson } from "../utils/json.ts";

const plain = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);

/**
 * What an edit changes, field by field (old → new), for the audit row's detail; fields left out of `after`
 * (undefined) are not compared, and dates compare by instant.
 */
export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, next] of Object.entries(after)) {
    if (next === undefined) continue;
    const from = plain(before[field]);
    const to = plain(next);
    // Key order aside: a JSON column read back from PostgreSQL's jsonb has its keys in jsonb's order.
    if (!sameJson(from, to)) changes[field] = { from, to };
  }
  return changes;
}
