/**
 * The guard family. Every server action and route handler is one of these (a test lists them
 * all): each checks on the server, every time, who is acting and whether they may, and validates
 * the input with the same zod schema the form uses, before the handler runs.
 *
 *   withInput(schema, handler)              anyone (sign-up, forgotten password)
 *   withUser(schema, handler)               a signed-in user
 *   withSignedIn(schema, handler)           signed in, maybe before the second factor (that step only)
 *   withTenantRole(role, schema, handler)   a member of the input's tenant with at least `role`
 *   withStaff(role, schema, handler)        staff holding `role` (staff-admin covers support)
 *   withUserRoute(schema, handler)          a route handler for a signed-in user
 *   withStaffRoute(role, schema, handler)   a route handler for staff holding `role`
 *   withStripeWebhook(handler)              Stripe's webhook: the signature over the body, not a session
 *
 * action-guards.ts holds the first four, route-guards.ts the route handlers' (and their one
 * error shape, errorResponse), audited-attempt.ts the audit row each attempt leaves. Import
 * from the file that holds what you use; this index keeps `@/lib/guards` working as one name.
 */
export type { ActionResult } from '../action-result';
export {
  type Action,
  withInput,
  withSignedIn,
  withStaff,
  withTenantRole,
  withUser,
} from './action-guards';
export type { Audit, AuditNote, AuditOptions } from './audited-attempt';
export { errorResponse, withStaffRoute, withUserRoute } from './route-guards';
export { withStripeWebhook } from './webhook-guard';
