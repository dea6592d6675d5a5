// One fresh database and fixed loopback ports per run, shared by the config, the setup and
// the workers (they inherit the runner's environment).
import { createECDH, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.E2E_DATABASE ??= `tagtime_e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
process.env.E2E_CONSOLE_PORT ??= '3917';
process.env.E2E_SERVER_PORT ??= '3918';
process.env.E2E_DATA_DIR ??= join(tmpdir(), `${process.env.E2E_DATABASE}-logs`);

const serverUrl = new URL(process.env.E2E_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/');

export const E2E_DATABASE = process.env.E2E_DATABASE;
export const DATABASE_URL = new URL(`/${E2E_DATABASE}`, serverUrl).toString();
export const CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT);
// `localhost`, not 127.0.0.1: passkeys (WebAuthn) refuse an IP address as the relying party.
export const CONSOLE_URL = `http://localhost:${CONSOLE_PORT}`;
export const SERVER_PORT = Number(process.env.E2E_SERVER_PORT);
export const SERVER_URL = `http://127.0.0.1:${SERVER_PORT}`;
export const DATA_DIR = process.env.E2E_DATA_DIR;
// Secrets made for this run, as `npm start` makes them per install: none is in the source.
process.env.E2E_NEXTAUTH_SECRET ??= randomBytes(32).toString('base64url');
process.env.E2E_ADMIN_TOKEN ??= randomBytes(32).toString('base64url');
export const NEXTAUTH_SECRET = process.env.E2E_NEXTAUTH_SECRET;
export const ADMIN_TOKEN = process.env.E2E_ADMIN_TOKEN;

// Web Push: the log server's VAPID key pair for this run, and where the push service
// stand-in's certificates are made before the log server starts (it must trust their CA at its
// start: NODE_EXTRA_CA_CERTS), for the spec that starts the stand-in with them.
if (!process.env.E2E_VAPID_PUBLIC_KEY || !process.env.E2E_VAPID_PRIVATE_KEY) {
  let ecdh = createECDH('prime256v1');
  // web-push takes a 32-byte private key; one with a leading zero byte comes out shorter.
  for (ecdh.generateKeys(); ecdh.getPrivateKey().length !== 32; ecdh.generateKeys()) {
    ecdh = createECDH('prime256v1');
  }
  process.env.E2E_VAPID_PUBLIC_KEY = ecdh.getPublicKey('base64url');
  process.env.E2E_VAPID_PRIVATE_KEY = ecdh.getPrivateKey('base64url');
}
export const VAPID_PUBLIC_KEY = process.env.E2E_VAPID_PUBLIC_KEY;
export const VAPID_PRIVATE_KEY = process.env.E2E_VAPID_PRIVATE_KEY;
// The stand-in listens on a fixed port: the log server calls only push services it was told of.
process.env.E2E_PUSH_PORT ??= '3919';
export const PUSH_PORT = Number(process.env.E2E_PUSH_PORT);
process.env.E2E_PUSH_DIR ??= join(tmpdir(), `${process.env.E2E_DATABASE}-push`);
export const PUSH_DIR = process.env.E2E_PUSH_DIR;
/** The stand-in's CA certificate (PEM), for the log server's NODE_EXTRA_CA_CERTS. */
export const PUSH_CA_FILE = join(PUSH_DIR, 'ca.pem');
/** The stand-in's certificates (`TestCertificates` as JSON), for the spec that starts it. */
export const PUSH_CERTIFICATES_FILE = join(PUSH_DIR, 'certificates.json');

// Stripe: the stand-in (@tagtime/stripe-stand-in) on a fixed port, with keys made for this run;
// it posts its signed events to the console's webhook. The console gives each new customer a
// test clock, which the billing specs advance.
process.env.E2E_STRIPE_PORT ??= '3920';
export const STRIPE_PORT = Number(process.env.E2E_STRIPE_PORT);
export const STRIPE_API_BASE = `http://127.0.0.1:${STRIPE_PORT}`;
process.env.E2E_STRIPE_SECRET_KEY ??= `sk_test_${randomBytes(18).toString('hex')}`;
process.env.E2E_STRIPE_WEBHOOK_SECRET ??= `whsec_${randomBytes(24).toString('hex')}`;
export const STRIPE_SECRET_KEY = process.env.E2E_STRIPE_SECRET_KEY;
export const STRIPE_WEBHOOK_SECRET = process.env.E2E_STRIPE_WEBHOOK_SECRET;
export const STRIPE_WEBHOOK_URL = `${CONSOLE_URL}/api/stripe/webhook`;
