import { sql } from "drizzle-orm";
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { JWK } from "jose";
import type { Blueprint, PaperQuestion } from "../app/assessment/blueprint.ts";
import type { ApplicantFacts, Condition as EligibilityCondition, Eligibility, Route, RulesSource } from "../app/assessment/eligibility.ts";
import type { PartTask } from "../app/assessment/scoring.ts";
import type { Condition, Instalment } from "../app/allowances/rules.ts";
import type { SubsidyAmounts, SubsidyCondition } from "../app/subsidies/rules.ts";
import { allowanceKinds, courseAudiences, indicatorKeys, occupations, organisationTypes, schoolings, subsidyKinds } from "./vocabulary.ts";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** GB/T 2260 administrative divisions; townships use the 9-digit statistical code. */
export const regions = sqliteTable(
  "regions",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: ["province", "city", "district", "township"] }).notNull(),
    parentCode: text("parent_code"),
    // Why the code is no longer offered (撤销 by a later GB/T 2260 update, or a statistics-only code); null when current.
    // Records keep retired codes, so rows are never deleted.
    retired: text("retired"),
  },
  (t) => [index("regions_parent_idx").on(t.parentCode)],
);

export { organisationTypes };
export type OrganisationType = (typeof organisationTypes)[number];

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    type: text("type", { enum: organisationTypes }).notNull(),
    name: text("name").notNull(),
    creditCode: text("credit_code").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    // Training bases only: the parts of the national certificate number they own.
    evaluationKind: text("evaluation_kind", { enum: ["Y", "S"] }),
    evaluatorCode: text("evaluator_code"),
    siteCode: text("site_code"),
    // Elderly-care institutions only.
    beds: integer("beds"),
    nursingBeds: integer("nursing_beds"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("organisations_credit_code_idx").on(t.creditCode),
    index("organisations_region_idx").on(t.regionCode),
    check(
      "training_base_codes",
      sql`${t.type} <> 'training_base' OR (${t.evaluationKind} IS NOT NULL AND ${t.evaluatorCode} IS NOT NULL AND ${t.siteCode} IS NOT NULL)`,
    ),
    check("nursing_beds_within_beds", sql`${t.nursingBeds} IS NULL OR ${t.nursingBeds} <= ${t.beds}`),
  ],
);

export const people = sqliteTable(
  "people",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    idNumber: text("id_number").notNull(),
    gender: text("gender", { enum: ["male", "female"] }).notNull(),
    birthDate: text("birth_date").notNull(),
    phone: text("phone"),
    // indicators (#15 item 9): 求职登记 for "4050" targeted training, the date registered and where it is recorded
    // (e.g. "就业创业证 3305…"); both null when the person is not a registered job seeker.
    jobSeekerOn: text("job_seeker_on"),
    jobSeekerSource: text("job_seeker_source"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("people_id_number_idx").on(t.idNumber)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    // Set only while a one-time initial password is in force.
    passwordExpiresAt: integer("password_expires_at", { mode: "timestamp_ms" }),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_username_idx").on(t.username),
    uniqueIndex("users_person_idx").on(t.personId),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: blob("secret_hash", { mode: "buffer" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastVerifiedAt: integer("last_verified_at", { mode: "timestamp_ms" }).notNull(),
    // Moodle's "log in as": the admin who opened this session on the user's behalf.
    impersonatorUserId: integer("impersonator_user_id").references(() => users.id, {
      onDelete: "cascade",
    }),
    ip: text("ip"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const roles = sqliteTable("roles", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
});

export const permissions = sqliteTable(
  "permissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    access: text("access", { enum: ["own", "org", "region", "any"] }).notNull(),
    description: text("description").notNull(),
  },
  (t) => [uniqueIndex("permissions_key_idx").on(t.action, t.entity, t.access)],
);

export const rolePermissions = sqliteTable(
  "role_permissions",
  {
    roleId: integer("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    permissionId: integer("permission_id")
      .notNull()
      .references(() => permissions.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.permissionId] })],
);

/** A role held in a context: an organisation, a region subtree, or (neither) the user's own records / the system. */
export const roleAssignments = sqliteTable(
  "role_assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    roleId: integer("role_id")
      .notNull()
      .references(() => roles.id),
    organisationId: integer("organisation_id").references(() => organisations.id),
    regionCode: text("region_code").references(() => regions.code),
    createdAt: createdAt(),
  },
  (t) => [
    index("role_assignments_user_idx").on(t.userId),
    check("one_context", sql`${t.organisationId} IS NULL OR ${t.regionCode} IS NULL`),
  ],
);

export const loginThrottle = sqliteTable("login_throttle", {
  // "pair:<username>|<address>", "user:<username>", "ip:<address>", "known:<username>|<address>" (a usual address),
  // "register:<address>" (registration attempts per hour); see app/auth/throttle.server.ts.
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Public verification counters in fixed windows, shared by every server process: lookups per address and per network,
 * name tries per certificate number, and the distinct numbers a network looked up (scan detection).
 */
export const verificationCounters = sqliteTable(
  "verification_counters",
  {
    // "addr:<ip>", "net:<prefix>", "name:<number>", "seen:<prefix>:<number>", "distinct:<prefix>"
    key: text("key").primaryKey(),
    windowStartedAt: integer("window_started_at").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [index("verification_counters_window_idx").on(t.windowStartedAt)],
);

/** One-time password reset codes an admin starts for a user in scope; only SHA-256 of the code is kept. */
export const passwordResetCodes = sqliteTable(
  "password_reset_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: blob("code_hash", { mode: "buffer" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    // Set when the code is used or replaced by a newer one: a code works once.
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdByUserId: integer("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("password_reset_codes_user_idx").on(t.userId)],
);

/** Moodle-style standard log. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    event: text("event").notNull(),
    component: text("component").notNull(),
    action: text("action").notNull(),
    targetTable: text("target_table"),
    targetId: text("target_id"),
    // Who is logged in as seen by the app, and who really did it (differs under "log in as").
    userId: integer("user_id").references(() => users.id),
    realUserId: integer("real_user_id").references(() => users.id),
    relatedUserId: integer("related_user_id").references(() => users.id),
    ip: text("ip"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_event_idx").on(t.event),
    index("audit_log_user_idx").on(t.userId),
  ],
);

// ── Learning ────────────────────────────────────────────────────────────────

/** Synced from content/courses; a course that leaves the content folder is retired, never deleted. */
export const courses = sqliteTable("courses", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  occupation: text("occupation", { enum: occupations }).notNull(),
  level: integer("level"),
  // indicators (#15 item 7): who a course without a level is for (机构负责人, 养老社工, 继续教育); null for level courses.
  audience: text("audience", { enum: courseAudiences }),
  // Total 学时: online (lessons) plus offline (attended class sessions); the online part is the difference.
  requiredHours: integer("required_hours").notNull(),
  // 线下学时 (classroom / practical) the total includes, earned only by attending class sessions (issue #14).
  offlineHours: integer("offline_hours").notNull().default(0),
  summary: text("summary").notNull(),
  contentHash: text("content_hash").notNull(),
  position: integer("position").notNull(),
  retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
  // The level's 技能考核 task bank from skill-tasks.yaml, copied into the level's assessment plan; null when none.
  skillTaskBank: text("skill_task_bank", { mode: "json" }).$type<{ perCandidate: number; tasks: PartTask[] }>(),
});

export const courseModules = sqliteTable(
  "course_modules",
  {
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    id: text("id").notNull(),
    title: text("title").notNull(),
    required: integer("required", { mode: "boolean" }).notNull(),
    position: integer("position").notNull(),
    quizQuestions: integer("quiz_questions").notNull(),
    quizPassScore: integer("quiz_pass_score").notNull(),
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.id] })],
);

export const lessons = sqliteTable(
  "lessons",
  {
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    id: text("id").notNull(),
    moduleId: text("module_id").notNull(),
    title: text("title").notNull(),
    minutes: integer("minutes").notNull(),
    area: text("area").notNull(),
    // Rendered once at sync, so a lesson page costs one primary-key read.
    html: text("html").notNull(),
    position: integer("position").notNull(),
    contentHash: text("content_hash").notNull(),
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.id] })],
);

export const questions = sqliteTable(
  "questions",
  {
    id: text("id").primaryKey(),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    occupation: text("occupation", { enum: occupations }).notNull(),
    type: text("type", { enum: ["true_false", "single", "multiple"] }).notNull(),
    area: text("area").notNull(),
    levels: text("levels", { mode: "json" }).$type<number[]>().notNull(),
    difficulty: integer("difficulty").notNull(),
    stem: text("stem").notNull(),
    options: text("options", { mode: "json" }).$type<string[]>().notNull(),
    // Indexes of the correct options; true/false questions use [0] = 正确, [1] = 错误.
    answer: text("answer", { mode: "json" }).$type<number[]>().notNull(),
    explanation: text("explanation").notNull(),
    contentHash: text("content_hash").notNull(),
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("questions_course_area_idx").on(t.courseId, t.area)],
);

/**
 * 考试题库: the confidential exam pool of one occupation and level, read only by theory papers. Kept
 * apart from the practice `questions` so no quiz or lesson query can reach it.
 */
export const examQuestions = sqliteTable(
  "exam_questions",
  {
    id: text("id").primaryKey(),
    occupation: text("occupation", { enum: occupations }).notNull(),
    level: integer("level").notNull(),
    type: text("type", { enum: ["true_false", "single", "multiple"] }).notNull(),
    area: text("area").notNull(),
    difficulty: integer("difficulty").notNull(),
    stem: text("stem").notNull(),
    options: text("options", { mode: "json" }).$type<string[]>().notNull(),
    // Indexes of the correct options, as in `questions`.
    answer: text("answer", { mode: "json" }).$type<number[]>().notNull(),
    explanation: text("explanation").notNull(),
    contentHash: text("content_hash").notNull(),
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("exam_questions_occupation_level_idx").on(t.occupation, t.level)],
);

export const enrolments = sqliteTable(
  "enrolments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    enrolledAt: integer("enrolled_at", { mode: "timestamp_ms" }).notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("enrolments_user_course_idx").on(t.userId, t.courseId)],
);

/** Credited online time per lesson; kept when a lesson is changed or retired. */
export const lessonProgress = sqliteTable(
  "lesson_progress",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    courseId: text("course_id").notNull(),
    lessonId: text("lesson_id").notNull(),
    creditedSeconds: integer("credited_seconds").notNull().default(0),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId, t.lessonId] })],
);

/** The last activity report of a user from any tab: time is credited only once per wall-clock second. */
export const studyClock = sqliteTable("study_clock", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  lastReportAt: integer("last_report_at", { mode: "timestamp_ms" }).notNull(),
});

export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    courseId: text("course_id").notNull(),
    moduleId: text("module_id").notNull(),
    questionIds: text("question_ids", { mode: "json" }).$type<string[]>().notNull(),
    answers: text("answers", { mode: "json" }).$type<Record<string, number[]>>(),
    score: integer("score"),
    passed: integer("passed", { mode: "boolean" }),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("quiz_attempts_user_course_idx").on(t.userId, t.courseId)],
);

/** Written once, when a trainee first meets every completion condition; feeds eligibility and indicators. */
export const courseCompletions = sqliteTable(
  "course_completions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }).notNull(),
    onlineSeconds: integer("online_seconds").notNull(),
    offlineMinutes: integer("offline_minutes").notNull(),
  },
  (t) => [uniqueIndex("course_completions_user_course_idx").on(t.userId, t.courseId)],
);

// ── Classes at training bases (培训班) ─────────────────────────────────────

/** 师资: the teachers a training base can put on a class. */
export const teachers = sqliteTable(
  "teachers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    name: text("name").notNull(),
    title: text("title").notNull(),
    specialty: text("specialty").notNull(),
    // Added for issue 13: the same ID number twice at one base is a duplicate; null on teachers registered before.
    idNumber: text("id_number"),
    // Added for issue 13: a retired teacher leaves the pickers but stays on the sessions they taught.
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    // Added for issue 15 (teacher pool): a qualification in words and its certificate number, the curriculum
    // areas taught, and the levels the teacher may teach (empty: not stated yet).
    qualification: text("qualification"),
    qualificationNumber: text("qualification_number"),
    subjects: text("subjects", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    levels: text("levels", { mode: "json" }).$type<number[]>().notNull().default(sql`'[]'`),
  },
  (t) => [index("teachers_org_idx").on(t.organisationId), uniqueIndex("teachers_org_id_number_idx").on(t.organisationId, t.idNumber)],
);

export const trainingClasses = sqliteTable(
  "training_classes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    name: text("name").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    // Added for issue 13: a retired class leaves the lists and counts; its roster and attendance stay.
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("training_classes_org_idx").on(t.organisationId)],
);

/** The roster holds people, so a trainee can be enrolled before they have an account. */
export const classMembers = sqliteTable(
  "class_members",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => trainingClasses.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    addedAt: integer("added_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.classId, t.personId] }), index("class_members_person_idx").on(t.personId)],
);

/** One scheduled offline session; attending it earns its minutes. */
export const classSessions = sqliteTable(
  "class_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    classId: integer("class_id")
      .notNull()
      .references(() => trainingClasses.id, { onDelete: "cascade" }),
    date: text("date").notNull(),
    startTime: text("start_time").notNull(),
    endTime: text("end_time").notNull(),
    minutes: integer("minutes").notNull(),
    topic: text("topic").notNull(),
    teacherId: integer("teacher_id").references(() => teachers.id),
  },
  (t) => [index("class_sessions_class_idx").on(t.classId)],
);

export const attendance = sqliteTable(
  "attendance",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => classSessions.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    present: integer("present", { mode: "boolean" }).notNull(),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.personId] })],
);

// ── Assessment (职业技能等级认定) ──────────────────────────────────────────

/** 申报条件 per occupation and level, as data the engine evaluates (app/assessment/eligibility.ts). */
export const eligibilityRules = sqliteTable(
  "eligibility_rules",
  {
    occupation: text("occupation", { enum: occupations }).notNull(),
    level: integer("level").notNull(),
    routes: text("routes", { mode: "json" }).$type<Route[]>().notNull(),
    // Added with sourced tables (issue 11): the standard followed; null on rows written before, which the seed replaces.
    source: text("source", { mode: "json" }).$type<RulesSource>(),
    // Conditions every route needs (康复服务 module for 养老护理员 三级 and higher).
    requirements: text("requirements", { mode: "json" }).$type<EligibilityCondition[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.occupation, t.level] })],
);

/** A plan per occupation and level: parts with pass marks, the theory blueprint, the skill tasks and, for 二级/一级, the 综合评审 rubric. */
export const assessmentPlans = sqliteTable(
  "assessment_plans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    occupation: text("occupation", { enum: occupations }).notNull(),
    level: integer("level").notNull(),
    passMark: integer("pass_mark").notNull().default(60),
    blueprint: text("blueprint", { mode: "json" }).$type<Blueprint>().notNull(),
    skillTasks: text("skill_tasks", { mode: "json" }).$type<PartTask[]>().notNull(),
    hasReview: integer("has_review", { mode: "boolean" }).notNull(),
    // 综合评审: what the panel scores, item by item (empty when the plan has no review part).
    reviewTasks: text("review_tasks", { mode: "json" }).$type<PartTask[]>().notNull().default([]),
    spreadThreshold: integer("spread_threshold").notNull().default(10),
    // How many operations each candidate draws from the level's skill task bank (技能要求).
    skillTasksPerCandidate: integer("skill_tasks_per_candidate").notNull().default(1),
    // 补考: how many months after a published result a failed part may be sat again, keeping the passed parts.
    resitMonths: integer("resit_months").notNull().default(12),
  },
  (t) => [uniqueIndex("assessment_plans_occupation_level_idx").on(t.occupation, t.level)],
);

/** 批次: one sitting of a plan at a training base. */
export const assessmentSessions = sqliteTable(
  "assessment_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    planId: integer("plan_id")
      .notNull()
      .references(() => assessmentPlans.id),
    name: text("name").notNull(),
    theoryStartsAt: integer("theory_starts_at", { mode: "timestamp_ms" }).notNull(),
    // Added for issue 11: last day (YYYY-MM-DD, China time) applications are taken; null on older rows = the day before the exam.
    applicationsCloseOn: text("applications_close_on"),
    venue: text("venue").notNull(),
    rooms: text("rooms", { mode: "json" }).$type<Array<{ name: string; capacity: number }>>().notNull(),
    status: text("status", { enum: ["draft", "open", "published"] }).notNull().default("draft"),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    // Added for issue 13: a draft session called off after applications came in; it takes no more and never opens.
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("assessment_sessions_org_idx").on(t.organisationId)],
);

export const sessionStaff = sqliteTable(
  "session_staff",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => assessmentSessions.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    duty: text("duty", { enum: ["invigilator", "examiner", "chief_examiner", "panel"] }).notNull(),
    room: text("room"),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId, t.duty] })],
);

/** 申报: a trainee's application for a session, with the facts declared and the engine's verdict. */
export const applications = sqliteTable(
  "applications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => assessmentSessions.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    facts: text("facts", { mode: "json" }).$type<ApplicantFacts>().notNull(),
    eligibility: text("eligibility", { mode: "json" }).$type<Eligibility>().notNull(),
    status: text("status", { enum: ["pending", "approved", "rejected"] }).notNull().default("pending"),
    decisionReason: text("decision_reason"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    room: text("room"),
    // 补考: the earlier failed application whose passed parts are kept, and the parts sat again.
    resitOfApplicationId: integer("resit_of_application_id"),
    resitParts: text("resit_parts", { mode: "json" }).$type<Array<"theory" | "skill" | "review">>(),
    // 口试: a 五级 applicant without primary schooling sits the theory paper orally; the invigilator records the answers.
    oralTheory: integer("oral_theory", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("applications_session_user_idx").on(t.sessionId, t.userId)],
);

/** The skill operations a candidate drew from the level's task bank when the session opened, from a stored seed (audit). */
export const skillTaskDraws = sqliteTable("skill_task_draws", {
  applicationId: integer("application_id")
    .primaryKey()
    .references(() => applications.id),
  seed: integer("seed").notNull(),
  taskIds: text("task_ids", { mode: "json" }).$type<string[]>().notNull(),
  drawnAt: integer("drawn_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * The chief examiner's decision on a spread beyond the plan's threshold for one candidate's task: a new score that
 * replaces the examiners' mean ('rescore'), or the mean confirmed with a written reason ('confirm').
 */
export const spreadResolutions = sqliteTable(
  "spread_resolutions",
  {
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id),
    part: text("part", { enum: ["skill", "review"] }).notNull(),
    taskId: text("task_id").notNull(),
    decision: text("decision", { enum: ["rescore", "confirm"] }).notNull(),
    score: real("score"),
    reason: text("reason").notNull(),
    decidedBy: integer("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.part, t.taskId] })],
);

/**
 * Attendance per candidate and part, recorded at the door (check-in) or marked 缺考 (absent). Publishing needs every
 * part of every candidate either scored or recorded absent.
 */
export const partAttendance = sqliteTable(
  "part_attendance",
  {
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id),
    part: text("part", { enum: ["theory", "skill", "review"] }).notNull(),
    status: text("status", { enum: ["present", "absent"] }).notNull(),
    seat: text("seat"),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.part] })],
);

/** 考评员资格: which occupation an examiner may examine, up to which level (1 is the highest). */
export const examinerQualifications = sqliteTable(
  "examiner_qualifications",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    occupation: text("occupation", { enum: occupations }).notNull(),
    highestLevel: integer("highest_level").notNull(),
    certificateNumber: text("certificate_number"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.occupation] })],
);

/**
 * A candidate's theory paper, drawn from a stored seed when the session opens, so that thousands of
 * candidates pressing 开始考试 at once draw nothing; the attempt takes its copy at the start.
 */
export const theoryPapers = sqliteTable("theory_papers", {
  applicationId: integer("application_id")
    .primaryKey()
    .references(() => applications.id),
  seed: integer("seed").notNull(),
  paper: text("paper", { mode: "json" }).$type<PaperQuestion[]>().notNull(),
  drawnAt: integer("drawn_at", { mode: "timestamp_ms" }).notNull(),
});

/** One candidate's theory paper: drawn from a stored seed, timed by the server, bound to one device at a time. */
export const theoryAttempts = sqliteTable("theory_attempts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  applicationId: integer("application_id")
    .notNull()
    .unique()
    .references(() => applications.id),
  seed: integer("seed").notNull(),
  paper: text("paper", { mode: "json" }).$type<PaperQuestion[]>().notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  deadline: integer("deadline", { mode: "timestamp_ms" }).notNull(),
  deviceId: text("device_id").notNull(),
  // A second device waiting for the invigilator's approval.
  pendingDeviceId: text("pending_device_id"),
  submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
  autoSubmitted: integer("auto_submitted", { mode: "boolean" }).notNull().default(false),
  score: integer("score"),
});

export const attemptAnswers = sqliteTable(
  "attempt_answers",
  {
    attemptId: integer("attempt_id")
      .notNull()
      .references(() => theoryAttempts.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    // Option positions as shown on this candidate's paper.
    choice: text("choice", { mode: "json" }).$type<number[]>().notNull(),
    seq: integer("seq").notNull(),
    savedAt: integer("saved_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.questionId] })],
);

/** One examiner's (or panel member's) item-by-item scores for one candidate's task of a scored part, submitted once. */
export const skillScores = sqliteTable(
  "skill_scores",
  {
    // Task ids are unique within a plan across both parts; the part says which list the task is in.
    part: text("part", { enum: ["skill", "review"] }).notNull().default("skill"),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id),
    taskId: text("task_id").notNull(),
    examinerId: integer("examiner_id")
      .notNull()
      .references(() => users.id),
    items: text("items", { mode: "json" }).$type<Record<string, number>>().notNull(),
    total: real("total").notNull(),
    criticalFailed: text("critical_failed", { mode: "json" }).$type<string[]>().notNull(),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.taskId, t.examinerId] })],
);

/** Published results: final, changed only through a logged re-check (复核). */
export const assessmentResults = sqliteTable("assessment_results", {
  applicationId: integer("application_id")
    .primaryKey()
    .references(() => applications.id),
  theoryScore: real("theory_score"),
  skillScore: real("skill_score"),
  reviewScore: real("review_score"),
  passed: integer("passed", { mode: "boolean" }).notNull(),
  publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
});

export const recheckRequests = sqliteTable("recheck_requests", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  applicationId: integer("application_id")
    .notNull()
    .references(() => applications.id),
  reason: text("reason").notNull(),
  answer: text("answer"),
  answeredBy: integer("answered_by").references(() => users.id),
  answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
  // The chief examiner's decision: the part re-checked, its score before and after (equal when upheld).
  part: text("part", { enum: ["theory", "skill", "review"] }),
  previousScore: real("previous_score"),
  newScore: real("new_score"),
  createdAt: createdAt(),
});

// ── Certificates (职业技能等级证书, 培训合格证明) ───────────────────────────

export const certificateKinds = ["skill_level", "training_completion"] as const;
export type CertificateKind = (typeof certificateKinds)[number];

/**
 * Every certificate a person holds: issued here (from a published pass or a completed family-caregiver course)
 * or recorded from elsewhere ("external", counted only once an officer confirms it). Holder fields are
 * copied at issue, as printed. Validity on a date is `certificateValidOn` in certificates/status.ts.
 */
export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: certificateKinds }).notNull(),
    number: text("number").notNull(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    holderName: text("holder_name").notNull(),
    idType: text("id_type").notNull().default("居民身份证"),
    idNumber: text("id_number").notNull(),
    occupation: text("occupation", { enum: occupations }).notNull(),
    // 工种/职业方向; printed as "--" when null.
    direction: text("direction"),
    // null for a training completion, which has no level.
    level: integer("level"),
    issuerName: text("issuer_name").notNull(),
    issuerOrganisationId: integer("issuer_organisation_id").references(() => organisations.id),
    issuedOn: text("issued_on").notNull(),
    source: text("source", { enum: ["issued", "external"] }).notNull(),
    applicationId: integer("application_id").references(() => applications.id),
    courseCompletionId: integer("course_completion_id").references(() => courseCompletions.id),
    // Issued certificates are verified at issue; external ones when an officer confirms them.
    verifiedAt: integer("verified_at", { mode: "timestamp_ms" }),
    verifiedBy: integer("verified_by").references(() => users.id),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedReason: text("revoked_reason"),
    revokedBy: integer("revoked_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("certificates_number_idx").on(t.number),
    // Partial (imports, issue 12): external certificates have neither origin, so a roster import of 50,000 of them
    // does not write 100,000 NULL keys inside its write lock; every lookup is by a value (= implies IS NOT NULL).
    uniqueIndex("certificates_application_idx").on(t.applicationId).where(sql`${t.applicationId} IS NOT NULL`),
    uniqueIndex("certificates_completion_idx").on(t.courseCompletionId).where(sql`${t.courseCompletionId} IS NOT NULL`),
    index("certificates_person_idx").on(t.personId),
    // Added for the officers' and institutions' to-dos (issue 13): the few external certificates awaiting confirmation,
    // found without scanning every certificate.
    index("certificates_awaiting_idx").on(t.personId).where(sql`${t.source} = 'external' AND ${t.verifiedAt} IS NULL AND ${t.revokedAt} IS NULL`),
    check("level_by_kind", sql`(${t.kind} = 'skill_level') = (${t.level} IS NOT NULL)`),
    check("issued_has_origin", sql`${t.source} <> 'issued' OR ${t.applicationId} IS NOT NULL OR ${t.courseCompletionId} IS NOT NULL`),
  ],
);

// ── Worker registry (从业人员名册) ──────────────────────────────────────────

export const workerPosts = ["caregiver", "director", "nurse", "social_worker", "other"] as const;
export type WorkerPost = (typeof workerPosts)[number];

/** A person employed by an institution; the same person may be registered by two institutions. */
export const workers = sqliteTable(
  "workers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    occupation: text("occupation", { enum: occupations }).notNull(),
    post: text("post", { enum: workerPosts }).notNull(),
    // Full-time matters for the plans' social-worker indicators.
    fullTime: integer("full_time", { mode: "boolean" }).notNull().default(true),
    // 入职日期 and 合同截止日期 (null: open-ended contract).
    hiredOn: text("hired_on").notNull(),
    contractEndsOn: text("contract_ends_on"),
    // Set when the worker leaves; employed on D means hiredOn <= D and (leftOn is null or D < leftOn).
    leftOn: text("left_on"),
    bankAccount: text("bank_account"),
    // 学历, for entry awards graded by schooling (allowances); null when not recorded.
    schooling: text("schooling", { enum: schoolings }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("workers_org_person_idx").on(t.organisationId, t.personId), index("workers_person_idx").on(t.personId)],
);

/** Per worker and month (YYYY-MM): what the allowance conditions read. */
export const workerMonths = sqliteTable(
  "worker_months",
  {
    workerId: integer("worker_id")
      .notNull()
      .references(() => workers.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    attendanceDays: integer("attendance_days").notNull(),
    socialInsurancePaid: integer("social_insurance_paid", { mode: "boolean" }).notNull(),
    continuingEducationHours: real("continuing_education_hours").notNull().default(0),
    liabilityIncident: integer("liability_incident", { mode: "boolean" }).notNull().default(false),
    // Added for issue 15 (wage monitoring): 应发工资 in integer fen; optional, null when not reported.
    wageFen: integer("wage_fen"),
  },
  (t) => [primaryKey({ columns: [t.workerId, t.month] }), index("worker_months_month_idx").on(t.month)],
);

// ── Certificate issuing, editions, signing (certificates issue) ─────────────

/**
 * The last serial used after each number stem (a skill certificate's first 16 characters: body, year, level;
 * or a training-completion series). Incremented inside the issuing transaction, so serials never repeat or skip.
 */
export const certificateSerials = sqliteTable("certificate_serials", {
  stem: text("stem").primaryKey(),
  last: integer("last").notNull(),
});

export const editionReasons = ["issued", "reissued", "reinstated"] as const;

/**
 * Each document issued under a certificate's number: the first issue, each 补发 (replacement) and each
 * reinstatement after a revocation. The newest supersedes the others. The id is the edition's index in the
 * Bitstring Status List, whose bit is set once the edition is revoked or superseded (never cleared).
 */
export const certificateEditions = sqliteTable(
  "certificate_editions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    certificateId: integer("certificate_id")
      .notNull()
      .references(() => certificates.id),
    edition: integer("edition").notNull(),
    reason: text("reason", { enum: editionReasons }).notNull(),
    note: text("note"),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    issuedBy: integer("issued_by").references(() => users.id),
    // The signed W3C Verifiable Credential (vc+jwt), signed on first use outside the issuing transaction.
    credential: text("credential"),
    supersededAt: integer("superseded_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("certificate_editions_number_idx").on(t.certificateId, t.edition)],
);

/** Public halves of the Ed25519 keys credentials are signed with (published as JWKS); private halves live in a 0600 file. */
export const signingKeys = sqliteTable("signing_keys", {
  kid: text("kid").primaryKey(),
  publicJwk: text("public_jwk", { mode: "json" }).$type<JWK>().notNull(),
  createdAt: createdAt(),
});

/** A base's ZIP of a session's certificates, built in the background; progress survives a page reload. */
export const certificateBatches = sqliteTable(
  "certificate_batches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    sessionId: integer("session_id")
      .notNull()
      .references(() => assessmentSessions.id),
    requestedBy: integer("requested_by")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull(),
    total: integer("total").notNull(),
    done: integer("done").notNull().default(0),
    error: text("error"),
    // Updated as the job renders; a running job that stops beating was cut off by a restart.
    heartbeatAt: integer("heartbeat_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("certificate_batches_session_idx").on(t.sessionId)],
);

// ── Workforce indicators (队伍建设指标) ─────────────────────────────────────

/** Population statistics per region and year (年末): the denominators of the per-elderly indicators. */
export const populationStatistics = sqliteTable(
  "population_statistics",
  {
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    year: integer("year").notNull(),
    // 60岁以上常住人口 / 60岁以上户籍人口 / 常住人口
    elderlyResidents: integer("elderly_residents").notNull(),
    elderlyRegistered: integer("elderly_registered").notNull(),
    residents: integer("residents").notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year] })],
);

/**
 * A plan target for a region, due by the end of a year. A region without rows for an indicator inherits its
 * nearest ancestor's; the unit depends on the indicator (per 10,000, percent, beds, people per township).
 */
export const indicatorTargets = sqliteTable(
  "indicator_targets",
  {
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    indicator: text("indicator", { enum: indicatorKeys }).notNull(),
    year: integer("year").notNull(),
    value: integer("value").notNull(),
    // Which plan the figure comes from, e.g. "长兴县养老护理员队伍建设方案".
    basis: text("basis"),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.indicator, t.year] })],
);

// ── Post allowances (岗位补贴) ──────────────────────────────────────────────

/** An allowance a region pays (monthly post allowance, one-off level award, entry award); its rules live in versions. */
export const allowancePolicies = sqliteTable(
  "allowance_policies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    name: text("name").notNull(),
    kind: text("kind", { enum: allowanceKinds }).notNull(),
    occupation: text("occupation", { enum: occupations }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("allowance_policies_region_name_idx").on(t.regionCode, t.name)],
);

/** One version of a policy's rules for an effective date range (inclusive; effectiveTo null = open-ended). */
export const allowancePolicyVersions = sqliteTable(
  "allowance_policy_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    policyId: integer("policy_id")
      .notNull()
      .references(() => allowancePolicies.id),
    version: integer("version").notNull(),
    effectiveFrom: text("effective_from").notNull(),
    effectiveTo: text("effective_to"),
    // Integer yuan keyed by skill level ("5"…"1"), or by schooling for an entry award.
    amounts: text("amounts", { mode: "json" }).$type<Record<string, number>>().notNull(),
    instalments: text("instalments", { mode: "json" }).$type<Instalment[]>(),
    conditions: text("conditions", { mode: "json" }).$type<Condition[]>().notNull(),
    // 公示 public notice period, in days.
    noticeDays: integer("notice_days").notNull().default(5),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("allowance_policy_versions_idx").on(t.policyId, t.version)],
);

export type ApprovedListHeader = { policy: string; version: number; organisation: { name: string; creditCode: string } };

export const allowanceListStatuses = ["draft", "declared", "publicised", "approved"] as const;
export type AllowanceListStatus = (typeof allowanceListStatuses)[number];

/** 补贴发放名册: one policy, one institution, one month. Approved lists are locked: hashed and never changed. */
export const allowanceLists = sqliteTable(
  "allowance_lists",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    policyId: integer("policy_id")
      .notNull()
      .references(() => allowancePolicies.id),
    policyVersionId: integer("policy_version_id")
      .notNull()
      .references(() => allowancePolicyVersions.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    month: text("month").notNull(),
    status: text("status", { enum: allowanceListStatuses }).notNull().default("draft"),
    computedAt: integer("computed_at", { mode: "timestamp_ms" }).notNull(),
    declaredAt: integer("declared_at", { mode: "timestamp_ms" }),
    declaredBy: integer("declared_by").references(() => users.id),
    noticeStartsOn: text("notice_starts_on"),
    noticeEndsOn: text("notice_ends_on"),
    noticeOpenedBy: integer("notice_opened_by").references(() => users.id),
    approvedAt: integer("approved_at", { mode: "timestamp_ms" }),
    approvedBy: integer("approved_by").references(() => users.id),
    contentHash: text("content_hash"),
    // The header fields as approved (policy, version, organisation): the hash covers these, not live rows a rename changes.
    approvedHeader: text("approved_header", { mode: "json" }).$type<ApprovedListHeader>(),
    // 退回: the district sent the declared list back to the institution (status draft again) with this reason;
    // cleared when the institution declares again (the audit log keeps every return).
    returnedAt: integer("returned_at", { mode: "timestamp_ms" }),
    returnedBy: integer("returned_by").references(() => users.id),
    returnedReason: text("returned_reason"),
  },
  (t) => [
    uniqueIndex("allowance_lists_policy_org_month_idx").on(t.policyId, t.organisationId, t.month),
    index("allowance_lists_month_idx").on(t.month),
    check("approved_is_hashed", sql`${t.status} <> 'approved' OR ${t.contentHash} IS NOT NULL`),
  ],
);

/**
 * A payment on a list, with the rule that made it (or an adjustment of an earlier locked list). `claimed`
 * is set while the line stands on a declared list: the partial unique index then lets a person be paid
 * at most once per allowance and award key (the month, a level, an instalment), whichever institution declares.
 */
export const allowanceLines = sqliteTable(
  "allowance_lines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listId: integer("list_id")
      .notNull()
      .references(() => allowanceLists.id),
    policyId: integer("policy_id")
      .notNull()
      .references(() => allowancePolicies.id),
    workerId: integer("worker_id")
      .notNull()
      .references(() => workers.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    kind: text("kind", { enum: ["allowance", "adjustment"] }).notNull().default("allowance"),
    awardKey: text("award_key").notNull(),
    name: text("name").notNull(),
    idNumber: text("id_number").notNull(),
    bankAccount: text("bank_account"),
    level: integer("level"),
    amount: integer("amount").notNull(),
    rule: text("rule").notNull(),
    excludedAt: integer("excluded_at", { mode: "timestamp_ms" }),
    excludedBy: integer("excluded_by").references(() => users.id),
    excludedReason: text("excluded_reason"),
    claimed: integer("claimed", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("allowance_lines_list_idx").on(t.listId),
    uniqueIndex("allowance_lines_paid_once_idx").on(t.policyId, t.personId, t.awardKey).where(sql`${t.claimed} = 1`),
  ],
);

/** A worker the engine left out of a list, with each condition they failed. */
export const allowanceExclusions = sqliteTable(
  "allowance_exclusions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listId: integer("list_id")
      .notNull()
      .references(() => allowanceLists.id),
    workerId: integer("worker_id")
      .notNull()
      .references(() => workers.id),
    name: text("name").notNull(),
    idNumber: text("id_number").notNull(),
    reasons: text("reasons", { mode: "json" }).$type<string[]>().notNull(),
  },
  (t) => [index("allowance_exclusions_list_idx").on(t.listId)],
);

/** An objection received during the 公示 period, and how the district answered it. */
export const allowanceObjections = sqliteTable(
  "allowance_objections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listId: integer("list_id")
      .notNull()
      .references(() => allowanceLists.id),
    lineId: integer("line_id").references(() => allowanceLines.id),
    raisedBy: text("raised_by").notNull(),
    content: text("content").notNull(),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
    resolution: text("resolution"),
    resolvedBy: integer("resolved_by").references(() => users.id),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    // notices (issue 15): 书面 (recorded by the district) or 本人在线提出 (raised by the worker from their own
    // account, who is then raisedByPersonId and reads the answer on /my).
    source: text("source", { enum: ["written", "online"] }).notNull().default("written"),
    raisedByPersonId: integer("raised_by_person_id").references(() => people.id),
  },
  (t) => [index("allowance_objections_list_idx").on(t.listId), index("allowance_objections_person_idx").on(t.raisedByPersonId)],
);

/** A correction of a locked list, paid (or recovered, when negative) as a line of a later month's list. */
export const allowanceAdjustments = sqliteTable(
  "allowance_adjustments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sourceListId: integer("source_list_id")
      .notNull()
      .references(() => allowanceLists.id),
    workerId: integer("worker_id")
      .notNull()
      .references(() => workers.id),
    month: text("month").notNull(),
    amount: integer("amount").notNull(),
    reason: text("reason").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("allowance_adjustments_month_idx").on(t.month)],
);

// ── Skills competitions (养老护理 / 保育 技能竞赛, 评比表彰; issue 15 item 2) ─────────────

/** The stored workflow states of a competition; `app/competitions/rules.ts` holds the moves between them. */
export const competitionStatuses = ["entries", "preliminary", "final", "published", "closed"] as const;
export type CompetitionStatus = (typeof competitionStatuses)[number];
export type CompetitionStage = "preliminary" | "final";
/** A stage's weights (%) of the theory and practical parts; a part weighted 0 is not held in that stage. */
export type StageWeights = { theory: number; practical: number };
/** One award band (奖项) of the results, in order from the best: a count or a share (%) of the ranked finalists. */
export type AwardRule = { award: "first" | "second" | "third" | "merit"; count?: number; share?: number; promotion: boolean; amount: number };

/** A competition organised by a district or city officer for the workers and trainees of their region. */
export const competitions = sqliteTable(
  "competitions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    occupation: text("occupation", { enum: occupations }).notNull(),
    levels: text("levels", { mode: "json" }).$type<number[]>().notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    // 承办单位: the training base in the region whose exam rooms hold the theory papers.
    hostOrganisationId: integer("host_organisation_id")
      .notNull()
      .references(() => organisations.id),
    // Calendar dates (YYYY-MM-DD, China time): last day of entries, 初赛 and 决赛 days.
    entriesCloseOn: text("entries_close_on").notNull(),
    preliminaryOn: text("preliminary_on").notNull(),
    finalOn: text("final_on").notNull(),
    // How many of each level's 初赛 ranking go on to the 决赛.
    advanceCount: integer("advance_count").notNull(),
    preliminaryWeights: text("preliminary_weights", { mode: "json" }).$type<StageWeights>().notNull(),
    finalWeights: text("final_weights", { mode: "json" }).$type<StageWeights>().notNull(),
    awards: text("awards", { mode: "json" }).$type<AwardRule[]>().notNull(),
    status: text("status", { enum: competitionStatuses }).notNull().default("entries"),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("competitions_region_idx").on(t.regionCode)],
);

/** An entry (报名) by an institution (its worker) or a training base (its trainee); the competitor sits the theory paper from their own account. */
export const competitionEntries = sqliteTable(
  "competition_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    competitionId: integer("competition_id")
      .notNull()
      .references(() => competitions.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    level: integer("level").notNull(),
    status: text("status", { enum: ["pending", "accepted", "rejected", "withdrawn"] }).notNull().default("pending"),
    decisionReason: text("decision_reason"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    // Set when the 初赛 ranking sends the competitor on to the 决赛.
    finalist: integer("finalist", { mode: "boolean" }).notNull().default(false),
    enteredBy: integer("entered_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("competition_entries_user_idx").on(t.competitionId, t.userId)],
);

/** 评委: examiner accounts of the region's bases on the competition's judge panel. */
export const competitionJudges = sqliteTable(
  "competition_judges",
  {
    competitionId: integer("competition_id")
      .notNull()
      .references(() => competitions.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.userId] })],
);

/**
 * One stage and level as held: its theory paper is an assessment session at the host base owned by the competition
 * (so the exam engine, check-in and answer API serve it unchanged), its practical operation drawn from the level's bank.
 */
export const competitionSittings = sqliteTable(
  "competition_sittings",
  {
    competitionId: integer("competition_id")
      .notNull()
      .references(() => competitions.id),
    stage: text("stage", { enum: ["preliminary", "final"] }).notNull(),
    level: integer("level").notNull(),
    theorySessionId: integer("theory_session_id").references(() => assessmentSessions.id),
    practicalTaskId: text("practical_task_id"),
    openedAt: integer("opened_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.competitionId, t.stage, t.level] }), uniqueIndex("competition_sittings_session_idx").on(t.theorySessionId)],
);

/** The competitor's application in a stage's theory session, so each stage's paper is found from the entry. */
export const competitionTheorySeats = sqliteTable(
  "competition_theory_seats",
  {
    entryId: integer("entry_id")
      .notNull()
      .references(() => competitionEntries.id),
    stage: text("stage", { enum: ["preliminary", "final"] }).notNull(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.stage] })],
);

/** One judge's item-by-item practical scores for one entry in one stage, submitted once (as skill_scores). */
export const competitionScores = sqliteTable(
  "competition_scores",
  {
    entryId: integer("entry_id")
      .notNull()
      .references(() => competitionEntries.id),
    stage: text("stage", { enum: ["preliminary", "final"] }).notNull(),
    judgeId: integer("judge_id")
      .notNull()
      .references(() => users.id),
    items: text("items", { mode: "json" }).$type<Record<string, number>>().notNull(),
    total: real("total").notNull(),
    criticalFailed: text("critical_failed", { mode: "json" }).$type<string[]>().notNull(),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.stage, t.judgeId] })],
);

/** The organiser's decision on a judges' spread beyond the threshold: a rescore replacing the mean, or the mean confirmed. */
export const competitionSpreadResolutions = sqliteTable(
  "competition_spread_resolutions",
  {
    entryId: integer("entry_id")
      .notNull()
      .references(() => competitionEntries.id),
    stage: text("stage", { enum: ["preliminary", "final"] }).notNull(),
    decision: text("decision", { enum: ["rescore", "confirm"] }).notNull(),
    score: real("score"),
    reason: text("reason").notNull(),
    decidedBy: integer("decided_by")
      .notNull()
      .references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.stage] })],
);

/** Published results (the 决赛 ranking per level), written at publishing and removed when publishing is withdrawn. */
export const competitionResults = sqliteTable("competition_results", {
  entryId: integer("entry_id")
    .primaryKey()
    .references(() => competitionEntries.id),
  theoryScore: real("theory_score"),
  practicalScore: real("practical_score"),
  total: real("total").notNull(),
  rank: integer("rank").notNull(),
  award: text("award", { enum: ["first", "second", "third", "merit"] }),
  // An award carrying a level promotion: the level it makes the competitor eligible to apply for (evidence, not a certificate).
  promotionLevel: integer("promotion_level"),
  // A one-off award amount (integer yuan) from the competition's award policy.
  amount: integer("amount").notNull().default(0),
  publishedAt: integer("published_at", { mode: "timestamp_ms" }).notNull(),
});
// ── Wage monitoring and the expert pool (issue 15 items 3 and 6) ────────────

/**
 * 工资价位: the wage guidance a human-resources bureau publishes per region, year, occupation and level, in fen a
 * month (low / median / high). Level 0 is a figure for the occupation without a certificate level.
 */
export const wageGuidance = sqliteTable(
  "wage_guidance",
  {
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    year: integer("year").notNull(),
    occupation: text("occupation", { enum: occupations }).notNull(),
    level: integer("level").notNull(),
    lowFen: integer("low_fen").notNull(),
    medianFen: integer("median_fen").notNull(),
    highFen: integer("high_fen").notNull(),
    // Where the figures come from, e.g. "湖州市人力社保局 2026 年工资价位"; demo figures say so here.
    source: text("source"),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.year, t.occupation, t.level] })],
);

/** 专家库: experts an officer keeps for examiner panels and competition judging, in the officer's region. */
export const experts = sqliteTable(
  "experts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    name: text("name").notNull(),
    idNumber: text("id_number").notNull(),
    occupation: text("occupation", { enum: occupations }).notNull(),
    speciality: text("speciality").notNull(),
    title: text("title").notNull(),
    // The organisation the expert works at, in words (a hospital or college is often not in the registry).
    employer: text("employer"),
    availableForPanels: integer("available_for_panels", { mode: "boolean" }).notNull(),
    availableForJudging: integer("available_for_judging", { mode: "boolean" }).notNull(),
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
    retiredReason: text("retired_reason"),
    createdAt: createdAt(),
  },
  (t) => [index("experts_region_idx").on(t.regionCode), uniqueIndex("experts_region_id_number_idx").on(t.regionCode, t.idNumber)],
);

// ── Training and skill-upgrade subsidies (培训补贴 / 技能提升补贴, issue 15 item 1) ───────────────────
// Added tables only. A policy per region and kind, its money and conditions in dated versions; applications after a
// published pass collect into one list per policy, district and month, reviewed like the allowance lists.

/** A subsidy a region pays once per person and level after a pass; `retiredAt` stops new applications. */
export const subsidyPolicies = sqliteTable(
  "subsidy_policies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    name: text("name").notNull(),
    kind: text("kind", { enum: subsidyKinds }).notNull(),
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("subsidy_policies_region_name_idx").on(t.regionCode, t.name)],
);

/** A version's money and conditions never change once saved; only its note may be edited until an approved list uses it. */
export const subsidyPolicyVersions = sqliteTable(
  "subsidy_policy_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    policyId: integer("policy_id")
      .notNull()
      .references(() => subsidyPolicies.id),
    version: integer("version").notNull(),
    effectiveFrom: text("effective_from").notNull(),
    effectiveTo: text("effective_to"),
    // Integer yuan per occupation and level ("5"…"1").
    amounts: text("amounts", { mode: "json" }).$type<SubsidyAmounts>().notNull(),
    conditions: text("conditions", { mode: "json" }).$type<SubsidyCondition[]>().notNull(),
    // 公示 public notice period, in days.
    noticeDays: integer("notice_days").notNull().default(7),
    note: text("note").notNull().default(""),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("subsidy_policy_versions_idx").on(t.policyId, t.version)],
);

export const subsidyListStatuses = ["collecting", "publicised", "approved"] as const;
export type SubsidyListStatus = (typeof subsidyListStatuses)[number];
export type ApprovedSubsidyHeader = { policy: string; kind: string; district: { code: string; name: string } };

/** 补贴名册: one policy, one district, one month of applications. Approved lists are hashed and never change. */
export const subsidyLists = sqliteTable(
  "subsidy_lists",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    policyId: integer("policy_id")
      .notNull()
      .references(() => subsidyPolicies.id),
    districtCode: text("district_code")
      .notNull()
      .references(() => regions.code),
    month: text("month").notNull(),
    status: text("status", { enum: subsidyListStatuses }).notNull().default("collecting"),
    noticeStartsOn: text("notice_starts_on"),
    noticeEndsOn: text("notice_ends_on"),
    noticeOpenedBy: integer("notice_opened_by").references(() => users.id),
    approvedAt: integer("approved_at", { mode: "timestamp_ms" }),
    approvedBy: integer("approved_by").references(() => users.id),
    contentHash: text("content_hash"),
    approvedHeader: text("approved_header", { mode: "json" }).$type<ApprovedSubsidyHeader>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("subsidy_lists_policy_district_month_idx").on(t.policyId, t.districtCode, t.month),
    check("subsidy_approved_is_hashed", sql`${t.status} <> 'approved' OR ${t.contentHash} IS NOT NULL`),
  ],
);

export const subsidyApplicationStatuses = ["pending", "excluded", "returned", "withdrawn"] as const;
export type SubsidyApplicationStatus = (typeof subsidyApplicationStatuses)[number];

/**
 * An application, a line of its month's list. Holder fields are copied when applying. `claimed` is set while the
 * application stands (pending): the partial unique index lets a person hold one subsidy per occupation and level,
 * across policies, bases and years, even under concurrent applications.
 */
export const subsidyApplications = sqliteTable(
  "subsidy_applications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listId: integer("list_id")
      .notNull()
      .references(() => subsidyLists.id),
    policyVersionId: integer("policy_version_id")
      .notNull()
      .references(() => subsidyPolicyVersions.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    certificateId: integer("certificate_id")
      .notNull()
      .references(() => certificates.id),
    occupation: text("occupation", { enum: occupations }).notNull(),
    level: integer("level").notNull(),
    amount: integer("amount").notNull(),
    name: text("name").notNull(),
    idNumber: text("id_number").notNull(),
    bankAccount: text("bank_account"),
    // 居住证 district the applicant declared, checked by the district.
    residenceRegionCode: text("residence_region_code"),
    reasons: text("reasons", { mode: "json" }).$type<string[]>().notNull(),
    appliedVia: text("applied_via", { enum: ["self", "base"] }).notNull(),
    appliedByOrganisationId: integer("applied_by_organisation_id").references(() => organisations.id),
    appliedBy: integer("applied_by").references(() => users.id),
    appliedAt: integer("applied_at", { mode: "timestamp_ms" }).notNull(),
    status: text("status", { enum: subsidyApplicationStatuses }).notNull().default("pending"),
    claimed: integer("claimed", { mode: "boolean" }).notNull().default(true),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    decidedBy: integer("decided_by").references(() => users.id),
    // Why it was excluded or returned.
    decisionReason: text("decision_reason"),
  },
  (t) => [
    index("subsidy_applications_list_idx").on(t.listId),
    index("subsidy_applications_person_idx").on(t.personId),
    uniqueIndex("subsidy_applications_once_idx").on(t.personId, t.occupation, t.level).where(sql`${t.claimed} = 1`),
  ],
);

/** An objection received during 公示 (in writing to the district, or from the worker's own account). */
export const subsidyObjections = sqliteTable(
  "subsidy_objections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    listId: integer("list_id")
      .notNull()
      .references(() => subsidyLists.id),
    applicationId: integer("application_id").references(() => subsidyApplications.id),
    raisedBy: text("raised_by").notNull(),
    content: text("content").notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
    resolution: text("resolution"),
    resolvedBy: integer("resolved_by").references(() => users.id),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("subsidy_objections_list_idx").on(t.listId)],
);

// ── Credit lists (红名单 / 黑名单, issue 15 item 5) ─────────────────────────

/**
 * A worker (person) or an institution (organisation) on the red list (表彰) or the black list (失信惩戒), placed by an
 * officer for a region. In force from `startsOn` for `termMonths` months (null: until revoked); whether it is in force
 * on a date is `creditEntryState` in app/credit/rules.ts, computed, never stored. Red entries fill the 表彰 columns,
 * black entries the reason, evidence and decision columns.
 */
export const creditEntries = sqliteTable(
  "credit_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    list: text("list", { enum: ["red", "black"] }).notNull(),
    personId: integer("person_id").references(() => people.id),
    organisationId: integer("organisation_id").references(() => organisations.id),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    startsOn: text("starts_on").notNull(),
    termMonths: integer("term_months"),
    // 表彰: title, awarding body, source document (the award date is startsOn).
    title: text("title"),
    awardingBody: text("awarding_body"),
    sourceDocument: text("source_document"),
    // 黑名单: reason category and text, evidence (a description or file reference, never public), decision document number.
    category: text("category"),
    reason: text("reason"),
    evidence: text("evidence"),
    decisionNumber: text("decision_number"),
    // Shown on the public credit notice (红名单 always; a black entry when the deciding officer publishes it).
    published: integer("published", { mode: "boolean" }).notNull().default(true),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedBy: integer("revoked_by").references(() => users.id),
    revokedReason: text("revoked_reason"),
  },
  (t) => [
    index("credit_entries_person_idx").on(t.personId),
    index("credit_entries_organisation_idx").on(t.organisationId),
    index("credit_entries_region_idx").on(t.regionCode),
    check("credit_entry_one_subject", sql`(${t.personId} IS NULL) <> (${t.organisationId} IS NULL)`),
    check("credit_entry_red_fields", sql`${t.list} <> 'red' OR (${t.title} IS NOT NULL AND ${t.awardingBody} IS NOT NULL)`),
    check("credit_entry_black_fields", sql`${t.list} <> 'black' OR (${t.category} IS NOT NULL AND ${t.reason} IS NOT NULL AND ${t.decisionNumber} IS NOT NULL)`),
    check("credit_entry_term", sql`${t.termMonths} IS NULL OR ${t.termMonths} > 0`),
  ],
);

/** An appeal (申诉) against a black-list entry by the listed worker or the institution's admin; at most one open per entry. */
export const creditAppeals = sqliteTable(
  "credit_appeals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => creditEntries.id),
    lodgedBy: integer("lodged_by")
      .notNull()
      .references(() => users.id),
    lodgedAt: integer("lodged_at", { mode: "timestamp_ms" }).notNull(),
    content: text("content").notNull(),
    // upheld: the entry is revoked; dismissed: it stands.
    decision: text("decision", { enum: ["upheld", "dismissed"] }),
    decisionReason: text("decision_reason"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("credit_appeals_entry_idx").on(t.entryId),
    uniqueIndex("credit_appeals_open_idx").on(t.entryId).where(sql`${t.decision} IS NULL`),
  ],
);
