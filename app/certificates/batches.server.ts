import { firstRow, returnedRow } from "../../db/query.ts";
import fs from "node:fs";
import path from "node:path";
import { ZipArchive } from "archiver";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { applications, assessmentSessions, certificateBatches, certificates } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import type { Scope } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { getConfig } from "../config.server.ts";
import { currentEdition } from "./certificates.server.ts";
import { certificateFileName, certificatePdf } from "./documents.server.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;

/** A running job that has not beaten for this long was cut off (the server restarted). */
const BATCH_STALE_MS = 60_000;

export function batchFile(batchId: number): string {
  return path.join(path.dirname(path.resolve(getConfig().databasePath)), "certificate-batches", `${batchId}.zip`);
}

/** A session's certificates issued here and not revoked, in number order. */
export async function sessionCertificates(db: DbOrTx, sessionId: number) {
  return (await db
    .select({ certificate: certificates })
    .from(certificates)
    .innerJoin(applications, eq(applications.id, certificates.applicationId))
    .where(eq(applications.sessionId, sessionId))
    .orderBy(asc(certificates.number)))
    .map((r) => r.certificate)
    .filter((c) => !c.revokedAt);
}

type BatchState = typeof certificateBatches.$inferSelect & { interrupted: boolean };

function batchState(batch: typeof certificateBatches.$inferSelect, now = Date.now()): BatchState {
  return { ...batch, interrupted: batch.status === "running" && now - batch.heartbeatAt.getTime() > BATCH_STALE_MS };
}

export async function batchInScope(db: DbOrTx, scope: Scope, batchId: number): Promise<(BatchState & { sessionName: string }) | null> {
  const found = await firstRow(db
    .select({ batch: certificateBatches, sessionName: assessmentSessions.name })
    .from(certificateBatches)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, certificateBatches.sessionId))
    .where(and(eq(certificateBatches.id, batchId), scopeCondition(scope, { organisationId: certificateBatches.organisationId }))));
  return found ? { ...batchState(found.batch), sessionName: found.sessionName } : null;
}

export async function latestBatches(db: DbOrTx, sessionIds: number[]) {
  if (sessionIds.length === 0) return new Map<number, BatchState>();
  const rows = await db.select().from(certificateBatches).where(inArray(certificateBatches.sessionId, sessionIds)).orderBy(desc(certificateBatches.id));
  const latest = new Map<number, BatchState>();
  for (const row of rows) if (!latest.has(row.sessionId)) latest.set(row.sessionId, batchState(row));
  return latest;
}

/**
 * Starts building the session's ZIP in the background and returns the job's id; a job already running
 * for the session is returned instead of starting a second one.
 */
export async function startBatch(db: DbOrTx, input: { organisationId: number; sessionId: number; requestedBy: number }, by: Actor): Promise<number> {
  const running = (await latestBatches(db, [input.sessionId])).get(input.sessionId);
  if (running && running.status === "running" && !running.interrupted) return running.id;
  const total = (await sessionCertificates(db, input.sessionId)).length;
  const batch = await db.transaction(async (tx) => {
    const created = await returnedRow(tx.insert(certificateBatches).values({ ...input, status: "running", total, heartbeatAt: new Date() }).returning());
    await writeAudit(tx, { ...by, event: "certificates.batch_requested", target: { table: "certificate_batches", id: created.id }, details: { sessionId: input.sessionId, total } });
    return created;
  });
  void runBatch(db, batch.id, input.sessionId);
  return batch.id;
}

/** Renders every certificate into a ZIP beside the database, counting progress as it goes. */
async function runBatch(db: DbOrTx, batchId: number, sessionId: number) {
  const file = batchFile(batchId);
  const partial = `${file}.part`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const output = fs.createWriteStream(partial);
    const closed = new Promise<void>((resolve, reject) => {
      output.on("close", resolve);
      output.on("error", reject);
    });
    // PDFs are compressed already: store them.
    const zip = new ZipArchive({ store: true });
    zip.on("error", (error: Error) => output.destroy(error));
    zip.pipe(output);
    let done = 0;
    for (const certificate of await sessionCertificates(db, sessionId)) {
      const edition = (await currentEdition(db, certificate.id))!;
      zip.append(await certificatePdf(db, certificate, edition), { name: `${certificateFileName(certificate)}.pdf`, date: edition.issuedAt });
      done++;
      await db.update(certificateBatches).set({ done, heartbeatAt: new Date() }).where(eq(certificateBatches.id, batchId));
    }
    await zip.finalize();
    await closed;
    fs.renameSync(partial, file);
    await db.update(certificateBatches).set({ status: "done", done, total: done, finishedAt: new Date(), heartbeatAt: new Date() }).where(eq(certificateBatches.id, batchId));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    await db.update(certificateBatches).set({ status: "failed", error: (error as Error).message, finishedAt: new Date() }).where(eq(certificateBatches.id, batchId));
  }
}
