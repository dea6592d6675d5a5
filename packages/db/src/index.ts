// What the apps use of user data: functions and types. Tables stay inside (`@tagtime/db/schema`
// is for this package's tests and other workspaces' test setups), so no app touches the ORM.
export * from './billing/billing-run.js';
export {
  amountFromCents,
  centsFromAmount,
  formatMoney,
  invoiceTotals,
  type Line,
  monthlyBoundary,
  type Period,
  periodContaining,
  periodLine,
  planChangeLines,
  prorate,
  roundCents,
} from './billing/money.js';
export * from './billing/plan-change.js';
export {
  createDb,
  type Database,
  type DbHandle,
  type Executor,
  type Transaction,
} from './client.js';
export {
  DEFAULT_DATABASE_URL,
  DEV_SERVICE_TOKEN,
  databaseName,
  databaseUrl,
  withDatabase,
} from './config.js';
export { DbError, type DbErrorCode, isDbError } from './errors.js';
export { DEVICE_ID_PATTERN, newId } from './ids.js';
export { FREE_PLAN, PLAN_CATALOGUE, type PlanDefinition } from './plan-catalogue.js';
export * from './queries/audit.js';
export * from './queries/audit-intents.js';
export * from './queries/audit-trail.js';
export * from './queries/billing/card-collection.js';
export * from './queries/billing/invoice-lines.js';
export * from './queries/billing/invoices.js';
export * from './queries/billing/open-invoices.js';
export * from './queries/billing/payments.js';
export * from './queries/billing/plans.js';
export * from './queries/billing/seats.js';
export * from './queries/billing/subscriptions.js';
export * from './queries/devices.js';
export * from './queries/invites.js';
export * from './queries/limits.js';
export * from './queries/mail.js';
export * from './queries/members.js';
export * from './queries/pairing.js';
export * from './queries/push-outbox.js';
export * from './queries/push-subscriptions.js';
export * from './queries/second-factor/passkeys.js';
export * from './queries/second-factor/recovery-codes.js';
export * from './queries/second-factor/totp.js';
export * from './queries/session-access.js';
export * from './queries/sessions.js';
export * from './queries/staff.js';
export * from './queries/staff-search.js';
export * from './queries/staff-tenants.js';
export * from './queries/tenants.js';
export * from './queries/users.js';
export type { AuditOutcome } from './schema/audit.js';
export type { InvoiceStatus, SubscriptionStatus } from './schema/billing.js';
export type { DeviceKind } from './schema/devices.js';
export { deviceKindValues } from './schema/devices.js';
export type { PushOutboxState } from './schema/push.js';
export type { TenantKind, TenantRole } from './schema/tenants.js';
export type { StaffRole } from './schema/users.js';
export { staffRoleValues } from './schema/users.js';
export { DEVICE_TOKEN_PREFIX, generateDeviceToken, hashToken } from './tokens.js';
