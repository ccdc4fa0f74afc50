import { publishResults } from "../../app/assessment/results.server.ts";
import { closeDatabase } from "../../db/client.ts";
import { databaseFromEnv, openTestDatabase } from "./test-database.ts";

/**
 * A second server process publishing results: `node --import tsx publish-sessions.ts <startAt ms> <sessionId>…`, on the
 * database its environment names (DATABASE_PATH, or DATABASE_URL on PostgreSQL: the test file's own).
 * Both processes wait for the same instant, then publish their sessions one after another.
 */
const [startAt, ...sessionIds] = process.argv.slice(2);
const db = openTestDatabase(databaseFromEnv());
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
for (const id of sessionIds) {
  const { problems } = await publishResults(db, Number(id), { userId: null, ip: `process-${process.pid}` });
  if (problems.length > 0) throw new Error(problems.join("; "));
}
await closeDatabase(db);
