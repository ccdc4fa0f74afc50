// First: React and Express pick their production or development code from NODE_ENV as they load.
import "./production-default.ts";
import { ConfigError, getConfig } from "../app/config.server.ts";
import { DatabaseUrlError } from "../db/engine.ts";

// Settings are checked before anything that reads them as it loads (db/schema.ts picks the engine from
// DATABASE_URL): a wrong one stops start-up with one message naming it.
try {
  getConfig();
  await import("./start.ts");
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseUrlError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
