import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { claimBatch } from "../../app/certificates/batches.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { returnedRow } from "../../db/query.ts";
import { certificateBatches } from "../../db/schema.ts";
import { scoredSession } from "../setup/certificate-fixtures.ts";

let job: { organisationId: number; sessionId: number; requestedBy: number };
beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001", evaluationKind: "S", evaluatorCode: "0137", siteCode: "052201" });
  const { session } = await scoredSession(db, base.id, [{ theory: 90 }]);
  const admin = await createUser(db, { role: "base_admin", organisationId: base.id });
  job = { organisationId: base.id, sessionId: session.id, requestedBy: admin.id };
});

const queue = (values: Partial<typeof certificateBatches.$inferInsert> = {}) =>
  returnedRow(db.insert(certificateBatches).values({ ...job, status: "queued", total: 1, heartbeatAt: new Date(), ...values }).returning());

// Every app server polls for certificate ZIP jobs; these are the rules that let any of them take one, and only one.
describe("certificate batch jobs shared by app servers", () => {
  it("go to exactly one of two servers that ask at the same moment", async () => {
    const queued = await queue();
    const claims = await Promise.all([claimBatch(db), claimBatch(db), claimBatch(db)]);
    expect(claims.filter((c) => c?.id === queued.id)).toHaveLength(1);
    expect((await db.select().from(certificateBatches).where(eq(certificateBatches.id, queued.id)))[0]).toMatchObject({ status: "running" });
  });

  it("are taken over when the server running one stopped beating, and left alone while it beats", async () => {
    const now = new Date();
    const abandoned = await queue({ status: "running", done: 1, heartbeatAt: new Date(now.getTime() - 120_000) });
    const alive = await queue({ status: "running", heartbeatAt: new Date(now.getTime() - 5_000) });
    const taken = await claimBatch(db, now);
    expect(taken).toMatchObject({ id: abandoned.id, status: "running", done: 0 });
    expect(taken!.heartbeatAt.getTime()).toBe(now.getTime());
    expect(await claimBatch(db, now)).toBeNull();
    expect((await db.select().from(certificateBatches).where(eq(certificateBatches.id, alive.id)))[0]!.status).toBe("running");
  });

  it("are not taken once finished or failed", async () => {
    await db.update(certificateBatches).set({ status: "done" });
    await queue({ status: "failed", heartbeatAt: new Date(Date.now() - 600_000) });
    expect(await claimBatch(db)).toBeNull();
  });
});
