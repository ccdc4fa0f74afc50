CREATE TABLE `experts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`region_code` text NOT NULL,
	`name` text NOT NULL,
	`id_number` text NOT NULL,
	`occupation` text NOT NULL,
	`speciality` text NOT NULL,
	`title` text NOT NULL,
	`employer` text,
	`available_for_panels` integer NOT NULL,
	`available_for_judging` integer NOT NULL,
	`retired_at` integer,
	`retired_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `experts_region_idx` ON `experts` (`region_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `experts_region_id_number_idx` ON `experts` (`region_code`,`id_number`);--> statement-breakpoint
CREATE TABLE `wage_guidance` (
	`region_code` text NOT NULL,
	`year` integer NOT NULL,
	`occupation` text NOT NULL,
	`level` integer NOT NULL,
	`low_fen` integer NOT NULL,
	`median_fen` integer NOT NULL,
	`high_fen` integer NOT NULL,
	`source` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`region_code`, `year`, `occupation`, `level`),
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `teachers` ADD `qualification` text;--> statement-breakpoint
ALTER TABLE `teachers` ADD `qualification_number` text;--> statement-breakpoint
ALTER TABLE `teachers` ADD `subjects` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `teachers` ADD `levels` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `worker_months` ADD `wage_fen` integer;