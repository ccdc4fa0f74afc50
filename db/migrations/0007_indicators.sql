CREATE TABLE `indicator_targets` (
	`region_code` text NOT NULL,
	`indicator` text NOT NULL,
	`year` integer NOT NULL,
	`value` integer NOT NULL,
	`basis` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`region_code`, `indicator`, `year`),
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `population_statistics` (
	`region_code` text NOT NULL,
	`year` integer NOT NULL,
	`elderly_residents` integer NOT NULL,
	`elderly_registered` integer NOT NULL,
	`residents` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`region_code`, `year`),
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
