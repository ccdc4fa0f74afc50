import type { Db } from "./client.ts";

/**
 * Drizzle builds a query's SQL on every call, which dominates a hot path's time. A prepared query
 * is built once per connection; inside a transaction the same connection runs it.
 */
export function prepared<P>(build: (db: Db) => P): (db: Db) => P {
  const cache = new WeakMap<Db, P>();
  return (db) => {
    let statement = cache.get(db);
    if (!statement) {
      statement = build(db);
      cache.set(db, statement);
    }
    return statement;
  };
}
