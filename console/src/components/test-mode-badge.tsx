import { stripeTestMode } from '@/lib/billing/stripe-settings';

/**
 * "test mode" while card payments go to the Stripe stand-in or to Stripe with a test key: on
 * every page of the console's header and on the billing page, so no one takes a demo for real.
 */
export function TestModeBadge({ className = '' }: { className?: string }) {
  if (!stripeTestMode()) return null;
  return (
    <span
      className={`rounded bg-amber-200 px-1.5 py-0.5 align-middle text-xs font-semibold text-amber-900 ${className}`}
      data-testid="test-mode"
      title="Payments go to a test account: no real money moves."
    >
      test mode
    </span>
  );
}
