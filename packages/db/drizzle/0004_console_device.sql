ALTER TABLE `devices` ADD `console` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `devices` ADD `live_console_user` varchar(32) GENERATED ALWAYS AS (if(console and revoked_at is null, user_id, null)) STORED;--> statement-breakpoint
ALTER TABLE `devices` ADD CONSTRAINT `devices_live_console_unique` UNIQUE(`live_console_user`);