import { and, asc, desc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { allowanceExclusions, allowanceLines, allowanceLists, allowanceObjections, allowancePolicies, organisations, workers } from "../../db/schema.ts";
import { noticeRunning } from "../allowances/list-status.ts";
import { levelShortLabel, type SkillLevel } from "../occupations/occupations.ts";
import { formatDateTime } from "../utils/dates.ts";

/**
 * A worker's own allowance lines, exclusions and objections, always by their person id: nothing here takes another
 * person's id from a request. Draft lists are the institution's working copies and are not shown.
 */

type ListHeader = { listId: number; month: string; organisationName: string; policyName: string; status: typeof allowanceLists.$inferSelect.status; noticeStartsOn: string | null; noticeEndsOn: string | null };

function statusText(list: ListHeader, excludedReason: string | null): string {
  if (excludedReason !== null) return `已剔除：${excludedReason}`;
  if (list.status === "declared") return "已申报，区县审核中";
  if (list.status === "publicised") return `公示中（${list.noticeStartsOn} 至 ${list.noticeEndsOn}）`;
  return "已审批";
}

const header = {
  listId: allowanceLists.id,
  month: allowanceLists.month,
  organisationName: organisations.name,
  policyName: allowancePolicies.name,
  status: allowanceLists.status,
  noticeStartsOn: allowanceLists.noticeStartsOn,
  noticeEndsOn: allowanceLists.noticeEndsOn,
};

export type MyAllowanceRow = { key: string; listId: number; lineId: number | null; month: string; organisationName: string; policyName: string; level: string; amount: number | null; reason: string; status: string; objectable: boolean };

/** Lines paid or excluded, and months the engine left the person out with its reasons; newest month first. */
export async function myAllowanceRows(db: DbOrTx, personId: number, today: string): Promise<MyAllowanceRow[]> {
  const lines = await db
    .select({ ...header, lineId: allowanceLines.id, kind: allowanceLines.kind, level: allowanceLines.level, amount: allowanceLines.amount, rule: allowanceLines.rule, excludedReason: allowanceLines.excludedReason })
    .from(allowanceLines)
    .innerJoin(allowanceLists, eq(allowanceLists.id, allowanceLines.listId))
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .innerJoin(allowancePolicies, eq(allowancePolicies.id, allowanceLists.policyId))
    .where(and(eq(allowanceLines.personId, personId), ne(allowanceLists.status, "draft")));
  const leftOut = await db
    .select({ ...header, exclusionId: allowanceExclusions.id, reasons: allowanceExclusions.reasons })
    .from(allowanceExclusions)
    .innerJoin(workers, eq(workers.id, allowanceExclusions.workerId))
    .innerJoin(allowanceLists, eq(allowanceLists.id, allowanceExclusions.listId))
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .innerJoin(allowancePolicies, eq(allowancePolicies.id, allowanceLists.policyId))
    .where(and(eq(workers.personId, personId), ne(allowanceLists.status, "draft")));
  const rows: MyAllowanceRow[] = [
    ...lines.map((l) => ({
      key: `line-${l.lineId}`,
      listId: l.listId,
      lineId: l.lineId,
      month: l.month,
      organisationName: l.organisationName,
      policyName: l.policyName,
      level: l.kind === "adjustment" ? "调整" : l.level ? levelShortLabel(l.level as SkillLevel) : "—",
      amount: l.amount,
      reason: l.rule,
      status: statusText(l, l.excludedReason),
      objectable: noticeRunning(l, today),
    })),
    ...leftOut.map((e) => ({
      key: `excluded-${e.exclusionId}`,
      listId: e.listId,
      lineId: null,
      month: e.month,
      organisationName: e.organisationName,
      policyName: e.policyName,
      level: "—",
      amount: null,
      reason: e.reasons.join("；"),
      status: "未列入名册",
      objectable: noticeRunning(e, today),
    })),
  ];
  return rows.sort((a, b) => b.month.localeCompare(a.month) || a.listId - b.listId || a.key.localeCompare(b.key));
}

/** The objections the person raised online, with the district's answer once given; newest first. */
export async function myObjections(db: DbOrTx, personId: number) {
  return (await db
    .select({ id: allowanceObjections.id, month: allowanceLists.month, organisationName: organisations.name, content: allowanceObjections.content, recordedAt: allowanceObjections.recordedAt, resolution: allowanceObjections.resolution, resolvedAt: allowanceObjections.resolvedAt })
    .from(allowanceObjections)
    .innerJoin(allowanceLists, eq(allowanceLists.id, allowanceObjections.listId))
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .where(eq(allowanceObjections.raisedByPersonId, personId))
    .orderBy(desc(allowanceObjections.recordedAt), asc(allowanceObjections.id)))
    .map((o) => ({ ...o, recordedAt: formatDateTime(o.recordedAt), resolvedAt: o.resolvedAt ? formatDateTime(o.resolvedAt) : null }));
}
