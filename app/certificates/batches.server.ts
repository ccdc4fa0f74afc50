import { firstRow, returnedRow } from "../../db/query.ts";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ZipArchive } from "archiver";
import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client.ts";
import { applications, assessmentSessions, certificateBatches, certificates } from "../../db/schema.ts";
import { writeAudit, type AuditEvent } from "../audit/audit.server.ts";
import type { Scope } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { getConfig } from "../config.server.ts";
import { currentEdition } from "./certificates.server.ts";
import { certificateFileName, certificatePdf } from "./documents.server.ts";

type Actor = Pick<AuditEvent, "userId" | "realUserId" | "ip">;

/** A running job that has not beaten for this long was cut off (its server stopped): any server takes it over. */
const BATCH_STALE_MS = 60_000;
/** How often each server looks for a job to take. */
const BATCH_POLL_MS = 5_000;

/** In the shared files directory, so the server that answers the download need not be the one that rendered it. */
export function batchFile(batchId: number): string {
  return path.join(path.resolve(getConfig().filesDir), "certificate-batches", `${batchId}.zip`);
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

const claimable = (now: Date) =>
  or(eq(certificateBatches.status, "queued"), and(eq(certificateBatches.status, "running"), lt(certificateBatches.heartbeatAt, new Date(now.getTime() - BATCH_STALE_MS))));

/**
 * Takes the oldest waiting (or abandoned) job for this server. The update repeats the condition, so when two servers
 * pick the same row only one changes it: SQLite writes one at a time, PostgreSQL re-checks the row once locked.
 */
export async function claimBatch(db: Db, now = new Date()) {
  const [next] = await db.select({ id: certificateBatches.id }).from(certificateBatches).where(claimable(now)).orderBy(asc(certificateBatches.id)).limit(1);
  if (!next) return null;
  const [claimed] = await db
    .update(certificateBatches)
    .set({ status: "running", done: 0, heartbeatAt: now })
    .where(and(eq(certificateBatches.id, next.id), claimable(now)))
    .returning();
  return claimed ?? null;
}

let working = false;
/** Renders waiting jobs one after another until none is left; a call while this server is busy does nothing. */
export async function processBatches(db: Db) {
  if (working) return;
  working = true;
  try {
    for (let batch = await claimBatch(db); batch; batch = await claimBatch(db)) await runBatch(db, batch.id, batch.sessionId);
  } finally {
    working = false;
  }
}

/** Every app server polls for jobs, so a job outlives the server that was asked for it. */
const workerStarted = Symbol.for("carecert.batchWorker");
export function startBatchWorker(db: Db) {
  // Once per process, though the development server reloads this module.
  const flags = globalThis as { [workerStarted]?: boolean };
  if (flags[workerStarted]) return;
  flags[workerStarted] = true;
  const poll = () => {
    processBatches(db).catch((error: unknown) => console.error("证书批量生成任务出错 (batch worker failed):", error));
  };
  setInterval(poll, BATCH_POLL_MS).unref();
  poll();
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
 * Queues the session's ZIP and returns the job's id; this server starts on it at once, another one takes it over if
 * this one stops. A job already waiting or running for the session is returned instead of queueing a second one.
 */
export async function startBatch(db: Db, input: { organisationId: number; sessionId: number; requestedBy: number }, by: Actor): Promise<number> {
  // Looked for in the transaction that queues: two requests at once queue one job.
  const batch = await db.transaction(async (tx) => {
    const running = (await latestBatches(tx, [input.sessionId])).get(input.sessionId);
    if (running && (running.status === "queued" || (running.status === "running" && !running.interrupted))) return { id: running.id, queued: false };
    const total = (await sessionCertificates(tx, input.sessionId)).length;
    const created = await returnedRow(tx.insert(certificateBatches).values({ ...input, status: "queued", total, heartbeatAt: new Date() }).returning());
    await writeAudit(tx, { ...by, event: "certificates.batch_requested", target: { table: "certificate_batches", id: created.id }, details: { sessionId: input.sessionId, total } });
    return { id: created.id, queued: true };
  });
  if (batch.queued) void processBatches(db).catch((error: unknown) => console.error("证书批量生成任务出错 (batch worker failed):", error));
  return batch.id;
}

/** Renders every certificate into the ZIP, counting progress as it goes (the heartbeat other servers watch). */
async function runBatch(db: Db, batchId: number, sessionId: number) {
  const file = batchFile(batchId);
  // Its own partial file: a server that lost the job while stalled must not write into its successor's.
  const partial = `${file}.${crypto.randomUUID()}.part`;
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
