import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { databaseEngine } from "./engine.ts";
import { postgresTables } from "./schema.pg.ts";
import * as sqlite from "./schema.sqlite.ts";

/**
 * The tables the app imports, for the engine this process runs on (issue #16). The definitions live in
 * db/schema.sqlite.ts and the app is typed against them; on PostgreSQL (DATABASE_URL=postgres://…) the same names hold
 * the tables db/schema.pg.ts builds from them, whose query-builder API is the same. Every export of schema.sqlite.ts
 * is exported here under its own name (tests/unit/schema-engines.test.ts checks it): import from this module, never
 * from schema.sqlite.ts, or a query would reach SQLite's table objects on PostgreSQL.
 */

const engine = databaseEngine();

type SqliteTables = { [K in keyof typeof sqlite as (typeof sqlite)[K] extends SQLiteTable ? K : never]: (typeof sqlite)[K] };

const tables = (engine === "postgres" ? postgresTables() : sqlite) as SqliteTables;

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
} = tables;

export {
  certificateKinds, workerPosts, editionReasons, allowanceListStatuses, competitionStatuses, subsidyListStatuses,
  subsidyApplicationStatuses, organisationTypes,
} from "./schema.sqlite.ts";

export type {
  OrganisationType, CertificateKind, WorkerPost, ApprovedListHeader, AllowanceListStatus, CompetitionStatus,
  CompetitionStage, StageWeights, AwardRule, SubsidyListStatus, ApprovedSubsidyHeader, SubsidyApplicationStatus,
} from "./schema.sqlite.ts";
