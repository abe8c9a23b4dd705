CREATE TABLE `attendances` (
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`method` text NOT NULL,
	`checked_in_at` integer NOT NULL,
	`walk_in` integer DEFAULT false NOT NULL,
	`recorded_by` text,
	`reason` text,
	`reversed_at` integer,
	`reversed_by` text,
	`reversal_reason` text,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `course_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attendances_user_idx` ON `attendances` (`user_id`);--> statement-breakpoint
CREATE TABLE `course_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`module_id` text NOT NULL,
	`org_id` text NOT NULL,
	`lecturer_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`place` text,
	`link` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer,
	`enrolled_count` integer DEFAULT 0 NOT NULL,
	`waitlist_seq` integer DEFAULT 0 NOT NULL,
	`enroll_opens_at` integer NOT NULL,
	`enroll_closes_at` integer NOT NULL,
	`cancel_closes_at` integer NOT NULL,
	`walk_ins` integer DEFAULT false NOT NULL,
	`checkin_secret` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`module_id`) REFERENCES `modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lecturer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_sessions_module_idx` ON `course_sessions` (`module_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `course_sessions_starts_idx` ON `course_sessions` (`starts_at`);--> statement-breakpoint
CREATE INDEX `course_sessions_org_idx` ON `course_sessions` (`org_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `course_sessions_lecturer_idx` ON `course_sessions` (`lecturer_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `enrollments` (
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`waitlist_pos` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `course_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `enrollments_waitlist_idx` ON `enrollments` (`session_id`,`status`,`waitlist_pos`);--> statement-breakpoint
CREATE INDEX `enrollments_user_idx` ON `enrollments` (`user_id`,`status`);--> statement-breakpoint
CREATE TABLE `module_audience` (
	`module_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	PRIMARY KEY(`module_id`, `target_type`, `target_id`),
	FOREIGN KEY (`module_id`) REFERENCES `modules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `module_audience_target_idx` ON `module_audience` (`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `module_completions` (
	`module_id` text NOT NULL,
	`user_id` text NOT NULL,
	`version_id` text NOT NULL,
	`method` text NOT NULL,
	`quiz_score_pct` integer,
	`completed_at` integer NOT NULL,
	PRIMARY KEY(`module_id`, `user_id`),
	FOREIGN KEY (`module_id`) REFERENCES `modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `module_completions_user_idx` ON `module_completions` (`user_id`);--> statement-breakpoint
CREATE TABLE `module_quizzes` (
	`id` text PRIMARY KEY NOT NULL,
	`module_id` text NOT NULL,
	`version_id` text NOT NULL,
	`user_id` text NOT NULL,
	`paper` text NOT NULL,
	`score_pct` integer,
	`passed` integer,
	`created_at` integer NOT NULL,
	`submitted_at` integer,
	FOREIGN KEY (`module_id`) REFERENCES `modules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `module_quizzes_user_idx` ON `module_quizzes` (`user_id`,`module_id`);--> statement-breakpoint
CREATE TABLE `module_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`module_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`body_md` text DEFAULT '' NOT NULL,
	`body_html` text DEFAULT '' NOT NULL,
	`media_kind` text DEFAULT 'none' NOT NULL,
	`media_url` text,
	`media_key` text,
	`media_name` text,
	`media_type` text,
	`media_bytes` integer,
	`duration_min` integer NOT NULL,
	`hours_tenths` integer NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`quiz_bank_id` text,
	`quiz_count` integer,
	`quiz_pass_pct` integer,
	`self_paced` integer DEFAULT false NOT NULL,
	`created_by` text NOT NULL,
	`submitted_at` integer,
	`reviewed_by` text,
	`reviewed_at` integer,
	`review_note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`module_id`) REFERENCES `modules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quiz_bank_id`) REFERENCES `banks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `module_versions_module_version_unique` ON `module_versions` (`module_id`,`version`);--> statement-breakpoint
CREATE INDEX `module_versions_status_idx` ON `module_versions` (`status`);--> statement-breakpoint
CREATE TABLE `modules` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`published_version_id` text,
	`draft_version_id` text,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `modules_org_idx` ON `modules` (`org_id`);--> statement-breakpoint
CREATE INDEX `modules_owner_idx` ON `modules` (`owner_id`);--> statement-breakpoint
CREATE TABLE `session_feedback` (
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`rating` integer NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `course_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `session_required_orgs` (
	`session_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`session_id`, `org_id`),
	FOREIGN KEY (`session_id`) REFERENCES `course_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `session_required_orgs_org_idx` ON `session_required_orgs` (`org_id`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text NOT NULL,
	`year` integer NOT NULL,
	`source` text NOT NULL,
	`source_key` text NOT NULL,
	`hours_tenths` integer DEFAULT 0 NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`title` text NOT NULL,
	`note` text,
	`occurred_at` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`reversed_at` integer,
	`reversed_by` text,
	`reversal_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_event_unique` ON `ledger_entries` (`user_id`,`source`,`source_key`) WHERE reversed_at IS NULL;--> statement-breakpoint
CREATE INDEX `ledger_entries_user_year_idx` ON `ledger_entries` (`user_id`,`year`);--> statement-breakpoint
CREATE INDEX `ledger_entries_org_year_idx` ON `ledger_entries` (`org_id`,`year`);