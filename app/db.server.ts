import { openDatabase } from "../db/client.ts";
import { getConfig } from "./config.server.ts";

/**
 * The app's one connection; better-sqlite3 is synchronous, so one per process serves every request.
 * Its busy wait blocks the whole process, so it is short: a write that cannot get the lock in time
 * answers 503 with Retry-After (server/http.ts) instead of freezing every other request.
 */
export const SERVER_BUSY_TIMEOUT_MS = 250;
export const db = openDatabase(getConfig().databasePath, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
