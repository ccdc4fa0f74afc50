import { createHash } from "node:crypto";
import { transactionConnectionOf, type DbOrTx } from "./client.ts";

/**
 * Drizzle builds a query's SQL on every call, which dominates a hot path's time. A prepared query is built once per
 * connection it runs on: on SQLite once per database (all transactions share the one connection); on PostgreSQL once
 * for the pool and once per pooled connection for the transactions that run on it. On PostgreSQL it is also a named
 * statement, so each connection parses and plans it once instead of at every execution.
 */
export function prepared<P>(build: (db: DbOrTx) => P): (db: DbOrTx) => P {
  const cache = new WeakMap<object, P>();
  return (handle) => {
    const sqliteConnection = transactionConnectionOf(handle);
    const key = sqliteConnection ?? postgresConnectionOf(handle) ?? handle;
    let statement = cache.get(key);
    if (!statement) {
      // A PostgreSQL transaction's query holds the pooled connection, not the transaction: later ones on it reuse it.
      statement = named(build(sqliteConnection ?? handle));
      cache.set(key, statement);
    }
    return statement;
  };
}

type PgQueryConfig = { name?: string; text: string };

/** The pooled connection (node-postgres PoolClient) a PostgreSQL transaction handle runs on; undefined otherwise. */
function postgresConnectionOf(handle: DbOrTx): object | undefined {
  const client = (handle as { session?: { client?: { release?: unknown } } }).session?.client;
  return typeof client?.release === "function" ? client : undefined;
}

/** Names a node-postgres prepared query after its text (one text, one name: node-postgres refuses a name reused). */
function named<P>(statement: P): P {
  const configs = statement as { queryConfig?: PgQueryConfig; rawQueryConfig?: PgQueryConfig };
  if (configs.queryConfig && configs.rawQueryConfig) {
    const name = `carecert_${createHash("sha1").update(configs.queryConfig.text).digest("hex").slice(0, 20)}`;
    configs.queryConfig.name = name;
    configs.rawQueryConfig.name = name;
  }
  return statement;
}
