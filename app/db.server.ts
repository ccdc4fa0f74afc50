import { openConfiguredDatabase } from "../db/connect.ts";
import { getConfig } from "./config.server.ts";

/**
 * The app's database for this process: SQLite's one connection (synchronous, so one serves every request), or a
 * PostgreSQL pool. SQLite's busy wait blocks the whole process, so it is short: a write that cannot get another
 * process's lock in time answers 503 with Retry-After (server/http.ts) instead of freezing every other request.
 */
export const SERVER_BUSY_TIMEOUT_MS = 250;
export const db = openConfiguredDatabase(getConfig(), { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
