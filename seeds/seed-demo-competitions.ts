import { firstRow, returnedRow } from "../db/query.ts";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { approvedSeat, saveAnswer, startAttempt, submitAttempt } from "../app/assessment/exam.server.ts";
import { checkIn } from "../app/assessment/exam-day.server.ts";
import { createCompetition, decideEntry, enter, practicalTaskOf, resolveSpread, setPanel, submitPracticalScores, takeStep } from "../app/competitions/competitions.server.ts";
import type { Db } from "../db/client.ts";
import { applications, competitionEntries, competitions, competitionTheorySeats, examQuestions, organisations, people, roleAssignments, roles, users, workers } from "../db/schema.ts";

const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/**
 * 2026年湖州市养老护理员（四级）职业技能竞赛: organised by the city, held at the 长兴 base, eight caregivers entered by
 * institutions across 湖州's districts. Played through the real workflow on past dates: the 初赛 theory papers drawn
 * from the exam pool and sat, five finalists, the 决赛's practical scored by three of the base's examiners (the demo examiner among them) (one spread
 * confirmed by the organiser), results published and in 公示.
 */
export async function seedDemoCompetitions(db: Db, passwordHash: string) {
  const userId = async (username: string) => (await firstRow(db.select().from(users).where(eq(users.username, username))))?.id;
  const city = await userId("city");
  // The demo examiner sits on the panel, so their login shows a judge's pages.
  const judges: (number | undefined)[] = [];
  for (const username of ["examiner", "examiner-zhao", "examiner-sun"]) judges.push(await userId(username));
  const host = await firstRow(db.select().from(organisations).where(eq(organisations.name, "长兴县康养职业技能培训学校")));
  if (!city || !host || judges.some((j) => j === undefined)) return;
  const as = (id: number) => ({ userId: id, realUserId: id, ip: "demo-seed" });
  const trainee = (await firstRow(db.select().from(roles).where(eq(roles.key, "trainee"))))!;

  // One current caregiver from each of these institutions gets an account to sit the theory paper with.
  // One after the other: each picks a caregiver the previous ones did not take.
  const entrants: { userId: number; organisationId: number }[] = [];
  for (const [i, name] of ["湖州市社会福利中心", "吴兴区织里镇敬老院", "南浔区双林镇颐康园", "德清县武康街道康养中心", "安吉县递铺街道乐龄家园", "长兴县社会福利中心", "湖州市社会福利中心", "德清县武康街道康养中心"].entries()) {
    const org = (await firstRow(db.select().from(organisations).where(eq(organisations.name, name))))!;
    const taken = (await db.select({ personId: users.personId }).from(users)).map((u) => u.personId);
    const worker = (await db
      .select({ personId: workers.personId, name: people.name })
      .from(workers)
      .innerJoin(people, eq(people.id, workers.personId))
      .where(and(eq(workers.organisationId, org.id), eq(workers.occupation, "elderly_caregiver"), isNull(workers.leftOn))))
      .find((w) => !taken.includes(w.personId))!;
    const user = await returnedRow(db.insert(users).values({ personId: worker.personId, username: `competitor-${i + 1}`, passwordHash }).returning());
    await db.insert(roleAssignments).values({ userId: user.id, roleId: trainee.id });
    entrants.push({ userId: user.id, organisationId: org.id });
  }

  const competition = await createCompetition(
    db,
    {
      title: "2026年湖州市养老护理员职业技能竞赛",
      occupation: "elderly_caregiver",
      levels: [4],
      regionCode: "330500",
      hostOrganisationId: host.id,
      entriesCloseOn: "2026-10-20",
      preliminaryOn: "2026-10-28",
      finalOn: "2026-11-08",
      advanceCount: 5,
      preliminaryWeights: { theory: 100, practical: 0 },
      finalWeights: { theory: 30, practical: 70 },
      awards: [
        { award: "first", count: 1, promotion: true, amount: 3000 },
        { award: "second", count: 1, promotion: false, amount: 2000 },
        { award: "third", count: 1, promotion: false, amount: 1000 },
        { award: "merit", share: 40, promotion: false, amount: 0 },
      ],
    },
    as(city),
  );
  const fresh = async () => (await firstRow(db.select().from(competitions).where(eq(competitions.id, competition.id))))!;
  const entries: number[] = [];
  for (const e of entrants) entries.push((await enter(db, competition, { ...e, level: 4 }, as(e.userId), at("2026-10-12", "10:00"))).id);
  for (const entryId of entries) await decideEntry(db, competition, { entryId, decision: "accepted", reason: "" }, as(city), at("2026-10-21", "09:00"));
  await setPanel(db, competition, judges as number[], as(city));

  const sit = async (entryId: number, stage: "preliminary" | "final", correct: number, date: string) => {
    const seat = (await firstRow(db.select().from(competitionTheorySeats).where(and(eq(competitionTheorySeats.entryId, entryId), eq(competitionTheorySeats.stage, stage)))))!;
    const application = (await firstRow(db.select().from(applications).where(eq(applications.id, seat.applicationId))))!;
    const person = (await firstRow(db.select({ idNumber: people.idNumber }).from(users).innerJoin(people, eq(people.id, users.personId)).where(eq(users.id, application.userId))))!;
    await checkIn(db, { sessionId: application.sessionId, part: "theory", idNumber: person.idNumber, rooms: null, by: as(judges[0]!) }, at(date, "09:05"));
    const attempt = await startAttempt(db, (await approvedSeat(db, application.userId, application.sessionId))!, "demo-seed", at(date, "09:10"));
    const key = new Map((await db.select().from(examQuestions).where(inArray(examQuestions.id, attempt.paper.map((q) => q.questionId)))).map((q) => [q.id, q.answer]));
    for (const [i, q] of attempt.paper.entries()) {
      // A wrong answer picks the first option shown that is not a correct one.
      const answer = key.get(q.questionId)!;
      const choice = i < correct ? answer.map((original) => q.optionOrder.indexOf(original)) : [q.optionOrder.findIndex((original) => !answer.includes(original))];
      await saveAnswer(db, { attemptId: attempt.id, userId: application.userId, deviceId: attempt.deviceId, questionId: q.questionId, choice, seq: i + 1, ip: "demo-seed" }, at(date, "09:40"));
    }
    await submitAttempt(db, attempt.id, "demo-seed", new Date(at(date, "10:00").getTime() + correct * 60_000));
  };

  // 初赛: every competitor sits the theory paper (50 questions of 2 points; the figure is how many they got right).
  await takeStep(db, await fresh(), "open-preliminary", as(city), at("2026-10-28", "09:00"));
  for (const [i, correct] of [44, 38, 41, 30, 36, 43, 33, 39].entries()) await sit(entries[i]!, "preliminary", correct, "2026-10-28");
  await takeStep(db, await fresh(), "advance", as(city), at("2026-10-29", "10:00"));

  // 决赛: the five finalists sit a second paper and perform the drawn operation before the three judges.
  await takeStep(db, await fresh(), "open-final", as(city), at("2026-11-08", "08:30"));
  const finalists = await db.select().from(competitionEntries).where(and(eq(competitionEntries.competitionId, competition.id), eq(competitionEntries.finalist, true))).orderBy(competitionEntries.id);
  const task = (await practicalTaskOf(db, competition, "final", 4))!;
  const itemsWorth = (total: number) => {
    let missing = 100 - total;
    return Object.fromEntries(
      task.rubric.map((item) => {
        const off = item.critical ? 0 : Math.min(item.points, missing);
        missing -= off;
        return [item.id, item.points - off];
      }),
    );
  };
  const theory = [42, 40, 43, 37, 39];
  const practical = [
    [88, 86, 90],
    [92, 90, 91],
    [80, 83, 81],
    [85, 84, 86],
    [70, 84, 78], // a spread of 14 points: the organiser confirms the mean
  ];
  for (const [i, entry] of finalists.entries()) {
    await sit(entry.id, "final", theory[i]!, "2026-11-08");
    for (const [j, judge] of judges.entries()) await submitPracticalScores(db, await fresh(), { entryId: entry.id, judgeId: judge!, items: itemsWorth(practical[i]![j]!) }, as(judge!), at("2026-11-08", "14:00"));
  }
  await resolveSpread(db, await fresh(), { entryId: finalists[4]!.id, decision: "confirm", score: null, reason: "调看现场录像，操作规范，三位评委评分均在评分标准范围内" }, as(city), at("2026-11-08", "17:00"));
  await takeStep(db, await fresh(), "publish", as(city), at("2026-11-10", "10:00"));
}
