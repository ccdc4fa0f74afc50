import { firstRow, returnedRow } from "../../db/query.ts";
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  applications,
  assessmentPlans,
  assessmentResults,
  assessmentSessions,
  attemptAnswers,
  auditLog,
  certificateEditions,
  certificates,
  competitionEntries,
  competitionJudges,
  competitions,
  competitionScores,
  competitionSittings,
  competitionSpreadResolutions,
  competitionTheorySeats,
  partAttendance,
  recheckRequests,
  skillScores,
  theoryAttempts,
} from "../../db/schema.ts";
import { createOrganisation, createUser } from "../../seeds/factories.ts";
import { db } from "../../app/db.server.ts";
import { loadContent } from "../../app/learning/content/load-content.ts";
import { syncContent } from "../../app/learning/content/sync-content.ts";
import { seedAssessmentDefaults } from "../../app/assessment/assessment-defaults.server.ts";
import { approvedSeat, approveTakeover, logPageLeft, requestTakeover, saveAnswer, startAttempt, submitAttempt } from "../../app/assessment/exam.server.ts";
import { decideRecheck, publishResults, requestRecheck, submitPartScores } from "../../app/assessment/results.server.ts";
import { createSession as createLoginSession } from "../../app/auth/session.server.ts";
import { reissueCertificate, revokeCertificate } from "../../app/certificates/certificates.server.ts";
import { CompetitionRefusal, createCompetition, decideEntry, enter, markPracticalAbsent, practicalTaskOf, resolveSpread as resolveCompetitionSpread, setPanel, submitPracticalScores, takeStep } from "../../app/competitions/competitions.server.ts";
import * as exam from "../../app/assessment/routes/exam.tsx";
import { scoredSession } from "../setup/certificate-fixtures.ts";
import { postRequest, run } from "../setup/requests.ts";

/**
 * Check-then-write races (issue #16). Before the data layer became async, a check and the transaction acting on it ran
 * synchronously, so nothing could come between. Now requests interleave at every await, and on PostgreSQL two
 * transactions run at once (READ COMMITTED). Each test sends two actions at once and checks the invariant the check
 * protects. Some races show on SQLite too (a check read before the transaction, another request's transaction in
 * between); those marked "PostgreSQL" need two transactions open at once and only bite in the PostgreSQL suite.
 */

const by = (userId: number | null) => ({ userId, ip: "192.0.2.44" });
/** Lets `n` microtasks pass: on SQLite a request's queries resolve as microtasks, so this is where it has got to. */
const microtasks = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

let baseId: number;
let planId: number;

beforeAll(async () => {
  await syncContent(db, loadContent("content/courses").courses);
  await seedAssessmentDefaults(db);
  baseId = (await createOrganisation(db, { type: "training_base", name: "长兴县并发测试培训学校", regionCode: "330522001", evaluationKind: "S", evaluatorCode: "0137", siteCode: "052201" })).id;
  planId = (await db.select().from(assessmentPlans)).find((p) => p.occupation === "elderly_caregiver" && p.level === 5)!.id;
});

describe("scoring and publishing results", () => {
  it("a score sent while the results are published either counts in them or is refused", async () => {
    // The examiner's request arrives at every point of the publication in turn.
    for (let wait = 0; wait <= 400; wait += 20) await scoreWhilePublishing(wait);
  });

  /** One candidate scored 100 by the session's examiner; a second examiner's 99 arrives `wait` microtasks into publishing. */
  async function scoreWhilePublishing(wait: number) {
    const { session, candidates } = await scoredSession(db, baseId, [{ theory: 80 }]);
    const [candidate] = candidates;
    // A qualified examiner whose score the session does not wait for (the session's one examiner has scored).
    const late = await createUser(db, { role: "examiner", organisationId: baseId });
    const taskId = (await firstRow(db.select({ taskId: skillScores.taskId }).from(skillScores).where(eq(skillScores.applicationId, candidate!.applicationId))))!.taskId;
    const plan = (await firstRow(db.select().from(assessmentPlans).where(eq(assessmentPlans.id, planId))))!;
    const rubric = plan.skillTasks.find((t) => t.id === taskId)!.rubric;
    // One point off a non-critical item: 99, within the spread threshold of the first examiner's 100.
    const off = rubric.find((item) => !item.critical)!.id;
    const items = Object.fromEntries(rubric.map((item) => [item.id, item.id === off ? item.points - 1 : item.points]));
    const publishing = publishResults(db, session.id, by(null));
    await microtasks(wait);
    const scored = await submitPartScores(db, { sessionId: session.id, applicationId: candidate!.applicationId, part: "skill", taskId, examinerId: late.id, items }, by(late.id));
    expect((await publishing).problems, `wait ${wait}`).toEqual([]);
    const scores = await db.select({ total: skillScores.total }).from(skillScores).where(eq(skillScores.applicationId, candidate!.applicationId));
    const result = (await firstRow(db.select().from(assessmentResults).where(eq(assessmentResults.applicationId, candidate!.applicationId))))!;
    if (scored.length === 0) {
      // Taken before publication: the published skill score is the mean of both.
      expect(scores, `wait ${wait}`).toHaveLength(2);
      expect(result.skillScore, `wait ${wait}`).toBe(99.5);
    } else {
      // Refused after publication: nothing stored that the result does not show.
      expect(scored, `wait ${wait}`).toEqual(["批次未在考试中，不能评分"]);
      expect(scores, `wait ${wait}`).toHaveLength(1);
      expect(result.skillScore, `wait ${wait}`).toBe(100);
    }
  }

  it("two publishes at once write the results and issue the certificates once (PostgreSQL: both read the session open)", async () => {
    const { session, candidates } = await scoredSession(db, baseId, [{ theory: 90 }, { theory: 85 }]);
    const outcomes = await Promise.all([publishResults(db, session.id, by(null)), publishResults(db, session.id, by(null))]);
    expect(outcomes.map((o) => o.problems).sort()).toEqual([[], ["成绩已经发布"]]);
    const ids = candidates.map((c) => c.applicationId);
    expect(await db.select().from(assessmentResults).where(inArray(assessmentResults.applicationId, ids))).toHaveLength(2);
    expect(await db.select().from(certificates).where(inArray(certificates.applicationId, ids))).toHaveLength(2);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.event, "assessment.results_published"), eq(auditLog.targetId, String(session.id))))).toHaveLength(1);
  });
});

describe("overdue papers closed inside the caller's transaction", () => {
  it("publishing closes a paper left open past its deadline in its own transaction and publishes its score", async () => {
    const { session, candidates } = await scoredSession(db, baseId, [{ theory: 0 }]);
    const [candidate] = candidates;
    // Nobody opened the candidate's page after the deadline: the paper is still open.
    await db.update(theoryAttempts).set({ submittedAt: null, score: null, deadline: new Date(Date.now() - 60_000) }).where(eq(theoryAttempts.applicationId, candidate!.applicationId));
    expect((await publishResults(db, session.id, by(null))).problems).toEqual([]);
    const attempt = (await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.applicationId, candidate!.applicationId))))!;
    expect(attempt).toMatchObject({ autoSubmitted: true, score: 0 });
    expect((await firstRow(db.select().from(assessmentResults).where(eq(assessmentResults.applicationId, candidate!.applicationId))))).toMatchObject({ theoryScore: 0, passed: false });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.event, "assessment.exam_auto_submitted"), eq(auditLog.targetId, String(attempt.id))))).toHaveLength(1);
  });
});

describe("re-checks (复核)", () => {
  /** A published candidate who failed theory and skill (50 each), with two re-check requests. */
  async function failedTwice() {
    const { session, candidates } = await scoredSession(db, baseId, [{ theory: 50 }]);
    expect((await publishResults(db, session.id, by(null))).problems).toEqual([]);
    const [candidate] = candidates;
    // The fixture scores the skill part full; this candidate failed it too.
    await db.update(assessmentResults).set({ skillScore: 50 }).where(eq(assessmentResults.applicationId, candidate!.applicationId));
    await requestRecheck(db, candidate!.applicationId, candidate!.id, "理论第 3 题判分有误", "192.0.2.5");
    await requestRecheck(db, candidate!.applicationId, candidate!.id, "技能操作评分偏低", "192.0.2.5");
    const rechecks = await db.select().from(recheckRequests).where(eq(recheckRequests.applicationId, candidate!.applicationId)).orderBy(asc(recheckRequests.id));
    const chief = await createUser(db, { role: "examiner", organisationId: baseId });
    return { session, candidate: candidate!, rechecks, chief };
  }

  it("two decisions on different parts at once both count: the pass is computed from both new scores", async () => {
    const { session, candidate, rechecks, chief } = await failedTwice();
    const decide = (recheckId: number, part: "theory" | "skill") =>
      decideRecheck(db, { sessionId: session.id, recheckId, part, decision: "change", score: 80, reason: "复核后改分", chiefId: chief.id }, by(chief.id));
    expect(await Promise.all([decide(rechecks[0]!.id, "theory"), decide(rechecks[1]!.id, "skill")])).toEqual([[], []]);
    const result = (await firstRow(db.select().from(assessmentResults).where(eq(assessmentResults.applicationId, candidate.applicationId))))!;
    expect(result).toMatchObject({ theoryScore: 80, skillScore: 80, passed: true });
    // Passing now, the candidate holds a certificate.
    expect(await db.select().from(certificates).where(eq(certificates.applicationId, candidate.applicationId))).toHaveLength(1);
    const decided = await db.select().from(recheckRequests).where(eq(recheckRequests.applicationId, candidate.applicationId)).orderBy(asc(recheckRequests.id));
    expect(decided.map((r) => [r.part, r.previousScore, r.newScore])).toEqual([
      ["theory", 50, 80],
      ["skill", 50, 80],
    ]);
  });

  it("one request decided twice at once is decided once (PostgreSQL: both read it unanswered)", async () => {
    for (let round = 0; round < 4; round++) {
      const { session, candidate, rechecks, chief } = await failedTwice();
      const decide = (score: number) => decideRecheck(db, { sessionId: session.id, recheckId: rechecks[0]!.id, part: "theory", decision: "change", score, reason: "复核后改分", chiefId: chief.id }, by(chief.id));
      const outcomes = await Promise.all([decide(70), decide(40)]);
      expect(outcomes.map((o) => o.join()).sort()).toEqual(["", "该复核申请已经决定"]);
      const decided = (await firstRow(db.select().from(recheckRequests).where(eq(recheckRequests.id, rechecks[0]!.id))))!;
      const result = (await firstRow(db.select().from(assessmentResults).where(eq(assessmentResults.applicationId, candidate.applicationId))))!;
      expect(decided.previousScore).toBe(50);
      expect(result.theoryScore).toBe(decided.newScore);
      expect(await db.select().from(auditLog).where(and(eq(auditLog.event, "assessment.recheck_decided"), eq(auditLog.targetId, String(rechecks[0]!.id))))).toHaveLength(1);
    }
  });
});

describe("certificates", () => {
  async function issued() {
    const { session, candidates } = await scoredSession(db, baseId, [{ theory: 88 }]);
    expect((await publishResults(db, session.id, by(null))).problems).toEqual([]);
    return (await firstRow(db.select().from(certificates).where(eq(certificates.applicationId, candidates[0]!.applicationId))))!;
  }
  const editionsOf = (certificateId: number) => db.select().from(certificateEditions).where(eq(certificateEditions.certificateId, certificateId)).orderBy(asc(certificateEditions.edition));

  it("a 补发 racing a revocation leaves no valid edition of a revoked certificate, whichever is sent first", async () => {
    for (const revokeFirst of [false, true]) {
      const certificate = await issued();
      // Both pages loaded the certificate before either officer acted.
      const reissue = () => reissueCertificate(db, certificate, "原证书遗失", by(null));
      const revoke = () => revokeCertificate(db, certificate, "以欺骗手段取得", by(null));
      const [reissued, revoked] = revokeFirst ? await Promise.all([revoke(), reissue()]).then(([r, i]) => [i, r]) : await Promise.all([reissue(), revoke()]);
      expect(revoked).toEqual([]);
      expect((await firstRow(db.select().from(certificates).where(eq(certificates.id, certificate.id))))!.revokedAt).not.toBeNull();
      const editions = await editionsOf(certificate.id);
      expect(editions.filter((e) => e.revokedAt === null), `revoke first: ${revokeFirst}`).toEqual([]);
      expect(editions).toHaveLength(reissued!.length === 0 ? 2 : 1);
      if (reissued!.length > 0) expect(reissued).toEqual(["证书已吊销，不能补发"]);
    }
  });

  it("two 补发 at once give two editions in turn (PostgreSQL: both read the same current edition)", async () => {
    const certificate = await issued();
    expect(await Promise.all([reissueCertificate(db, certificate, "原证书遗失", by(null)), reissueCertificate(db, certificate, "原证书损毁", by(null))])).toEqual([[], []]);
    const editions = await editionsOf(certificate.id);
    expect(editions.map((e) => e.edition)).toEqual([1, 2, 3]);
    expect(editions.filter((e) => e.supersededAt === null).map((e) => e.edition)).toEqual([3]);
  });
});

describe("the theory exam", () => {
  let sessionId: number;
  beforeAll(async () => {
    sessionId = (await returnedRow(db.insert(assessmentSessions).values({ organisationId: baseId, planId, name: "并发考试批次", theoryStartsAt: new Date("2026-01-01T01:00:00Z"), venue: "长兴", rooms: [{ name: "一号考场", capacity: 60 }], status: "open" }).returning())).id;
  });

  async function started() {
    const user = await createUser(db, { role: "trainee" });
    await db.insert(applications).values({ sessionId, userId: user.id, facts: { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room: "一号考场" });
    const attempt = await startAttempt(db, (await approvedSeat(db, user.id, sessionId))!, "192.0.2.1");
    return { user, attempt, cookie: `carecert_session=${(await createLoginSession(db, user.id)).token}` };
  }
  const eventsOf = async (attemptId: number) =>
    (await db.select({ event: auditLog.event }).from(auditLog).where(and(eq(auditLog.targetTable, "theory_attempts"), eq(auditLog.targetId, String(attemptId)))).orderBy(asc(auditLog.id))).map((r) => r.event);

  it("an answer saved as the paper is handed in is either graded or refused (PostgreSQL: the save read the attempt open)", async () => {
    for (let i = 0; i < 8; i++) {
      const { user, attempt } = await started();
      const question = attempt.paper.find((q) => q.type === "single")!;
      const [saved] = await Promise.all([
        saveAnswer(db, { attemptId: attempt.id, userId: user.id, deviceId: attempt.deviceId, questionId: question.questionId, choice: [0], seq: 1, ip: "192.0.2.1" }),
        submitAttempt(db, attempt.id, "192.0.2.1"),
      ]);
      const stored = await db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id));
      const handIn = (await firstRow(db.select().from(auditLog).where(and(eq(auditLog.event, "assessment.exam_submitted"), eq(auditLog.targetId, String(attempt.id))))))!;
      // The hand-in graded exactly what is stored: a save acknowledged is in the paper's score.
      expect((handIn.details as { answered: number }).answered).toBe(stored.length);
      expect(saved).toEqual(stored.length === 1 ? { status: "saved" } : { status: "refused", reason: "closed" });
    }
  });

  it("a page-left note is not logged after the paper was handed in", async () => {
    for (let round = 0; round < 5; round++) {
      const { user, attempt } = await started();
      const [logged] = await Promise.all([logPageLeft(db, { attemptId: attempt.id, userId: user.id, ip: "192.0.2.1" }), submitAttempt(db, attempt.id, "192.0.2.1")]);
      const events = await eventsOf(attempt.id);
      expect(events.at(-1)).toBe("assessment.exam_submitted");
      expect(events.includes("assessment.exam_page_left")).toBe(logged);
    }
  });

  it("a hand-in from the old device is refused once the invigilator approved the takeover, however the two interleave", async () => {
    const invigilator = await createUser(db, { role: "examiner", organisationId: baseId });
    for (let wait = 0; wait <= 200; wait += 10) {
      const { user, attempt, cookie } = await started();
      const newDevice = await requestTakeover(db, attempt.id, user.id, "192.0.2.2");
      const handIn = run(exam.action, postRequest(`/exam/${sessionId}`, { intent: "submit-confirmed", seq: "1" }, { cookie: `${cookie}; carecert_exam_device=${attempt.deviceId}` }), { sessionId: String(sessionId) });
      await microtasks(wait);
      expect(await approveTakeover(db, attempt.id, { userId: invigilator.id, ip: "192.0.2.3" })).toBe(true);
      await handIn;
      const closed = (await firstRow(db.select().from(theoryAttempts).where(eq(theoryAttempts.id, attempt.id))))!;
      expect(closed.deviceId).toBe(newDevice);
      const events = await eventsOf(attempt.id);
      // Handed in only while the old device was still the attempt's: before the approval.
      if (closed.submittedAt) expect(events.indexOf("assessment.exam_submitted"), `wait ${wait}: ${events.join(", ")}`).toBeLessThan(events.indexOf("assessment.takeover_approved"));
    }
  });
});

describe("competitions", () => {
  const officerBy = async () => by((await createUser(db, { role: "district_officer", regionCode: "330522" })).id);
  const day = (date: string) => new Date(`${date}T10:00:00+08:00`);

  /** A competition of the district with two accepted entries; with `practical`, a 初赛 practical part and a panel of three. */
  async function acceptedCompetition(practical: boolean, entrants = 2) {
    const officer = await officerBy();
    const institution = (await createOrganisation(db, { type: "elderly_care", regionCode: "330522001" })).id;
    const competition = await createCompetition(
      db,
      {
        title: `并发测试竞赛 ${Math.random().toString(36).slice(2, 8)}`,
        occupation: "elderly_caregiver",
        levels: [5],
        regionCode: "330522",
        hostOrganisationId: baseId,
        entriesCloseOn: "2026-12-10",
        preliminaryOn: "2026-12-15",
        finalOn: "2026-12-20",
        advanceCount: 1,
        preliminaryWeights: practical ? { theory: 50, practical: 50 } : { theory: 100, practical: 0 },
        finalWeights: { theory: 100, practical: 0 },
        awards: [{ award: "first", count: 1, promotion: false, amount: 0 }],
      },
      officer,
    );
    const entries = [];
    for (let i = 0; i < entrants; i++) {
      const trainee = await createUser(db, { role: "trainee" });
      const entry = await enter(db, competition, { userId: trainee.id, organisationId: institution, level: 5 }, officer, day("2026-12-05"));
      await decideEntry(db, competition, { entryId: entry.id, decision: "accepted", reason: "" }, officer);
      entries.push(entry);
    }
    const judges = [];
    for (let i = 0; i < 4; i++) judges.push((await createUser(db, { role: "examiner", organisationId: baseId })).id);
    if (practical) await setPanel(db, competition, judges.slice(0, 3), officer);
    return { competition, entries, judges, officer };
  }
  const reloaded = async (id: number) => (await firstRow(db.select().from(competitions).where(eq(competitions.id, id))))!;
  const refusalOf = (work: Promise<unknown>) => work.then(() => null, (error: unknown) => (error instanceof CompetitionRefusal ? error.message : Promise.reject(error)));

  /** The 初赛 opened with a practical part, and the item scores worth `total` on its drawn task. */
  async function practicalRunning(entrants = 2) {
    const fixture = await acceptedCompetition(true, entrants);
    await takeStep(db, fixture.competition, "open-preliminary", fixture.officer, day("2026-12-15"));
    const competition = await reloaded(fixture.competition.id);
    const task = (await practicalTaskOf(db, competition, "preliminary", 5))!;
    const worth = (total: number) => {
      let missing = 100 - total;
      return Object.fromEntries(task.rubric.map((item) => {
        const off = item.critical ? 0 : Math.min(item.points, missing);
        missing -= off;
        return [item.id, item.points - off];
      }));
    };
    return { ...fixture, competition, worth };
  }

  it("two officers opening the 初赛 at once open it once", async () => {
    const { competition, officer } = await acceptedCompetition(false);
    const open = () => takeStep(db, competition, "open-preliminary", officer, day("2026-12-15")).then((o) => o.message, (error: unknown) => (error instanceof CompetitionRefusal ? `refused: ${error.message}` : Promise.reject(error)));
    const outcomes = await Promise.all([open(), open()]);
    expect(outcomes.filter((o) => o.startsWith("refused"))).toEqual(["refused: 竞赛当前为“初赛进行中”，不能开始初赛"]);
    expect(await db.select().from(competitionSittings).where(eq(competitionSittings.competitionId, competition.id))).toHaveLength(1);
    const seats = await db.select().from(competitionTheorySeats).innerJoin(competitionEntries, eq(competitionEntries.id, competitionTheorySeats.entryId)).where(eq(competitionEntries.competitionId, competition.id));
    expect(seats).toHaveLength(2);
  });

  it("the panel is not changed under a judge who is scoring the first competitor", async () => {
    const { competition, entries, judges, officer, worth } = await practicalRunning();
    const [first, second, third, spare] = judges;
    const [panel, scored] = await Promise.all([
      refusalOf(setPanel(db, competition, [first!, second!, spare!], officer)),
      submitPracticalScores(db, competition, { entryId: entries[0]!.id, judgeId: third!, items: worth(90) }, by(third!), day("2026-12-15")),
    ]);
    const onPanel = (await db.select({ userId: competitionJudges.userId }).from(competitionJudges).where(eq(competitionJudges.competitionId, competition.id))).map((j) => j.userId);
    const scorers = (await db.select({ judgeId: competitionScores.judgeId }).from(competitionScores).where(eq(competitionScores.entryId, entries[0]!.id))).map((s) => s.judgeId);
    // Every score is a panel judge's: either the score came first and the panel stays, or the new panel refuses it.
    expect(scorers.filter((id) => !onPanel.includes(id))).toEqual([]);
    if (scored.length === 0) expect(panel).toBe("评委已开始评分，不能再调整评委");
    else expect(scored).toEqual(["您不是本竞赛的评委"]);
  });

  it("a competitor is not both marked absent from the practical part and scored in it", async () => {
    const waits = [0, 5, 10, 15, 20, 25, 30, 40, 50, 60];
    const { competition, entries, judges, officer, worth } = await practicalRunning(waits.length);
    // The officer's click arrives at every point of the judge's request in turn, for one competitor each time.
    for (const [i, wait] of waits.entries()) {
      const entryId = entries[i]!.id;
      const seat = (await firstRow(db.select().from(competitionTheorySeats).where(and(eq(competitionTheorySeats.entryId, entryId), eq(competitionTheorySeats.stage, "preliminary")))))!;
      const scoring = submitPracticalScores(db, competition, { entryId, judgeId: judges[0]!, items: worth(90) }, by(judges[0]!), day("2026-12-15"));
      await microtasks(wait);
      const absent = await refusalOf(markPracticalAbsent(db, competition, entryId, officer, day("2026-12-15")));
      const scored = await scoring;
      const marked = await db.select().from(partAttendance).where(and(eq(partAttendance.applicationId, seat.applicationId), eq(partAttendance.part, "skill"), eq(partAttendance.status, "absent")));
      const scores = await db.select().from(competitionScores).where(eq(competitionScores.entryId, entryId));
      expect(marked.length + scores.length, `wait ${wait}`).toBe(1);
      if (scores.length === 1) expect(absent).toBe("该选手已有评委评分，不能记为缺赛");
      else expect(scored).toEqual(["该选手实操已记为缺赛"]);
    }
  });

  it("a spread between judges is resolved once when two organisers decide at once", async () => {
    const { competition, entries, judges, officer, worth } = await practicalRunning();
    for (const [i, total] of [90, 70, 80].entries()) {
      expect(await submitPracticalScores(db, competition, { entryId: entries[0]!.id, judgeId: judges[i]!, items: worth(total) }, by(judges[i]!), day("2026-12-15"))).toEqual([]);
    }
    const resolve = (reason: string) => refusalOf(resolveCompetitionSpread(db, competition, { entryId: entries[0]!.id, decision: "confirm", score: null, reason }, officer, day("2026-12-15")));
    expect((await Promise.all([resolve("复看录像，评分合理"), resolve("评委合议后确认")])).sort()).toEqual([null, "该选手没有待处理的评分差异"]);
    expect(await db.select().from(competitionSpreadResolutions).where(eq(competitionSpreadResolutions.entryId, entries[0]!.id))).toHaveLength(1);
  });
});
