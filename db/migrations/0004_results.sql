CREATE TABLE `assessment_results` (
	`application_id` integer PRIMARY KEY NOT NULL,
	`theory_score` real,
	`skill_score` real,
	`passed` integer NOT NULL,
	`published_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `recheck_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`reason` text NOT NULL,
	`answer` text,
	`answered_by` integer,
	`answered_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `skill_scores` (
	`application_id` integer NOT NULL,
	`task_id` text NOT NULL,
	`examiner_id` integer NOT NULL,
	`items` text NOT NULL,
	`total` real NOT NULL,
	`critical_failed` text NOT NULL,
	`submitted_at` integer NOT NULL,
	PRIMARY KEY(`application_id`, `task_id`, `examiner_id`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`examiner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
