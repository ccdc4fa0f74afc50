CREATE TABLE `theory_papers` (
	`application_id` integer PRIMARY KEY NOT NULL,
	`seed` integer NOT NULL,
	`paper` text NOT NULL,
	`drawn_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `assessment_plans` ADD `review_tasks` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `assessment_results` ADD `review_score` real;--> statement-breakpoint
ALTER TABLE `skill_scores` ADD `part` text DEFAULT 'skill' NOT NULL;