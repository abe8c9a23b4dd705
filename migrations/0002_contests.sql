CREATE TABLE `attempt_answers` (
	`attempt_id` text NOT NULL,
	`seq` integer NOT NULL,
	`response` text NOT NULL,
	`given` text NOT NULL,
	`credit` real NOT NULL,
	`earned` integer NOT NULL,
	`elapsed_ms` integer NOT NULL,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `seq`),
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `attempt_questions` (
	`attempt_id` text NOT NULL,
	`seq` integer NOT NULL,
	`question_id` text NOT NULL,
	`version` integer NOT NULL,
	`type` text NOT NULL,
	`points` integer NOT NULL,
	`partial_credit` integer DEFAULT false NOT NULL,
	`option_order` text NOT NULL,
	`answer_key` text NOT NULL,
	PRIMARY KEY(`attempt_id`, `seq`),
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attempt_questions_question_idx` ON `attempt_questions` (`question_id`,`version`);--> statement-breakpoint
CREATE TABLE `attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`user_id` text NOT NULL,
	`attempt_no` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`org_id` text NOT NULL,
	`org_path` text NOT NULL,
	`started_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	`finished_at` integer,
	`question_count` integer NOT NULL,
	`total_points` integer NOT NULL,
	`score` integer DEFAULT 0 NOT NULL,
	`correct_count` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer,
	`sequential` integer DEFAULT false NOT NULL,
	`current_seq` integer DEFAULT 1 NOT NULL,
	`current_opened_at` integer NOT NULL,
	`wrong_book_at` integer,
	FOREIGN KEY (`round_id`) REFERENCES `contest_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attempts_round_user_no_unique` ON `attempts` (`round_id`,`user_id`,`attempt_no`);--> statement-breakpoint
CREATE INDEX `attempts_user_idx` ON `attempts` (`user_id`,`round_id`);--> statement-breakpoint
CREATE INDEX `attempts_open_deadline_idx` ON `attempts` (`deadline_at`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `attempts_round_status_idx` ON `attempts` (`round_id`,`status`);--> statement-breakpoint
CREATE TABLE `contest_hosts` (
	`contest_id` text NOT NULL,
	`host_type` text NOT NULL,
	`host_id` text NOT NULL,
	PRIMARY KEY(`contest_id`, `host_type`, `host_id`),
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contest_hosts_host_idx` ON `contest_hosts` (`host_type`,`host_id`);--> statement-breakpoint
CREATE TABLE `contest_rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`contest_id` text NOT NULL,
	`seq` integer NOT NULL,
	`name` text NOT NULL,
	`mode` text DEFAULT 'self_paced' NOT NULL,
	`scoring` text DEFAULT 'accuracy' NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`time_limit_sec` integer NOT NULL,
	`question_time_sec` integer,
	`draw_mode` text DEFAULT 'same' NOT NULL,
	`draw_spec` text NOT NULL,
	`attempts_allowed` integer DEFAULT 1 NOT NULL,
	`count_policy` text DEFAULT 'best' NOT NULL,
	`allow_back` integer DEFAULT true NOT NULL,
	`partial_credit` integer DEFAULT false NOT NULL,
	`advancement` text,
	`honour_top_n` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contest_rounds_contest_seq_unique` ON `contest_rounds` (`contest_id`,`seq`);--> statement-breakpoint
CREATE TABLE `contest_scope` (
	`contest_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`contest_id`, `org_id`),
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contest_scope_org_idx` ON `contest_scope` (`org_id`);--> statement-breakpoint
CREATE TABLE `contests` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`team_kind` text,
	`team_method` text DEFAULT 'mean' NOT NULL,
	`team_top_k` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer
);
--> statement-breakpoint
CREATE TABLE `round_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`minutes` integer DEFAULT 0 NOT NULL,
	`reason` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `contest_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_grants_round_user_idx` ON `round_grants` (`round_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `round_questions` (
	`round_id` text NOT NULL,
	`seq` integer NOT NULL,
	`question_id` text NOT NULL,
	`version` integer NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`round_id`, `seq`),
	FOREIGN KEY (`round_id`) REFERENCES `contest_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `round_questions_question_idx` ON `round_questions` (`question_id`,`version`);--> statement-breakpoint
CREATE TABLE `round_results` (
	`round_id` text NOT NULL,
	`user_id` text NOT NULL,
	`attempt_id` text NOT NULL,
	`org_id` text NOT NULL,
	`org_path` text NOT NULL,
	`score` integer NOT NULL,
	`correct_count` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`finished_at` integer NOT NULL,
	PRIMARY KEY(`round_id`, `user_id`),
	FOREIGN KEY (`round_id`) REFERENCES `contest_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_results_rank_idx` ON `round_results` (`round_id`,score desc,`duration_ms`,`finished_at`);