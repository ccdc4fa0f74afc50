ALTER TABLE `eligibility_rules` ADD `source` text;--> statement-breakpoint
ALTER TABLE `eligibility_rules` ADD `requirements` text DEFAULT '[]' NOT NULL;