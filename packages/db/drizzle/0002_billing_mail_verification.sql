CREATE TABLE `mail_outbox` (
	`id` int AUTO_INCREMENT NOT NULL,
	`to_address` varchar(254) NOT NULL,
	`subject` varchar(200) NOT NULL,
	`body` text NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`sent_at` datetime(3),
	CONSTRAINT `mail_outbox_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `invoice_lines` DROP CONSTRAINT `invoice_lines_unit_nonnegative`;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `billing_anchor_at` datetime(3);--> statement-breakpoint
UPDATE `subscriptions` SET `billing_anchor_at` = `current_period_start`;--> statement-breakpoint
ALTER TABLE `subscriptions` MODIFY `billing_anchor_at` datetime(3) NOT NULL;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `cancel_at_period_end` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `tax_rate_bp` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tenants` ADD `credit_cents` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email_verified_at` datetime(3);--> statement-breakpoint
CREATE INDEX `mail_outbox_to_idx` ON `mail_outbox` (`to_address`);--> statement-breakpoint
ALTER TABLE `tenants` ADD CONSTRAINT `tenants_tax_rate_range` CHECK (`tenants`.`tax_rate_bp` between 0 and 10000);--> statement-breakpoint
ALTER TABLE `tenants` ADD CONSTRAINT `tenants_credit_nonnegative` CHECK (`tenants`.`credit_cents` >= 0);