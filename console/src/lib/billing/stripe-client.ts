import 'server-only';
import { DbError } from '@tagtime/db';
import Stripe from 'stripe';

export { type StripeSettings, stripeSettings, stripeTestMode } from './stripe-settings';

import { stripeSettings } from './stripe-settings';

let client: { key: string; stripe: Stripe } | undefined;

/** The configured client; `payment_provider` when card payments are not set up. */
export function stripe(): Stripe {
  const settings = stripeSettings();
  if (!settings) {
    throw new DbError(
      'payment_provider',
      'Card payments are not set up on this console (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET).',
    );
  }
  const key = `${settings.secretKey} ${settings.apiBase?.href ?? ''}`;
  if (client?.key !== key) {
    const base = settings.apiBase;
    client = {
      key,
      stripe: new Stripe(settings.secretKey, {
        maxNetworkRetries: 2,
        timeout: 20_000,
        ...(base
          ? {
              host: base.hostname,
              port: base.port || (base.protocol === 'https:' ? 443 : 80),
              protocol: base.protocol.replace(':', '') as 'http' | 'https',
            }
          : {}),
      }),
    };
  }
  return client.stripe;
}

/** A Stripe failure as the person hears it: declines in Stripe's words, the rest in ours. */
export function providerError(error: unknown): DbError {
  if (error instanceof Stripe.errors.StripeCardError) {
    const message =
      (error.raw as { message?: string } | undefined)?.message ?? 'Your card was declined.';
    return new DbError('card_declined', message, { cause: error });
  }
  if (error instanceof Stripe.errors.StripeError) {
    return new DbError(
      'payment_provider',
      'The payment provider did not answer as expected; nothing was charged. Try again in a minute.',
      { cause: error },
    );
  }
  if (error instanceof DbError) return error;
  throw error;
}
