// Serves the production build (`npm run start`). Next's own `next start` would do, but for two
// things it cannot: refusing to run without the secrets a deployment must set, and knowing the
// client's real address. Next copies a client-sent X-Forwarded-For as it is, so rate limits by
// address would be a stranger's to choose; here the header is rewritten from the socket (and
// from the proxies that CONSOLE_TRUSTED_PROXIES says are ours) before Next sees the request.
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

const env = process.env;

/** What a production console must have; each entry is one sentence for the operator. */
function missingSecrets() {
  const problems = [];
  if ((env.NEXTAUTH_SECRET ?? '').length < 32) {
    problems.push(
      'NEXTAUTH_SECRET must be set to at least 32 random characters (it signs sessions and mailed links).',
    );
  }
  if (!env.ADMIN_TOKEN) {
    problems.push("ADMIN_TOKEN must be set to the log server's admin token.");
  }
  if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
    problems.push(
      'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET go together (card payments; neither: they are off).',
    );
  }
  if (
    env.STRIPE_API_BASE &&
    env.STRIPE_SECRET_KEY &&
    !env.STRIPE_SECRET_KEY.startsWith('sk_test_')
  ) {
    problems.push('STRIPE_API_BASE (the Stripe stand-in) takes test keys only (sk_test_…).');
  }
  return problems;
}

/** Whole number ≥ 0 from the environment, or exit with a sentence. */
function count(name, fallback) {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`[console] ${name} must be a whole number ≥ 0, got ${JSON.stringify(text)}.`);
    process.exit(1);
  }
  return value;
}

const problems = missingSecrets();
if (problems.length > 0) {
  console.error(`[console] refusing to start in production:\n  ${problems.join('\n  ')}`);
  console.error('[console] `npm start` at the root generates both once per install.');
  process.exit(1);
}

const port = count('CONSOLE_PORT', 3000);
const hostname = env.CONSOLE_HOST || '127.0.0.1';
/** How many proxies of ours stand in front: each appends the address it saw to X-Forwarded-For. */
const trustedProxies = count('CONSOLE_TRUSTED_PROXIES', 0);

/**
 * The client's address: the socket's peer, or, behind N trusted proxies, the address the
 * outermost of them saw (the N-th entry of X-Forwarded-For from the right). Entries further
 * left were written by the client and prove nothing.
 */
function clientAddress(request) {
  const peer = request.socket.remoteAddress ?? '';
  if (trustedProxies === 0) return peer;
  const forwarded = String(request.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedProxies)] ?? peer;
}

const app = next({ dev: false, dir: dirname(fileURLToPath(import.meta.url)), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  request.headers['x-forwarded-for'] = clientAddress(request);
  handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`[console] ready on http://${hostname}:${port}`);
});

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
