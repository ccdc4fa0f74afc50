ALTER TABLE `allowance_objections` ADD `source` text DEFAULT 'written' NOT NULL;--> statement-breakpoint
ALTER TABLE `allowance_objections` ADD `raised_by_person_id` integer REFERENCES people(id);--> statement-breakpoint
CREATE INDEX `allowance_objections_person_idx` ON `allowance_objections` (`raised_by_person_id`);--> statement-breakpoint
ALTER TABLE `courses` ADD `offline_hours` integer DEFAULT 0 NOT NULL;