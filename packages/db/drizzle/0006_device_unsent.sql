ALTER TABLE `devices` ADD `unsent_records` int;--> statement-breakpoint
ALTER TABLE `devices` ADD `unsent_reported_at` datetime(3);