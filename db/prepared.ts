import { transactionConnectionOf, type DbOrTx } from "./client.ts";

/**
 * Drizzle builds a query's SQL on every call, which dominates a hot path's time. A prepared query is built once per
 * handle: per database, and on SQLite once for all transactions (they share the one connection). On PostgreSQL a
 * transaction's own statements are built per transaction, on its pooled connection.
 */
export function prepared<P>(build: (db: DbOrTx) => P): (db: DbOrTx) => P {
  const cache = new WeakMap<DbOrTx, P>();
  return (handle) => {
    const key = transactionConnectionOf(handle) ?? handle;
    let statement = cache.get(key);
    if (!statement) {
      statement = build(key);
      cache.set(key, statement);
    }
    return statement;
  };
}
