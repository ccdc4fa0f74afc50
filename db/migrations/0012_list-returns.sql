ALTER TABLE `allowance_lists` ADD `returned_at` integer;--> statement-breakpoint
ALTER TABLE `allowance_lists` ADD `returned_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `allowance_lists` ADD `returned_reason` text;