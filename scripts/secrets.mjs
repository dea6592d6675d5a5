// The secrets `npm start` gives the apps: generated once per install, kept in a git-ignored
// file readable only by its owner, so no constant from the source ever signs a session or
// guards the server's admin API. A value set in the environment wins over the file.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { root } from './bootstrap.mjs';

/** Where the generated secrets live (`.data/` is git-ignored). */
export const SECRETS_FILE = join(root, '.data', 'secrets.json');

/**
 * Every secret `npm start` provides: the console's session key, the server's admin token and
 * the server's VAPID key pair for Web Push (the public half is not secret, but it must match).
 */
export const SECRET_NAMES = [
  'NEXTAUTH_SECRET',
  'ADMIN_TOKEN',
  'VAPID_PUBLIC_KEY',
  'VAPID_PRIVATE_KEY',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
];

/**
 * The Stripe pair made here is for the Stripe stand-in only (a test key): real keys come from
 * the environment, both together, and then the stand-in does not run.
 */
const STRIPE_PAIR = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'];
const STRIPE_PREFIX = { STRIPE_SECRET_KEY: 'sk_test_', STRIPE_WEBHOOK_SECRET: 'whsec_' };

/** The two halves of one P-256 key pair: made together, kept together, overridden together. */
const VAPID_PAIR = ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY'];

const generate = () => randomBytes(32).toString('base64url');

/**
 * A VAPID key pair (RFC 8292) as Web Push clients take it: the public key as the uncompressed
 * P-256 point (65 bytes), the private key as its 32-byte scalar, both base64url.
 */
export function generateVapidKeys() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(jwk.x, 'base64url'),
    Buffer.from(jwk.y, 'base64url'),
  ]);
  return { VAPID_PUBLIC_KEY: point.toString('base64url'), VAPID_PRIVATE_KEY: jwk.d };
}

/**
 * The secrets for this install: read from `file`, with any missing one generated and written
 * back (mode 0600). Values in `env` override the file and are not written to it.
 */
export function ensureSecrets(file = SECRETS_FILE, env = process.env) {
  let stored = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(
        `${file} is not valid JSON (${error.message}); delete it to generate new secrets.`,
      );
    }
  }
  const missing = SECRET_NAMES.filter((name) => typeof stored[name] !== 'string' || !stored[name]);
  if (missing.length > 0) {
    for (const name of missing) {
      if (STRIPE_PAIR.includes(name))
        stored[name] = `${STRIPE_PREFIX[name]}${randomBytes(24).toString('hex')}`;
      else if (!VAPID_PAIR.includes(name)) stored[name] = generate();
    }
    if (missing.some((name) => VAPID_PAIR.includes(name))) {
      Object.assign(stored, generateVapidKeys());
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  // Tighten a file made by hand or by an older version.
  chmodSync(file, 0o600);
  const chosen = Object.fromEntries(SECRET_NAMES.map((name) => [name, env[name] || stored[name]]));
  // Half a pair from the environment and half from the file would never verify.
  if (env.VAPID_PRIVATE_KEY || env.VAPID_PUBLIC_KEY) {
    // The server refuses a lone half with a sentence naming both.
    for (const name of VAPID_PAIR) {
      if (env[name]) chosen[name] = env[name];
      else delete chosen[name];
    }
  }
  for (const name of STRIPE_PAIR) {
    if (env.STRIPE_SECRET_KEY) {
      if (env[name]) chosen[name] = env[name];
      else delete chosen[name];
    }
  }
  return chosen;
}
