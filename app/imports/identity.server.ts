import { inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { people } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import { inChunks } from "./pipeline.server.ts";
import type { ImportProblem } from "./table.server.ts";

/** Says that the ID number is someone else's without saying whose (guessed ID numbers must not reveal names). */
export const IDENTITY_MISMATCH = "该身份证号码已登记在另一姓名下，与填写的姓名不一致，请核对姓名和身份证号";

/** The people on record for these ID numbers. */
export async function peopleByIdNumber(db: DbOrTx, idNumbers: string[]): Promise<Map<string, { id: number; name: string }>> {
  const found = await inChunks([...new Set(idNumbers)], async (chunk) => await db.select({ id: people.id, name: people.name, idNumber: people.idNumber }).from(people).where(inArray(people.idNumber, chunk)));
  return new Map(found.map((p) => [p.idNumber, { id: p.id, name: p.name }]));
}

/** A problem for each row whose name differs from the person on record for its ID number. */
export function identityMismatches(known: Map<string, { name: string }>, rows: Array<{ row: number; name: string; idNumber: string }>): ImportProblem[] {
  return rows.filter((r) => known.has(r.idNumber) && known.get(r.idNumber)!.name !== r.name).map((r) => ({ row: r.row, column: "姓名", message: IDENTITY_MISMATCH }));
}

/** One audit row for an import refused for names that contradict the registry: how many rows, and which. */
export async function logIdentityMismatches(db: Db, event: AuditEvent["event"], by: Pick<AuditEvent, "userId" | "realUserId" | "ip">, target: { table: string; id: number }, file: string, problems: ImportProblem[]) {
  const rows = problems.filter((p) => p.message === IDENTITY_MISMATCH).map((p) => p.row);
  if (rows.length > 0) await db.transaction(async (tx) => writeAudit(tx, { ...by, event, target, details: { file, count: rows.length, rows } }), { behavior: "immediate" });
}
