CREATE TABLE `points_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`effective_from` integer NOT NULL,
	`attendance` integer NOT NULL,
	`completion` integer NOT NULL,
	`contest` integer NOT NULL,
	`placement_top_n` integer NOT NULL,
	`placement_points` integer NOT NULL,
	`ranking_enabled` integer DEFAULT false NOT NULL,
	`awards` text NOT NULL,
	`note` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `points_rules_org_from_unique` ON `points_rules` (`org_id`,`effective_from`);--> statement-breakpoint
CREATE TABLE `report_snapshot_members` (
	`snapshot_id` text NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`org_id` text NOT NULL,
	`org_path` text NOT NULL,
	`title` text NOT NULL,
	`hours_tenths` integer NOT NULL,
	`required_tenths` integer NOT NULL,
	`modules_done` integer NOT NULL,
	`modules_required` integer NOT NULL,
	`contests_done` integer NOT NULL,
	`contests_required` integer NOT NULL,
	`points` integer NOT NULL,
	`on_pace` integer NOT NULL,
	`complete` integer NOT NULL,
	PRIMARY KEY(`snapshot_id`, `user_id`),
	FOREIGN KEY (`snapshot_id`) REFERENCES `report_snapshots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_snapshot_members_path_idx` ON `report_snapshot_members` (`snapshot_id`,`org_path`);--> statement-breakpoint
CREATE TABLE `report_snapshot_orgs` (
	`snapshot_id` text NOT NULL,
	`org_id` text NOT NULL,
	`parent_id` text,
	`path` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`members` integer NOT NULL,
	`on_pace` integer NOT NULL,
	`complete` integer NOT NULL,
	`active` integer NOT NULL,
	`hours_tenths` integer NOT NULL,
	`required_tenths` integer NOT NULL,
	`points` integer NOT NULL,
	`trainings` integer NOT NULL,
	`lectures` integer NOT NULL,
	`micro_talks` integer NOT NULL,
	`trainings_target` integer NOT NULL,
	`lectures_target` integer NOT NULL,
	`micro_talks_target` integer NOT NULL,
	`completion` real NOT NULL,
	`rating` text,
	PRIMARY KEY(`snapshot_id`, `org_id`),
	FOREIGN KEY (`snapshot_id`) REFERENCES `report_snapshots`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_snapshot_orgs_path_idx` ON `report_snapshot_orgs` (`snapshot_id`,`path`);--> statement-breakpoint
CREATE TABLE `report_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`period` text NOT NULL,
	`period_key` text NOT NULL,
	`year` integer NOT NULL,
	`as_of` integer NOT NULL,
	`taken_at` integer NOT NULL,
	`rating` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_snapshots_org_period_unique` ON `report_snapshots` (`org_id`,`period`,`period_key`);--> statement-breakpoint
CREATE TABLE `year_plan_modules` (
	`org_id` text NOT NULL,
	`year` integer NOT NULL,
	`module_id` text NOT NULL,
	PRIMARY KEY(`org_id`, `year`, `module_id`),
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_id`) REFERENCES `modules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `year_plans` (
	`org_id` text NOT NULL,
	`year` integer NOT NULL,
	`hours_tenths` integer NOT NULL,
	`title_hours` text NOT NULL,
	`min_contests` integer DEFAULT 0 NOT NULL,
	`trainings_target` integer DEFAULT 0 NOT NULL,
	`lectures_target` integer DEFAULT 0 NOT NULL,
	`micro_talks_target` integer DEFAULT 0 NOT NULL,
	`rating` text,
	`created_by` text NOT NULL,
	`updated_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`org_id`, `year`),
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `year_plans_year_idx` ON `year_plans` (`year`);--> statement-breakpoint
ALTER TABLE `contest_rounds` ADD `placements_credited_at` integer;