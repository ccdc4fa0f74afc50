CREATE TABLE `exam_questions` (
	`id` text PRIMARY KEY NOT NULL,
	`occupation` text NOT NULL,
	`level` integer NOT NULL,
	`type` text NOT NULL,
	`area` text NOT NULL,
	`difficulty` integer NOT NULL,
	`stem` text NOT NULL,
	`options` text NOT NULL,
	`answer` text NOT NULL,
	`explanation` text NOT NULL,
	`content_hash` text NOT NULL,
	`retired_at` integer
);
--> statement-breakpoint
CREATE INDEX `exam_questions_occupation_level_idx` ON `exam_questions` (`occupation`,`level`);--> statement-breakpoint
CREATE TABLE `password_reset_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`code_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_by_user_id` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `password_reset_codes_user_idx` ON `password_reset_codes` (`user_id`);--> statement-breakpoint
CREATE TABLE `skill_task_draws` (
	`application_id` integer PRIMARY KEY NOT NULL,
	`seed` integer NOT NULL,
	`task_ids` text NOT NULL,
	`drawn_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `spread_resolutions` (
	`application_id` integer NOT NULL,
	`part` text NOT NULL,
	`task_id` text NOT NULL,
	`decision` text NOT NULL,
	`score` real,
	`reason` text NOT NULL,
	`decided_by` integer NOT NULL,
	`decided_at` integer NOT NULL,
	PRIMARY KEY(`application_id`, `part`, `task_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `verification_counters` (
	`key` text PRIMARY KEY NOT NULL,
	`window_started_at` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `verification_counters_window_idx` ON `verification_counters` (`window_started_at`);--> statement-breakpoint
ALTER TABLE `allowance_lists` ADD `approved_header` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `resit_of_application_id` integer;--> statement-breakpoint
ALTER TABLE `applications` ADD `resit_parts` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `oral_theory` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `assessment_plans` ADD `resit_months` integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE `assessment_sessions` ADD `applications_close_on` text;--> statement-breakpoint
ALTER TABLE `courses` ADD `skill_task_bank` text;--> statement-breakpoint
ALTER TABLE `eligibility_rules` ADD `source` text;--> statement-breakpoint
ALTER TABLE `eligibility_rules` ADD `requirements` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `recheck_requests` ADD `part` text;--> statement-breakpoint
ALTER TABLE `recheck_requests` ADD `previous_score` real;--> statement-breakpoint
ALTER TABLE `recheck_requests` ADD `new_score` real;--> statement-breakpoint
ALTER TABLE `regions` ADD `retired` text;--> statement-breakpoint
-- Backfill: lists approved before the header was kept were hashed over these live fields, unchanged until now.
UPDATE `allowance_lists` SET `approved_header` = json_object(
	'policy', (SELECT `name` FROM `allowance_policies` WHERE `id` = `allowance_lists`.`policy_id`),
	'version', (SELECT `version` FROM `allowance_policy_versions` WHERE `id` = `allowance_lists`.`policy_version_id`),
	'organisation', json_object(
		'name', (SELECT `name` FROM `organisations` WHERE `id` = `allowance_lists`.`organisation_id`),
		'creditCode', (SELECT `credit_code` FROM `organisations` WHERE `id` = `allowance_lists`.`organisation_id`)
	)
) WHERE `status` = 'approved' AND `approved_header` IS NULL;
--> statement-breakpoint
-- Credentials signed so far carry the ID number in clear: dropped, so the next download signs one with its salted hash.
UPDATE `certificate_editions` SET `credential` = NULL WHERE `credential` IS NOT NULL;
