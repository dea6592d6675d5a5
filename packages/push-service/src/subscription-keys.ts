import { createECDH, randomBytes } from 'node:crypto';
import { decodeBase64url } from './base64url.js';

/** What a browser keeps for one push subscription (RFC 8291 §2, §3). */
export interface SubscriptionKeys {
  /** The user agent's P-256 private key, 32 bytes. */
  privateKey: Buffer;
  /** Its public key as an uncompressed point, 65 bytes: the subscription's `p256dh`. */
  publicKey: Buffer;
  /** The 16-byte authentication secret: the subscription's `auth`. */
  auth: Buffer;
}

export function createSubscriptionKeys(): SubscriptionKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    privateKey: ecdh.getPrivateKey(),
    publicKey: ecdh.getPublicKey(null, 'uncompressed'),
    auth: randomBytes(16),
  };
}

/** PushManager.subscribe's applicationServerKey: base64url or raw, an uncompressed point. */
export function applicationServerKeyOf(key: string | Uint8Array | undefined): Buffer | undefined {
  if (key === undefined) return undefined;
  const bytes = typeof key === 'string' ? decodeBase64url(key) : Buffer.from(key);
  if (bytes?.length !== 65 || bytes[0] !== 0x04) {
    throw new TypeError('applicationServerKey must be an uncompressed P-256 point (65 bytes)');
  }
  return bytes;
}
