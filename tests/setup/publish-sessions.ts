import { publishResults } from "../../app/assessment/results.server.ts";
import { openDatabase, closeDatabase } from "../../db/client.ts";

/**
 * A second server process publishing results: `node --import tsx publish-sessions.ts <db> <startAt ms> <sessionId>…`.
 * Both processes wait for the same instant, then publish their sessions one after another.
 */
const [file, startAt, ...sessionIds] = process.argv.slice(2);
const db = openDatabase(file!);
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
for (const id of sessionIds) {
  const { problems } = await publishResults(db, Number(id), { userId: null, ip: `process-${process.pid}` });
  if (problems.length > 0) throw new Error(problems.join("; "));
}
await closeDatabase(db);
