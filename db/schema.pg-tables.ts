/**
 * The PostgreSQL tables, one export per table, for drizzle-kit (drizzle.config.pg.ts): it collects the tables a schema
 * file exports by name. tests/unit/schema-engines.test.ts checks this list holds every table of db/schema.sqlite.ts.
 */
import { postgresTables } from "./schema.pg.ts";

export const {
  regions, organisations, people, users, sessions, roles, permissions, rolePermissions, roleAssignments,
  loginThrottle, verificationCounters, passwordResetCodes, auditLog, courses, courseModules, lessons, questions,
  examQuestions, enrolments, lessonProgress, studyClock, quizAttempts, courseCompletions, teachers, trainingClasses,
  classMembers, classSessions, attendance, eligibilityRules, assessmentPlans, assessmentSessions, sessionStaff,
  applications, skillTaskDraws, spreadResolutions, partAttendance, examinerQualifications, theoryPapers,
  theoryAttempts, attemptAnswers, skillScores, assessmentResults, recheckRequests, certificates, workers,
  workerMonths, certificateSerials, certificateEditions, signingKeys, certificateBatches, populationStatistics,
  indicatorTargets, allowancePolicies, allowancePolicyVersions, allowanceLists, allowanceLines, allowanceExclusions,
  allowanceObjections, allowanceAdjustments, competitions, competitionEntries, competitionJudges,
  competitionSittings, competitionTheorySeats, competitionScores, competitionSpreadResolutions, competitionResults,
  wageGuidance, experts, subsidyPolicies, subsidyPolicyVersions, subsidyLists, subsidyApplications,
  subsidyObjections, creditEntries, creditAppeals,
} = postgresTables();
