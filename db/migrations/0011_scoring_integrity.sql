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
ALTER TABLE `applications` ADD `resit_of_application_id` integer;--> statement-breakpoint
ALTER TABLE `applications` ADD `resit_parts` text;--> statement-breakpoint
ALTER TABLE `assessment_plans` ADD `resit_months` integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE `recheck_requests` ADD `part` text;--> statement-breakpoint
ALTER TABLE `recheck_requests` ADD `previous_score` real;--> statement-breakpoint
ALTER TABLE `recheck_requests` ADD `new_score` real;