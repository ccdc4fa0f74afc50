CREATE TABLE `credit_appeals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`lodged_by` integer NOT NULL,
	`lodged_at` integer NOT NULL,
	`content` text NOT NULL,
	`decision` text,
	`decision_reason` text,
	`decided_by` integer,
	`decided_at` integer,
	FOREIGN KEY (`entry_id`) REFERENCES `credit_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lodged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `credit_appeals_entry_idx` ON `credit_appeals` (`entry_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_appeals_open_idx` ON `credit_appeals` (`entry_id`) WHERE "credit_appeals"."decision" IS NULL;--> statement-breakpoint
CREATE TABLE `credit_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list` text NOT NULL,
	`person_id` integer,
	`organisation_id` integer,
	`region_code` text NOT NULL,
	`starts_on` text NOT NULL,
	`term_months` integer,
	`title` text,
	`awarding_body` text,
	`source_document` text,
	`category` text,
	`reason` text,
	`evidence` text,
	`decision_number` text,
	`published` integer DEFAULT true NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	`revoked_at` integer,
	`revoked_by` integer,
	`revoked_reason` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "credit_entry_one_subject" CHECK(("credit_entries"."person_id" IS NULL) <> ("credit_entries"."organisation_id" IS NULL)),
	CONSTRAINT "credit_entry_red_fields" CHECK("credit_entries"."list" <> 'red' OR ("credit_entries"."title" IS NOT NULL AND "credit_entries"."awarding_body" IS NOT NULL)),
	CONSTRAINT "credit_entry_black_fields" CHECK("credit_entries"."list" <> 'black' OR ("credit_entries"."category" IS NOT NULL AND "credit_entries"."reason" IS NOT NULL AND "credit_entries"."decision_number" IS NOT NULL)),
	CONSTRAINT "credit_entry_term" CHECK("credit_entries"."term_months" IS NULL OR "credit_entries"."term_months" > 0)
);
--> statement-breakpoint
CREATE INDEX `credit_entries_person_idx` ON `credit_entries` (`person_id`);--> statement-breakpoint
CREATE INDEX `credit_entries_organisation_idx` ON `credit_entries` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `credit_entries_region_idx` ON `credit_entries` (`region_code`);