CREATE TABLE `attendance` (
	`session_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`present` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `person_id`),
	FOREIGN KEY (`session_id`) REFERENCES `class_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `class_members` (
	`class_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`class_id`, `person_id`),
	FOREIGN KEY (`class_id`) REFERENCES `training_classes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `class_members_person_idx` ON `class_members` (`person_id`);--> statement-breakpoint
CREATE TABLE `class_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`class_id` integer NOT NULL,
	`date` text NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	`minutes` integer NOT NULL,
	`topic` text NOT NULL,
	`teacher_id` integer,
	FOREIGN KEY (`class_id`) REFERENCES `training_classes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`teacher_id`) REFERENCES `teachers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `class_sessions_class_idx` ON `class_sessions` (`class_id`);--> statement-breakpoint
CREATE TABLE `course_completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`completed_at` integer NOT NULL,
	`online_seconds` integer NOT NULL,
	`offline_minutes` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_completions_user_course_idx` ON `course_completions` (`user_id`,`course_id`);--> statement-breakpoint
CREATE TABLE `course_modules` (
	`course_id` text NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`required` integer NOT NULL,
	`position` integer NOT NULL,
	`quiz_questions` integer NOT NULL,
	`quiz_pass_score` integer NOT NULL,
	`retired_at` integer,
	PRIMARY KEY(`course_id`, `id`),
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `courses` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`occupation` text NOT NULL,
	`level` integer,
	`required_hours` integer NOT NULL,
	`summary` text NOT NULL,
	`content_hash` text NOT NULL,
	`position` integer NOT NULL,
	`retired_at` integer
);
--> statement-breakpoint
CREATE TABLE `enrolments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`enrolled_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_user_course_idx` ON `enrolments` (`user_id`,`course_id`);--> statement-breakpoint
CREATE TABLE `lesson_progress` (
	`user_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`credited_seconds` integer DEFAULT 0 NOT NULL,
	`completed_at` integer,
	PRIMARY KEY(`user_id`, `course_id`, `lesson_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `lessons` (
	`course_id` text NOT NULL,
	`id` text NOT NULL,
	`module_id` text NOT NULL,
	`title` text NOT NULL,
	`minutes` integer NOT NULL,
	`area` text NOT NULL,
	`html` text NOT NULL,
	`position` integer NOT NULL,
	`content_hash` text NOT NULL,
	`retired_at` integer,
	PRIMARY KEY(`course_id`, `id`),
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `questions` (
	`id` text PRIMARY KEY NOT NULL,
	`course_id` text NOT NULL,
	`occupation` text NOT NULL,
	`type` text NOT NULL,
	`area` text NOT NULL,
	`levels` text NOT NULL,
	`difficulty` integer NOT NULL,
	`stem` text NOT NULL,
	`options` text NOT NULL,
	`answer` text NOT NULL,
	`explanation` text NOT NULL,
	`content_hash` text NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `questions_course_area_idx` ON `questions` (`course_id`,`area`);--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`module_id` text NOT NULL,
	`question_ids` text NOT NULL,
	`answers` text,
	`score` integer,
	`passed` integer,
	`started_at` integer NOT NULL,
	`submitted_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quiz_attempts_user_course_idx` ON `quiz_attempts` (`user_id`,`course_id`);--> statement-breakpoint
CREATE TABLE `study_clock` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`last_report_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `teachers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`specialty` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `teachers_org_idx` ON `teachers` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `training_classes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`name` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_classes_org_idx` ON `training_classes` (`organisation_id`);