export { type CardOutcome, readCard } from './cards.js';
export { StripeError } from './errors.js';
export { parseForm } from './form.js';
export { DEFAULT_RETRY_DAYS } from './invoices.js';
export { type StandInOptions, type StripeStandIn, startStripeStandIn } from './server.js';
export { type Delivery, type StripeEvent, signPayload } from './webhooks.js';
