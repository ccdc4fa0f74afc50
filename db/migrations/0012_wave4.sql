ALTER TABLE `allowance_lists` ADD `returned_at` integer;--> statement-breakpoint
ALTER TABLE `allowance_lists` ADD `returned_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `allowance_lists` ADD `returned_reason` text;--> statement-breakpoint
ALTER TABLE `assessment_sessions` ADD `retired_at` integer;--> statement-breakpoint
ALTER TABLE `teachers` ADD `id_number` text;--> statement-breakpoint
ALTER TABLE `teachers` ADD `retired_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `teachers_org_id_number_idx` ON `teachers` (`organisation_id`,`id_number`);--> statement-breakpoint
ALTER TABLE `training_classes` ADD `retired_at` integer;--> statement-breakpoint
CREATE INDEX `certificates_awaiting_idx` ON `certificates` (`person_id`) WHERE "certificates"."source" = 'external' AND "certificates"."verified_at" IS NULL AND "certificates"."revoked_at" IS NULL;