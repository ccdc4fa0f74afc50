DROP INDEX `certificates_application_idx`;--> statement-breakpoint
DROP INDEX `certificates_completion_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_application_idx` ON `certificates` (`application_id`) WHERE "certificates"."application_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_completion_idx` ON `certificates` (`course_completion_id`) WHERE "certificates"."course_completion_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `allowance_objections` ADD `source` text DEFAULT 'written' NOT NULL;--> statement-breakpoint
ALTER TABLE `allowance_objections` ADD `raised_by_person_id` integer REFERENCES people(id);--> statement-breakpoint
CREATE INDEX `allowance_objections_person_idx` ON `allowance_objections` (`raised_by_person_id`);--> statement-breakpoint
ALTER TABLE `courses` ADD `offline_hours` integer DEFAULT 0 NOT NULL;