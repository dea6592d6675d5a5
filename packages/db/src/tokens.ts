import { createHash, randomBytes } from 'node:crypto';

export const DEVICE_TOKEN_PREFIX = 'ttd_';

/** A new device token: 256 random bits, base64url, prefixed `ttd_`. Shown once, never stored. */
export function generateDeviceToken(): string {
  return `${DEVICE_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 hex digest under which a token is stored and looked up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
