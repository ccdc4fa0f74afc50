CREATE TABLE `allowance_adjustments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_list_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`month` text NOT NULL,
	`amount` integer NOT NULL,
	`reason` text NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`source_list_id`) REFERENCES `allowance_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `allowance_adjustments_month_idx` ON `allowance_adjustments` (`month`);--> statement-breakpoint
CREATE TABLE `allowance_exclusions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`name` text NOT NULL,
	`id_number` text NOT NULL,
	`reasons` text NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `allowance_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `allowance_exclusions_list_idx` ON `allowance_exclusions` (`list_id`);--> statement-breakpoint
CREATE TABLE `allowance_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`policy_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`kind` text DEFAULT 'allowance' NOT NULL,
	`award_key` text NOT NULL,
	`name` text NOT NULL,
	`id_number` text NOT NULL,
	`bank_account` text,
	`level` integer,
	`amount` integer NOT NULL,
	`rule` text NOT NULL,
	`excluded_at` integer,
	`excluded_by` integer,
	`excluded_reason` text,
	`claimed` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `allowance_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`policy_id`) REFERENCES `allowance_policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`excluded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `allowance_lines_list_idx` ON `allowance_lines` (`list_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `allowance_lines_paid_once_idx` ON `allowance_lines` (`policy_id`,`person_id`,`award_key`) WHERE "allowance_lines"."claimed" = 1;--> statement-breakpoint
CREATE TABLE `allowance_lists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`policy_id` integer NOT NULL,
	`policy_version_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`month` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`computed_at` integer NOT NULL,
	`declared_at` integer,
	`declared_by` integer,
	`notice_starts_on` text,
	`notice_ends_on` text,
	`notice_opened_by` integer,
	`approved_at` integer,
	`approved_by` integer,
	`content_hash` text,
	FOREIGN KEY (`policy_id`) REFERENCES `allowance_policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`policy_version_id`) REFERENCES `allowance_policy_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`declared_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notice_opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "approved_is_hashed" CHECK("allowance_lists"."status" <> 'approved' OR "allowance_lists"."content_hash" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `allowance_lists_policy_org_month_idx` ON `allowance_lists` (`policy_id`,`organisation_id`,`month`);--> statement-breakpoint
CREATE INDEX `allowance_lists_month_idx` ON `allowance_lists` (`month`);--> statement-breakpoint
CREATE TABLE `allowance_objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`list_id` integer NOT NULL,
	`line_id` integer,
	`raised_by` text NOT NULL,
	`content` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`resolution` text,
	`resolved_by` integer,
	`resolved_at` integer,
	FOREIGN KEY (`list_id`) REFERENCES `allowance_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`line_id`) REFERENCES `allowance_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `allowance_objections_list_idx` ON `allowance_objections` (`list_id`);--> statement-breakpoint
CREATE TABLE `allowance_policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`occupation` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `allowance_policies_region_name_idx` ON `allowance_policies` (`region_code`,`name`);--> statement-breakpoint
CREATE TABLE `allowance_policy_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`policy_id` integer NOT NULL,
	`version` integer NOT NULL,
	`effective_from` text NOT NULL,
	`effective_to` text,
	`amounts` text NOT NULL,
	`instalments` text,
	`conditions` text NOT NULL,
	`notice_days` integer DEFAULT 5 NOT NULL,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`policy_id`) REFERENCES `allowance_policies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `allowance_policy_versions_idx` ON `allowance_policy_versions` (`policy_id`,`version`);--> statement-breakpoint
ALTER TABLE `workers` ADD `schooling` text;