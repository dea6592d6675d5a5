import 'server-only';
import type Stripe from 'stripe';
import { stripe, stripeSettings } from '../billing/stripe-client';
import { errorResponse } from './route-guards';

/** Stripe's events are a few KB; anything near this is not one. */
const MAX_EVENT_BYTES = 256 * 1024;
/** How old a signature may be: an event captured and replayed later is refused (Stripe's default). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * A route handler for Stripe's webhooks: no session and no origin (Stripe is not a browser);
 * the proof is the `Stripe-Signature` over the exact body with the endpoint's secret, checked
 * by the official library, and no older than SIGNATURE_TOLERANCE_SECONDS. Anything else is 400
 * `{ error: { code: 'bad_signature' } }` and is not looked at.
 */
export function withStripeWebhook(
  handler: (event: Stripe.Event) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const settings = stripeSettings();
    if (!settings)
      return errorResponse(503, 'not_configured', 'Card payments are not set up here.');
    const signature = request.headers.get('stripe-signature');
    if (!signature)
      return errorResponse(400, 'bad_signature', 'The request has no Stripe-Signature header.');
    if (Number(request.headers.get('content-length') ?? 0) > MAX_EVENT_BYTES) {
      return errorResponse(413, 'too_large', 'That is larger than any Stripe event.');
    }
    // Read with a cap: a chunked body says no length, and must not be held whole.
    const body = await readCapped(request, MAX_EVENT_BYTES);
    if (body === undefined)
      return errorResponse(413, 'too_large', 'That is larger than any Stripe event.');
    let event: Stripe.Event;
    try {
      event = stripe().webhooks.constructEvent(
        body,
        signature,
        settings.webhookSecret,
        SIGNATURE_TOLERANCE_SECONDS,
      );
    } catch {
      return errorResponse(
        400,
        'bad_signature',
        'The Stripe-Signature does not match this body and the endpoint secret, or it is more than 5 minutes old.',
      );
    }
    return handler(event);
  };
}

/** The request's body, or undefined (the rest left unread) once it passes `max` bytes. */
async function readCapped(request: Request, max: number): Promise<Buffer | undefined> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
}
