import { firstRow } from "../../db/query.ts";
import { rosterOrganisationTypes } from "../organisations/organisation-types.ts";
import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, like, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { chinaDayOf, countRows, countWhere, greatest, textPosition, jsonArrayContains, jsonArrayLength, sqlTrue } from "../../db/dialect.ts";
import type { DbOrTx } from "../../db/client.ts";
import {
  allowanceLists,
  allowanceObjections,
  applications,
  assessmentPlans,
  assessmentSessions,
  auditLog,
  certificateBatches,
  certificates,
  courseModules,
  courses,
  enrolments,
  lessonProgress,
  lessons,
  loginThrottle,
  organisations,
  passwordResetCodes,
  recheckRequests,
  sessionStaff,
  theoryAttempts,
  wageGuidance,
  workerMonths,
  workers,
} from "../../db/schema.ts";
import { resolveScope, type Grant, type Scope, type WantedPermission } from "../auth/permissions.ts";
import { auditEventLabel } from "../audit/audit-labels.ts";
import { judgeTodos, organiserTodos } from "../competitions/todos.server.ts";
import { notCompetitionSession } from "../assessment/sessions.server.ts";
import { appealableCount, openAppealCount } from "../credit/credit.server.ts";
import { scopeCondition } from "../auth/scope-condition.ts";
import { chinaDate, chinaMidnight, formatDateTime } from "../utils/dates.ts";
import { subsidyBaseTodos, subsidyRegionTodos } from "../subsidies/todos.server.ts";
import { lastEndedMonth, NEW_CERTIFICATE_DAYS, NOTICE_ENDING_DAYS, OBJECTION_ANSWER_DAYS, daysAfter } from "./todo-rules.ts";

/**
 * What waits for a user, per role they hold: each to-do a count and the page that shows exactly those rows, in the
 * same scope as that page. Every figure is a COUNT (or GROUP BY) query bounded by the user's scope; nothing here loads
 * a table to count it in JavaScript. Items with nothing waiting are left out, so a section lists only real work.
 */
export type Todo = { key: string; label: string; count: number; href: string };
export type TodoSection = { role: RoleSection; title: string; todos: Todo[] };
export type RoleSection = "trainee" | "base" | "examiner" | "institution" | "region" | "admin";

type User = { id: number; personId: number; grants: Grant[] };

const institutionTypes = rosterOrganisationTypes;

/** The sections of every role the user holds, in the order their homes are chosen (see homePath). */
export async function todosFor(db: DbOrTx, user: User, now = new Date()): Promise<TodoSection[]> {
  const scope = (permission: WantedPermission) => resolveScope(user.grants, permission);
  const sections: TodoSection[] = [];
  const admin = scope("manage:user:any");
  if (admin) sections.push({ role: "admin", title: "系统管理待办", todos: await adminTodos(db, now) });
  const read = scope("read:allowance-list:region");
  const verify = scope("verify:external-certificate:region");
  if (read || verify) {
    const regionWork = await regionTodos(db, { read, review: scope("review:allowance-list:region"), approve: scope("approve:allowance-list:region"), verify }, now);
    sections.push({ role: "region", title: "民政审核待办", todos: [...regionWork, ...await organiserTodos(db, scope("manage:competition:region")), ...await guidanceTodos(db, scope("manage:wage-guidance:region"), now), ...await subsidyRegionTodos(db, { review: scope("review:subsidy-list:region"), approve: scope("approve:subsidy-list:region") }, now)] });
  }
  const assess = scope("manage:assessment:org");
  if (assess) sections.push({ role: "base", title: "培训基地待办", todos: [...await baseTodos(db, assess, scope("issue:certificate:org"), now), ...await subsidyBaseTodos(db, scope("apply:subsidy:org"))] });
  const declare = scope("declare:allowance-list:org");
  const roster = scope("manage:worker:org");
  if (declare || roster) sections.push({ role: "institution", title: "机构待办", todos: await institutionTodos(db, { declare, roster }, now) });
  if (scope("read:examining:org")) sections.push({ role: "examiner", title: "考评待办", todos: [...await examinerTodos(db, user.id, now), ...await judgeTodos(db, user.id)] });
  if (scope("read:learning:own")) sections.push({ role: "trainee", title: "学习待办", todos: await traineeTodos(db, user, now) });
  await addCreditTodos(db, sections, scope, user, now);
  return sections;
}

/** Red and black lists: an appeal waits for the officer; a black-list entry not yet appealed, for the listed side. */
async function addCreditTodos(db: DbOrTx, sections: TodoSection[], scope: (permission: WantedPermission) => Scope | null, user: User, now: Date) {
  const add = (role: RoleSection, todo: Todo) => {
    const section = sections.find((s) => s.role === role);
    if (section && todo.count > 0) section.todos.push(todo);
  };
  const officer = scope("manage:credit-list:region");
  if (officer) add("region", { key: "credit-appeals", label: "待处理的黑名单申诉", count: await openAppealCount(db, officer), href: "/region/credit?appeal=open" });
  const today = chinaDate(now);
  const own = scope("appeal:credit-entry:own");
  if (own) add("trainee", { key: "credit-appealable", label: "您被列入黑名单的记录（可在有效期内申诉）", count: await appealableCount(db, own, user.personId, today), href: "/credit" });
  const org = scope("appeal:credit-entry:org");
  if (org) add("institution", { key: "credit-appealable", label: "本机构被列入黑名单的记录（可在有效期内申诉）", count: await appealableCount(db, org, user.personId, today), href: "/credit" });
}

/** The user's own section first (the home page's role), then the others they hold. */
export function sectionsForHome(sections: TodoSection[], home: RoleSection): TodoSection[] {
  return [...sections.filter((s) => s.role === home), ...sections.filter((s) => s.role !== home)];
}

const positive = (todos: Todo[]) => todos.filter((t) => t.count > 0);

// ── trainee ─────────────────────────────────────────────────────────────────

async function traineeTodos(db: DbOrTx, user: User, now: Date): Promise<Todo[]> {
  const todos: Todo[] = [];
  // 继续学习: per course in progress, the lessons left and the first of them in course order.
  const open = await db
    .select({ id: courses.id, title: courses.title })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(and(eq(enrolments.userId, user.id), isNull(enrolments.completedAt), isNull(courses.retiredAt)))
    .orderBy(asc(courses.position));
  for (const course of open) {
    const remaining = await firstRow(db
      .select({ id: lessons.id, title: lessons.title, left: sql<number>`count(*) OVER ()` })
      .from(lessons)
      .innerJoin(courseModules, and(eq(courseModules.courseId, lessons.courseId), eq(courseModules.id, lessons.moduleId)))
      .leftJoin(lessonProgress, and(eq(lessonProgress.userId, user.id), eq(lessonProgress.courseId, lessons.courseId), eq(lessonProgress.lessonId, lessons.id)))
      .where(and(eq(lessons.courseId, course.id), isNull(lessons.retiredAt), isNull(courseModules.retiredAt), isNull(lessonProgress.completedAt)))
      .orderBy(asc(courseModules.position), asc(lessons.position))
      .limit(1));
    todos.push(
      remaining
        ? { key: `lesson:${course.id}`, label: `继续学习《${course.title}》：${remaining.title}（还有 ${remaining.left} 课）`, count: remaining.left, href: `/courses/${course.id}/lessons/${remaining.id}` }
        : { key: `lesson:${course.id}`, label: `《${course.title}》课时已学完，完成章节练习即可结业`, count: 1, href: `/courses/${course.id}` },
    );
  }

  // 申报: pending, or approved and waiting for its results (the rows of /assessments without a result).
  const pending = await db
    .select({ status: applications.status, n: countRows() })
    .from(applications)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .where(and(eq(applications.userId, user.id), ne(applications.status, "rejected"), ne(assessmentSessions.status, "published")))
    .groupBy(applications.status);
  const waiting = pending.find((p) => p.status === "pending")?.n ?? 0;
  const approved = pending.find((p) => p.status === "approved")?.n ?? 0;
  todos.push({ key: "applications", label: `进行中的认定申报（待审核 ${waiting}，已通过待考试或待发布成绩 ${approved}）`, count: waiting + approved, href: "/assessments" });

  // Exam times: each approved sitting not yet over, with its 准考证 once rooms are assigned (at 开考).
  const exams = await db
    .select({ sessionId: assessmentSessions.id, name: assessmentSessions.name, startsAt: assessmentSessions.theoryStartsAt, status: assessmentSessions.status, room: applications.room })
    .from(applications)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .where(and(eq(applications.userId, user.id), eq(applications.status, "approved"), ne(assessmentSessions.status, "published"), gte(assessmentSessions.theoryStartsAt, chinaMidnight(chinaDate(now)))))
    .orderBy(asc(assessmentSessions.theoryStartsAt));
  for (const e of exams) {
    const ticket = e.status !== "draft" && e.room !== null;
    todos.push({
      key: `exam:${e.sessionId}`,
      label: `理论考试 ${formatDateTime(e.startsAt)} · ${e.name}${ticket ? "：下载准考证" : "：开考前可下载准考证"}`,
      count: 1,
      href: ticket ? `/assessments/${e.sessionId}/admission-ticket.pdf` : "/assessments",
    });
  }

  const since = daysAfter(chinaDate(now), -NEW_CERTIFICATE_DAYS);
  const fresh = (await firstRow(db.select({ n: countRows() }).from(certificates).where(and(eq(certificates.personId, user.personId), gt(certificates.issuedOn, since), isNull(certificates.revokedAt)))))!.n;
  todos.push({ key: "certificates", label: `近 ${NEW_CERTIFICATE_DAYS} 天新发的证书`, count: fresh, href: "/certificates" });

  // Answers to the objections the person raised online, given in the last days: read them on /my.
  const answeredSince = chinaMidnight(daysAfter(chinaDate(now), -OBJECTION_ANSWER_DAYS));
  const answered = (await firstRow(db
    .select({ n: countRows() })
    .from(allowanceObjections)
    .where(and(eq(allowanceObjections.raisedByPersonId, user.personId), isNotNull(allowanceObjections.resolvedAt), gte(allowanceObjections.resolvedAt, answeredSince)))))!.n;
  todos.push({ key: "objection-answers", label: `异议已答复（近 ${OBJECTION_ANSWER_DAYS} 天）`, count: answered, href: "/my#my-objections" });
  return positive(todos);
}

// ── training base ───────────────────────────────────────────────────────────

/** How many must score a part of a session: every examiner on duty (the chief among them), or the whole panel; at least one. */
const requiredScorers = (duties: string) =>
  greatest(1, sql.raw(`(SELECT count(DISTINCT st.user_id) FROM session_staff st WHERE st.session_id = a.session_id AND st.duty IN (${duties}))`));
/** A part the candidate sits this time: not recorded 缺考 and not kept from an earlier sitting (补考). */
const sits = (part: "theory" | "skill" | "review") =>
  sql`NOT EXISTS (SELECT 1 FROM part_attendance pa WHERE pa.application_id = a.id AND pa.part = ${part} AND pa.status = 'absent')
    AND NOT (a.resit_parts IS NOT NULL AND NOT ${jsonArrayContains(sql.raw("a.resit_parts"), part)} AND EXISTS (SELECT 1 FROM assessment_results er WHERE er.application_id = a.resit_of_application_id))`;
/**
 * A candidate of an open session with a part still missing, as publishing sees it: no handed-in (or overdue) paper,
 * or fewer scores than operations drawn × scorers required, or a 综合评审 not scored by the whole panel.
 */
const partMissing = (now: Date) => sql`(
  (${sits("theory")} AND NOT EXISTS (SELECT 1 FROM theory_attempts t WHERE t.application_id = a.id AND (t.submitted_at IS NOT NULL OR t.deadline <= ${sql.param(now, theoryAttempts.deadline)})))
  OR (${sits("skill")} AND (SELECT count(*) FROM skill_scores s WHERE s.application_id = a.id AND s.part = 'skill')
      < coalesce((SELECT ${jsonArrayLength(sql.raw("d.task_ids"))} FROM skill_task_draws d WHERE d.application_id = a.id), 1) * ${requiredScorers("'examiner', 'chief_examiner'")})
  OR (p.has_review AND ${sits("review")} AND (SELECT count(*) FROM skill_scores s WHERE s.application_id = a.id AND s.part = 'review')
      < ${jsonArrayLength(sql.raw("p.review_tasks"))} * ${requiredScorers("'panel'")})
)`;

async function baseTodos(db: DbOrTx, scope: Scope, issueScope: Scope | null, now: Date): Promise<Todo[]> {
  const today = chinaDate(now);
  const todos: Todo[] = [];
  const session = (id: number) => `/base/assessments/${id}`;

  // Applications waiting for a decision: the rows marked 待审核 on each session's page.
  for (const s of await db
    .select({ id: assessmentSessions.id, name: assessmentSessions.name, n: countRows() })
    .from(applications)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .where(and(notCompetitionSession, scopeCondition(scope, { organisationId: assessmentSessions.organisationId }), eq(assessmentSessions.status, "draft"), eq(applications.status, "pending")))
    .groupBy(assessmentSessions.id)
    .orderBy(asc(assessmentSessions.theoryStartsAt))) {
    todos.push({ key: `applications:${s.id}`, label: `待审核的申报 · ${s.name}`, count: s.n, href: session(s.id) });
  }

  // Sessions whose applications have closed but that are not open yet: staff them, then 开考.
  const toOpen = (await firstRow(db
    .select({ n: countRows() })
    .from(assessmentSessions)
    .where(and(notCompetitionSession, scopeCondition(scope, { organisationId: assessmentSessions.organisationId }), eq(assessmentSessions.status, "draft"), sql`coalesce(${assessmentSessions.applicationsCloseOn}, ${chinaDayOf(assessmentSessions.theoryStartsAt, -1)}) < ${today}`))))!.n;
  todos.push({ key: "sessions-to-open", label: "报名已截止、待安排考评人员并开考的批次", count: toOpen, href: "/base/assessments" });

  // Open sessions: candidates with a part still missing, or, once none is and the exam is over, results to publish.
  const open = await db
    .select({ id: assessmentSessions.id, name: assessmentSessions.name, startsAt: assessmentSessions.theoryStartsAt, blueprint: assessmentPlans.blueprint })
    .from(assessmentSessions)
    .innerJoin(assessmentPlans, eq(assessmentPlans.id, assessmentSessions.planId))
    .where(and(notCompetitionSession, scopeCondition(scope, { organisationId: assessmentSessions.organisationId }), eq(assessmentSessions.status, "open")))
    .orderBy(asc(assessmentSessions.theoryStartsAt));
  for (const s of open) {
    // One row always (an aggregate without GROUP BY); the select builder maps it by name on either engine.
    const counts = (await firstRow(db
      .select({ candidates: countRows(), missing: countWhere(partMissing(now)) })
      .from(sql`applications a JOIN assessment_sessions se ON se.id = a.session_id JOIN assessment_plans p ON p.id = se.plan_id`)
      .where(sql`a.session_id = ${s.id} AND a.status = 'approved'`)))!;
    const ended = now.getTime() >= s.startsAt.getTime() + s.blueprint.durationMinutes * 60_000;
    if (counts.missing > 0) todos.push({ key: `scores:${s.id}`, label: `成绩未齐的考生 · ${s.name}`, count: counts.missing, href: session(s.id) });
    else if (ended && counts.candidates > 0) todos.push({ key: `publish:${s.id}`, label: `成绩已齐、待发布 · ${s.name}`, count: counts.candidates, href: `${session(s.id)}/publish` });
  }

  // 复核 requests not yet decided (the chief examiner decides; the base follows them up).
  for (const s of await db
    .select({ id: assessmentSessions.id, name: assessmentSessions.name, n: countRows() })
    .from(recheckRequests)
    .innerJoin(applications, eq(applications.id, recheckRequests.applicationId))
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, applications.sessionId))
    .where(and(notCompetitionSession, scopeCondition(scope, { organisationId: assessmentSessions.organisationId }), isNull(recheckRequests.answeredAt)))
    .groupBy(assessmentSessions.id)) {
    todos.push({ key: `rechecks:${s.id}`, label: `待处理的复核申请 · ${s.name}`, count: s.n, href: session(s.id) });
  }

  // Certificates are issued at publication; what is left is packing each session's certificates for printing.
  if (issueScope) {
    const unpacked = (await firstRow(db
      .select({ n: countRows() })
      .from(assessmentSessions)
      .where(
        and(
          notCompetitionSession,
          scopeCondition(issueScope, { organisationId: assessmentSessions.organisationId }),
          eq(assessmentSessions.status, "published"),
          sql`EXISTS (SELECT 1 FROM ${certificates} c JOIN ${applications} ap ON ap.id = c.application_id WHERE ap.session_id = ${assessmentSessions.id})`,
          sql`NOT EXISTS (SELECT 1 FROM ${certificateBatches} b WHERE b.session_id = ${assessmentSessions.id})`,
        ),
      )))!.n;
    todos.push({ key: "certificates", label: "已发证、待打包下载证书的批次", count: unpacked, href: "/base/certificates" });
  }
  return positive(todos);
}

// ── examiner ────────────────────────────────────────────────────────────────

const dutyPages = { invigilator: "", examiner: "/skill", chief_examiner: "/skill", panel: "/review" } as const;
const dutyLabels = { invigilator: "监考", examiner: "技能考评", chief_examiner: "主考", panel: "综合评审" } as const;

async function examinerTodos(db: DbOrTx, userId: number, now: Date): Promise<Todo[]> {
  const todos: Todo[] = [];
  const today = chinaDate(now);
  const dayStart = chinaMidnight(today);
  const dayEnd = new Date(dayStart.getTime() + 24 * 3600_000);
  // Rooms today: each duty of a session sitting today, with the candidates seated in that room (all, when no room).
  for (const d of await db
    .select({
      sessionId: assessmentSessions.id,
      name: assessmentSessions.name,
      duty: sessionStaff.duty,
      room: sessionStaff.room,
      candidates: sql<number>`(SELECT count(*) FROM ${applications} ap WHERE ap.session_id = ${assessmentSessions.id} AND ap.status = 'approved' AND (${sessionStaff.room} IS NULL OR ap.room = ${sessionStaff.room}))`,
    })
    .from(sessionStaff)
    .innerJoin(assessmentSessions, eq(assessmentSessions.id, sessionStaff.sessionId))
    .where(and(eq(sessionStaff.userId, userId), ne(assessmentSessions.status, "published"), gte(assessmentSessions.theoryStartsAt, dayStart), lt(assessmentSessions.theoryStartsAt, dayEnd)))
    .orderBy(asc(assessmentSessions.theoryStartsAt))) {
    todos.push({
      key: `today:${d.sessionId}:${d.duty}`,
      label: `今日${dutyLabels[d.duty]} · ${d.name}${d.room ? `（${d.room}）` : ""}的考生`,
      count: d.candidates,
      href: `/examiner/sessions/${d.sessionId}${dutyPages[d.duty]}`,
    });
  }
  // Candidates whose drawn operations (or 综合评审) still lack this examiner's own score, per open session and part.
  for (const part of ["skill", "review"] as const) {
    const duties = part === "skill" ? "'examiner', 'chief_examiner'" : "'panel'";
    const tasks = part === "skill" ? sql`(SELECT ${jsonArrayLength(sql.raw("d.task_ids"))} FROM skill_task_draws d WHERE d.application_id = a.id)` : jsonArrayLength(sql.raw("p.review_tasks"));
    const rows = await db
      .select({ sessionId: sql<number>`se.id`, name: sql<string>`se.name`, n: countRows() })
      .from(sql`applications a JOIN assessment_sessions se ON se.id = a.session_id JOIN assessment_plans p ON p.id = se.plan_id`)
      .where(sql`se.status = 'open' AND a.status = 'approved' AND ${part === "review" ? sql.raw("p.has_review") : sqlTrue}
        AND EXISTS (SELECT 1 FROM session_staff st WHERE st.session_id = se.id AND st.user_id = ${userId} AND st.duty IN (${sql.raw(duties)}))
        AND ${sits(part)}
        AND (SELECT count(*) FROM skill_scores s WHERE s.application_id = a.id AND s.part = ${part} AND s.examiner_id = ${userId}) < coalesce(${tasks}, 0)`)
      .groupBy(sql`se.id`)
      .orderBy(sql`se.theory_starts_at`);
    for (const r of rows) todos.push({ key: `score:${r.sessionId}:${part}`, label: `待我评分的考生（${part === "skill" ? "技能考核" : "综合评审"}）· ${r.name}`, count: r.n, href: `/examiner/sessions/${r.sessionId}/${part}` });
  }
  return positive(todos);
}

// ── institution ─────────────────────────────────────────────────────────────

async function institutionTodos(db: DbOrTx, scopes: { declare: Scope | null; roster: Scope | null }, now: Date): Promise<Todo[]> {
  const todos: Todo[] = [];
  if (scopes.declare) {
    const month = lastEndedMonth(chinaDate(now));
    const undeclared = (await firstRow(db
      .select({ n: countRows() })
      .from(organisations)
      .where(and(scopeCondition(scopes.declare, { organisationId: organisations.id, regionCode: organisations.regionCode }), inArray(organisations.type, [...institutionTypes]), monthRecorded(month), sql`NOT EXISTS (SELECT 1 FROM ${allowanceLists} l WHERE l.organisation_id = ${organisations.id} AND l.month = ${month} AND l.status <> 'draft')`))))!.n;
    todos.push({ key: `declare:${month}`, label: `${month} 补贴名册待申报的机构`, count: undeclared, href: `/allowances?month=${month}` });
    for (const returned of await returnedListMonths(db, scopes.declare)) {
      todos.push({ key: `returned:${returned.month}`, label: `${returned.month} 被区民政退回、待修改后重新申报的名册`, count: returned.n, href: `/allowances?month=${returned.month}` });
    }
  }
  if (scopes.roster) {
    for (const org of await db
      .select({ id: organisations.id, name: organisations.name, n: countRows() })
      .from(workers)
      .innerJoin(organisations, eq(organisations.id, workers.organisationId))
      .where(and(scopeCondition(scopes.roster, { organisationId: organisations.id, regionCode: organisations.regionCode }), inArray(organisations.type, [...institutionTypes]), awaitsConfirmation))
      .groupBy(organisations.id)
      .orderBy(asc(organisations.name))) {
      todos.push({ key: `external:${org.id}`, label: `外部证书待民政部门核验的从业人员 · ${org.name}`, count: org.n, href: `/institution/workers?org=${org.id}` });
    }
  }
  return positive(todos);
}

/** Lists the district sent back (draft again, with the reason kept), per month. */
async function returnedListMonths(db: DbOrTx, scope: Scope) {
  return await db
    .select({ month: allowanceLists.month, n: countRows() })
    .from(allowanceLists)
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .where(and(scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode }), eq(allowanceLists.status, "draft"), isNotNull(allowanceLists.returnedAt)))
    .groupBy(allowanceLists.month)
    .orderBy(asc(allowanceLists.month));
}

/** The institution has monthly records for the month: there is something to declare. */
const monthRecorded = (month: string) => sql`EXISTS (SELECT 1 FROM ${workerMonths} m JOIN ${workers} w ON w.id = m.worker_id WHERE w.organisation_id = ${organisations.id} AND m.month = ${month})`;

/**
 * The worker holds an external certificate awaiting an officer's confirmation. Written with literals, as the partial
 * index `certificates_awaiting_idx` states it, so SQLite reads that index rather than every certificate.
 */
const awaitsConfirmation = sql`EXISTS (SELECT 1 FROM ${certificates} c WHERE c.person_id = ${workers.personId} AND c.source = 'external' AND c.verified_at IS NULL AND c.revoked_at IS NULL)`;

// ── district and city ───────────────────────────────────────────────────────

type RegionScopes = { read: Scope | null; review: Scope | null; approve: Scope | null; verify: Scope | null };

/** Lists in a scope and a state, grouped by month, oldest first. */
async function listMonths(db: DbOrTx, scope: Scope, condition: SQL | undefined) {
  return await db
    .select({ month: allowanceLists.month, n: countRows() })
    .from(allowanceLists)
    .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
    .where(and(scopeCondition(scope, { organisationId: organisations.id, regionCode: organisations.regionCode }), condition))
    .groupBy(allowanceLists.month)
    .orderBy(asc(allowanceLists.month));
}

const toReview = eq(allowanceLists.status, "declared");
const toApprove = (today: string) => and(eq(allowanceLists.status, "publicised"), lt(allowanceLists.noticeEndsOn, today));

async function regionTodos(db: DbOrTx, scopes: RegionScopes, now: Date): Promise<Todo[]> {
  const today = chinaDate(now);
  const todos: Todo[] = [];
  const monthPage = (month: string) => `/allowances?month=${month}`;
  if (scopes.review) {
    for (const m of await listMonths(db, scopes.review, toReview)) todos.push({ key: `review:${m.month}`, label: `${m.month} 待审核的补贴名册`, count: m.n, href: monthPage(m.month) });
  }
  if (scopes.approve) {
    for (const m of await listMonths(db, scopes.approve, toApprove(today))) todos.push({ key: `approve:${m.month}`, label: `${m.month} 公示期满、待审批的补贴名册`, count: m.n, href: monthPage(m.month) });
  }
  if (scopes.read) {
    const ending = and(eq(allowanceLists.status, "publicised"), gte(allowanceLists.noticeEndsOn, today), lt(allowanceLists.noticeEndsOn, daysAfter(today, NOTICE_ENDING_DAYS)));
    for (const m of await listMonths(db, scopes.read, ending)) todos.push({ key: `notice:${m.month}`, label: `${m.month} 公示将在 ${NOTICE_ENDING_DAYS} 天内结束的名册`, count: m.n, href: monthPage(m.month) });
    for (const l of await db
      .select({ id: allowanceLists.id, month: allowanceLists.month, name: organisations.name, n: countRows(), online: countWhere(eq(allowanceObjections.source, "online")) })
      .from(allowanceObjections)
      .innerJoin(allowanceLists, eq(allowanceLists.id, allowanceObjections.listId))
      .innerJoin(organisations, eq(organisations.id, allowanceLists.organisationId))
      .where(and(scopeCondition(scopes.read, { organisationId: organisations.id, regionCode: organisations.regionCode }), isNull(allowanceObjections.resolvedAt)))
      // PostgreSQL groups strictly: the organisation's name is not the list's own column.
      .groupBy(allowanceLists.id, organisations.name)
      .orderBy(asc(allowanceLists.month), asc(organisations.name))) {
      const online = l.online > 0 ? `（其中本人在线提出 ${l.online} 条）` : "";
      todos.push({ key: `objections:${l.id}`, label: `待答复的异议 · ${l.name} ${l.month}${online}`, count: l.n, href: `/allowances/${l.id}` });
    }
  }
  if (scopes.verify) {
    // Each awaiting certificate once, however many institutions in the region employ its holder (as the page lists them).
    const employedInScope = db
      .select({ one: sql`1` })
      .from(workers)
      .innerJoin(organisations, eq(organisations.id, workers.organisationId))
      .where(and(sql`${workers.personId} = "certificates"."person_id"`, scopeCondition(scopes.verify, { organisationId: organisations.id, regionCode: organisations.regionCode })));
    const external = (await firstRow(db
      .select({ n: countRows() })
      .from(certificates)
      .where(sql`${certificates.source} = 'external' AND ${certificates.verifiedAt} IS NULL AND ${certificates.revokedAt} IS NULL AND EXISTS ${employedInScope}`)))!.n;
    todos.push({ key: "external-certificates", label: "待核验的外部证书", count: external, href: "/region/external-certificates" });
  }
  return positive(todos);
}

/** 工资价位 (issue 15): the officer's own regions that have no guidance for the current year yet. */
async function guidanceTodos(db: DbOrTx, scope: Scope | null, now: Date): Promise<Todo[]> {
  if (!scope || scope.regionCodes.length === 0) return [];
  const year = Number(chinaDate(now).slice(0, 4));
  let missing = 0;
  for (const code of scope.regionCodes) {
    if (!await firstRow(db.select({ one: sql`1` }).from(wageGuidance).where(and(eq(wageGuidance.regionCode, code), eq(wageGuidance.year, year))))) missing++;
  }
  return positive([{ key: `wage-guidance:${year}`, label: `${year} 年工资价位尚未录入的地区`, count: missing, href: "/wages/guidance" }]);
}

/**
 * The months with lists waiting for this reader, oldest first: an institution's month to declare, a district's lists
 * to review, a city's lists to approve. `/allowances` opens on the first of them.
 */
export async function allowanceMonthsWithWork(db: DbOrTx, grants: Grant[], now = new Date()): Promise<string[]> {
  const today = chinaDate(now);
  const months = new Set<string>();
  const declare = resolveScope(grants, "declare:allowance-list:org");
  if (declare) {
    const month = lastEndedMonth(today);
    const waiting = await firstRow(db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(scopeCondition(declare, { organisationId: organisations.id, regionCode: organisations.regionCode }), monthRecorded(month), sql`NOT EXISTS (SELECT 1 FROM ${allowanceLists} l WHERE l.organisation_id = ${organisations.id} AND l.month = ${month} AND l.status <> 'draft')`))
      .limit(1));
    if (waiting) months.add(month);
    for (const returned of await returnedListMonths(db, declare)) months.add(returned.month);
  }
  const review = resolveScope(grants, "review:allowance-list:region");
  if (review) for (const m of await listMonths(db, review, toReview)) months.add(m.month);
  const approve = resolveScope(grants, "approve:allowance-list:region");
  if (approve) for (const m of await listMonths(db, approve, toApprove(today))) months.add(m.month);
  return [...months].sort();
}

// ── system admin ────────────────────────────────────────────────────────────

/** Audit events of an import refused as a whole (identity checks today; any `*.import_failed` event a pipeline logs). */
const refusedImport = or(like(auditLog.event, "%.identity_mismatch"), like(auditLog.event, "%.import_failed"), like(auditLog.event, "%.import_refused"));
/** How far back the admin's list of refused imports reaches. */
const IMPORT_DAYS = 7;

async function adminTodos(db: DbOrTx, now: Date): Promise<Todo[]> {
  const today = chinaDate(now);
  const todos: Todo[] = [];
  // Accounts with a running login lock, counted once however many addresses are locked out of them.
  const locked = (await firstRow(db
    .select({ n: sql<number>`count(DISTINCT CASE WHEN ${loginThrottle.key} LIKE 'pair:%' THEN substr(${loginThrottle.key}, 6, ${textPosition(loginThrottle.key, "|")} - 6) ELSE substr(${loginThrottle.key}, 6) END)` })
    .from(loginThrottle)
    // Key ranges rather than LIKE, so the primary key index finds the two kinds of lock.
    .where(and(or(and(gte(loginThrottle.key, "pair:"), lt(loginThrottle.key, "pair;")), and(gte(loginThrottle.key, "user:"), lt(loginThrottle.key, "user;"))), gt(loginThrottle.lockedUntil, now)))))!.n;
  todos.push({ key: "locked-accounts", label: "登录受限（暂时锁定）的账号", count: locked, href: `/admin/audit?event=auth.login_throttled&from=${today}` });

  const from = daysAfter(today, -IMPORT_DAYS);
  for (const e of await db
    .select({ event: auditLog.event, n: countRows() })
    .from(auditLog)
    .where(and(refusedImport, gte(auditLog.at, chinaMidnight(from))))
    .groupBy(auditLog.event)
    .orderBy(asc(auditLog.event))) {
    todos.push({ key: `imports:${e.event}`, label: `近 ${IMPORT_DAYS} 天被拒的导入：${auditEventLabel(e.event)}`, count: e.n, href: `/admin/audit?event=${e.event}&from=${from}` });
  }

  const resets = (await firstRow(db
    .select({ n: countRows() })
    .from(passwordResetCodes)
    .where(and(isNull(passwordResetCodes.usedAt), gt(passwordResetCodes.expiresAt, now)))))!.n;
  todos.push({ key: "password-resets", label: "已发放、尚未使用的密码重置码", count: resets, href: `/admin/audit?event=user.password_reset_started&from=${today}` });
  return positive(todos);
}
