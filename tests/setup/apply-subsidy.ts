import { ListError } from "../../app/allowances/lists.server.ts";
import { applyForSubsidy } from "../../app/subsidies/applications.server.ts";
import { closeDatabase } from "../../db/client.ts";
import { databaseFromEnv, openTestDatabase } from "./test-database.ts";

/**
 * A second process applying for a subsidy: `node --import tsx apply-subsidy.ts <startAt ms> <personId> <certificateId> <policyId> <now ISO>`,
 * on the database its environment names (DATABASE_PATH, or DATABASE_URL on PostgreSQL: the test file's own).
 * Every process waits for the same instant, then applies; it prints "applied" or the refusal.
 */
const [startAt, personId, certificateId, policyId, now] = process.argv.slice(2);
const db = openTestDatabase(databaseFromEnv());
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
try {
  await applyForSubsidy(db, { personId: Number(personId), certificateId: Number(certificateId), policyId: Number(policyId), bankAccount: "6228480000000000001", residenceRegionCode: null, via: "self" }, { userId: null, ip: `process-${process.pid}` }, new Date(now!));
  console.log("applied");
} catch (error) {
  if (!(error instanceof ListError)) throw error;
  console.log(`refused: ${error.message}`);
}
await closeDatabase(db);
