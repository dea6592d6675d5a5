import { handleStripeEvent } from '@/lib/billing/webhook-events';
import { withStripeWebhook } from '@/lib/guards/webhook-guard';

/** Stripe's events (signed): cards saved, invoices paid or declined. A failure answers 500, so Stripe delivers again. */
export const POST = withStripeWebhook(async (event) => {
  const outcome = await handleStripeEvent(event);
  return Response.json({ received: true, outcome });
});
