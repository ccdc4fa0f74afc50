CREATE TABLE `applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`facts` text NOT NULL,
	`eligibility` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decision_reason` text,
	`decided_by` integer,
	`decided_at` integer,
	`room` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `assessment_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_session_user_idx` ON `applications` (`session_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `assessment_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occupation` text NOT NULL,
	`level` integer NOT NULL,
	`pass_mark` integer DEFAULT 60 NOT NULL,
	`blueprint` text NOT NULL,
	`skill_tasks` text NOT NULL,
	`has_review` integer NOT NULL,
	`spread_threshold` integer DEFAULT 10 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessment_plans_occupation_level_idx` ON `assessment_plans` (`occupation`,`level`);--> statement-breakpoint
CREATE TABLE `assessment_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`plan_id` integer NOT NULL,
	`name` text NOT NULL,
	`theory_starts_at` integer NOT NULL,
	`venue` text NOT NULL,
	`rooms` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`opened_at` integer,
	`published_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `assessment_plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assessment_sessions_org_idx` ON `assessment_sessions` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `eligibility_rules` (
	`occupation` text NOT NULL,
	`level` integer NOT NULL,
	`routes` text NOT NULL,
	PRIMARY KEY(`occupation`, `level`)
);
--> statement-breakpoint
CREATE TABLE `session_staff` (
	`session_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`duty` text NOT NULL,
	`room` text,
	PRIMARY KEY(`session_id`, `user_id`, `duty`),
	FOREIGN KEY (`session_id`) REFERENCES `assessment_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
