import { ListError } from "../../app/allowances/lists.server.ts";
import { applyForSubsidy } from "../../app/subsidies/applications.server.ts";
import { openDatabase, closeDatabase } from "../../db/client.ts";

/**
 * A second process applying for a subsidy: `node --import tsx apply-subsidy.ts <db> <startAt ms> <personId> <certificateId> <policyId> <now ISO>`.
 * Every process waits for the same instant, then applies; it prints "applied" or the refusal.
 */
const [file, startAt, personId, certificateId, policyId, now] = process.argv.slice(2);
const db = openDatabase(file!);
while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
try {
  await applyForSubsidy(db, { personId: Number(personId), certificateId: Number(certificateId), policyId: Number(policyId), bankAccount: "6228480000000000001", residenceRegionCode: null, via: "self" }, { userId: null, ip: `process-${process.pid}` }, new Date(now!));
  console.log("applied");
} catch (error) {
  if (!(error instanceof ListError)) throw error;
  console.log(`refused: ${error.message}`);
}
await closeDatabase(db);
