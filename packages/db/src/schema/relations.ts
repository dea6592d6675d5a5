import { relations } from 'drizzle-orm';
import { auditEvents } from './audit.js';
import { invoiceLines, invoices, payments, plans, subscriptions } from './billing.js';
import { devices, pairingCodes } from './devices.js';
import { memberships, tenants } from './tenants.js';
import { staffRoles, users } from './users.js';

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(memberships),
  staffRoles: many(staffRoles),
  devices: many(devices),
  pairingCodes: many(pairingCodes),
}));

export const staffRolesRelations = relations(staffRoles, ({ one }) => ({
  user: one(users, { fields: [staffRoles.userId], references: [users.id] }),
}));

export const tenantsRelations = relations(tenants, ({ many }) => ({
  memberships: many(memberships),
  subscriptions: many(subscriptions),
  invoices: many(invoices),
}));

export const membershipsRelations = relations(memberships, ({ one }) => ({
  tenant: one(tenants, { fields: [memberships.tenantId], references: [tenants.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));

export const devicesRelations = relations(devices, ({ one }) => ({
  user: one(users, { fields: [devices.userId], references: [users.id] }),
}));

export const pairingCodesRelations = relations(pairingCodes, ({ one }) => ({
  user: one(users, { fields: [pairingCodes.userId], references: [users.id] }),
  device: one(devices, { fields: [pairingCodes.deviceId], references: [devices.id] }),
}));

export const plansRelations = relations(plans, ({ many }) => ({
  subscriptions: many(subscriptions),
}));

export const subscriptionsRelations = relations(subscriptions, ({ one, many }) => ({
  tenant: one(tenants, { fields: [subscriptions.tenantId], references: [tenants.id] }),
  plan: one(plans, { fields: [subscriptions.planCode], references: [plans.code] }),
  invoices: many(invoices),
}));

export const invoicesRelations = relations(invoices, ({ one, many }) => ({
  tenant: one(tenants, { fields: [invoices.tenantId], references: [tenants.id] }),
  subscription: one(subscriptions, {
    fields: [invoices.subscriptionId],
    references: [subscriptions.id],
  }),
  lines: many(invoiceLines),
  payments: many(payments),
}));

export const invoiceLinesRelations = relations(invoiceLines, ({ one }) => ({
  invoice: one(invoices, { fields: [invoiceLines.invoiceId], references: [invoices.id] }),
}));

export const paymentsRelations = relations(payments, ({ one }) => ({
  invoice: one(invoices, { fields: [payments.invoiceId], references: [invoices.id] }),
}));

export const auditEventsRelations = relations(auditEvents, ({ one }) => ({
  actor: one(users, { fields: [auditEvents.actorUserId], references: [users.id] }),
  tenant: one(tenants, { fields: [auditEvents.tenantId], references: [tenants.id] }),
}));
