import { firstRow, returnedRow } from "../db/query.ts";
import { and, eq } from "drizzle-orm";
import { linesOf, refreshInstitutionLists } from "../app/allowances/lists.server.ts";
import { addRedListEntry, lodgeAppeal, placeCreditEntry } from "../app/credit/credit.server.ts";
import type { Tx } from "../db/client.ts";
import { allowanceLists, roleAssignments, roles, users } from "../db/schema.ts";

/**
 * Red and black lists in 湖州 (issue 15): the city honours a caregiver of 长兴县社会福利中心 as 最美养老护理员 on 重阳节;
 * the 长兴县 district black-lists a caregiver of 泗安镇颐养院 for inflated attendance from 5 November, so the November
 * allowance list (a draft, recomputed here) leaves her out with that reason; she has appealed from her own account
 * (login `appellant`), and the appeal waits for the district officer. Runs after the allowance lists are seeded.
 */
export async function seedDemoCredit(db: Tx, institutions: { welfare: { id: number }; sian: { id: number } }, staff: { institution: number; district: number; city: number }, passwordHash: string) {
  const as = (userId: number) => ({ userId, realUserId: userId, ip: "demo-seed" });
  // Caregivers the November lists pay, one per institution: the story needs people who would otherwise be paid.
  const paidBy = async (organisationId: number) => {
    const lines = [];
    for (const list of await db.select().from(allowanceLists).where(and(eq(allowanceLists.organisationId, organisationId), eq(allowanceLists.month, "2026-11")))) lines.push(...(await linesOf(db, list.id)));
    return lines;
  };
  const honoured = (await paidBy(institutions.welfare.id))[0]!;
  // Someone without an account yet (a few demo workers are also demo trainees or candidates).
  const hasAccount = new Set((await db.select({ personId: users.personId }).from(users)).map((u) => u.personId));
  const listed = (await paidBy(institutions.sian.id)).find((l) => !hasAccount.has(l.personId))!;

  await addRedListEntry(
    db,
    { personId: honoured.personId },
    "330500",
    { title: "湖州市“最美养老护理员”", awardingBody: "湖州市民政局", sourceDocument: "湖民〔2026〕41号", startsOn: "2026-10-18", termMonths: null },
    as(staff.city),
    new Date("2026-10-18T10:00:00+08:00"),
  );

  const entry = await placeCreditEntry(
    db,
    { personId: listed.personId },
    "330522",
    {
      list: "black",
      startsOn: "2026-11-05",
      termMonths: 24,
      category: "subsidy_fraud",
      reason: "2026 年 7—9 月月度记录虚报出勤天数，套取岗位补贴 1,200 元，已责令退回",
      evidence: "机构考勤机原始记录与月度报送对比表（长兴县民政局档案 CX-2026-117）",
      decisionNumber: "长民信〔2026〕7号",
      published: true,
    },
    as(staff.district),
    new Date("2026-11-04T16:00:00+08:00"),
  );

  await refreshInstitutionLists(db, institutions.sian.id, "2026-11", as(staff.institution), new Date("2026-12-01T08:00:00+08:00"));

  // Her own account, as a trainee (the role a worker registering herself gets), to lodge the appeal.
  const trainee = (await firstRow(db.select().from(roles).where(eq(roles.key, "trainee"))))!;
  const account = await returnedRow(db.insert(users).values({ personId: listed.personId, username: "appellant", passwordHash }).returning());
  await db.insert(roleAssignments).values({ userId: account.id, roleId: trainee.id });
  await lodgeAppeal(db, entry.id, "7—9 月我多次替班，出勤以排班表为准，机构考勤机当时故障，请核查排班表和同事证明。", { ...as(account.id), userId: account.id }, new Date("2026-11-20T19:30:00+08:00"));
}
