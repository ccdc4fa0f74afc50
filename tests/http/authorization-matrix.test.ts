import { closeDatabase } from "../../db/client.ts";
import { firstRow, returnedRow } from "../../db/query.ts";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createOrganisation } from "../../seeds/factories.ts";
import { allowanceLines, allowanceLists, allowancePolicyVersions, applications, assessmentSessions, certificates, competitions, organisations, subsidyLists, trainingClasses, users, creditEntries } from "../../db/schema.ts";
import { demoRoles, get, loginAs, post, serverDb, type DemoRole } from "./client.ts";

/**
 * Every route × every demo role. 200 = may open, 403 = lacks the permission, 404 = the record exists
 * but lies outside the user's scope (answered like a missing one), "home" = public page that sends a
 * logged-in user to their home, "login" = anonymous visitor sent to log in.
 */
type Expect = 200 | 403 | 404 | "home";
const all = (e: Expect): Record<DemoRole, Expect> => Object.fromEntries(demoRoles.map((r) => [r, e])) as Record<DemoRole, Expect>;
const only = (allowed: DemoRole[], otherwise: Expect = 403) => Object.fromEntries(demoRoles.map((r) => [r, allowed.includes(r) ? 200 : otherwise])) as Record<DemoRole, Expect>;

const ids = { welfare: 0, base: 0, wuxing: 0, otherBase: 0, trainee: 0, examiner: 0, demoClass: 0, otherClass: 0, demoSession: 0, otherSession: 0, otherOral: 0, approvedList: 0, wuxingList: 0, noticeList: 0, demoCompetition: 0, wuxingCompetition: 0, subsidyApproved: 0, subsidyNotice: 0, subsidyWuxing: 0, subsidyPolicy: 0, creditEntry: 0, wuxingCreditEntry: 0 };
// Certificates: the demo trainee's, and another demo holder's.
const numbers = { trainee: "", other: "" };

function routes(): Array<{ path: string; anonymous: 200 | 404 | "login"; expect: Record<DemoRole, Expect> }> {
  return [
    { path: "/", anonymous: 200, expect: all(200) },
    { path: "/login", anonymous: 200, expect: all("home") },
    { path: "/register", anonymous: 200, expect: all("home") },
    { path: "/account", anonymous: "login", expect: all(200) },
    { path: "/account/password", anonymous: "login", expect: all(200) },
    // Setting a new password with a one-time reset code is public: the code is the credential.
    { path: "/password-reset", anonymous: 200, expect: all(200) },
    // Starting a reset: the demo base's examiner is the base admin's to reset; the trainee has no role in any organisation.
    { path: `/users/${ids.examiner}/password-reset`, anonymous: "login", expect: { ...only(["admin", "base"]), institution: 404 } },
    { path: `/users/${ids.trainee}/password-reset`, anonymous: "login", expect: { ...only(["admin"]), base: 404, institution: 404 } },
    { path: "/learn", anonymous: "login", expect: only(["trainee"]) },
    { path: "/courses", anonymous: "login", expect: only(["trainee"]) },
    { path: "/courses/elderly-caregiver-5", anonymous: "login", expect: only(["trainee"]) },
    // The demo trainee's class enrolled them in the 五级 course …
    { path: "/courses/elderly-caregiver-5/lessons/assisted-feeding", anonymous: "login", expect: only(["trainee"]) },
    { path: "/courses/elderly-caregiver-5/quiz/life-care", anonymous: "login", expect: only(["trainee"]) },
    // … but not in the family-caregiver course: its lessons and quizzes are not there for them.
    { path: "/courses/family-caregiver/lessons/eating-drinking-medication", anonymous: "login", expect: { ...only([]), trainee: 404 } },
    { path: "/courses/family-caregiver/quiz/daily-care", anonymous: "login", expect: { ...only([]), trainee: 404 } },
    { path: "/courses/no-such-course", anonymous: "login", expect: { ...only([]), trainee: 404 } },
    { path: "/examiner", anonymous: "login", expect: only(["examiner"]) },
    { path: "/base", anonymous: "login", expect: only(["base"]) },
    { path: "/institution", anonymous: "login", expect: only(["institution"]) },
    { path: "/assessments", anonymous: "login", expect: only(["trainee"]) },
    { path: `/assessments/${ids.demoSession}/apply`, anonymous: "login", expect: only(["trainee"]) },
    // The demo trainee has not applied to the demo session, so there is no exam for them.
    { path: `/exam/${ids.demoSession}`, anonymous: "login", expect: { ...only([]), trainee: 404 } },
    // The demo examiner invigilates the demo session; the other province's session is not theirs.
    { path: `/examiner/sessions/${ids.demoSession}`, anonymous: "login", expect: only(["examiner"]) },
    { path: `/examiner/sessions/${ids.otherSession}`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    // Check-in at the door of their room; not for another province's session, nor the skill part they do not examine.
    { path: `/examiner/sessions/${ids.demoSession}/check-in`, anonymous: "login", expect: only(["examiner"]) },
    { path: `/examiner/sessions/${ids.otherSession}/check-in`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    { path: `/examiner/sessions/${ids.demoSession}/check-in?part=skill`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    // No application, no 准考证.
    { path: `/assessments/${ids.demoSession}/admission-ticket.pdf`, anonymous: "login", expect: { ...only([]), trainee: 404 } },
    // They invigilate it but do not score skills there.
    { path: `/examiner/sessions/${ids.demoSession}/skill`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    // Nor do they sit on a review panel (the demo session is 五级: it has no 综合评审), and no other part exists.
    { path: `/examiner/sessions/${ids.demoSession}/review`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    { path: `/examiner/sessions/${ids.demoSession}/thesis`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    // 复核 decisions are the chief examiner's: the demo examiner only invigilates, and the other session is not theirs.
    { path: `/examiner/sessions/${ids.demoSession}/rechecks`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    { path: `/examiner/sessions/${ids.otherSession}/rechecks`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    // 口试 recording: only the invigilator of the candidate's room or the chief examiner; no such candidate in the demo session.
    { path: `/examiner/sessions/${ids.demoSession}/oral/999999`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    { path: `/examiner/sessions/${ids.otherSession}/oral/${ids.otherOral}`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    { path: "/base/assessments", anonymous: "login", expect: only(["base"]) },
    { path: `/base/assessments/${ids.demoSession}`, anonymous: "login", expect: only(["base"]) },
    // Another province's session: its base admin alone may manage it.
    { path: `/base/assessments/${ids.otherSession}`, anonymous: "login", expect: { ...only([]), base: 404 } },
    // The publishing confirmation step, in and out of the base's scope.
    { path: `/base/assessments/${ids.demoSession}/publish`, anonymous: "login", expect: only(["base"]) },
    { path: `/base/assessments/${ids.otherSession}/publish`, anonymous: "login", expect: { ...only([]), base: 404 } },
    { path: "/base/classes", anonymous: "login", expect: only(["base"]) },
    { path: "/base/teachers", anonymous: "login", expect: only(["base"]) },
    { path: "/base/staff", anonymous: "login", expect: only(["base"]) },
    { path: "/base/roster-template.xlsx", anonymous: "login", expect: only(["base"]) },
    { path: `/base/classes/${ids.demoClass}`, anonymous: "login", expect: only(["base"]) },
    { path: `/base/classes/${ids.demoClass}/progress.xlsx`, anonymous: "login", expect: only(["base"]) },
    // A class run by a training base in another province.
    { path: `/base/classes/${ids.otherClass}`, anonymous: "login", expect: { ...only([]), base: 404 } },
    { path: `/base/classes/${ids.otherClass}/progress.xlsx`, anonymous: "login", expect: { ...only([]), base: 404 } },
    { path: "/region", anonymous: "login", expect: only(["admin", "district", "city"]) },
    // 长兴县 street: inside both officers' regions.
    { path: "/region?code=330522001", anonymous: "login", expect: only(["admin", "district", "city"]) },
    // 吴兴区: the district officer of 长兴县 asks for another district.
    { path: "/region?code=330502", anonymous: "login", expect: { ...only(["admin", "city"]), district: 404 } },
    // Another province altogether.
    { path: "/region?code=320500", anonymous: "login", expect: { ...only(["admin"]), district: 404, city: 404 } },
    // Workforce indicators: officers see their region and below, the admin any region.
    { path: "/indicators", anonymous: "login", expect: only(["admin", "district", "city"]) },
    { path: "/indicators?code=330522001", anonymous: "login", expect: only(["admin", "district", "city"]) },
    { path: "/indicators?code=330502", anonymous: "login", expect: { ...only(["admin", "city"]), district: 404 } },
    { path: "/indicators?code=320500", anonymous: "login", expect: { ...only(["admin"]), district: 404, city: 404 } },
    { path: "/indicators/report.xlsx?code=330522", anonymous: "login", expect: only(["admin", "district", "city"]) },
    { path: "/indicators/report.pdf?code=330502", anonymous: "login", expect: { ...only(["admin", "city"]), district: 404 } },
    { path: "/indicators/population", anonymous: "login", expect: only(["admin"]) },
    { path: "/indicators/population-template.xlsx", anonymous: "login", expect: only(["admin"]) },
    { path: "/indicators/targets", anonymous: "login", expect: only(["admin"]) },
    // The demo institution (长兴县社会福利中心).
    { path: `/orgs/${ids.welfare}`, anonymous: "login", expect: { ...only(["admin", "district", "city", "institution"]), base: 404, examiner: 404 } },
    // The demo training base.
    { path: `/orgs/${ids.base}`, anonymous: "login", expect: { ...only(["admin", "district", "city", "base", "examiner"]), institution: 404 } },
    // An institution in 吴兴区: only the city and the admin reach it.
    { path: `/orgs/${ids.wuxing}`, anonymous: "login", expect: { ...only(["admin", "city"]), district: 404, base: 404, examiner: 404, institution: 404 } },
    // A training base in another province.
    { path: `/orgs/${ids.otherBase}`, anonymous: "login", expect: { ...only(["admin"]), district: 404, city: 404, base: 404, examiner: 404, institution: 404 } },
    { path: "/orgs/999999", anonymous: "login", expect: { ...all(404), trainee: 403 } },
    { path: "/admin", anonymous: "login", expect: only(["admin"]) },
    { path: "/admin/users", anonymous: "login", expect: only(["admin"]) },
    { path: "/admin/users/new", anonymous: "login", expect: only(["admin"]) },
    { path: `/admin/users/${ids.trainee}`, anonymous: "login", expect: only(["admin"]) },
    { path: "/admin/organisations", anonymous: "login", expect: only(["admin"]) },
    { path: "/admin/organisations/new", anonymous: "login", expect: only(["admin"]) },
    { path: `/admin/organisations/${ids.welfare}/edit`, anonymous: "login", expect: only(["admin"]) },
    { path: "/admin/audit", anonymous: "login", expect: only(["admin"]) },
    { path: "/admin/eligibility", anonymous: "login", expect: only(["admin"]) },
    { path: "/admin/eligibility/elderly_caregiver/3", anonymous: "login", expect: only(["admin"]) },
    // certificates: public checks need no login
    { path: "/verify", anonymous: 200, expect: all(200) },
    { path: `/verify/${numbers.trainee}`, anonymous: 200, expect: all(200) },
    { path: `/verify/${numbers.trainee}?edition=1`, anonymous: 200, expect: all(200) },
    { path: `/api/v1/certificates/${numbers.trainee}`, anonymous: 200, expect: all(200) },
    { path: "/.well-known/jwks.json", anonymous: 200, expect: all(200) },
    { path: "/credentials/status/revocation", anonymous: 200, expect: all(200) },
    { path: "/credentials/v1", anonymous: 200, expect: all(200) },
    { path: "/certificates", anonymous: "login", expect: only(["trainee"]) },
    { path: `/certificates/${numbers.trainee}/certificate.pdf`, anonymous: "login", expect: only(["trainee"]) },
    { path: `/certificates/${numbers.trainee}/credential.jwt`, anonymous: "login", expect: only(["trainee"]) },
    // Another holder's certificate is not the trainee's to download.
    { path: `/certificates/${numbers.other}/certificate.pdf`, anonymous: "login", expect: { ...only([]), trainee: 404 } },
    { path: "/base/certificates", anonymous: "login", expect: only(["base"]) },
    { path: `/base/certificates/${numbers.trainee}/certificate.pdf`, anonymous: "login", expect: only(["base"]) },
    { path: "/base/certificates/batches/999999", anonymous: "login", expect: { ...only([]), base: 404 } },
    { path: "/region/certificates", anonymous: "login", expect: only(["admin", "district", "city"]) },
    // Worker registry and post allowances.
    { path: "/institution/workers", anonymous: "login", expect: only(["institution"]) },
    { path: `/institution/workers?org=${ids.wuxing}`, anonymous: "login", expect: { ...only([]), institution: 404 } },
    { path: "/institution/worker-templates/roster.xlsx", anonymous: "login", expect: only(["institution"]) },
    { path: "/institution/worker-templates/monthly.xlsx", anonymous: "login", expect: only(["institution"]) },
    { path: "/region/external-certificates", anonymous: "login", expect: only(["district", "city"]) },
    { path: "/allowances", anonymous: "login", expect: only(["institution", "district", "city"]) },
    // The demo institution's approved October list, and a list of an institution in 吴兴区.
    { path: `/allowances/${ids.approvedList}`, anonymous: "login", expect: only(["institution", "district", "city"]) },
    { path: `/allowances/${ids.approvedList}/bank.xlsx`, anonymous: "login", expect: only(["institution", "district", "city"]) },
    { path: `/allowances/${ids.approvedList}/roster.pdf`, anonymous: "login", expect: only(["institution", "district", "city"]) },
    { path: `/allowances/${ids.approvedList}/list.csv`, anonymous: "login", expect: only(["institution", "district", "city"]) },
    // The region's bank file of the month: officers only (the demo's October lists are approved).
    { path: "/allowances/bank.xlsx?month=2026-10", anonymous: "login", expect: only(["district", "city"]) },
    { path: `/allowances/${ids.wuxingList}`, anonymous: "login", expect: { ...only(["city"]), institution: 404, district: 404 } },
    { path: "/admin/allowance-policies", anonymous: "login", expect: only(["admin"]) },
    // notices: the public 公示 pages need no login; a list not in 公示 (the approved October list) is not public.
    { path: "/notices", anonymous: 200, expect: all(200) },
    { path: "/notices?district=330522&page=2", anonymous: 200, expect: all(200) },
    { path: `/notices/allowances/${ids.noticeList}`, anonymous: 200, expect: all(200) },
    { path: `/notices/allowances/${ids.approvedList}`, anonymous: 404, expect: all(404) },
    { path: `/notices/allowances/${ids.wuxingList}`, anonymous: 404, expect: all(404) },
    // Every account is a person's: /my shows the signed-in user's own records.
    { path: "/my", anonymous: "login", expect: all(200) },
    // Competitions: the demo one is the city's (长兴 lies inside it); another organised in 吴兴区 is out of the district's reach.
    { path: "/region/competitions", anonymous: "login", expect: only(["district", "city"]) },
    { path: `/region/competitions/${ids.demoCompetition}`, anonymous: "login", expect: { ...only(["city"]), district: 404 } },
    { path: `/region/competitions/${ids.wuxingCompetition}`, anonymous: "login", expect: { ...only(["city"]), district: 404 } },
    { path: "/org/competitions", anonymous: "login", expect: only(["base", "institution"]) },
    { path: `/org/competitions/${ids.demoCompetition}`, anonymous: "login", expect: only(["base", "institution"]) },
    // The 长兴 institution and base are not in 吴兴区.
    { path: `/org/competitions/${ids.wuxingCompetition}`, anonymous: "login", expect: { ...only([]), base: 404, institution: 404 } },
    { path: "/examiner/competitions", anonymous: "login", expect: only(["examiner"]) },
    // The demo examiner sits on the demo competition's panel, not on the 吴兴 one's.
    { path: `/examiner/competitions/${ids.demoCompetition}`, anonymous: "login", expect: only(["examiner"]) },
    { path: `/examiner/competitions/${ids.wuxingCompetition}`, anonymous: "login", expect: { ...only([]), examiner: 404 } },
    // Published results are public; unpublished ones are not there for anyone.
    { path: `/notices/competitions/${ids.demoCompetition}`, anonymous: 200, expect: all(200) },
    { path: `/notices/competitions/${ids.wuxingCompetition}`, anonymous: 404, expect: all(404) },
    // wages (issue 15): officers their region and below, the admin any, the institution its own figures only.
    { path: "/wages", anonymous: "login", expect: only(["admin", "institution", "district", "city"]) },
    { path: "/wages?code=330522", anonymous: "login", expect: { ...only(["admin", "district", "city"]), institution: 404 } },
    { path: "/wages?code=330502", anonymous: "login", expect: { ...only(["admin", "city"]), district: 404, institution: 404 } },
    { path: "/wages/report.xlsx?code=330522", anonymous: "login", expect: { ...only(["admin", "district", "city"]), institution: 404 } },
    { path: "/wages/report.xlsx", anonymous: "login", expect: only(["admin", "institution", "district", "city"]) },
    { path: "/wages/guidance", anonymous: "login", expect: only(["admin", "city"]) },
    // The teacher and expert pool: officers read it and keep experts; bases keep their teachers at /base/teachers.
    { path: "/region/pool", anonymous: "login", expect: only(["admin", "district", "city"]) },
    { path: "/region/pool?kind=experts", anonymous: "login", expect: only(["admin", "district", "city"]) },
    { path: "/region/pool.xlsx?kind=experts", anonymous: "login", expect: only(["admin", "district", "city"]) },
    { path: "/region/experts", anonymous: "login", expect: only(["district", "city"]) },
    { path: "/region/experts?edit=999999", anonymous: "login", expect: { ...only([]), district: 404, city: 404 } },
    // Subsidies: the demo's approved August list and the November one in 公示 (长兴县), and a 吴兴区 list.
    { path: "/subsidies", anonymous: "login", expect: only(["district", "city"]) },
    { path: "/subsidies/apply", anonymous: "login", expect: only(["trainee"]) },
    { path: `/subsidies/${ids.subsidyApproved}`, anonymous: "login", expect: only(["district", "city"]) },
    { path: `/subsidies/${ids.subsidyApproved}/bank.xlsx`, anonymous: "login", expect: only(["district", "city"]) },
    { path: `/subsidies/${ids.subsidyApproved}/roster.pdf`, anonymous: "login", expect: only(["district", "city"]) },
    { path: `/subsidies/${ids.subsidyWuxing}`, anonymous: "login", expect: { ...only(["city"]), district: 404 } },
    { path: "/base/subsidies", anonymous: "login", expect: only(["base"]) },
    { path: "/admin/subsidy-policies", anonymous: "login", expect: only(["admin"]) },
    { path: `/admin/subsidy-policies/${ids.subsidyPolicy}`, anonymous: "login", expect: only(["admin"]) },
    { path: `/notices/subsidies/${ids.subsidyNotice}`, anonymous: 200, expect: all(200) },
    // Red and black lists: officers within their region; the listed side's appeal page; the public notice.
    { path: "/region/credit", anonymous: "login", expect: only(["district", "city"]) },
    { path: "/region/credit?list=black&state=active", anonymous: "login", expect: only(["district", "city"]) },
    { path: "/region/credit/new", anonymous: "login", expect: only(["district", "city"]) },
    { path: "/region/credit/export.xlsx", anonymous: "login", expect: only(["district", "city"]) },
    // The demo black-list entry decided by 长兴县, and one decided by 吴兴区 that only the city reaches.
    { path: `/region/credit/${ids.creditEntry}`, anonymous: "login", expect: only(["district", "city"]) },
    { path: `/region/credit/${ids.wuxingCreditEntry}`, anonymous: "login", expect: { ...only(["city"]), district: 404 } },
    { path: "/region/credit/999999", anonymous: "login", expect: { ...only([]), district: 404, city: 404 } },
    { path: "/credit", anonymous: "login", expect: only(["trainee", "institution"]) },
    { path: "/notices/credit", anonymous: 200, expect: all(200) },
    { path: "/notices/credit?list=black", anonymous: 200, expect: all(200) },
  ];
}

const homes: Record<DemoRole, string> = {
  admin: "/admin",
  trainee: "/learn",
  examiner: "/examiner",
  base: "/base",
  institution: "/institution",
  district: "/region",
  city: "/region",
};

beforeAll(async () => {
  const db = serverDb();
  const byName = async (name: string) => (await firstRow(db.select().from(organisations).where(eq(organisations.name, name))))!.id;
  ids.welfare = await byName("长兴县社会福利中心");
  ids.base = await byName("长兴县康养职业技能培训学校");
  ids.trainee = (await firstRow(db.select().from(users).where(eq(users.username, "trainee"))))!.id;
  ids.examiner = (await firstRow(db.select().from(users).where(eq(users.username, "examiner"))))!.id;
  ids.wuxing = (await createOrganisation(db, { type: "elderly_care", name: "吴兴区月河街道养老院", regionCode: "330502001" })).id;
  ids.otherBase = (await createOrganisation(db, { type: "training_base", name: "苏州市某培训学校", regionCode: "320505" })).id;
  ids.demoClass = (await firstRow(db.select().from(trainingClasses).where(eq(trainingClasses.organisationId, ids.base))))!.id;
  ids.otherClass = (await returnedRow(db
    .insert(trainingClasses)
    .values({ organisationId: ids.otherBase, courseId: "elderly-caregiver-5", name: "外省培训班", startsOn: "2026-11-01", endsOn: "2026-11-30" })
    .returning())).id;
  const demoSession = (await firstRow(db.select().from(assessmentSessions).where(eq(assessmentSessions.organisationId, ids.base))))!;
  ids.demoSession = demoSession.id;
  ids.otherSession = (await returnedRow(db
    .insert(assessmentSessions)
    .values({ organisationId: ids.otherBase, planId: demoSession.planId, name: "外省批次", theoryStartsAt: new Date(), venue: "苏州", rooms: [{ name: "A", capacity: 10 }] })
    .returning())).id;
  ids.otherOral = (await returnedRow(db
    .insert(applications)
    .values({ sessionId: ids.otherSession, userId: (await firstRow(db.select().from(users).where(eq(users.username, "demo-candidate-1"))))!.id, facts: { certificates: [], workYears: 1, apprenticeshipCompleted: false, schooling: [], completedCourses: [] }, eligibility: { eligible: true, metRoute: "x", routes: [] }, status: "approved", room: "A", oralTheory: true })
    .returning())).id;
  const demoCertificate = async (username: string) =>
    (await firstRow(db.select({ number: certificates.number }).from(certificates).innerJoin(users, eq(users.personId, certificates.personId)).where(eq(users.username, username))))!.number;
  numbers.trainee = await demoCertificate("trainee");
  numbers.other = await demoCertificate("demo-candidate-1");
  ids.approvedList = (await firstRow(db.select().from(allowanceLists).where(and(eq(allowanceLists.organisationId, ids.welfare), eq(allowanceLists.status, "approved")))))!.id;
  ids.noticeList = (await firstRow(db.select().from(allowanceLists).where(eq(allowanceLists.status, "publicised"))))!.id;
  const policyVersion = (await firstRow(db.select().from(allowancePolicyVersions)))!;
  ids.wuxingList = (await returnedRow(db
    .insert(allowanceLists)
    .values({ policyId: policyVersion.policyId, policyVersionId: policyVersion.id, organisationId: ids.wuxing, month: "2026-11", computedAt: new Date() })
    .returning())).id;
  const demoCompetition = (await firstRow(db.select().from(competitions)))!;
  ids.demoCompetition = demoCompetition.id;
  ids.wuxingCompetition = (await returnedRow(db
    .insert(competitions)
    .values({ ...demoCompetition, id: undefined, title: "吴兴区养老护理技能竞赛", regionCode: "330502", status: "entries", publishedAt: null })
    .returning())).id;
  const subsidyList = async (status: "approved" | "publicised") => (await firstRow(db.select().from(subsidyLists).where(and(eq(subsidyLists.districtCode, "330522"), eq(subsidyLists.status, status)))))!;
  ids.subsidyApproved = (await subsidyList("approved")).id;
  ids.subsidyNotice = (await subsidyList("publicised")).id;
  ids.subsidyPolicy = (await subsidyList("approved")).policyId;
  ids.subsidyWuxing = (await returnedRow(db.insert(subsidyLists).values({ policyId: ids.subsidyPolicy, districtCode: "330502", month: "2026-11" }).returning())).id;
  ids.creditEntry = (await firstRow(db.select().from(creditEntries).where(and(eq(creditEntries.list, "black"), eq(creditEntries.regionCode, "330522")))))!.id;
  ids.wuxingCreditEntry = (await returnedRow(db
    .insert(creditEntries)
    .values({ list: "black", organisationId: ids.wuxing, regionCode: "330502", startsOn: "2026-11-01", category: "other", reason: "吴兴区的记录", decisionNumber: "吴民信〔2026〕1号" })
    .returning())).id;
  await closeDatabase(db);
});

describe("authorization matrix: every route × every role", () => {
  it("sends anonymous visitors of protected pages to log in", async () => {
    for (const route of routes()) {
      const response = await get(route.path);
      if (route.anonymous === "login") {
        expect(response.status, route.path).toBe(302);
        expect(response.headers.get("location"), route.path).toBe(`/login?redirectTo=${encodeURIComponent(route.path)}`);
      } else {
        expect(response.status, route.path).toBe(route.anonymous);
      }
    }
  });

  for (const role of demoRoles) {
    it(`gives ${role} exactly what its role and scope allow`, async () => {
      const cookie = await loginAs(role);
      const seen: Record<string, number | string> = {};
      const wanted: Record<string, number | string> = {};
      for (const route of routes()) {
        const response = await get(route.path, cookie);
        const expected = route.expect[role];
        wanted[route.path] = expected === "home" ? `302 → ${homes[role]}` : expected;
        seen[route.path] = response.status === 302 ? `302 → ${response.headers.get("location")}` : response.status;
      }
      expect(seen).toEqual(wanted);
    });
  }
});

describe("actions are guarded like their pages", () => {
  const fields = { type: "childcare", name: "越权托育园", creditCode: "91330100716105852F", regionCode: "330522001" };

  for (const role of demoRoles.filter((r) => r !== "admin")) {
    it(`refuses ${role} creating an organisation or a user, or editing one outside its scope`, async () => {
      const cookie = await loginAs(role);
      expect((await post("/admin/organisations/new", fields, { cookie })).status).toBe(403);
      expect((await post(`/admin/organisations/${ids.wuxing}/edit`, fields, { cookie })).status).toBe(403);
      expect((await post(`/admin/users/${ids.trainee}`, { intent: "end-sessions" }, { cookie })).status).toBe(403);
      expect((await post("/admin/users/new", { name: "x", idNumber: "x", phone: "x", username: "x", role: "system_admin" }, { cookie })).status).toBe(403);
    });
  }

  for (const role of demoRoles.filter((r) => !["admin", "district", "city"].includes(r))) {
    it(`refuses ${role} revoking a certificate${role === "base" ? "" : " or reissuing one"}`, async () => {
      const cookie = await loginAs(role);
      expect((await post("/region/certificates", { intent: "revoke", number: numbers.trainee, reason: "越权尝试" }, { cookie })).status).toBe(403);
      if (role !== "base") expect((await post("/base/certificates", { intent: "reissue", number: numbers.trainee, note: "越权尝试" }, { cookie })).status).toBe(403);
    });
  }

  for (const role of demoRoles.filter((r) => !["district", "city"].includes(r))) {
    it(`refuses ${role} placing, revoking or deciding a red or black list entry`, async () => {
      const cookie = await loginAs(role);
      expect((await post("/region/credit/new", { list: "black", subjectKind: "organisation", creditCode: "x", confirmed: "yes" }, { cookie })).status).toBe(403);
      expect((await post(`/region/credit/${ids.creditEntry}`, { intent: "revoke", reason: "越权撤销尝试", confirmed: "yes" }, { cookie })).status).toBe(403);
    });
  }

  it("refuses an officer's appeal, the district a 吴兴区 entry, and an appeal against someone else's entry", async () => {
    expect((await post("/credit", { entryId: String(ids.creditEntry), content: "越权申诉的尝试越权申诉", confirmed: "yes" }, { cookie: await loginAs("district") })).status).toBe(403);
    expect((await post(`/region/credit/${ids.wuxingCreditEntry}`, { intent: "revoke", reason: "越权撤销尝试", confirmed: "yes" }, { cookie: await loginAs("district") })).status).toBe(404);
    expect((await post("/credit", { entryId: String(ids.creditEntry), content: "冒名申诉的尝试冒名申诉", confirmed: "yes" }, { cookie: await loginAs("trainee") })).status).toBe(404);
  });

  it("refuses publishing another base's session, and 复核 or spread decisions by an examiner who is not the chief", async () => {
    expect((await post(`/base/assessments/${ids.otherSession}/publish`, {}, { cookie: await loginAs("base") })).status).toBe(404);
    expect((await post(`/base/assessments/${ids.demoSession}/publish`, {}, { cookie: await loginAs("examiner") })).status).toBe(403);
    const examiner = await loginAs("examiner");
    expect((await post(`/examiner/sessions/${ids.demoSession}/rechecks`, { recheckId: "1", part: "theory", decision: "uphold", reason: "越权尝试" }, { cookie: examiner })).status).toBe(404);
    expect((await post(`/examiner/sessions/${ids.otherSession}/skill`, { intent: "resolve", applicationId: "1", taskId: "x", decision: "confirm", reason: "越权尝试" }, { cookie: examiner })).status).toBe(404);
  });

  it("refuses starting a password reset to those without the permission (403) and outside the organisation (404)", async () => {
    for (const role of ["trainee", "examiner", "district", "city"] as const) {
      expect((await post(`/users/${ids.examiner}/password-reset`, {}, { cookie: await loginAs(role) })).status, role).toBe(403);
    }
    expect((await post(`/users/${ids.examiner}/password-reset`, {}, { cookie: await loginAs("institution") })).status).toBe(404);
    expect((await post(`/users/${ids.trainee}/password-reset`, {}, { cookie: await loginAs("base") })).status).toBe(404);
  });

  it("lets the admin edit any organisation", async () => {
    const cookie = await loginAs("admin");
    const response = await post(`/admin/organisations/${ids.wuxing}/edit`, { type: "elderly_care", name: "吴兴区月河街道养老院", creditCode: "91330100716105852F", regionCode: "330502001", beds: "80", nursingBeds: "50" }, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/orgs/${ids.wuxing}`);
  });
});

describe("competition actions are guarded like their pages", () => {
  for (const role of demoRoles) {
    it(`${role}: withdrawing the demo results, entering the 吴兴 competition, scoring either`, async () => {
      const cookie = await loginAs(role);
      const withdraw = await post(`/region/competitions/${ids.demoCompetition}`, { intent: "withdraw-results", confirmed: "yes" }, { cookie });
      expect(withdraw.status).toBe(role === "city" ? 302 : role === "district" ? 404 : 403);
      if (role === "city") expect((await post(`/region/competitions/${ids.demoCompetition}`, { intent: "publish", confirmed: "yes" }, { cookie })).status).toBe(302);
      expect((await post(`/org/competitions/${ids.wuxingCompetition}`, { organisationId: String(ids.welfare), userId: String(ids.trainee), level: "4" }, { cookie })).status).toBe(["base", "institution"].includes(role) ? 404 : 403);
      // The judge is refused too: the results are published, so no score is taken any more.
      expect((await post(`/examiner/competitions/${ids.demoCompetition}`, { entryId: "1" }, { cookie })).status).toBe(role === "examiner" ? 400 : 403);
      expect((await post(`/examiner/competitions/${ids.wuxingCompetition}`, { entryId: "1" }, { cookie })).status).toBe(role === "examiner" ? 404 : 403);
    });
  }
});

describe("exam-day actions are guarded like their pages", () => {
  for (const role of demoRoles) {
    it(`${role}: check-in at the door and the exam page's leave log`, async () => {
      const cookie = await loginAs(role);
      const checkIn = await post(`/examiner/sessions/${ids.otherSession}/check-in`, { intent: "check-in", idNumber: "330522196801011234" }, { cookie });
      expect(checkIn.status).toBe(role === "examiner" ? 404 : 403);
      expect((await post(`/examiner/sessions/${ids.otherSession}/oral/${ids.otherOral}`, { intent: "submit-confirmed" }, { cookie })).status).toBe(role === "examiner" ? 404 : 403);
      // No attempt of theirs exists: a trainee is answered 404, everyone else 403.
      expect((await post("/api/exam/999999/left", {}, { cookie })).status).toBe(role === "trainee" ? 404 : 403);
    });
  }
});

describe("indicator data is changed by the admin alone", () => {
  for (const role of demoRoles.filter((r) => r !== "admin")) {
    it(`refuses ${role} setting a target or importing population statistics`, async () => {
      const cookie = await loginAs(role);
      expect((await post("/indicators/targets", { regionCode: "330522", indicator: "per10kElderly", year: "2026", value: "1", basis: "" }, { cookie })).status).toBe(403);
      expect((await post("/indicators/population", {}, { cookie })).status).toBe(403);
    });
  }
});

describe("objections are raised by signed-in workers about their own lines only", () => {
  it("sends an anonymous objection to log in, and refuses a line that is not the user's", async () => {
    const anonymous = await post(`/notices/allowances/${ids.noticeList}`, { lineId: "", content: "名单有误，请核实" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/notices/allowances/${ids.noticeList}`)}`);
    const db = serverDb();
    const line = (await firstRow(db.select().from(allowanceLines).where(eq(allowanceLines.listId, ids.noticeList))))!;
    await closeDatabase(db);
    const refused = await post("/my", { listId: String(ids.noticeList), lineId: String(line.id), content: "这条记录有问题" }, { cookie: await loginAs("trainee") });
    expect(refused.status).toBe(409);
  });
});

describe("wage guidance and experts are changed by officers alone", () => {
  for (const role of demoRoles.filter((r) => r !== "admin" && r !== "city")) {
    it(`refuses ${role} entering 工资价位${role === "district" ? "" : " or adding an expert"}`, async () => {
      const cookie = await loginAs(role);
      expect((await post("/wages/guidance", { regionCode: "330500", year: "2026", occupation: "elderly_caregiver", level: "5", low: "4000", median: "4500", high: "5000", source: "" }, { cookie })).status).toBe(403);
      if (role !== "district") expect((await post("/region/experts", { intent: "add", regionCode: "330522" }, { cookie })).status).toBe(403);
    });
  }
});

describe("allowance steps are guarded by permission and region", () => {
  it("refuses approval to everyone but the city, and review outside the district", async () => {
    for (const role of demoRoles.filter((r) => r !== "city")) {
      expect((await post(`/allowances/${ids.approvedList}`, { intent: "approve" }, { cookie: await loginAs(role) })).status, role).toBe(403);
    }
    expect((await post(`/allowances/${ids.wuxingList}`, { intent: "open-notice", days: "5" }, { cookie: await loginAs("district") })).status).toBe(404);
    expect((await post(`/allowances/${ids.wuxingList}`, { intent: "declare" }, { cookie: await loginAs("institution") })).status).toBe(404);
    // Confirmed as its panel posts it, the city's approval of a locked list is refused by the workflow.
    expect((await post(`/allowances/${ids.approvedList}`, { intent: "approve", confirmed: "yes" }, { cookie: await loginAs("city") })).status).toBe(409);
  });
});

describe("subsidy steps are guarded by permission and region", () => {
  it("refuses approval to everyone but the city, review outside the district, and applications to others than the applicant", async () => {
    for (const role of demoRoles.filter((r) => r !== "city")) {
      expect((await post(`/subsidies/${ids.subsidyNotice}`, { intent: "approve", confirmed: "yes" }, { cookie: await loginAs(role) })).status, role).toBe(403);
    }
    expect((await post(`/subsidies/${ids.subsidyWuxing}`, { intent: "open-notice", days: "7", confirmed: "yes" }, { cookie: await loginAs("district") })).status).toBe(404);
    for (const role of demoRoles.filter((r) => r !== "trainee")) {
      expect((await post("/subsidies/apply", { intent: "apply", certificateId: "1", policyId: "1", bankAccount: "622848000000000001", confirmed: "yes" }, { cookie: await loginAs(role) })).status, role).toBe(403);
    }
    for (const role of demoRoles.filter((r) => r !== "base")) {
      expect((await post("/base/subsidies", { intent: "apply-batch", confirmed: "yes" }, { cookie: await loginAs(role) })).status, role).toBe(403);
    }
    for (const role of demoRoles.filter((r) => r !== "admin")) {
      expect((await post(`/admin/subsidy-policies/${ids.subsidyPolicy}`, { intent: "retire", confirmed: "yes" }, { cookie: await loginAs(role) })).status, role).toBe(403);
    }
  });
});
