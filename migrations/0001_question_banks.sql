CREATE TABLE `bank_shares` (
	`bank_id` text NOT NULL,
	`alliance_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`bank_id`, `alliance_id`),
	FOREIGN KEY (`bank_id`) REFERENCES `banks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`alliance_id`) REFERENCES `alliances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bank_shares_alliance_idx` ON `bank_shares` (`alliance_id`);--> statement-breakpoint
CREATE TABLE `banks` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`visibility` text DEFAULT 'org' NOT NULL,
	`source_key` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `banks_org_idx` ON `banks` (`org_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `banks_source_key_unique` ON `banks` (`source_key`);--> statement-breakpoint
CREATE TABLE `practice_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`question_id` text NOT NULL,
	`version` integer NOT NULL,
	`mode` text NOT NULL,
	`day` text NOT NULL,
	`response` text NOT NULL,
	`correct` integer NOT NULL,
	`answered_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `practice_answers_user_question_idx` ON `practice_answers` (`user_id`,`question_id`);--> statement-breakpoint
CREATE INDEX `practice_answers_question_version_idx` ON `practice_answers` (`question_id`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `practice_answers_daily_unique` ON `practice_answers` (`user_id`,`day`,`question_id`,`mode`) WHERE mode = 'daily';--> statement-breakpoint
CREATE TABLE `practice_sets` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`question_ids` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `practice_settings` (
	`org_id` text PRIMARY KEY NOT NULL,
	`daily_size` integer DEFAULT 5 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `question_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`bank_id` text NOT NULL,
	`created_by` text NOT NULL,
	`file_name` text NOT NULL,
	`format` text NOT NULL,
	`drafts` text NOT NULL,
	`error_count` integer NOT NULL,
	`status` text DEFAULT 'preview' NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `question_tags` (
	`question_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`question_id`, `tag`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `question_tags_tag_idx` ON `question_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `question_versions` (
	`question_id` text NOT NULL,
	`version` integer NOT NULL,
	`type` text NOT NULL,
	`stem` text NOT NULL,
	`options` text NOT NULL,
	`answer` text NOT NULL,
	`partial_credit` integer DEFAULT false NOT NULL,
	`explanation` text DEFAULT '' NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`tags` text NOT NULL,
	`difficulty` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`question_id`, `version`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `questions` (
	`id` text PRIMARY KEY NOT NULL,
	`bank_id` text NOT NULL,
	`external_key` text,
	`current_version` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`type` text NOT NULL,
	`stem` text NOT NULL,
	`stem_key` text NOT NULL,
	`difficulty` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`bank_id`) REFERENCES `banks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `questions_bank_status_idx` ON `questions` (`bank_id`,`status`);--> statement-breakpoint
CREATE INDEX `questions_bank_stem_key_idx` ON `questions` (`bank_id`,`stem_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `questions_bank_external_key_unique` ON `questions` (`bank_id`,`external_key`);--> statement-breakpoint
CREATE TABLE `wrong_book` (
	`user_id` text NOT NULL,
	`question_id` text NOT NULL,
	`streak` integer DEFAULT 0 NOT NULL,
	`wrong_count` integer DEFAULT 1 NOT NULL,
	`last_wrong_at` integer NOT NULL,
	`cleared_at` integer,
	PRIMARY KEY(`user_id`, `question_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `wrong_book_user_open_idx` ON `wrong_book` (`user_id`,`cleared_at`);