import { and, eq, isNotNull, ne, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DbOrTx } from "../../db/client.ts";
import { countRows } from "../../db/dialect.ts";
import { competitionEntries, competitionJudges, competitions, competitionScores, competitionSittings, competitionTheorySeats, partAttendance } from "../../db/schema.ts";
import type { Scope } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import type { Todo } from "../home/todos.server.ts";

// A competitor of the running stage still lacking a part: the theory paper neither handed in nor recorded absent, the
// practical operation not yet scored by every judge on the panel (nor recorded absent), or the judges' spread beyond the
// level plan's threshold not yet resolved.
const missingParts = sql.raw(`(
  SELECT count(*) FROM competition_theory_seats ts
  JOIN competition_entries e ON e.id = ts.entry_id
  JOIN competition_sittings si ON si.competition_id = e.competition_id AND si.stage = ts.stage AND si.level = e.level
  WHERE e.competition_id = c.id AND ts.stage = c.status AND (
    (NOT EXISTS (SELECT 1 FROM theory_attempts t WHERE t.application_id = ts.application_id AND t.submitted_at IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM part_attendance pa WHERE pa.application_id = ts.application_id AND pa.part = 'theory' AND pa.status = 'absent'))
    OR (si.practical_task_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM part_attendance pa WHERE pa.application_id = ts.application_id AND pa.part = 'skill' AND pa.status = 'absent')
      AND (SELECT count(*) FROM competition_scores s WHERE s.entry_id = e.id AND s.stage = ts.stage) < (SELECT count(*) FROM competition_judges j WHERE j.competition_id = c.id))
    OR ((SELECT max(s.total) - min(s.total) FROM competition_scores s WHERE s.entry_id = e.id AND s.stage = ts.stage)
        > (SELECT p.spread_threshold FROM assessment_plans p WHERE p.occupation = c.occupation AND p.level = e.level)
      AND NOT EXISTS (SELECT 1 FROM competition_spread_resolutions r WHERE r.entry_id = e.id AND r.stage = ts.stage))
  ))`);

/** The organiser's competition work: entries to review, competitors still to score, stages scored and waiting for the next step. */
export async function organiserTodos(db: DbOrTx, scope: Scope | null): Promise<Todo[]> {
  if (!scope) return [];
  // A query builder, not a raw `sql` read: raw reads differ between the engines (the SQLite client answers them as
  // arrays). `missingParts` names the competition `c`.
  const c = alias(competitions, "c");
  const rows = await db
    .select({
      id: c.id,
      title: c.title,
      status: c.status,
      pending: sql<number>`(SELECT count(*) FROM competition_entries e WHERE e.competition_id = ${c.id} AND e.status = 'pending')`.mapWith(Number),
      missing: sql<number>`${missingParts}`.mapWith(Number),
      opened: sql<number>`(SELECT count(*) FROM competition_sittings si WHERE si.competition_id = ${c.id} AND si.stage = ${c.status})`.mapWith(Number),
    })
    .from(c)
    .where(and(ne(c.status, "closed"), scopeCondition(scope, { regionCode: c.regionCode })))
    .orderBy(c.id);
  const todos: Todo[] = [];
  for (const c of rows) {
    const href = `/region/competitions/${c.id}`;
    if (c.status === "entries" && c.pending > 0) todos.push({ key: `competition-entries:${c.id}`, label: `待审核的竞赛报名 · ${c.title}`, count: c.pending, href: `${href}#entries` });
    if ((c.status === "preliminary" || c.status === "final") && c.opened > 0) {
      if (c.missing > 0) todos.push({ key: `competition-scores:${c.id}`, label: `成绩未齐或评分差异待处理的选手（${c.status === "preliminary" ? "初赛" : "决赛"}）· ${c.title}`, count: c.missing, href: `${href}#standings` });
      else todos.push({ key: `competition-next:${c.id}`, label: `${c.status === "preliminary" ? "初赛已评完、待公布晋级名单" : "决赛已评完、待发布结果"} · ${c.title}`, count: 1, href: `${href}#steps` });
    }
    if (c.status === "published") todos.push({ key: `competition-final:${c.id}`, label: `结果公示中、待定稿的竞赛 · ${c.title}`, count: 1, href: `${href}#steps` });
  }
  return todos;
}

/** The judge's competitors still to score in each running stage (not yet scored by them, not recorded absent). */
export async function judgeTodos(db: DbOrTx, userId: number): Promise<Todo[]> {
  const rows = await db
    .select({ id: competitions.id, title: competitions.title, n: countRows() })
    .from(competitionJudges)
    .innerJoin(competitions, eq(competitions.id, competitionJudges.competitionId))
    .innerJoin(competitionEntries, eq(competitionEntries.competitionId, competitions.id))
    .innerJoin(competitionTheorySeats, and(eq(competitionTheorySeats.entryId, competitionEntries.id), eq(competitionTheorySeats.stage, competitions.status)))
    .innerJoin(competitionSittings, and(eq(competitionSittings.competitionId, competitions.id), eq(competitionSittings.stage, competitionTheorySeats.stage), eq(competitionSittings.level, competitionEntries.level)))
    .where(
      and(
        eq(competitionJudges.userId, userId),
        isNotNull(competitionSittings.practicalTaskId),
        notExists(db.select({ one: sql`1` }).from(competitionScores).where(and(eq(competitionScores.entryId, competitionEntries.id), eq(competitionScores.stage, competitionTheorySeats.stage), eq(competitionScores.judgeId, userId)))),
        notExists(db.select({ one: sql`1` }).from(partAttendance).where(and(eq(partAttendance.applicationId, competitionTheorySeats.applicationId), eq(partAttendance.part, "skill"), eq(partAttendance.status, "absent")))),
      ),
    )
    .groupBy(competitions.id)
    .orderBy(competitions.id);
  return rows.map((r) => ({ key: `competition-judge:${r.id}`, label: `待我评分的竞赛选手 · ${r.title}`, count: r.n, href: `/examiner/competitions/${r.id}` }));
}
