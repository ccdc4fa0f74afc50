import { firstRow } from "../db/query.ts";
import { and, eq } from "drizzle-orm";
import { applyForSubsidy } from "../app/subsidies/applications.server.ts";
import { approveSubsidyList, openSubsidyNotice, returnApplication } from "../app/subsidies/lists.server.ts";
import { insertSubsidyPolicy } from "../app/subsidies/policies.server.ts";
import { HUZHOU_SKILL_UPGRADE_SUBSIDY, HUZHOU_TRAINING_SUBSIDY } from "../app/subsidies/policy-defaults.ts";
import type { Tx } from "../db/client.ts";
import { certificates, workers } from "../db/schema.ts";

/**
 * 湖州's demo subsidy policies (figures marked as demo in their notes) and 长兴县's lists from the demo base's
 * published 育婴员（五级） session: August 2026 applied for by the base, one line returned for a wrong bank account,
 * noticed and approved (locked); November with two applications from the candidates' own accounts (the returned one
 * again among them), in 公示 now. The demo trainee 李秀英 has not applied yet: her own page offers it, and the base
 * sees the pass in its to-dos.
 */
export async function seedDemoSubsidies(db: Tx, input: { baseId: number; staff: { base: number; district: number; city: number } }) {
  const training = (await insertSubsidyPolicy(db, HUZHOU_TRAINING_SUBSIDY)).policy.id;
  await insertSubsidyPolicy(db, HUZHOU_SKILL_UPGRADE_SUBSIDY);
  const as = (userId: number | null) => ({ userId, realUserId: userId, ip: "demo-seed" });
  const at = (iso: string) => new Date(`${iso}+08:00`);
  const passOf = async (name: string) => await firstRow(db.select().from(certificates).where(and(eq(certificates.issuerOrganisationId, input.baseId), eq(certificates.holderName, name))));
  const account = async (personId: number, fallback: string) => (await firstRow(db.select({ account: workers.bankAccount }).from(workers).where(eq(workers.personId, personId))))?.account ?? fallback;
  const apply = async (name: string, when: string, via: "self" | "base") => {
    const pass = await passOf(name);
    if (!pass) return null;
    const bankAccount = await account(pass.personId, `6217001540${String(pass.id).padStart(9, "0")}`);
    const common = { personId: pass.personId, certificateId: pass.id, policyId: training, bankAccount, residenceRegionCode: null };
    return applyForSubsidy(db, via === "base" ? { ...common, via, organisationId: input.baseId } : { ...common, via }, as(via === "base" ? input.staff.base : null), at(when));
  };

  const paid = await apply("王桂兰", "2026-08-05T10:00:00", "base");
  const returned = await apply("刘春梅", "2026-08-05T10:01:00", "base");
  if (!paid || !returned) return;
  await returnApplication(db, returned.list.id, returned.application.id, "银行卡号与户名不符，请本人更正后重新申请", as(input.staff.district), at("2026-09-01T10:00:00"));
  await openSubsidyNotice(db, paid.list.id, 7, as(input.staff.district), at("2026-09-02T09:00:00"));
  await approveSubsidyList(db, paid.list.id, as(input.staff.city), at("2026-09-12T15:00:00"));
  const november = await apply("陈海燕", "2026-11-10T20:15:00", "self");
  await apply("刘春梅", "2026-11-12T08:30:00", "self");
  if (november) await openSubsidyNotice(db, november.list.id, 7, as(input.staff.district), at("2026-12-01T09:00:00"));
}
