DROP INDEX `certificates_application_idx`;--> statement-breakpoint
DROP INDEX `certificates_completion_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_application_idx` ON `certificates` (`application_id`) WHERE "certificates"."application_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_completion_idx` ON `certificates` (`course_completion_id`) WHERE "certificates"."course_completion_id" IS NOT NULL;