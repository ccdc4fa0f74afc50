import { index, route, type RouteConfig } from "@remix-run/route-config";

/** Routes live in their domain's folder; this table is the one map of URLs to modules. */
export default [
  index("home/index.tsx"),
  route("healthz", "health/healthz.ts"),

  // auth
  route("login", "auth/routes/login.tsx"),
  route("logout", "auth/routes/logout.tsx"),
  route("register", "auth/routes/register.tsx"),
  route("account", "auth/routes/account.tsx"),
  route("account/password", "auth/routes/password.tsx"),
  route("impersonation/stop", "auth/routes/impersonation-stop.tsx"),
  route("password-reset", "auth/routes/password-reset.tsx"),
  route("users/:userId/password-reset", "auth/routes/password-reset-start.tsx"),

  // role homes
  route("learn", "learning/routes/learn-home.tsx"),

  // learning
  route("courses", "learning/routes/catalogue.tsx"),
  route("courses/:courseId", "learning/routes/course.tsx"),
  route("courses/:courseId/lessons/:lessonId", "learning/routes/lesson.tsx"),
  route("courses/:courseId/quiz/:moduleId", "learning/routes/quiz.tsx"),
  route("api/study-activity", "learning/routes/study-activity.ts"),
  route("content/:courseId/images/:file", "learning/routes/content-image.ts"),
  route("content/shared-modules/:moduleId/images/:file", "learning/routes/content-image.ts", { id: "shared-module-image" }),
  route("base/classes", "learning/routes/base-classes.tsx"),
  route("base/classes/:classId", "learning/routes/base-class.tsx"),
  route("base/classes/:classId/progress.xlsx", "learning/routes/base-class-export.ts"),
  route("base/roster-template.xlsx", "learning/routes/roster-template.ts"),
  route("base/teachers", "learning/routes/base-teachers.tsx"),
  route("examiner", "assessment/routes/examiner-home.tsx"),
  route("base", "organisations/routes/base-home.tsx"),
  route("institution", "organisations/routes/institution-home.tsx"),
  route("region", "regions/routes/region-home.tsx"),

  // assessment
  route("assessments", "assessment/routes/trainee-assessments.tsx"),
  route("assessments/:sessionId/apply", "assessment/routes/apply.tsx"),
  route("assessments/:sessionId/admission-ticket.pdf", "assessment/routes/admission-ticket-pdf.ts"),
  route("exam/:sessionId", "assessment/routes/exam.tsx"),
  route("api/exam/:attemptId/answers", "assessment/routes/exam-answers.ts"),
  route("api/exam/:attemptId/submit", "assessment/routes/exam-submit.ts"),
  route("api/exam/:attemptId/left", "assessment/routes/exam-left.ts"),
  route("examiner/sessions/:sessionId", "assessment/routes/invigilation.tsx"),
  route("examiner/sessions/:sessionId/check-in", "assessment/routes/check-in.tsx"),
  route("examiner/sessions/:sessionId/rechecks", "assessment/routes/recheck-decisions.tsx"),
  // 口试: the invigilator records the answers of a 五级 candidate sitting the theory paper orally.
  route("examiner/sessions/:sessionId/oral/:applicationId", "assessment/routes/oral-exam.tsx"),
  // :part is skill (examiners) or review (综合评审 panel); any other value answers 404.
  route("examiner/sessions/:sessionId/:part", "assessment/routes/part-scoring.tsx"),
  route("base/assessments", "assessment/routes/base-sessions.tsx"),
  route("base/assessments/:sessionId", "assessment/routes/base-session.tsx"),
  route("base/assessments/:sessionId/publish", "assessment/routes/base-session-publish.tsx"),
  route("base/staff", "assessment/routes/base-staff.tsx"),

  // certificates: public verification, keys and status list; holder, base and officer pages
  route("verify", "certificates/routes/verify.tsx"),
  route("verify/:number", "certificates/routes/verify-number.tsx"),
  route("api/v1/certificates/:number", "certificates/routes/api-certificate.ts"),
  route(".well-known/jwks.json", "certificates/routes/jwks.ts"),
  route("credentials/status/revocation", "certificates/routes/status-list.ts"),
  route("credentials/v1", "certificates/routes/credential-context.ts"),
  route("certificates", "certificates/routes/my-certificates.tsx"),
  route("certificates/:number/certificate.pdf", "certificates/routes/my-certificate-pdf.ts"),
  route("certificates/:number/credential.jwt", "certificates/routes/my-credential.ts"),
  route("base/certificates", "certificates/routes/base-certificates.tsx"),
  route("base/certificates/:number/certificate.pdf", "certificates/routes/base-certificate-pdf.ts"),
  route("base/certificates/batches/:batchId", "certificates/routes/base-batch.tsx"),
  route("base/certificates/batches/:batchId/certificates.zip", "certificates/routes/base-batch-zip.ts"),
  route("region/certificates", "certificates/routes/revocations.tsx"),

  // organisations within the user's scope
  route("orgs/:orgId", "organisations/routes/organisation.tsx"),

  // workforce indicators
  route("indicators", "indicators/routes/dashboard.tsx"),
  route("indicators/report.xlsx", "indicators/routes/report-xlsx.ts"),
  route("indicators/report.pdf", "indicators/routes/report-pdf.ts"),
  route("indicators/population", "indicators/routes/population.tsx"),
  route("indicators/population-template.xlsx", "indicators/routes/population-template.ts"),
  route("indicators/targets", "indicators/routes/targets.tsx"),

  // system administration
  route("admin", "admin/routes/admin-home.tsx"),
  route("admin/users", "admin/routes/users.tsx"),
  route("admin/users/new", "admin/routes/user-new.tsx"),
  route("admin/users/:userId", "admin/routes/user.tsx"),
  route("admin/organisations", "admin/routes/organisations.tsx"),
  route("admin/organisations/new", "admin/routes/organisation-edit.tsx", { id: "organisation-new" }),
  route("admin/organisations/:orgId/edit", "admin/routes/organisation-edit.tsx", { id: "organisation-edit" }),
  route("admin/audit", "admin/routes/audit.tsx"),
  route("admin/eligibility", "assessment/routes/admin-eligibility.tsx"),
  route("admin/eligibility/:occupation/:level", "assessment/routes/admin-eligibility-edit.tsx"),

  // worker registry and post allowances
  route("institution/workers", "workforce/routes/workers.tsx"),
  route("institution/worker-templates/:template", "workforce/routes/worker-templates.ts"),
  route("region/external-certificates", "workforce/routes/external-certificates.tsx"),
  route("allowances", "allowances/routes/lists.tsx"),
  route("allowances/bank.xlsx", "allowances/routes/region-bank-xlsx.ts"),
  route("allowances/:listId", "allowances/routes/list.tsx"),
  route("allowances/:listId/:file", "allowances/routes/list-export.ts"),
  route("admin/allowance-policies", "allowances/routes/policies.tsx"),

  // notices: public 公示 pages (no login) and the worker's own records with objections
  route("notices", "notices/routes/notices.tsx"),
  route("notices/allowances/:listId", "notices/routes/allowance-notice.tsx"),
  route("my", "me/routes/my.tsx"),
  // competitions: organiser (region officer), entering institutions and bases, judges, public results
  route("region/competitions", "competitions/routes/region-competitions.tsx"),
  route("region/competitions/:competitionId", "competitions/routes/region-competition.tsx"),
  route("org/competitions", "competitions/routes/org-competitions.tsx"),
  route("org/competitions/:competitionId", "competitions/routes/org-competition.tsx"),
  route("examiner/competitions", "competitions/routes/judge-competitions.tsx"),
  route("examiner/competitions/:competitionId", "competitions/routes/judge-competition.tsx"),
  route("notices/competitions/:competitionId", "competitions/routes/public-results.tsx"),
  // wages and the teacher and expert pool (issue 15 items 3 and 6)
  route("wages", "wages/routes/wages.tsx"),
  route("wages/report.xlsx", "wages/routes/wages-xlsx.ts"),
  route("wages/guidance", "wages/routes/guidance.tsx"),
  route("region/pool", "pool/routes/pool.tsx"),
  route("region/pool.xlsx", "pool/routes/pool-xlsx.ts"),
  route("region/experts", "pool/routes/experts.tsx"),
  // subsidies (培训补贴 / 技能提升补贴) and their public notice
  route("subsidies", "subsidies/routes/lists.tsx"),
  route("subsidies/apply", "subsidies/routes/apply.tsx"),
  route("subsidies/:listId", "subsidies/routes/list.tsx"),
  route("subsidies/:listId/:file", "subsidies/routes/list-export.ts"),
  route("base/subsidies", "subsidies/routes/base.tsx"),
  route("admin/subsidy-policies", "subsidies/routes/policies.tsx"),
  route("admin/subsidy-policies/:policyId", "subsidies/routes/policy.tsx"),
  route("notices/subsidies/:listId", "subsidies/routes/notice.tsx"),
  // credit lists (红黑名单): officers' pages, the listed person's or institution's appeals, the public notice
  route("region/credit", "credit/routes/region-credit.tsx"),
  route("region/credit/export.xlsx", "credit/routes/region-credit-xlsx.ts"),
  route("region/credit/new", "credit/routes/region-credit-new.tsx"),
  route("region/credit/:entryId", "credit/routes/region-credit-entry.tsx"),
  route("credit", "credit/routes/my-credit.tsx"),
  route("notices/credit", "credit/routes/public-credit.tsx"),
] satisfies RouteConfig;
