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
ALTER TABLE `courses` ADD `skill_task_bank` text;