CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`number` text NOT NULL,
	`person_id` integer NOT NULL,
	`holder_name` text NOT NULL,
	`id_type` text DEFAULT '居民身份证' NOT NULL,
	`id_number` text NOT NULL,
	`occupation` text NOT NULL,
	`direction` text,
	`level` integer,
	`issuer_name` text NOT NULL,
	`issuer_organisation_id` integer,
	`issued_on` text NOT NULL,
	`source` text NOT NULL,
	`application_id` integer,
	`course_completion_id` integer,
	`verified_at` integer,
	`verified_by` integer,
	`revoked_at` integer,
	`revoked_reason` text,
	`revoked_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issuer_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_completion_id`) REFERENCES `course_completions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "level_by_kind" CHECK(("certificates"."kind" = 'skill_level') = ("certificates"."level" IS NOT NULL)),
	CONSTRAINT "issued_has_origin" CHECK("certificates"."source" <> 'issued' OR "certificates"."application_id" IS NOT NULL OR "certificates"."course_completion_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_number_idx` ON `certificates` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_application_idx` ON `certificates` (`application_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_completion_idx` ON `certificates` (`course_completion_id`);--> statement-breakpoint
CREATE INDEX `certificates_person_idx` ON `certificates` (`person_id`);--> statement-breakpoint
CREATE TABLE `worker_months` (
	`worker_id` integer NOT NULL,
	`month` text NOT NULL,
	`attendance_days` integer NOT NULL,
	`social_insurance_paid` integer NOT NULL,
	`continuing_education_hours` real DEFAULT 0 NOT NULL,
	`liability_incident` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`worker_id`, `month`),
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `worker_months_month_idx` ON `worker_months` (`month`);--> statement-breakpoint
CREATE TABLE `workers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`occupation` text NOT NULL,
	`post` text NOT NULL,
	`full_time` integer DEFAULT true NOT NULL,
	`hired_on` text NOT NULL,
	`contract_ends_on` text,
	`left_on` text,
	`bank_account` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workers_org_person_idx` ON `workers` (`organisation_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `workers_person_idx` ON `workers` (`person_id`);