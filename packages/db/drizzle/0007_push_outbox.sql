CREATE TABLE `push_outbox` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`ping` bigint NOT NULL,
	`state` enum('pending','sent','dropped') NOT NULL DEFAULT 'pending',
	`attempts` int NOT NULL DEFAULT 0,
	`lease_owner` varchar(64),
	`lease_until` datetime(3),
	`next_attempt_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`last_error` varchar(300),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	CONSTRAINT `push_outbox_id` PRIMARY KEY(`id`),
	CONSTRAINT `push_outbox_user_ping_unique` UNIQUE(`user_id`,`ping`)
);
--> statement-breakpoint
CREATE TABLE `push_subscriptions` (
	`device_id` varchar(64) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`endpoint` varchar(1024) NOT NULL,
	`p256dh` varchar(100) NOT NULL,
	`auth` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`last_ping` bigint,
	CONSTRAINT `push_subscriptions_device_id` PRIMARY KEY(`device_id`)
);
--> statement-breakpoint
ALTER TABLE `push_outbox` ADD CONSTRAINT `push_outbox_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `push_subscriptions` ADD CONSTRAINT `push_subscriptions_device_id_devices_id_fk` FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `push_subscriptions` ADD CONSTRAINT `push_subscriptions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `push_outbox_due_idx` ON `push_outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `push_subscriptions_user_idx` ON `push_subscriptions` (`user_id`);