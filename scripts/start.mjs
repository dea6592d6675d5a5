// `npm start`: from a fresh clone to running apps — install what is missing, make sure the
// database exists, build, prepare and seed the database, then run every app that has a
// `start` script, printing what runs where. Ctrl-C stops them all.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv, eachLine, ensureDependencies, log, root, run } from './bootstrap.mjs';
import { runWithProgress } from './progress.mjs';
import { ensureSecrets, SECRETS_FILE } from './secrets.mjs';

/** Workspaces in start order: packages first (they may prepare the database), then apps. */
const WORKSPACES = ['packages/db', 'packages/stripe-stand-in', 'server', 'console', 'watch'];
/** Real Stripe keys in the environment: the console talks to Stripe, the stand-in stays off. */
const realStripe = Boolean(process.env.STRIPE_SECRET_KEY);

function manifest(dir) {
  try {
    return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

ensureDependencies();
log('making sure the database exists…');
run('node', ['scripts/db-ensure.mjs']);
// Turbo's cache makes a second start rebuild only what changed; new-only prints the output of
// tasks that run (tsc is silent, next build shows its stages) and none of the cached ones.
await runWithProgress('building (a few minutes the first time, then only what changed)', 'npx', [
  'turbo',
  'run',
  'build',
  '--output-logs=new-only',
]);

for (const dir of WORKSPACES) {
  const pkg = manifest(dir);
  for (const task of ['db:migrate', 'db:seed']) {
    if (pkg?.scripts?.[task]) {
      log(`${pkg.name}: ${task}…`);
      run('npm', ['run', task, '-w', dir]);
    }
  }
}

const apps = WORKSPACES.map((dir) => ({ dir, pkg: manifest(dir) })).filter(
  ({ dir, pkg }) => pkg?.scripts?.start && !(realStripe && dir === 'packages/stripe-stand-in'),
);
if (apps.length === 0) {
  log('built every package; no app with a `start` script exists yet, so nothing keeps running.');
  process.exit(0);
}

// The console's session key and the server's admin token, made once for this install.
const secrets = ensureSecrets();
log(`secrets: ${SECRETS_FILE} (generated once, git-ignored; the environment overrides it).`);

/**
 * Where each app listens, as its own defaults say (each also prints its address). The console
 * is `localhost`, not 127.0.0.1: passkeys (WebAuthn) refuse an IP address as the site's name.
 */
const ADDRESSES = {
  server: `http://127.0.0.1:${process.env.PORT ?? 8787}`,
  console: `http://localhost:${process.env.CONSOLE_PORT ?? 3000}`,
  'packages/stripe-stand-in': `http://127.0.0.1:${process.env.STRIPE_STAND_IN_PORT ?? 12111}`,
};
/** The console finds the server, and mails links to itself, where they run (env wins). */
const wiring = {
  LOG_SERVER_URL: ADDRESSES.server,
  NEXTAUTH_URL: ADDRESSES.console,
  // The web pinger in the console's pages syncs with the server directly (CORS, CSP).
  PUBLIC_LOG_SERVER_URL: ADDRESSES.server,
  CONSOLE_ORIGIN: ADDRESSES.console,
  // Card payments go to the Stripe stand-in (test mode: the console says so) unless real keys
  // are set; it posts its signed events to the console's webhook.
  ...(realStripe
    ? {}
    : {
        STRIPE_API_BASE: ADDRESSES['packages/stripe-stand-in'],
        STRIPE_STAND_IN_PORT: new URL(ADDRESSES['packages/stripe-stand-in']).port,
        STRIPE_WEBHOOK_URL: `${ADDRESSES.console}/api/stripe/webhook`,
        STRIPE_TEST_CLOCKS: 'on',
        // Its customers outlive a restart, as the console's database names them.
        STRIPE_STAND_IN_STATE: join(root, '.data', 'stripe-stand-in.json'),
      }),
};

const children = apps.map(({ dir, pkg }) => {
  const child = spawn('npm', ['run', 'start', '-w', dir], {
    cwd: root,
    // No mail server here: the console prints its mail to this terminal (links one per line, so
    // a new user can confirm their address). The server prints one readable line per request
    // (its output is piped here, so it cannot see a terminal itself).
    env: { MAIL_OUTBOX_PAGE: 'on', LOG_FORMAT: 'pretty', ...wiring, ...childEnv, ...secrets },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\u001b[36m[${pkg.name}]\u001b[0m `;
  eachLine(child.stdout, (line) => process.stdout.write(`${prefix}${line}\n`));
  eachLine(child.stderr, (line) => process.stderr.write(`${prefix}${line}\n`));
  child.on('exit', (code) => {
    log(`${pkg.name} exited (${code ?? 'signal'}); stopping the others.`);
    shutdown(code ?? 1);
  });
  return child;
});

const running = apps.map(
  ({ dir, pkg }) => `${pkg.name}${ADDRESSES[dir] ? ` at ${ADDRESSES[dir]}` : ''}`,
);
log(`running ${running.join(', ')} — Ctrl-C stops them.`);
if (ADDRESSES.console && apps.some(({ dir }) => dir === 'console')) {
  log(
    `sign in at ${ADDRESSES.console} with a demo login printed above (staff: add the printed TOTP secret to an authenticator app: it is their second factor), or sign up: there is no mail server, so the console prints each mail here ("mail to …", then its links, one a line); open the link to confirm a new account.`,
  );
}
if (apps.some(({ dir }) => dir === 'server')) {
  log(
    `pair the terminal pinger: console → Devices → "Show a pairing code", then ` +
      `\`npx tagtime pair <code> --server ${ADDRESSES.server}\` from this folder (then \`npx tagtime\`).`,
  );
  if (manifest('watch')?.scripts?.simulate) {
    log(
      `simulate the watch app (screens as text, taps from stdin; another pairing code): ` +
        `\`npm run simulate -w @tagtime/watch -- --server ${ADDRESSES.server} --code <code>\`.`,
    );
  }
}

/** Short-lived steps that run beside the apps; stopped with them. */
const helpers = [];
// The demo devices' log goes in through the running server (real records, not rows written
// behind its back); the step waits for the server and adds nothing on a second start.
if (
  apps.some(({ dir }) => dir === 'server') &&
  manifest('packages/db')?.scripts?.['db:seed-logs']
) {
  const seeding = spawn('npm', ['run', '--silent', 'db:seed-logs', '-w', 'packages/db'], {
    cwd: root,
    env: { ...childEnv, LOG_SERVER_URL: ADDRESSES.server },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  helpers.push(seeding);
  seeding.on('exit', (code) => {
    if (code !== 0) log(`the demo log was not seeded (exit ${code}); the apps run on.`);
  });
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of [...children, ...helpers]) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
