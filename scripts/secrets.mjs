// The secrets `npm start` gives the apps: generated once per install, kept in a git-ignored
// file readable only by its owner, so no constant from the source ever signs a session or
// guards the server's admin API. A value set in the environment wins over the file.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { root } from './bootstrap.mjs';

/** Where the generated secrets live (`.data/` is git-ignored). */
export const SECRETS_FILE = join(root, '.data', 'secrets.json');

/** Every secret `npm start` provides: the console's session key and the server's admin token. */
export const SECRET_NAMES = ['NEXTAUTH_SECRET', 'ADMIN_TOKEN'];

const generate = () => randomBytes(32).toString('base64url');

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
    for (const name of missing) stored[name] = generate();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  // Tighten a file made by hand or by an older version.
  chmodSync(file, 0o600);
  return Object.fromEntries(SECRET_NAMES.map((name) => [name, env[name] || stored[name]]));
}
