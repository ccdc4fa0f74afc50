export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

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
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}
