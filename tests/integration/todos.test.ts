import { firstRow, returnedRow } from "../../db/query.ts";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { drawSessionSkillTasks } from "../../app/assessment/sessions.server.ts";
import { sessionStatusNames } from "../../app/assessment/plan-label.ts";
import { listStatusNames } from "../../app/allowances/list-status.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { lastEndedMonth } from "../../app/home/todo-rules.ts";
import { todosFor, type TodoSection } from "../../app/home/todos.server.ts";
import { loadGrants } from "../../app/auth/auth.server.ts";
import { chinaDate } from "../../app/utils/dates.ts";
import * as learnHome from "../../app/learning/routes/learn-home.tsx";
import * as baseHome from "../../app/organisations/routes/base-home.tsx";
import * as institutionHome from "../../app/organisations/routes/institution-home.tsx";
import * as examinerHome from "../../app/assessment/routes/examiner-home.tsx";
import * as regionHome from "../../app/regions/routes/region-home.tsx";
import * as adminHome from "../../app/admin/routes/admin-home.tsx";
import * as myAssessments from "../../app/assessment/routes/trainee-assessments.tsx";
import * as myCertificates from "../../app/certificates/routes/my-certificates.tsx";
import * as sessionPage from "../../app/assessment/routes/base-session.tsx";
import * as sessionsPage from "../../app/assessment/routes/base-sessions.tsx";
import * as publishPage from "../../app/assessment/routes/base-session-publish.tsx";
import * as baseCertificates from "../../app/certificates/routes/base-certificates.tsx";
import * as scoringPage from "../../app/assessment/routes/part-scoring.tsx";
import * as invigilationPage from "../../app/assessment/routes/invigilation.tsx";
import * as workersPage from "../../app/workforce/routes/workers.tsx";
import * as externalPage from "../../app/workforce/routes/external-certificates.tsx";
import * as listsPage from "../../app/allowances/routes/lists.tsx";
import * as listPage from "../../app/allowances/routes/list.tsx";
import * as auditPage from "../../app/admin/routes/audit.tsx";
import { createAllowancePolicy, createCertificate, createOrganisation, createPerson, createUser, createWorker, recordWorkerMonth } from "../../seeds/factories.ts";
import {
  allowanceLists,
  allowanceObjections,
  applications,
  assessmentPlans,
  assessmentSessions,
  auditLog,
  enrolments,
  lessonProgress,
  lessons,
  loginThrottle,
  passwordResetCodes,
  recheckRequests,
  roleAssignments,
  sessionStaff,
  skillScores,
  skillTaskDraws,
  theoryAttempts,
  type AllowanceListStatus,
} from "../../db/schema.ts";
import { getRequest, run } from "../setup/requests.ts";

const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
const now = new Date();
const today = chinaDate(now);
const month = lastEndedMonth(today);
const facts = { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] };
const eligibility = { eligible: true, metRoute: "x", routes: [] };

type Home = { todos: TodoSection[] };
const todosOf = (page: Home) => Object.fromEntries(page.todos.flatMap((s) => s.todos.map((t) => [t.key, t])));
const countOf = (page: Home, key: string) => todosOf(page)[key]?.count ?? 0;

let plan: typeof assessmentPlans.$inferSelect;
beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  plan = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!;
});

async function newSession(organisationId: number, values: Partial<typeof assessmentSessions.$inferInsert> = {}) {
  return await returnedRow(db
    .insert(assessmentSessions)
    .values({ organisationId, planId: plan.id, name: `批次${Math.random().toString(36).slice(2, 6)}`, theoryStartsAt: new Date(now.getTime() + 20 * 24 * 3600_000), venue: "长兴", rooms: [{ name: "一号考场", capacity: 30 }], ...values })
    .returning());
}
async function apply(sessionId: number, status: "pending" | "approved" | "rejected", room: string | null = null) {
  const trainee = await createUser(db, { role: "trainee" });
  const application = await returnedRow(db.insert(applications).values({ sessionId, userId: trainee.id, facts, eligibility, status, room }).returning());
  return { trainee, application };
}

describe("trainee to-dos", () => {
  it("lists the next lesson, open applications, exam times with the admission ticket and new certificates, each as its page shows them", async () => {
    const trainee = await createUser(db, { role: "trainee" });
    const cookie = await cookieOf(trainee.id);
    const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
    // A course in progress: the first lesson done, the next one is where to resume.
    const course = "elderly-caregiver-5";
    await db.insert(enrolments).values({ userId: trainee.id, courseId: course, enrolledAt: now });
    const courseLessons = await db.select().from(lessons).where(eq(lessons.courseId, course));
    const first = (await run(learnHome.loader, getRequest("/learn", { cookie }))).data as Home;
    const firstHref = todosOf(first)[`lesson:${course}`]!.href;
    const firstLessonId = firstHref.split("/").at(-1)!;
    await db.insert(lessonProgress).values({ userId: trainee.id, courseId: course, lessonId: firstLessonId, creditedSeconds: 600, completedAt: now });

    const pendingSession = await newSession(base.id);
    await db.insert(applications).values({ sessionId: pendingSession.id, userId: trainee.id, facts, eligibility, status: "pending" });
    const openSession = await newSession(base.id, { status: "open", theoryStartsAt: new Date(now.getTime() + 2 * 3600_000) });
    await db.insert(applications).values({ sessionId: openSession.id, userId: trainee.id, facts, eligibility, status: "approved", room: "一号考场" });
    const refused = await newSession(base.id);
    await db.insert(applications).values({ sessionId: refused.id, userId: trainee.id, facts, eligibility, status: "rejected" });
    await createCertificate(db, { personId: trainee.personId, issuedOn: today });
    await createCertificate(db, { personId: trainee.personId, issuedOn: "2020-01-01" });
    // Someone else's certificate is not this trainee's news.
    await createCertificate(db, { personId: (await createPerson(db)).id, issuedOn: today });

    const home = (await run(learnHome.loader, getRequest("/learn", { cookie }))).data as Home;
    const todos = todosOf(home);
    const next = todos[`lesson:${course}`]!;
    expect(next.count).toBe(courseLessons.filter((l) => l.retiredAt === null).length - 1);
    expect(next.href).not.toBe(firstHref);

    const assessments = (await run(myAssessments.loader, getRequest("/assessments", { cookie }))).data as { mine: Array<{ rejected: boolean; sessionStatus: string; ticketUrl: string | null }> };
    expect(todos.applications!.count).toBe(assessments.mine.filter((m) => !m.rejected && m.sessionStatus !== sessionStatusNames.published).length);
    expect(todos.applications!.count).toBe(2);
    // The open session's exam carries its 准考证, the draft one's points to the applications page until rooms are set.
    expect(todos[`exam:${openSession.id}`]).toMatchObject({ count: 1, href: assessments.mine.find((m) => m.ticketUrl)!.ticketUrl });
    expect(todos[`exam:${pendingSession.id}`]).toBeUndefined();

    const mine = (await run(myCertificates.loader, getRequest("/certificates", { cookie }))).data as { certificates: Array<{ issuedAt: string }> };
    expect(todos.certificates!.count).toBe(mine.certificates.filter((c) => c.issuedAt === today).length);
    expect(todos.certificates!.count).toBe(1);
  });
});

describe("training base to-dos", () => {
  it("counts applications to review, sessions to open, candidates missing scores, results to publish, 复核 and certificates to pack, only in the base's scope", async () => {
    const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
    const other = await createOrganisation(db, { type: "training_base", regionCode: "330502001" });
    const admin = await createUser(db, { role: "base_admin", organisationId: base.id });
    const cookie = await cookieOf(admin.id);

    const draft = await newSession(base.id);
    await apply(draft.id, "pending");
    await apply(draft.id, "pending");
    await apply(draft.id, "approved");
    await apply(draft.id, "rejected");
    // Another base's application is not this base's work.
    await apply((await newSession(other.id)).id, "pending");
    // Applications closed yesterday: the session now needs its examiners and 开考.
    await newSession(base.id, { applicationsCloseOn: chinaDate(new Date(now.getTime() - 24 * 3600_000)), theoryStartsAt: new Date(now.getTime() + 24 * 3600_000) });

    // An open session whose exam is over: one candidate fully scored, one without a skill score.
    const open = await newSession(base.id, { status: "open", theoryStartsAt: new Date(now.getTime() - 5 * 3600_000) });
    const examiner = await createUser(db, { role: "examiner", organisationId: base.id });
    await db.insert(sessionStaff).values({ sessionId: open.id, userId: examiner.id, duty: "examiner" });
    const done = await apply(open.id, "approved", "一号考场");
    const missing = await apply(open.id, "approved", "一号考场");
    for (const c of [done, missing]) await db.insert(theoryAttempts).values({ applicationId: c.application.id, seed: 1, paper: [], startedAt: now, deadline: now, deviceId: "d", submittedAt: now, score: 80 });
    await drawSessionSkillTasks(db, open.id);
    const task = (await firstRow(db.select().from(skillTaskDraws).where(eq(skillTaskDraws.applicationId, done.application.id))))!.taskIds;
    for (const taskId of task) await db.insert(skillScores).values({ applicationId: done.application.id, taskId, examinerId: examiner.id, items: {}, total: 90, criticalFailed: [], submittedAt: now });

    // Another open session, every part in: ready to publish.
    const ready = await newSession(base.id, { status: "open", theoryStartsAt: new Date(now.getTime() - 5 * 3600_000) });
    const sat = await apply(ready.id, "approved", "一号考场");
    await db.insert(theoryAttempts).values({ applicationId: sat.application.id, seed: 1, paper: [], startedAt: now, deadline: now, deviceId: "d", submittedAt: now, score: 70 });
    await db.insert(sessionStaff).values({ sessionId: ready.id, userId: examiner.id, duty: "examiner" });
    await drawSessionSkillTasks(db, ready.id);
    for (const taskId of (await firstRow(db.select().from(skillTaskDraws).where(eq(skillTaskDraws.applicationId, sat.application.id))))!.taskIds) {
      await db.insert(skillScores).values({ applicationId: sat.application.id, taskId, examinerId: examiner.id, items: {}, total: 75, criticalFailed: [], submittedAt: now });
    }

    // A published session: one 复核 waiting, one decided; a certificate issued and no ZIP made yet.
    const published = await newSession(base.id, { status: "published", theoryStartsAt: new Date(now.getTime() - 9 * 24 * 3600_000) });
    const passed = await apply(published.id, "approved", "一号考场");
    await db.insert(recheckRequests).values({ applicationId: passed.application.id, reason: "请核对理论成绩" });
    await db.insert(recheckRequests).values({ applicationId: passed.application.id, reason: "请核对技能成绩", answer: "维持", answeredAt: now });
    await createCertificate(db, { personId: passed.trainee.personId, source: "issued", applicationId: passed.application.id, issuerOrganisationId: base.id, verifiedAt: now });

    const home = (await run(baseHome.loader, getRequest("/base", { cookie }))).data as Home;
    const session = async (id: number) => (await run(sessionPage.loader, getRequest(`/base/assessments/${id}`, { cookie }), { sessionId: String(id) })).data as {
      applications: Array<{ status: string }>;
      results: Array<{ states: Array<{ state: string }> }>;
      rechecks: Array<{ answer: string | null }>;
    };
    expect(countOf(home, `applications:${draft.id}`)).toBe((await session(draft.id)).applications.filter((a) => a.status === "pending").length);
    expect(countOf(home, `applications:${draft.id}`)).toBe(2);
    expect(Object.keys(todosOf(home)).filter((k) => k.startsWith("applications:"))).toEqual([`applications:${draft.id}`]);

    const sessions = (await run(sessionsPage.loader, getRequest("/base/assessments", { cookie }))).data as { sessions: Array<{ id: number; status: string }> };
    expect(countOf(home, "sessions-to-open")).toBe(1);
    expect(sessions.sessions.filter((s) => s.status === sessionStatusNames.draft).length).toBe(2);

    expect(countOf(home, `scores:${open.id}`)).toBe((await session(open.id)).results.filter((r) => r.states.some((s) => s.state === "missing")).length);
    expect(countOf(home, `scores:${open.id}`)).toBe(1);
    expect(todosOf(home)[`publish:${open.id}`]).toBeUndefined();

    const publish = (await run(publishPage.loader, getRequest(`/base/assessments/${ready.id}/publish`, { cookie }), { sessionId: String(ready.id) })).data as { problems: string[]; counts: { candidates: number } };
    expect(publish.problems).toEqual([]);
    expect(countOf(home, `publish:${ready.id}`)).toBe(publish.counts.candidates);

    expect(countOf(home, `rechecks:${published.id}`)).toBe((await session(published.id)).rechecks.filter((r) => r.answer === null).length);
    expect(countOf(home, `rechecks:${published.id}`)).toBe(1);

    const packing = (await run(baseCertificates.loader, getRequest("/base/certificates", { cookie }))).data as { sessions: Array<{ certificates: number; batch: unknown }> };
    expect(countOf(home, "certificates")).toBe(packing.sessions.filter((s) => s.certificates > 0 && s.batch === null).length);
    expect(countOf(home, "certificates")).toBe(1);
  });
});

describe("examiner to-dos", () => {
  it("shows today's rooms with their candidates and the candidates still waiting for this examiner's own score", async () => {
    const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
    const examiner = await createUser(db, { role: "examiner", organisationId: base.id });
    const colleague = await createUser(db, { role: "examiner", organisationId: base.id });
    const cookie = await cookieOf(examiner.id);
    const todayNoon = new Date(`${today}T12:00:00+08:00`);
    const session = await newSession(base.id, { status: "open", theoryStartsAt: todayNoon, rooms: [{ name: "一号考场", capacity: 30 }, { name: "二号考场", capacity: 30 }] });
    await db.insert(sessionStaff).values({ sessionId: session.id, userId: examiner.id, duty: "invigilator", room: "一号考场" });
    for (const user of [examiner, colleague]) await db.insert(sessionStaff).values({ sessionId: session.id, userId: user.id, duty: "examiner" });
    const candidates = [await apply(session.id, "approved", "一号考场"), await apply(session.id, "approved", "一号考场"), await apply(session.id, "approved", "二号考场")];
    await drawSessionSkillTasks(db, session.id);
    // This examiner scored the first candidate; the colleague scored the second, which leaves two for this examiner.
    const drawn = async (applicationId: number) => (await firstRow(db.select().from(skillTaskDraws).where(eq(skillTaskDraws.applicationId, applicationId))))!.taskIds;
    for (const taskId of await drawn(candidates[0]!.application.id)) await db.insert(skillScores).values({ applicationId: candidates[0]!.application.id, taskId, examinerId: examiner.id, items: {}, total: 80, criticalFailed: [], submittedAt: now });
    for (const taskId of await drawn(candidates[1]!.application.id)) await db.insert(skillScores).values({ applicationId: candidates[1]!.application.id, taskId, examinerId: colleague.id, items: {}, total: 80, criticalFailed: [], submittedAt: now });

    const home = (await run(examinerHome.loader, getRequest("/examiner", { cookie }))).data as Home;
    const room = (await run(invigilationPage.loader, getRequest(`/examiner/sessions/${session.id}`, { cookie }), { sessionId: String(session.id) })).data as { candidates: unknown[] };
    expect(countOf(home, `today:${session.id}:invigilator`)).toBe(room.candidates.length);
    expect(countOf(home, `today:${session.id}:invigilator`)).toBe(2);

    const scoring = (await run(scoringPage.loader, getRequest(`/examiner/sessions/${session.id}/skill`, { cookie }), { sessionId: String(session.id), part: "skill" })).data as { candidates: Array<{ tasks: Array<{ id: string }>; scored: Record<string, number> }> };
    expect(countOf(home, `score:${session.id}:skill`)).toBe(scoring.candidates.filter((c) => c.tasks.some((t) => !(t.id in c.scored))).length);
    expect(countOf(home, `score:${session.id}:skill`)).toBe(2);
    expect(todosOf(home)[`score:${session.id}:skill`]!.href).toBe(`/examiner/sessions/${session.id}/skill`);
  });
});

describe("institution, district and city to-dos", () => {
  let policy: Awaited<ReturnType<typeof createAllowancePolicy>>;
  const orgs = { changxing: 0, changxing2: 0, wuxing: 0 };
  const cookies: Record<string, string> = {};
  async function list(organisationId: number, status: AllowanceListStatus, values: Partial<typeof allowanceLists.$inferInsert> = {}) {
    return await returnedRow(db.insert(allowanceLists).values({ policyId: policy.policy.id, policyVersionId: policy.version.id, organisationId, month, status, computedAt: now, ...values }).returning());
  }
  async function worker(organisationId: number, external: boolean) {
    const person = await createPerson(db);
    if (external) await createCertificate(db, { personId: person.id, verifiedAt: null });
    const w = await createWorker(db, { organisationId, personId: person.id });
    await recordWorkerMonth(db, { workerId: w.id, month });
    return w;
  }
  const home = async (loader: (args: Parameters<typeof institutionHome.loader>[0]) => Promise<unknown>, path: string, who: string) => (await run(loader, getRequest(path, { cookie: cookies[who] }))).data as Home;
  const listsOn = async (who: string, query = "") => (await run(listsPage.loader, getRequest(`/allowances${query}`, { cookie: cookies[who] }))).data as { month: string; lists: Array<{ id: number; status: string }> };

  beforeAll(async () => {
    policy = await createAllowancePolicy(db);
    orgs.changxing = (await createOrganisation(db, { type: "elderly_care", regionCode: "330522001" })).id;
    orgs.changxing2 = (await createOrganisation(db, { type: "elderly_care", regionCode: "330522002" })).id;
    orgs.wuxing = (await createOrganisation(db, { type: "elderly_care", regionCode: "330502001" })).id;
    for (const [key, spec] of Object.entries({
      institution: { role: "institution_admin", organisationId: orgs.changxing },
      district: { role: "district_officer", regionCode: "330522" },
      wuxingDistrict: { role: "district_officer", regionCode: "330502" },
      city: { role: "city_officer", regionCode: "330500" },
    } as const)) {
      cookies[key] = await cookieOf((await createUser(db, spec)).id);
    }
    await worker(orgs.changxing, true);
    await worker(orgs.changxing, true);
    await worker(orgs.changxing, false);
    await worker(orgs.wuxing, true);
  });

  it("an institution sees the ended month to declare and its workers whose certificates await confirmation, and /allowances opens on that month", async () => {
    const institution = await home(institutionHome.loader, "/institution", "institution");
    expect(todosOf(institution)[`declare:${month}`]).toMatchObject({ count: 1, href: `/allowances?month=${month}` });
    const roster = (await run(workersPage.loader, getRequest(`/institution/workers?org=${orgs.changxing}`, { cookie: cookies.institution }))).data as { workers: Array<{ certificates: Array<{ state: string }> }> };
    expect(countOf(institution, `external:${orgs.changxing}`)).toBe(roster.workers.filter((w) => w.certificates.some((c) => c.state === "待核验")).length);
    expect(countOf(institution, `external:${orgs.changxing}`)).toBe(2);
    // An older month with lists does not hide the month to declare; an explicit month still wins.
    await list(orgs.changxing, "declared", { month: "2020-01" });
    expect((await listsOn("institution")).month).toBe(month);
    expect((await listsOn("institution", "?month=2020-01")).month).toBe("2020-01");
    await list(orgs.changxing, "declared");
    expect(todosOf(await home(institutionHome.loader, "/institution", "institution"))[`declare:${month}`]).toBeUndefined();
  });

  it("an institution sees the lists the district returned, by month, and /allowances opens on the oldest of them", async () => {
    const returned = { status: "draft" as const, returnedAt: now, returnedReason: "请补充离职人员的说明" };
    await list(orgs.changxing, "draft", { ...returned, month: "2019-03" });
    await list(orgs.wuxing, "draft", { ...returned, month: "2019-02" });
    await list(orgs.changxing, "draft", { month: "2019-04" });
    const institution = await home(institutionHome.loader, "/institution", "institution");
    const onMonth = await listsOn("institution", "?month=2019-03");
    expect(todosOf(institution)["returned:2019-03"]).toMatchObject({ count: 1, href: "/allowances?month=2019-03" });
    expect(countOf(institution, "returned:2019-03")).toBe(onMonth.lists.filter((l) => (l as { returned?: boolean }).returned).length);
    // Another district's returned list and a plain draft are not this institution's to-do.
    expect(todosOf(institution)["returned:2019-02"]).toBeUndefined();
    expect(todosOf(institution)["returned:2019-04"]).toBeUndefined();
    expect((await listsOn("institution")).month).toBe("2019-03");
  });

  it("a district counts its own region's lists to review, 公示 ending and objections; the other district's are not counted", async () => {
    await list(orgs.changxing2, "declared");
    await list(orgs.wuxing, "declared");
    const older = await list(orgs.changxing2, "declared", { month: "2019-06" });
    const notice = await list(orgs.changxing2, "publicised", { month: "2019-05", noticeStartsOn: today, noticeEndsOn: today });
    const recordedBy = (await createUser(db, { role: "district_officer", regionCode: "330522" })).id;
    await db.insert(allowanceObjections).values({ listId: notice.id, raisedBy: "群众", content: "该人员已离职", recordedBy, recordedAt: now });
    await db.insert(allowanceObjections).values({ listId: notice.id, raisedBy: "群众", content: "已答复", recordedBy, recordedAt: now, resolution: "已核实", resolvedAt: now });

    const district = await home(regionHome.loader, "/region", "district");
    const onMonth = await listsOn("district", `?month=${month}`);
    expect(countOf(district, `review:${month}`)).toBe(onMonth.lists.filter((l) => l.status === listStatusNames.declared).length);
    // 长兴县: its two institutions' lists of the month (one declared by the institution above); 吴兴区's is not counted.
    expect(countOf(district, `review:${month}`)).toBe(2);
    expect(countOf(district, "review:2019-06")).toBe(1);
    const wuxing = await home(regionHome.loader, "/region", "wuxingDistrict");
    expect(countOf(wuxing, `review:${month}`)).toBe(1);
    expect(countOf(wuxing, "review:2019-06")).toBe(0);

    // /allowances opens on the oldest month waiting for this district's review.
    expect((await listsOn("district")).month).toBe(older.month);
    expect(countOf(district, "notice:2019-05")).toBe((await listsOn("district", "?month=2019-05")).lists.filter((l) => l.status === listStatusNames.publicised).length);
    const objections = (await run(listPage.loader, getRequest(`/allowances/${notice.id}`, { cookie: cookies.district }), { listId: String(notice.id) })).data as { objections: Array<{ resolution: string | null }> };
    expect(countOf(district, `objections:${notice.id}`)).toBe(objections.objections.filter((o) => o.resolution === null).length);
    expect(countOf(district, `objections:${notice.id}`)).toBe(1);

    const external = (await run(externalPage.loader, getRequest("/region/external-certificates", { cookie: cookies.district }))).data as { certificates: unknown[] };
    expect(countOf(district, "external-certificates")).toBe(external.certificates.length);
    expect(countOf(district, "external-certificates")).toBe(2);
    expect(countOf(wuxing, "external-certificates")).toBe(1);
    // Only the district reviews; the city approves.
    expect(Object.keys(todosOf(await home(regionHome.loader, "/region", "city"))).some((k) => k.startsWith("review:"))).toBe(false);
  });

  it("the city counts lists whose 公示 has ended, waiting for approval, across its districts, and /allowances opens there", async () => {
    await list(orgs.wuxing, "publicised", { month: "2018-03", noticeStartsOn: "2018-04-01", noticeEndsOn: "2018-04-10" });
    await list(orgs.changxing, "publicised", { month: "2018-03", noticeStartsOn: "2018-04-01", noticeEndsOn: "2018-04-10" });
    const city = await home(regionHome.loader, "/region", "city");
    const march = await listsOn("city", "?month=2018-03");
    expect(countOf(city, "approve:2018-03")).toBe(march.lists.filter((l) => l.status === listStatusNames.publicised).length);
    expect(countOf(city, "approve:2018-03")).toBe(2);
    expect((await listsOn("city")).month).toBe("2018-03");
    expect(countOf(city, "external-certificates")).toBe(3);
  });
});

describe("admin to-dos", () => {
  it("counts locked accounts, refused imports and password reset codes not yet used", async () => {
    const admin = await createUser(db, { role: "system_admin" });
    const cookie = await cookieOf(admin.id);
    const later = new Date(now.getTime() + 10 * 60_000);
    await db.insert(loginThrottle).values([
      { key: "pair:zhang|192.0.2.1", failures: 6, lockedUntil: later, updatedAt: now },
      { key: "pair:zhang|192.0.2.2", failures: 6, lockedUntil: later, updatedAt: now },
      { key: "user:li", failures: 50, lockedUntil: later, updatedAt: now },
      { key: "pair:wang|192.0.2.1", failures: 6, lockedUntil: new Date(now.getTime() - 1000), updatedAt: now },
    ]);
    const target = await createUser(db, { role: "trainee" });
    await db.insert(passwordResetCodes).values([
      { userId: target.id, codeHash: Buffer.from("a"), createdAt: now, expiresAt: later },
      { userId: target.id, codeHash: Buffer.from("b"), createdAt: now, expiresAt: later, usedAt: now },
    ]);
    await db.insert(auditLog).values({ at: now, event: "workforce.identity_mismatch", component: "workforce", action: "identity_mismatch", details: { file: "名册.xlsx", count: 1 } });

    const home = (await run(adminHome.loader, getRequest("/admin", { cookie }))).data as Home;
    expect(countOf(home, "locked-accounts")).toBe(2);
    expect(countOf(home, "password-resets")).toBe(1);
    const refused = todosOf(home)["imports:workforce.identity_mismatch"]!;
    const audit = (await run(auditPage.loader, getRequest(refused.href, { cookie }))).data as { events: unknown[] };
    expect(refused.count).toBe(audit.events.length);
    expect(refused.count).toBe(1);
  });
});

describe("several roles", () => {
  it("a user holding two roles sees both sections, the home page's own first", async () => {
    const base = await createOrganisation(db, { type: "training_base", regionCode: "330522001" });
    const user = await createUser(db, { role: "examiner", organisationId: base.id });
    const trainee = (await createUser(db, { role: "trainee" })).id;
    // Give the examiner the trainee role too, by copying the trainee's assignment.
    const assignment = (await firstRow(db.select().from(roleAssignments).where(eq(roleAssignments.userId, trainee))))!;
    await db.insert(roleAssignments).values({ userId: user.id, roleId: assignment.roleId });
    const page = (await run(examinerHome.loader, getRequest("/examiner", { cookie: await cookieOf(user.id) }))).data as Home;
    expect(page.todos.map((s) => s.role)).toEqual(["examiner", "trainee"]);
    expect((await todosFor(db, { id: user.id, personId: user.personId, grants: await loadGrants(db, user.id) })).map((s) => s.role)).toEqual(["examiner", "trainee"]);
  });
});
