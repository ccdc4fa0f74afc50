import { openDatabase } from "../db/client.ts";
import { getConfig } from "./config.server.ts";

/** The app's one connection; better-sqlite3 is synchronous, so one per process serves every request. */
export const db = openDatabase(getConfig().databasePath);
