CREATE TABLE `audit_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`actor_user_id` varchar(32) NOT NULL,
	`actor_role` varchar(32) NOT NULL,
	`action` varchar(64) NOT NULL,
	`tenant_id` varchar(32),
	`subject_user_id` varchar(32),
	`reason` varchar(500),
	`request_id` varchar(64),
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `audit_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` varchar(32) NOT NULL,
	`invoice_id` varchar(32) NOT NULL,
	`position` int NOT NULL,
	`description` varchar(200) NOT NULL,
	`quantity` int NOT NULL,
	`unit_amount_cents` int NOT NULL,
	`amount_cents` int NOT NULL,
	CONSTRAINT `invoice_lines_id` PRIMARY KEY(`id`),
	CONSTRAINT `invoice_lines_position_unique` UNIQUE(`invoice_id`,`position`),
	CONSTRAINT `invoice_lines_quantity_positive` CHECK(`invoice_lines`.`quantity` >= 1),
	CONSTRAINT `invoice_lines_unit_nonnegative` CHECK(`invoice_lines`.`unit_amount_cents` >= 0),
	CONSTRAINT `invoice_lines_amount_product` CHECK(`invoice_lines`.`amount_cents` = `invoice_lines`.`quantity` * `invoice_lines`.`unit_amount_cents`)
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` varchar(32) NOT NULL,
	`number` varchar(32) NOT NULL,
	`tenant_id` varchar(32) NOT NULL,
	`subscription_id` varchar(32),
	`status` enum('draft','open','paid','void') NOT NULL DEFAULT 'draft',
	`currency` char(3) NOT NULL,
	`total_cents` int NOT NULL DEFAULT 0,
	`issued_at` datetime(3),
	`due_at` datetime(3),
	`paid_at` datetime(3),
	`voided_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `invoices_id` PRIMARY KEY(`id`),
	CONSTRAINT `invoices_number_unique` UNIQUE(`number`),
	CONSTRAINT `invoices_total_nonnegative` CHECK(`invoices`.`total_cents` >= 0),
	CONSTRAINT `invoices_dates_match_status` CHECK((`invoices`.`status` = 'draft') = (`invoices`.`issued_at` is null) and (`invoices`.`status` = 'paid') = (`invoices`.`paid_at` is not null))
);
--> statement-breakpoint
CREATE TABLE `payments` (
	`id` varchar(32) NOT NULL,
	`invoice_id` varchar(32) NOT NULL,
	`amount_cents` int NOT NULL,
	`method` varchar(32) NOT NULL,
	`reference` varchar(100),
	`paid_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `payments_id` PRIMARY KEY(`id`),
	CONSTRAINT `payments_amount_positive` CHECK(`payments`.`amount_cents` > 0)
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`code` varchar(32) NOT NULL,
	`name` varchar(100) NOT NULL,
	`price_per_seat_cents` int NOT NULL,
	`currency` char(3) NOT NULL,
	`max_devices` int NOT NULL,
	`history_days` int,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `plans_code` PRIMARY KEY(`code`),
	CONSTRAINT `plans_price_nonnegative` CHECK(`plans`.`price_per_seat_cents` >= 0),
	CONSTRAINT `plans_max_devices_positive` CHECK(`plans`.`max_devices` >= 1),
	CONSTRAINT `plans_history_days_positive` CHECK(`plans`.`history_days` is null or `plans`.`history_days` >= 1)
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` varchar(32) NOT NULL,
	`tenant_id` varchar(32) NOT NULL,
	`plan_code` varchar(32) NOT NULL,
	`seats` int NOT NULL,
	`status` enum('trialing','active','past_due','canceled') NOT NULL,
	`current_period_start` datetime(3) NOT NULL,
	`current_period_end` datetime(3) NOT NULL,
	`canceled_at` datetime(3),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `subscriptions_id` PRIMARY KEY(`id`),
	CONSTRAINT `subscriptions_seats_positive` CHECK(`subscriptions`.`seats` >= 1),
	CONSTRAINT `subscriptions_period_order` CHECK(`subscriptions`.`current_period_end` > `subscriptions`.`current_period_start`)
);
--> statement-breakpoint
CREATE TABLE `devices` (
	`id` varchar(64) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`name` varchar(100) NOT NULL,
	`kind` enum('watch','phone','desktop','web','cli') NOT NULL,
	`token_hash` char(64) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`last_seen_at` datetime(3),
	`revoked_at` datetime(3),
	CONSTRAINT `devices_id` PRIMARY KEY(`id`),
	CONSTRAINT `devices_token_hash_unique` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `pairing_codes` (
	`id` varchar(32) NOT NULL,
	`code` varchar(8) NOT NULL,
	`unused_code` varchar(8) GENERATED ALWAYS AS (if(used_at is null, code, null)) STORED,
	`user_id` varchar(32) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`used_at` datetime(3),
	`device_id` varchar(64),
	CONSTRAINT `pairing_codes_id` PRIMARY KEY(`id`),
	CONSTRAINT `pairing_codes_unused_code_unique` UNIQUE(`unused_code`)
);
--> statement-breakpoint
CREATE TABLE `memberships` (
	`tenant_id` varchar(32) NOT NULL,
	`user_id` varchar(32) NOT NULL,
	`role` enum('owner','admin','member') NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `memberships_tenant_id_user_id_pk` PRIMARY KEY(`tenant_id`,`user_id`)
);
--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` varchar(32) NOT NULL,
	`name` varchar(100) NOT NULL,
	`kind` enum('personal','team') NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `tenants_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `staff_roles` (
	`user_id` varchar(32) NOT NULL,
	`role` enum('support','staff-admin') NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `staff_roles_user_id_role_pk` PRIMARY KEY(`user_id`,`role`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(32) NOT NULL,
	`email` varchar(254) NOT NULL,
	`password_hash` varchar(255) NOT NULL,
	`name` varchar(100) NOT NULL,
	`time_zone` varchar(64) NOT NULL DEFAULT 'UTC',
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`deleted_at` datetime(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_unique` UNIQUE(`email`)
);
--> statement-breakpoint
ALTER TABLE `audit_events` ADD CONSTRAINT `audit_events_actor_user_id_users_id_fk` FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `audit_events` ADD CONSTRAINT `audit_events_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `audit_events` ADD CONSTRAINT `audit_events_subject_user_id_users_id_fk` FOREIGN KEY (`subject_user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoice_lines` ADD CONSTRAINT `invoice_lines_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoices` ADD CONSTRAINT `invoices_subscription_id_subscriptions_id_fk` FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `payments` ADD CONSTRAINT `payments_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD CONSTRAINT `subscriptions_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD CONSTRAINT `subscriptions_plan_code_plans_code_fk` FOREIGN KEY (`plan_code`) REFERENCES `plans`(`code`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `devices` ADD CONSTRAINT `devices_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `pairing_codes` ADD CONSTRAINT `pairing_codes_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `pairing_codes` ADD CONSTRAINT `pairing_codes_device_id_devices_id_fk` FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `memberships` ADD CONSTRAINT `memberships_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `memberships` ADD CONSTRAINT `memberships_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `staff_roles` ADD CONSTRAINT `staff_roles_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `audit_events_tenant_idx` ON `audit_events` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_subject_idx` ON `audit_events` (`subject_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_user_id`,`id`);--> statement-breakpoint
CREATE INDEX `invoices_tenant_idx` ON `invoices` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `payments_invoice_idx` ON `payments` (`invoice_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_tenant_idx` ON `subscriptions` (`tenant_id`);--> statement-breakpoint
CREATE INDEX `devices_user_idx` ON `devices` (`user_id`);--> statement-breakpoint
CREATE INDEX `pairing_codes_code_idx` ON `pairing_codes` (`code`);--> statement-breakpoint
CREATE INDEX `pairing_codes_user_idx` ON `pairing_codes` (`user_id`);--> statement-breakpoint
CREATE INDEX `memberships_user_idx` ON `memberships` (`user_id`);