// The secrets `npm start` generates for the console and the server.
import { spawnSync } from 'node:child_process';
import { createECDH } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../bootstrap.mjs';
import { ensureSecrets, generateVapidKeys, SECRET_NAMES, SECRETS_FILE } from '../secrets.mjs';

const dir = mkdtempSync(join(tmpdir(), 'tagtime-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ensureSecrets', () => {
  it('generates each secret once, keeps it, and lets only the owner read the file', () => {
    const file = join(dir, 'nested', 'secrets.json');
    const first = ensureSecrets(file, {});
    for (const name of ['NEXTAUTH_SECRET', 'ADMIN_TOKEN', 'VAPID_PRIVATE_KEY']) {
      expect(first[name]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    // The uncompressed P-256 point of the private key's pair.
    expect(first.VAPID_PUBLIC_KEY).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(Buffer.from(first.VAPID_PUBLIC_KEY, 'base64url')[0]).toBe(4);
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(first.VAPID_PRIVATE_KEY, 'base64url'));
    expect(ecdh.getPublicKey().toString('base64url')).toBe(first.VAPID_PUBLIC_KEY);
    expect(SECRET_NAMES).toEqual(expect.arrayContaining(['VAPID_PUBLIC_KEY']));
    expect(first.NEXTAUTH_SECRET).not.toBe(first.ADMIN_TOKEN);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureSecrets(file, {})).toEqual(first);
    // Another install gets other secrets.
    expect(ensureSecrets(join(dir, 'other.json'), {}).NEXTAUTH_SECRET).not.toBe(
      first.NEXTAUTH_SECRET,
    );
  });

  it('takes a value from the environment over the file, without writing it', () => {
    const file = join(dir, 'env.json');
    const stored = ensureSecrets(file, {});
    const chosen = ensureSecrets(file, { ADMIN_TOKEN: 'set-by-the-operator' });
    expect(chosen).toEqual({ ...stored, ADMIN_TOKEN: 'set-by-the-operator' });
    expect(JSON.parse(readFileSync(file, 'utf8')).ADMIN_TOKEN).toBe(stored.ADMIN_TOKEN);
  });

  it('takes the VAPID pair from the environment whole, never half from the file', () => {
    const file = join(dir, 'vapid.json');
    const stored = ensureSecrets(file, {});
    const pair = generateVapidKeys();
    expect(ensureSecrets(file, pair)).toEqual({ ...stored, ...pair });
    const half = ensureSecrets(file, { VAPID_PRIVATE_KEY: pair.VAPID_PRIVATE_KEY });
    expect(half.VAPID_PRIVATE_KEY).toBe(pair.VAPID_PRIVATE_KEY);
    expect(half).not.toHaveProperty('VAPID_PUBLIC_KEY');
  });

  it('fills in a secret missing from an older file and refuses a broken one', () => {
    const file = join(dir, 'partial.json');
    writeFileSync(file, JSON.stringify({ NEXTAUTH_SECRET: 'kept-from-before' }));
    const secrets = ensureSecrets(file, {});
    expect(secrets.NEXTAUTH_SECRET).toBe('kept-from-before');
    expect(secrets.ADMIN_TOKEN).toHaveLength(43);
    expect(secrets.VAPID_PRIVATE_KEY).toHaveLength(43);
    writeFileSync(file, '{ not json');
    expect(() => ensureSecrets(file, {})).toThrow(/not valid JSON.*delete it/);
  });

  it('makes test keys for the Stripe stand-in; real keys from the environment replace both', () => {
    const file = join(dir, 'stripe.json');
    const made = ensureSecrets(file, {});
    expect(made.STRIPE_SECRET_KEY).toMatch(/^sk_test_[0-9a-f]{48}$/);
    expect(made.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_[0-9a-f]{48}$/);
    const real = ensureSecrets(file, {
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_y',
    });
    expect(real).toMatchObject({
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_y',
    });
    // A real key never meets the stand-in's webhook secret.
    expect(ensureSecrets(file, { STRIPE_SECRET_KEY: 'sk_live_x' })).not.toHaveProperty(
      'STRIPE_WEBHOOK_SECRET',
    );
  });

  it('keeps the real file out of git', () => {
    const result = spawnSync('git', ['check-ignore', '-q', SECRETS_FILE], { cwd: root });
    expect(result.status).toBe(0);
  });
});
