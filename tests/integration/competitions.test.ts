import { firstRow } from "../../db/query.ts";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applications, assessmentSessions, competitionEntries, competitionResults, competitions, competitionTheorySeats, examQuestions, questions, theoryPapers, workers } from "../../db/schema.ts";
import { createOrganisation, createUser, createWorker } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { approvedSeat, saveAnswer, startAttempt, submitAttempt } from "../../app/assessment/exam.server.ts";
import { checkIn, markAbsent } from "../../app/assessment/exam-day.server.ts";
import { listSessions } from "../../app/assessment/sessions.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import {
  CompetitionRefusal,
  competitionResultsForPerson,
  createCompetition,
  decideEntry,
  enter,
  practicalTaskOf,
  resolveSpread,
  setPanel,
  stageStandings,
  stepRefusals,
  submitPracticalScores,
  takeStep,
  withdrawEntry,
} from "../../app/competitions/competitions.server.ts";
import type { Competition } from "../../app/competitions/competitions.server.ts";
import { judgeTodos, organiserTodos } from "../../app/competitions/todos.server.ts";
import * as organiserPage from "../../app/competitions/routes/region-competition.tsx";
import * as entryPage from "../../app/competitions/routes/org-competition.tsx";
import * as judgePage from "../../app/competitions/routes/judge-competition.tsx";
import * as publicPage from "../../app/competitions/routes/public-results.tsx";
import { getRequest, postRequest, run } from "../setup/requests.ts";

/**
 * A 长兴县 养老护理员（五级） competition from entry to public results: entries refused after the closing day, the 初赛
 * a theory paper drawn by the exam engine from the EXAM pool, the 决赛 adding a practical part scored by a panel of
 * three examiners (spreads flagged), awards by rank, publishing confirmed with numbers and withdrawable until final.
 */
const cookieOf = async (userId: number) => `carecert_session=${(await createLoginSession(db, userId)).token}`;
const by = (userId: number) => ({ userId, ip: "192.0.2.7" });
const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`);

let competition: Competition;
let officer: { id: number; cookie: string };
let institutionAdmin: { id: number; cookie: string };
let hostBaseId: number;
const judges: Array<{ id: number; cookie: string }> = [];
let outsideExaminer: number;
type Competitor = { userId: number; personId: number; idNumber: string; name: string; entryId?: number };
const competitors: Competitor[] = [];

const reload = async () => (competition = (await firstRow(db.select().from(competitions).where(eq(competitions.id, competition.id))))!);
const refusalOf = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
  } catch (error) {
    if (error instanceof CompetitionRefusal) return error.message;
    throw error;
  }
  return null;
};

/** Sits the candidate's paper of a stage, answering `correct` questions right; checked in at the door by a judge first. */
async function sitTheory(c: Competitor, stage: "preliminary" | "final", correct: number, now: Date) {
  const seat = (await firstRow(db.select().from(competitionTheorySeats).where(and(eq(competitionTheorySeats.entryId, c.entryId!), eq(competitionTheorySeats.stage, stage)))))!;
  const sessionId = await sessionIdOf(seat.applicationId);
  expect(await checkIn(db, { sessionId, part: "theory", idNumber: c.idNumber, rooms: ["竞赛考场"], by: by(judges[0]!.id) }, now)).toMatchObject({ ok: true });
  const attempt = await startAttempt(db, (await approvedSeat(db, c.userId, sessionId))!, "192.0.2.9", now);
  const key = new Map((await db.select().from(examQuestions).where(inArray(examQuestions.id, attempt.paper.map((q) => q.questionId)))).map((q) => [q.id, q.answer]));
  for (const [i, q] of attempt.paper.slice(0, correct).entries()) {
    const shown = key.get(q.questionId)!.map((original) => q.optionOrder.indexOf(original));
    expect(await saveAnswer(db, { attemptId: attempt.id, userId: c.userId, deviceId: attempt.deviceId, questionId: q.questionId, choice: shown, seq: i + 1, ip: "192.0.2.9" }, now)).toEqual({ status: "saved" });
  }
  return submitAttempt(db, attempt.id, "192.0.2.9", new Date(now.getTime() + 60_000 * (correct + 1)));
}
const sessionIdOf = async (applicationId: number) => (await firstRow(db.select().from(applications).where(eq(applications.id, applicationId))))!.sessionId;

/** Item scores adding up to `total` on the task's rubric: every item full, less what the total leaves out (critical items kept). */
function itemsWorth(task: NonNullable<Awaited<ReturnType<typeof practicalTaskOf>>>, total: number): Record<string, number> {
  let missing = 100 - total;
  return Object.fromEntries(
    task.rubric.map((item) => {
      const off = item.critical ? 0 : Math.min(item.points, missing);
      missing -= off;
      return [item.id, item.points - off];
    }),
  );
}

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  hostBaseId = (await createOrganisation(db, { type: "training_base", regionCode: "330522001", name: "长兴县测试培训学校" })).id;
  const wuxingBase = (await createOrganisation(db, { type: "training_base", regionCode: "330502001" })).id;
  const institution = (await createOrganisation(db, { type: "elderly_care", regionCode: "330522001", name: "长兴县测试养老院" })).id;
  const o = await createUser(db, { role: "district_officer", regionCode: "330522" });
  officer = { id: o.id, cookie: await cookieOf(o.id) };
  const a = await createUser(db, { role: "institution_admin", organisationId: institution });
  institutionAdmin = { id: a.id, cookie: await cookieOf(a.id) };
  for (let i = 0; i < 4; i++) {
    const j = await createUser(db, { role: "examiner", organisationId: hostBaseId });
    judges.push({ id: j.id, cookie: await cookieOf(j.id) });
  }
  outsideExaminer = (await createUser(db, { role: "examiner", organisationId: wuxingBase })).id;
  for (const name of ["赵一鸣", "钱二妹", "孙三强", "李四海", "周五福"]) {
    const u = await createUser(db, { role: "trainee", name });
    await createWorker(db, { organisationId: institution, personId: u.person.id });
    competitors.push({ userId: u.id, personId: u.person.id, idNumber: u.person.idNumber, name });
  }
  competition = await createCompetition(
    db,
    {
      title: "2026年长兴县养老护理职业技能竞赛",
      occupation: "elderly_caregiver",
      levels: [5],
      regionCode: "330522",
      hostOrganisationId: hostBaseId,
      entriesCloseOn: "2026-12-10",
      preliminaryOn: "2026-12-15",
      finalOn: "2026-12-20",
      advanceCount: 3,
      preliminaryWeights: { theory: 100, practical: 0 },
      finalWeights: { theory: 30, practical: 70 },
      awards: [
        { award: "first", count: 1, promotion: true, amount: 3000 },
        { award: "second", count: 1, promotion: false, amount: 1000 },
        { award: "merit", share: 50, promotion: false, amount: 0 },
      ],
    },
    by(officer.id),
  );
});

describe("a skills competition", () => {
  it("takes entries from the region's institutions until the closing day, and withdrawals only until then", async () => {
    const before = at("2026-12-05");
    for (const c of competitors) c.entryId = (await enter(db, competition, { userId: c.userId, organisationId: await institutionOf(), level: 5 }, by(institutionAdmin.id), before)).id;
    expect(await refusalOf(async () => enter(db, competition, { userId: competitors[0]!.userId, organisationId: await institutionOf(), level: 5 }, by(institutionAdmin.id), before))).toBe("该人员已报名本竞赛");
    expect(await refusalOf(async () => enter(db, competition, { userId: judges[3]!.id, organisationId: await institutionOf(), level: 5 }, by(institutionAdmin.id), at("2026-12-11")))).toBe("报名已于 2026-12-10 截止，不能再报名");
    expect(await refusalOf(async () => withdrawEntry(db, competition, competitors[4]!.entryId!, [await institutionOf()], by(institutionAdmin.id), at("2026-12-11")))).toBe("报名已于 2026-12-10 截止，不能再撤回报名");
    await withdrawEntry(db, competition, competitors[4]!.entryId!, [await institutionOf()], by(institutionAdmin.id), at("2026-12-10", "23:00"));
    expect((await firstRow(db.select().from(competitionEntries).where(eq(competitionEntries.id, competitors[4]!.entryId!))))!.status).toBe("withdrawn");
    // The entry page offers only the institution's own workers; a trainee cannot reach it at all.
    const page = await run(entryPage.loader, getRequest(`/org/competitions/${competition.id}`, { cookie: institutionAdmin.cookie }), { competitionId: String(competition.id) });
    expect(page.status).toBe(200);
    const trainee = await run(entryPage.loader, getRequest(`/org/competitions/${competition.id}`, { cookie: await cookieOf(competitors[0]!.userId) }), { competitionId: String(competition.id) });
    expect(trainee.status).toBe(403);
  });

  it("is out of reach of another district's officer and its institutions", async () => {
    const wuxing = await createUser(db, { role: "district_officer", regionCode: "330502" });
    expect((await run(organiserPage.loader, getRequest(`/region/competitions/${competition.id}`, { cookie: await cookieOf(wuxing.id) }), { competitionId: String(competition.id) })).status).toBe(404);
    const city = await createUser(db, { role: "city_officer", regionCode: "330500" });
    expect((await run(organiserPage.loader, getRequest(`/region/competitions/${competition.id}`, { cookie: await cookieOf(city.id) }), { competitionId: String(competition.id) })).status).toBe(200);
    const wuxingHome = (await createOrganisation(db, { type: "elderly_care", regionCode: "330502001" })).id;
    const wuxingAdmin = await createUser(db, { role: "institution_admin", organisationId: wuxingHome });
    expect((await run(entryPage.loader, getRequest(`/org/competitions/${competition.id}`, { cookie: await cookieOf(wuxingAdmin.id) }), { competitionId: String(competition.id) })).status).toBe(404);
    expect((await run(judgePage.loader, getRequest(`/examiner/competitions/${competition.id}`, { cookie: judges[0]!.cookie }), { competitionId: String(competition.id) })).status).toBe(404);
  });

  it("has every entry decided, a rejection with its reason, and a panel of the region's qualified examiners, odd in number", async () => {
    const [a, b, c, d] = competitors;
    expect(await refusalOf(async () => decideEntry(db, competition, { entryId: d!.entryId!, decision: "rejected", reason: " " }, by(officer.id)))).toBe("不予通过须写明理由");
    for (const x of [a, b, c, d]) await decideEntry(db, competition, { entryId: x!.entryId!, decision: "accepted", reason: "" }, by(officer.id));
    expect(await organiserTodos(db, { any: false, own: false, organisationIds: [], regionCodes: ["330522"] })).toEqual([]);
    expect(await refusalOf(async () => setPanel(db, competition, [judges[0]!.id, outsideExaminer, judges[1]!.id], by(officer.id)))).toBe("只能指派本辖区培训基地中具备该职业等级考评员资格的考评员");
    await setPanel(db, competition, [judges[0]!.id, judges[1]!.id], by(officer.id));
    expect((await stepRefusals(db, competition, at("2026-12-20")))["open-final"]).toBe("竞赛当前为“报名中”，不能开始决赛");
  });

  it("holds the 初赛 only on its day, with papers drawn from the level's exam pool into a session the base's pages do not list", async () => {
    expect(await refusalOf(async () => takeStep(db, competition, "open-preliminary", by(officer.id), at("2026-12-10")))).toBe("报名于 2026-12-10 截止，截止后才能开始初赛");
    expect(await refusalOf(async () => takeStep(db, competition, "open-preliminary", by(officer.id), at("2026-12-14")))).toBe("初赛定于 2026-12-15，当天才能开始");
    await takeStep(db, competition, "open-preliminary", by(officer.id), at("2026-12-15", "09:00"));
    await reload();
    expect(competition.status).toBe("preliminary");
    const seats = await db.select().from(competitionTheorySeats);
    expect(seats).toHaveLength(4);
    const papers = await db.select().from(theoryPapers).where(inArray(theoryPapers.applicationId, seats.map((s) => s.applicationId)));
    expect(papers).toHaveLength(4);
    const ids = papers.flatMap((p) => p.paper.map((q) => q.questionId));
    // Every question is from the 五级 exam pool; none is a practice question.
    expect((await db.select().from(examQuestions).where(inArray(examQuestions.id, ids))).every((q) => q.level === 5 && q.occupation === "elderly_caregiver")).toBe(true);
    expect(new Set((await db.select().from(examQuestions).where(inArray(examQuestions.id, ids))).map((q) => q.id)).size).toBe(new Set(ids).size);
    expect(await db.select().from(questions).where(inArray(questions.id, ids))).toEqual([]);
    // The host base's certification pages never see the competition's session.
    expect(await listSessions(db, { any: false, own: false, organisationIds: [hostBaseId], regionCodes: [] })).toEqual([]);
  });

  it("ranks the 初赛 by the theory paper and sends the top places on; an absent competitor is not ranked", async () => {
    const [a, b, c, d] = competitors;
    const start = at("2026-12-15", "09:05");
    await sitTheory(a!, "preliminary", 30, start);
    await sitTheory(b!, "preliminary", 40, start);
    await sitTheory(c!, "preliminary", 20, start);
    expect((await stepRefusals(db, competition, at("2026-12-15", "12:00"))).advance).toBe("初赛尚未评完（每位选手须有成绩或记为缺考，评分差异须处理），不能公布晋级名单");
    const dSeat = (await firstRow(db.select().from(competitionTheorySeats).where(eq(competitionTheorySeats.entryId, d!.entryId!))))!;
    expect(await markAbsent(db, { sessionId: await sessionIdOf(dSeat.applicationId), part: "theory", applicationIds: [dSeat.applicationId], rooms: null, startsAt: at("2026-12-15", "09:00"), by: by(judges[0]!.id) }, at("2026-12-15", "09:30"))).toEqual({ ok: true, marked: 1 });
    const standings = await stageStandings(db, competition, "preliminary", at("2026-12-15", "12:00"));
    expect(standings.byLevel[0]!.ranked.map((r) => [r.entryId, r.rank])).toEqual([
      [b!.entryId, 1],
      [a!.entryId, 2],
      [c!.entryId, 3],
      [d!.entryId, null],
    ]);
    await takeStep(db, competition, "advance", by(officer.id), at("2026-12-15", "12:00"));
    await reload();
    expect((await db.select().from(competitionEntries).where(eq(competitionEntries.finalist, true))).map((e) => e.id).sort()).toEqual([a!.entryId, b!.entryId, c!.entryId].sort());
  });

  it("opens the 决赛 on its day with an odd panel and takes no practical score before that day or twice", async () => {
    expect(await refusalOf(async () => takeStep(db, competition, "open-final", by(officer.id), at("2026-12-19")))).toBe("决赛定于 2026-12-20，当天才能开始");
    expect(await refusalOf(async () => takeStep(db, competition, "open-final", by(officer.id), at("2026-12-20")))).toBe("评委至少 3 名，现有 2 名");
    await setPanel(db, competition, [judges[0]!.id, judges[1]!.id, judges[2]!.id], by(officer.id));
    await takeStep(db, competition, "open-final", by(officer.id), at("2026-12-20", "08:30"));
    await reload();
    const task = (await practicalTaskOf(db, competition, "final", 5))!;
    expect(task.rubric.length).toBeGreaterThan(0);
    const a = competitors[0]!;
    expect(await submitPracticalScores(db, competition, { entryId: a.entryId!, judgeId: judges[0]!.id, items: itemsWorth(task, 80) }, by(judges[0]!.id), at("2026-12-19"))).toEqual(["决赛定于 2026-12-20，比赛当天才能评分"]);
    expect(await submitPracticalScores(db, competition, { entryId: a.entryId!, judgeId: judges[3]!.id, items: itemsWorth(task, 80) }, by(judges[3]!.id), at("2026-12-20"))).toEqual(["您不是本竞赛的评委"]);
    expect(await submitPracticalScores(db, competition, { entryId: a.entryId!, judgeId: judges[0]!.id, items: itemsWorth(task, 80) }, by(judges[0]!.id), at("2026-12-20"))).toEqual([]);
    expect(await submitPracticalScores(db, competition, { entryId: a.entryId!, judgeId: judges[0]!.id, items: itemsWorth(task, 90) }, by(judges[0]!.id), at("2026-12-20"))).toEqual(["您已提交过该选手的评分，不能修改"]);
    expect(await judgeTodos(db, judges[0]!.id)).toEqual([{ key: `competition-judge:${competition.id}`, label: `待我评分的竞赛选手 · ${competition.title}`, count: 2, href: `/examiner/competitions/${competition.id}` }]);
  });

  it("flags a spread between judges for the organiser and publishes only when every part is complete, after confirmation", async () => {
    const [a, b, c] = competitors;
    const task = (await practicalTaskOf(db, competition, "final", 5))!;
    const day = at("2026-12-20", "10:00");
    const score = async (x: Competitor, judge: number, total: number) => expect(await submitPracticalScores(db, competition, { entryId: x.entryId!, judgeId: judges[judge]!.id, items: itemsWorth(task, total) }, by(judges[judge]!.id), day)).toEqual([]);
    await score(a!, 1, 82);
    await score(a!, 2, 84); // a: mean 82
    await score(b!, 0, 70);
    await score(b!, 1, 72);
    await score(b!, 2, 74); // b: mean 72
    await score(c!, 0, 60);
    await score(c!, 1, 90);
    await score(c!, 2, 75); // c: spread 30, flagged
    for (const [x, correct] of [[a, 35], [b, 35], [c, 30]] as const) await sitTheory(x!, "final", correct, at("2026-12-20", "09:00"));
    const flagged = (await stageStandings(db, competition, "final", day)).competitors.find((x) => x.entryId === c!.entryId)!;
    expect(flagged).toMatchObject({ unresolvedSpread: true, spread: 30, practicalState: "missing" });
    expect((await stepRefusals(db, competition, day)).publish).toBe("决赛尚未评完（每位选手须有成绩或记为缺考，评分差异须处理），不能发布结果");
    expect((await organiserTodos(db, { any: false, own: false, organisationIds: [], regionCodes: ["330522"] })).map((t) => [t.key, t.count])).toEqual([[`competition-scores:${competition.id}`, 1]]);
    await resolveSpread(db, competition, { entryId: c!.entryId!, decision: "rescore", score: 77, reason: "现场录像复评" }, by(officer.id), day);

    const params = { competitionId: String(competition.id) };
    const unconfirmed = await run(organiserPage.action, postRequest(`/region/competitions/${competition.id}`, { intent: "publish" }, { cookie: officer.cookie }), params);
    expect(unconfirmed.status).toBe(400);
    expect((await reload()).status).toBe("final");
    const published = await run(organiserPage.action, postRequest(`/region/competitions/${competition.id}`, { intent: "publish", confirmed: "yes" }, { cookie: officer.cookie }), params);
    expect(published.status).toBe(302);
    expect((await reload()).status).toBe("published");
    // Both stages' paper sessions are closed: no duty or open application outlives the competition.
    expect((await db.select().from(assessmentSessions)).map((s) => s.status)).toEqual(["published", "published"]);
    // By hand (50 questions of 2 points; total = 0.3 × theory + 0.7 × practical): a 21 + 57.4, c 18 + 53.9 (rescored 77),
    // b 21 + 50.4. Merit is 50 % of 3 ranked, rounded down: 1.
    const results = await db.select().from(competitionResults);
    expect([...results].sort((x, y) => x.rank - y.rank).map((r) => [r.entryId, r.theoryScore, r.practicalScore, r.total, r.rank, r.award, r.promotionLevel, r.amount])).toEqual([
      [a!.entryId, 70, 82, 78.4, 1, "first", 4, 3000],
      [c!.entryId, 60, 77, 71.9, 2, "second", null, 1000],
      [b!.entryId, 70, 72, 71.4, 3, "merit", null, 0],
    ]);
  });

  it("shows masked results publicly, withdraws them until final, and gives the worker their own result", async () => {
    const params = { competitionId: String(competition.id) };
    const page = await run<{ groups: Array<{ rows: Array<{ name: string; organisation: string }> }> }>(publicPage.loader, getRequest(`/notices/competitions/${competition.id}`), params);
    expect(page.status).toBe(200);
    expect(page.data!.groups[0]!.rows.map((r) => r.name)).toEqual(["赵*鸣", "孙*强", "钱*妹"]);
    expect(JSON.stringify(page.data)).not.toContain(competitors[0]!.idNumber);
    expect(await competitionResultsForPerson(db, competitors[0]!.personId)).toMatchObject([{ competitionId: competition.id, rank: 1, award: "first", promotionLevel: 4, amount: 3000, final: false }]);

    const withdraw = await run(organiserPage.action, postRequest(`/region/competitions/${competition.id}`, { intent: "withdraw-results", confirmed: "yes" }, { cookie: officer.cookie }), params);
    expect(withdraw.status).toBe(302);
    expect((await run(publicPage.loader, getRequest(`/notices/competitions/${competition.id}`), params)).status).toBe(404);
    expect(await competitionResultsForPerson(db, competitors[0]!.personId)).toEqual([]);

    await run(organiserPage.action, postRequest(`/region/competitions/${competition.id}`, { intent: "publish", confirmed: "yes" }, { cookie: officer.cookie }), params);
    await run(organiserPage.action, postRequest(`/region/competitions/${competition.id}`, { intent: "finalise", confirmed: "yes" }, { cookie: officer.cookie }), params);
    expect((await reload()).status).toBe("closed");
    const late = await run<{ error: string }>(organiserPage.action, postRequest(`/region/competitions/${competition.id}`, { intent: "withdraw-results", confirmed: "yes" }, { cookie: officer.cookie }), params);
    expect(late.status).toBe(409);
    expect(late.data!.error).toBe("竞赛当前为“结果已定稿”，不能撤回竞赛结果");
    expect((await competitionResultsForPerson(db, competitors[0]!.personId))[0]).toMatchObject({ final: true, rank: 1 });
  });
});

async function institutionOf(): Promise<number> {
  return (await firstRow(db.select().from(workers).where(eq(workers.personId, competitors[0]!.personId))))!.organisationId;
}
