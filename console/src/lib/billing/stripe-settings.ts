import 'server-only';

/**
 * The Stripe client, from the environment: `STRIPE_SECRET_KEY` and `STRIPE_WEBHOOK_SECRET`
 * (both, or card payments are off); `STRIPE_API_BASE` points the official library at another
 * host, the stand-in (`@tagtime/stripe-stand-in`) under `npm start` and in tests. There are no
 * default keys.
 */
export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  apiBase: URL | undefined;
  /** New customers get a Stripe test clock (tests and the demo drive renewals with it). */
  testClocks: boolean;
}

export function stripeSettings(env = process.env): StripeSettings | undefined {
  const secretKey = env.STRIPE_SECRET_KEY ?? '';
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? '';
  if (!secretKey || !webhookSecret) return undefined;
  return {
    secretKey,
    webhookSecret,
    apiBase: env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined,
    testClocks: env.STRIPE_TEST_CLOCKS === 'on',
  };
}

/** Test mode: the stand-in, or Stripe with a test key. Pages say so. */
export function stripeTestMode(settings = stripeSettings()): boolean {
  return (
    settings !== undefined &&
    (settings.apiBase !== undefined || settings.secretKey.startsWith('sk_test_'))
  );
}
