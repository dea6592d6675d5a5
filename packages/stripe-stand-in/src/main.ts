// `npm start -w @tagtime/stripe-stand-in`: the stand-in as a process, for `npm start`'s demo and
// the browser tests. STRIPE_STAND_IN_PORT, STRIPE_SECRET_KEY (sk_test_…), and, to send events,
// STRIPE_WEBHOOK_URL with STRIPE_WEBHOOK_SECRET (whsec_…); STRIPE_STAND_IN_STATE, a JSON file
// that keeps its objects across restarts. No defaults for the keys.
import { startStripeStandIn } from './server.js';

const secretKey = process.env.STRIPE_SECRET_KEY ?? '';
const webhookUrl = process.env.STRIPE_WEBHOOK_URL;
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
if (webhookUrl && !webhookSecret) {
  process.stderr.write('stripe stand-in: STRIPE_WEBHOOK_URL needs STRIPE_WEBHOOK_SECRET.\n');
  process.exit(1);
}
try {
  const standIn = await startStripeStandIn({
    secretKey,
    port: Number(process.env.STRIPE_STAND_IN_PORT ?? 12111),
    ...(process.env.STRIPE_STAND_IN_STATE ? { stateFile: process.env.STRIPE_STAND_IN_STATE } : {}),
    ...(webhookUrl && webhookSecret ? { webhook: { url: webhookUrl, secret: webhookSecret } } : {}),
  });
  process.stdout.write(
    `stripe stand-in (TEST MODE) on ${standIn.origin}${webhookUrl ? `, events to ${webhookUrl}` : ''}\n`,
  );
  const stop = () => void standIn.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  process.stderr.write(
    `stripe stand-in: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
