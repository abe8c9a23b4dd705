CREATE TABLE `live_rooms` (
	`round_id` text PRIMARY KEY NOT NULL,
	`pin` text NOT NULL,
	`status` text DEFAULT 'lobby' NOT NULL,
	`opened_by` text,
	`opened_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`round_id`) REFERENCES `contest_rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_rooms_pin_unique` ON `live_rooms` (`pin`) WHERE status <> 'ended';--> statement-breakpoint
CREATE INDEX `live_rooms_status_idx` ON `live_rooms` (`status`);--> statement-breakpoint
ALTER TABLE `contest_rounds` ADD `live_team_play` text DEFAULT 'individual' NOT NULL;