CREATE TABLE `attempt_answers` (
	`attempt_id` integer NOT NULL,
	`question_id` text NOT NULL,
	`choice` text NOT NULL,
	`seq` integer NOT NULL,
	`saved_at` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `question_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `theory_attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `theory_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`seed` integer NOT NULL,
	`paper` text NOT NULL,
	`started_at` integer NOT NULL,
	`deadline` integer NOT NULL,
	`device_id` text NOT NULL,
	`pending_device_id` text,
	`submitted_at` integer,
	`auto_submitted` integer DEFAULT false NOT NULL,
	`score` integer,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `theory_attempts_application_id_unique` ON `theory_attempts` (`application_id`);