CREATE TABLE `billing_customers` (
	`tenant_id` varchar(32) NOT NULL,
	`stripe_customer_id` varchar(255) NOT NULL,
	`payment_method_id` varchar(255),
	`card_brand` varchar(32),
	`card_last4` varchar(4),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `billing_customers_tenant_id` PRIMARY KEY(`tenant_id`),
	CONSTRAINT `billing_customers_stripe_unique` UNIQUE(`stripe_customer_id`)
);
--> statement-breakpoint
CREATE TABLE `invoice_collections` (
	`invoice_id` varchar(32) NOT NULL,
	`stripe_invoice_id` varchar(255) NOT NULL,
	`attempts` int NOT NULL DEFAULT 0,
	`next_attempt_at` datetime(3),
	`last_error` varchar(200),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `invoice_collections_invoice_id` PRIMARY KEY(`invoice_id`),
	CONSTRAINT `invoice_collections_stripe_unique` UNIQUE(`stripe_invoice_id`)
);
--> statement-breakpoint
CREATE TABLE `payment_events` (
	`id` varchar(255) NOT NULL,
	`type` varchar(100) NOT NULL,
	`occurred_at` datetime(3) NOT NULL,
	`processed_at` datetime(3) NOT NULL,
	CONSTRAINT `payment_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `billing_customers` ADD CONSTRAINT `billing_customers_tenant_id_tenants_id_fk` FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `invoice_collections` ADD CONSTRAINT `invoice_collections_invoice_id_invoices_id_fk` FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON DELETE cascade ON UPDATE no action;