CREATE TABLE `audit_intents` (
	`id` varchar(64) NOT NULL,
	`event_id` bigint unsigned,
	`actor_user_id` varchar(32) NOT NULL,
	`subject_user_id` varchar(32),
	`reads` int NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL,
	`last_read_at` datetime(3),
	CONSTRAINT `audit_intents_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `passkeys` (
	`id` varchar(32) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`credential_id` varchar(512) NOT NULL,
	`public_key` text NOT NULL,
	`counter` bigint NOT NULL DEFAULT 0,
	`transports` varchar(200),
	`name` varchar(100) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`last_used_at` datetime(3),
	CONSTRAINT `passkeys_id` PRIMARY KEY(`id`),
	CONSTRAINT `passkeys_credential_unique` UNIQUE(`credential_id`)
);
--> statement-breakpoint
CREATE TABLE `recovery_codes` (
	`id` varchar(32) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`code_digest` varchar(64) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`used_at` datetime(3),
	CONSTRAINT `recovery_codes_id` PRIMARY KEY(`id`),
	CONSTRAINT `recovery_codes_digest_unique` UNIQUE(`code_digest`)
);
--> statement-breakpoint
CREATE TABLE `totp_secrets` (
	`user_id` varchar(32) NOT NULL,
	`secret` varchar(64) NOT NULL,
	`confirmed_at` datetime(3),
	`last_time_step` bigint,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `totp_secrets_user_id` PRIMARY KEY(`user_id`)
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `second_factor_at` datetime(3);--> statement-breakpoint
ALTER TABLE `sessions` ADD `webauthn_challenge` varchar(128);--> statement-breakpoint
ALTER TABLE `sessions` ADD `user_agent` varchar(400);--> statement-breakpoint
ALTER TABLE `sessions` ADD `address` varchar(64);--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_seen_at` datetime(3);--> statement-breakpoint
ALTER TABLE `audit_intents` ADD CONSTRAINT `audit_intents_event_id_audit_events_id_fk` FOREIGN KEY (`event_id`) REFERENCES `audit_events`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `passkeys` ADD CONSTRAINT `passkeys_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `recovery_codes` ADD CONSTRAINT `recovery_codes_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `totp_secrets` ADD CONSTRAINT `totp_secrets_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `passkeys_user_idx` ON `passkeys` (`user_id`);--> statement-breakpoint
CREATE INDEX `recovery_codes_user_idx` ON `recovery_codes` (`user_id`);--> statement-breakpoint
CREATE INDEX `audit_events_action_idx` ON `audit_events` (`action`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_created_idx` ON `audit_events` (`created_at`,`id`);