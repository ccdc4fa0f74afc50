import { approveList, declareList, openNotice, refreshInstitutionLists } from "../app/allowances/lists.server.ts";
import type { Tx } from "../db/client.ts";
import { createAllowancePolicy } from "./factories.ts";

/**
 * The 湖州 post allowance and its lists for the 长兴县 institutions, so every role finds work on first
 * login: October 2026 declared, publicly noticed and approved (locked); November computed, not yet declared.
 */
export async function seedDemoAllowances(db: Tx, institutions: Array<{ id: number }>, staff: { institution: number; district: number; city: number }) {
  await createAllowancePolicy(db);
  const as = (userId: number) => ({ userId, realUserId: userId, ip: "demo-seed" });
  for (const org of institutions) {
    const [october] = await refreshInstitutionLists(db, org.id, "2026-10", as(staff.institution), new Date("2026-11-02T09:00:00+08:00"));
    await declareList(db, october!, as(staff.institution), new Date("2026-11-03T10:00:00+08:00"));
    await openNotice(db, october!, 5, as(staff.district), new Date("2026-11-05T09:00:00+08:00"));
    await approveList(db, october!, as(staff.city), new Date("2026-11-12T15:00:00+08:00"));
    await refreshInstitutionLists(db, org.id, "2026-11", as(staff.institution), new Date("2026-12-01T08:00:00+08:00"));
  }
}
