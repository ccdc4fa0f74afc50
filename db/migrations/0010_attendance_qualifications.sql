CREATE TABLE `examiner_qualifications` (
	`user_id` integer NOT NULL,
	`occupation` text NOT NULL,
	`highest_level` integer NOT NULL,
	`certificate_number` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `occupation`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `part_attendance` (
	`application_id` integer NOT NULL,
	`part` text NOT NULL,
	`status` text NOT NULL,
	`seat` text,
	`recorded_by` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	PRIMARY KEY(`application_id`, `part`),
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `assessment_plans` ADD `skill_tasks_per_candidate` integer DEFAULT 1 NOT NULL;