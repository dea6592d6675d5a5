// `npm run billing:run [-- --at 2026-12-01T00:00:00Z]` at the root (cron it daily): the billing
// run of @tagtime/db (renewals, ends, overdue), then every new invoice of a tenant with a card is
// charged through Stripe, with Stripe's retries on (the console's STRIPE_* settings; without
// them the invoices stay open for staff). Exits non-zero on failure.
import { runBilling } from '@tagtime/db';
import { collectPendingInvoices } from '../src/lib/billing/collect';
import { stripeSettings } from '../src/lib/billing/stripe-client';
import { db } from '../src/lib/db';

const atIndex = process.argv.indexOf('--at');
const at = atIndex > 0 ? new Date(process.argv[atIndex + 1] ?? '') : new Date();
const log = (line: string) => console.log(`[billing] ${line}`);

try {
  if (Number.isNaN(at.getTime()))
    throw new Error('--at needs an ISO date, e.g. --at 2026-12-01T00:00:00Z');
  log(`billing run at ${at.toISOString()}`);
  const report = await runBilling(db(), at, (line) => log(`  ${line}`));
  log(JSON.stringify(report));
  if (stripeSettings()) {
    const cards = await collectPendingInvoices();
    log(`by card: ${cards.paid} paid, ${cards.failed} declined (Stripe retries those)`);
  } else {
    log(
      'card payments are not set up (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET): invoices stay open.',
    );
  }
  process.exit(0);
} catch (error) {
  console.error(`[billing] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
