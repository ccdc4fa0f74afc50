ALTER TABLE `courses` ADD `audience` text;--> statement-breakpoint
ALTER TABLE `people` ADD `job_seeker_on` text;--> statement-breakpoint
ALTER TABLE `people` ADD `job_seeker_source` text;