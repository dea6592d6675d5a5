import 'server-only';
import { claimPaymentEvent, releasePaymentEvent } from '@tagtime/db';
import type Stripe from 'stripe';
import { db } from '../db';
import { adoptCard, adoptCheckoutCard } from './cards';
import { retryOpenInvoices } from './collect';
import { applyFailedCharge, applyPaidInvoice } from './invoice-outcomes';

/** The events the console acts on; every other type is acknowledged and left alone. */
export const HANDLED_EVENTS = [
  'checkout.session.completed',
  'customer.updated',
  'invoice.paid',
  'invoice.payment_failed',
] as const;

/**
 * Acts on one verified Stripe event, once: its id is claimed first, so a replay or a
 * redelivery answers `duplicate` and changes nothing. When acting fails the claim is given
 * back and the error answers 500, so Stripe's next delivery acts again (each step finds what
 * an earlier partial run did, so acting twice does it once).
 */
export async function handleStripeEvent(
  event: Stripe.Event,
): Promise<'handled' | 'duplicate' | 'ignored'> {
  if (!(HANDLED_EVENTS as readonly string[]).includes(event.type)) return 'ignored';
  const claimed = await claimPaymentEvent(db(), {
    id: event.id,
    type: event.type,
    occurredAt: new Date(event.created * 1000),
  });
  if (!claimed) return 'duplicate';
  try {
    await act(event);
  } catch (error) {
    await releasePaymentEvent(db(), event.id);
    throw error;
  }
  return 'handled';
}

async function act(event: Stripe.Event): Promise<void> {
  switch (event.type) {
    case 'checkout.session.completed': {
      const change = await adoptCheckoutCard(event.data.object.id);
      if (change?.changed) await retryOpenInvoices(change.tenantId);
      break;
    }
    case 'customer.updated': {
      const previous = event.data.previous_attributes as
        | { invoice_settings?: { default_payment_method?: unknown } }
        | undefined;
      const method = event.data.object.invoice_settings?.default_payment_method;
      const methodId = typeof method === 'string' ? method : method?.id;
      if (previous?.invoice_settings && methodId) {
        const change = await adoptCard({
          stripeCustomerId: event.data.object.id,
          paymentMethodId: methodId,
          how: 'set in the Stripe customer portal',
          setDefault: false,
        });
        if (change?.changed) await retryOpenInvoices(change.tenantId);
      }
      break;
    }
    case 'invoice.paid':
      await applyPaidInvoice(event.data.object, event.id);
      break;
    case 'invoice.payment_failed':
      await applyFailedCharge(event.data.object, event.id);
      break;
  }
}
