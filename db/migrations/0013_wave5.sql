CREATE TABLE `competition_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`competition_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`level` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decision_reason` text,
	`decided_by` integer,
	`decided_at` integer,
	`finalist` integer DEFAULT false NOT NULL,
	`entered_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`competition_id`) REFERENCES `competitions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `competition_entries_user_idx` ON `competition_entries` (`competition_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `competition_judges` (
	`competition_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`competition_id`, `user_id`),
	FOREIGN KEY (`competition_id`) REFERENCES `competitions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `competition_results` (
	`entry_id` integer PRIMARY KEY NOT NULL,
	`theory_score` real,
	`practical_score` real,
	`total` real NOT NULL,
	`rank` integer NOT NULL,
	`award` text,
	`promotion_level` integer,
	`amount` integer DEFAULT 0 NOT NULL,
	`published_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `competition_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `competition_scores` (
	`entry_id` integer NOT NULL,
	`stage` text NOT NULL,
	`judge_id` integer NOT NULL,
	`items` text NOT NULL,
	`total` real NOT NULL,
	`critical_failed` text NOT NULL,
	`submitted_at` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `stage`, `judge_id`),
	FOREIGN KEY (`entry_id`) REFERENCES `competition_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`judge_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `competition_sittings` (
	`competition_id` integer NOT NULL,
	`stage` text NOT NULL,
	`level` integer NOT NULL,
	`theory_session_id` integer,
	`practical_task_id` text,
	`opened_at` integer NOT NULL,
	PRIMARY KEY(`competition_id`, `stage`, `level`),
	FOREIGN KEY (`competition_id`) REFERENCES `competitions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`theory_session_id`) REFERENCES `assessment_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `competition_sittings_session_idx` ON `competition_sittings` (`theory_session_id`);--> statement-breakpoint
CREATE TABLE `competition_spread_resolutions` (
	`entry_id` integer NOT NULL,
	`stage` text NOT NULL,
	`decision` text NOT NULL,
	`score` real,
	`reason` text NOT NULL,
	`decided_by` integer NOT NULL,
	`decided_at` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `stage`),
	FOREIGN KEY (`entry_id`) REFERENCES `competition_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `competition_theory_seats` (
	`entry_id` integer NOT NULL,
	`stage` text NOT NULL,
	`application_id` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `stage`),
	FOREIGN KEY (`entry_id`) REFERENCES `competition_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `competitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`occupation` text NOT NULL,
	`levels` text NOT NULL,
	`region_code` text NOT NULL,
	`host_organisation_id` integer NOT NULL,
	`entries_close_on` text NOT NULL,
	`preliminary_on` text NOT NULL,
	`final_on` text NOT NULL,
	`advance_count` integer NOT NULL,
	`preliminary_weights` text NOT NULL,
	`final_weights` text NOT NULL,
	`awards` text NOT NULL,
	`status` text DEFAULT 'entries' NOT NULL,
	`published_at` integer,
	`closed_at` integer,
	`created_by` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `competitions_region_idx` ON `competitions` (`region_code`);--> statement-breakpoint
CREATE TABLE `credit_appeals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`lodged_by` integer NOT NULL,
	`lodged_at` integer NOT NULL,
	`content` text NOT NULL,
	`decision` text,
	`decision_reason` text,
	`decided_by` integer,
	`decided_at` integer,
	FOREIGN KEY (`entry_id`) REFERENCES `credit_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lodged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_appeals_entry_idx` ON `credit_appeals` (`entry_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_appeals_open_idx` ON `credit_appeals` (`entry_id`) WHERE "credit_appeals"."decision" IS NULL;--> statement-breakpoint
CREATE TABLE `credit_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list` text NOT NULL,
	`person_id` integer,
	`organisation_id` integer,
	`region_code` text NOT NULL,
	`starts_on` text NOT NULL,
	`term_months` integer,
	`title` text,
	`awarding_body` text,
	`source_document` text,
	`category` text,
	`reason` text,
	`evidence` text,
	`decision_number` text,
	`published` integer DEFAULT true NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	`revoked_at` integer,
	`revoked_by` integer,
	`revoked_reason` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "credit_entry_one_subject" CHECK(("credit_entries"."person_id" IS NULL) <> ("credit_entries"."organisation_id" IS NULL)),
	CONSTRAINT "credit_entry_red_fields" CHECK("credit_entries"."list" <> 'red' OR ("credit_entries"."title" IS NOT NULL AND "credit_entries"."awarding_body" IS NOT NULL)),
	CONSTRAINT "credit_entry_black_fields" CHECK("credit_entries"."list" <> 'black' OR ("credit_entries"."category" IS NOT NULL AND "credit_entries"."reason" IS NOT NULL AND "credit_entries"."decision_number" IS NOT NULL)),
	CONSTRAINT "credit_entry_term" CHECK("credit_entries"."term_months" IS NULL OR "credit_entries"."term_months" > 0)
);
--> statement-breakpoint
CREATE INDEX `credit_entries_person_idx` ON `credit_entries` (`person_id`);--> statement-breakpoint
CREATE INDEX `credit_entries_organisation_idx` ON `credit_entries` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `credit_entries_region_idx` ON `credit_entries` (`region_code`);--> statement-breakpoint
CREATE TABLE `experts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`name` text NOT NULL,
	`id_number` text NOT NULL,
	`occupation` text NOT NULL,
	`speciality` text NOT NULL,
	`title` text NOT NULL,
	`employer` text,
	`available_for_panels` integer NOT NULL,
	`available_for_judging` integer NOT NULL,
	`retired_at` integer,
	`retired_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `experts_region_idx` ON `experts` (`region_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `experts_region_id_number_idx` ON `experts` (`region_code`,`id_number`);--> statement-breakpoint
CREATE TABLE `subsidy_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`policy_version_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`certificate_id` integer NOT NULL,
	`occupation` text NOT NULL,
	`level` integer NOT NULL,
	`amount` integer NOT NULL,
	`name` text NOT NULL,
	`id_number` text NOT NULL,
	`bank_account` text,
	`residence_region_code` text,
	`reasons` text NOT NULL,
	`applied_via` text NOT NULL,
	`applied_by_organisation_id` integer,
	`applied_by` integer,
	`applied_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`claimed` integer DEFAULT true NOT NULL,
	`decided_at` integer,
	`decided_by` integer,
	`decision_reason` text,
	FOREIGN KEY (`list_id`) REFERENCES `subsidy_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`policy_version_id`) REFERENCES `subsidy_policy_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applied_by_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applied_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subsidy_applications_list_idx` ON `subsidy_applications` (`list_id`);--> statement-breakpoint
CREATE INDEX `subsidy_applications_person_idx` ON `subsidy_applications` (`person_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `subsidy_applications_once_idx` ON `subsidy_applications` (`person_id`,`occupation`,`level`) WHERE "subsidy_applications"."claimed" = 1;--> statement-breakpoint
CREATE TABLE `subsidy_lists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`policy_id` integer NOT NULL,
	`district_code` text NOT NULL,
	`month` text NOT NULL,
	`status` text DEFAULT 'collecting' NOT NULL,
	`notice_starts_on` text,
	`notice_ends_on` text,
	`notice_opened_by` integer,
	`approved_at` integer,
	`approved_by` integer,
	`content_hash` text,
	`approved_header` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`policy_id`) REFERENCES `subsidy_policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notice_opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "subsidy_approved_is_hashed" CHECK("subsidy_lists"."status" <> 'approved' OR "subsidy_lists"."content_hash" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subsidy_lists_policy_district_month_idx` ON `subsidy_lists` (`policy_id`,`district_code`,`month`);--> statement-breakpoint
CREATE TABLE `subsidy_objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`application_id` integer,
	`raised_by` text NOT NULL,
	`content` text NOT NULL,
	`recorded_by` integer,
	`recorded_at` integer NOT NULL,
	`resolution` text,
	`resolved_by` integer,
	`resolved_at` integer,
	FOREIGN KEY (`list_id`) REFERENCES `subsidy_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `subsidy_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subsidy_objections_list_idx` ON `subsidy_objections` (`list_id`);--> statement-breakpoint
CREATE TABLE `subsidy_policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`retired_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subsidy_policies_region_name_idx` ON `subsidy_policies` (`region_code`,`name`);--> statement-breakpoint
CREATE TABLE `subsidy_policy_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`policy_id` integer NOT NULL,
	`version` integer NOT NULL,
	`effective_from` text NOT NULL,
	`effective_to` text,
	`amounts` text NOT NULL,
	`conditions` text NOT NULL,
	`notice_days` integer DEFAULT 7 NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`policy_id`) REFERENCES `subsidy_policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subsidy_policy_versions_idx` ON `subsidy_policy_versions` (`policy_id`,`version`);--> statement-breakpoint
CREATE TABLE `wage_guidance` (
	`region_code` text NOT NULL,
	`year` integer NOT NULL,
	`occupation` text NOT NULL,
	`level` integer NOT NULL,
	`low_fen` integer NOT NULL,
	`median_fen` integer NOT NULL,
	`high_fen` integer NOT NULL,
	`source` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`region_code`, `year`, `occupation`, `level`),
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `certificates_application_idx`;--> statement-breakpoint
DROP INDEX `certificates_completion_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_application_idx` ON `certificates` (`application_id`) WHERE "certificates"."application_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_completion_idx` ON `certificates` (`course_completion_id`) WHERE "certificates"."course_completion_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `allowance_objections` ADD `source` text DEFAULT 'written' NOT NULL;--> statement-breakpoint
ALTER TABLE `allowance_objections` ADD `raised_by_person_id` integer REFERENCES people(id);--> statement-breakpoint
CREATE INDEX `allowance_objections_person_idx` ON `allowance_objections` (`raised_by_person_id`);--> statement-breakpoint
ALTER TABLE `courses` ADD `audience` text;--> statement-breakpoint
ALTER TABLE `courses` ADD `offline_hours` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `job_seeker_on` text;--> statement-breakpoint
ALTER TABLE `people` ADD `job_seeker_source` text;--> statement-breakpoint
ALTER TABLE `teachers` ADD `qualification` text;--> statement-breakpoint
ALTER TABLE `teachers` ADD `qualification_number` text;--> statement-breakpoint
ALTER TABLE `teachers` ADD `subjects` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `teachers` ADD `levels` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `worker_months` ADD `wage_fen` integer;