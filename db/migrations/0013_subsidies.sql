CREATE TABLE `subsidy_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`policy_version_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`certificate_id` integer NOT NULL,
	`occupation` text NOT NULL,
	`level` integer NOT NULL,
	`amount` integer NOT NULL,
	`name` text NOT NULL,
	`id_number` text NOT NULL,
	`bank_account` text,
	`residence_region_code` text,
	`reasons` text NOT NULL,
	`applied_via` text NOT NULL,
	`applied_by_organisation_id` integer,
	`applied_by` integer,
	`applied_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`claimed` integer DEFAULT true NOT NULL,
	`decided_at` integer,
	`decided_by` integer,
	`decision_reason` text,
	FOREIGN KEY (`list_id`) REFERENCES `subsidy_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`policy_version_id`) REFERENCES `subsidy_policy_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applied_by_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applied_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subsidy_applications_list_idx` ON `subsidy_applications` (`list_id`);--> statement-breakpoint
CREATE INDEX `subsidy_applications_person_idx` ON `subsidy_applications` (`person_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `subsidy_applications_once_idx` ON `subsidy_applications` (`person_id`,`occupation`,`level`) WHERE "subsidy_applications"."claimed" = 1;--> statement-breakpoint
CREATE TABLE `subsidy_lists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`policy_id` integer NOT NULL,
	`district_code` text NOT NULL,
	`month` text NOT NULL,
	`status` text DEFAULT 'collecting' NOT NULL,
	`notice_starts_on` text,
	`notice_ends_on` text,
	`notice_opened_by` integer,
	`approved_at` integer,
	`approved_by` integer,
	`content_hash` text,
	`approved_header` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`policy_id`) REFERENCES `subsidy_policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notice_opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "subsidy_approved_is_hashed" CHECK("subsidy_lists"."status" <> 'approved' OR "subsidy_lists"."content_hash" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subsidy_lists_policy_district_month_idx` ON `subsidy_lists` (`policy_id`,`district_code`,`month`);--> statement-breakpoint
CREATE TABLE `subsidy_objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`application_id` integer,
	`raised_by` text NOT NULL,
	`content` text NOT NULL,
	`recorded_by` integer,
	`recorded_at` integer NOT NULL,
	`resolution` text,
	`resolved_by` integer,
	`resolved_at` integer,
	FOREIGN KEY (`list_id`) REFERENCES `subsidy_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `subsidy_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subsidy_objections_list_idx` ON `subsidy_objections` (`list_id`);--> statement-breakpoint
CREATE TABLE `subsidy_policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`retired_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subsidy_policies_region_name_idx` ON `subsidy_policies` (`region_code`,`name`);--> statement-breakpoint
CREATE TABLE `subsidy_policy_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`policy_id` integer NOT NULL,
	`version` integer NOT NULL,
	`effective_from` text NOT NULL,
	`effective_to` text,
	`amounts` text NOT NULL,
	`conditions` text NOT NULL,
	`notice_days` integer DEFAULT 7 NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`policy_id`) REFERENCES `subsidy_policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subsidy_policy_versions_idx` ON `subsidy_policy_versions` (`policy_id`,`version`);