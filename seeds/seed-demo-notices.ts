import { declareList, openNotice, refreshInstitutionLists } from "../app/allowances/lists.server.ts";
import type { Tx } from "../db/client.ts";
import { createCertificate, createWorker, recordWorkerMonth } from "./factories.ts";
import { DEMO_RECORDED_MONTHS } from "./seed-demo-workforce.ts";

/**
 * The public notice's story: 长兴县泗安镇颐养院 declared its November 2026 list and the district opened its 公示 on the
 * day the demo was seeded, so /notices shows it. The demo worker (`worker`), a 四级 caregiver there since August, has a
 * line on it: she finds it on /my and on the public page and may object while the notice runs.
 */
export async function seedDemoNotices(db: Tx, sian: { id: number }, worker: { personId: number }, staff: { institution: number; district: number }) {
  const as = (userId: number) => ({ userId, realUserId: userId, ip: "demo-seed" });
  const employed = await createWorker(db, { organisationId: sian.id, personId: worker.personId, hiredOn: "2026-08-01", bankAccount: `6228480${String(worker.personId).padStart(12, "0")}` });
  await createCertificate(db, { personId: worker.personId, level: 4, issuedOn: "2025-06-18", verifiedAt: new Date("2026-08-10T10:00:00+08:00") });
  for (const month of DEMO_RECORDED_MONTHS.filter((m) => m >= "2026-08")) {
    await recordWorkerMonth(db, { workerId: employed.id, month, attendanceDays: 23, socialInsurancePaid: true, continuingEducationHours: 4 });
  }
  // November can be declared once it has ended; the notice runs from the seeding day so it is public on first start.
  const now = new Date(Math.max(Date.now(), Date.parse("2026-12-01T09:00:00+08:00")));
  const [november] = await refreshInstitutionLists(db, sian.id, "2026-11", as(staff.institution), now);
  await declareList(db, november!, as(staff.institution), now);
  await openNotice(db, november!, 7, as(staff.district), now);
}
