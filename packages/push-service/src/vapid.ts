// Checks of the `Authorization: vapid t=<JWT>, k=<key>` header (RFC 8292 §3) and of its claims
// (RFC 8292 §2). Status codes follow RFC 8292 §4.2: 401 when the authentication is absent or
// does not authenticate, 403 when it does but a claim is invalid or the key is not the one the
// subscription is restricted to.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { decodeBase64url } from './base64url.js';
import { Refusal } from './refusal.js';

/** Who sent a message, as its verified VAPID token says. */
export interface VapidIdentity {
  /** The contact URI (`mailto:` or `https:`). */
  sub: string;
  aud: string;
  /** Expiry, unix seconds. */
  exp: number;
  /** The application server's public key `k`, base64url of the uncompressed P-256 point. */
  publicKey: string;
}

export interface VapidExpectations {
  /** The push service's origin, which `aud` must equal. */
  origin: string;
  nowSeconds: number;
  /** The key a restricted subscription was made with (PushManager's applicationServerKey). */
  applicationServerKey?: Buffer | undefined;
}

const MAX_EXPIRY_SECONDS = 24 * 60 * 60;
const POINT_BYTES = 65;

export function verifyVapid(
  authorization: string | undefined,
  expected: VapidExpectations,
): VapidIdentity {
  if (!authorization) throw unauthorized('no Authorization header: VAPID (RFC 8292) is required');
  const scheme = /^vapid\s+(.+)$/is.exec(authorization.trim());
  if (!scheme?.[1]) throw unauthorized('the Authorization scheme is not "vapid" (RFC 8292 §3)');
  const params = authParams(scheme[1]);
  const token = params.get('t');
  const k = params.get('k');
  if (!token || !k) throw unauthorized('vapid needs both t and k parameters (RFC 8292 §3)');

  const keyBytes = decodeBase64url(k);
  const key = keyBytes && publicKeyOf(keyBytes);
  if (!keyBytes || !key) throw unauthorized('k is not a base64url uncompressed P-256 point');

  const parts = token.split('.');
  if (parts.length !== 3) throw unauthorized('t is not a JWS in compact serialization');
  const [encodedHeader = '', encodedClaims = '', encodedSignature = ''] = parts;
  const header = jsonObject(encodedHeader);
  if (header?.alg !== 'ES256')
    throw unauthorized('the JWT header must say alg ES256 (RFC 8292 §2)');
  const signature = decodeBase64url(encodedSignature);
  const signed = Buffer.from(`${encodedHeader}.${encodedClaims}`);
  const verified =
    signature?.length === 64 &&
    verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (!verified) throw unauthorized('the JWT signature does not verify with k');

  const claims = jsonObject(encodedClaims);
  if (!claims) throw forbidden('the JWT claims are not a JSON object');
  const { aud, exp, sub } = claims;
  if (aud !== expected.origin) {
    throw forbidden(
      `aud ${JSON.stringify(aud)} is not this push service's origin ${expected.origin}`,
    );
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw forbidden('exp is missing');
  if (exp <= expected.nowSeconds) throw forbidden('the JWT has expired (exp)');
  if (exp > expected.nowSeconds + MAX_EXPIRY_SECONDS) {
    throw forbidden('exp is more than 24 hours ahead (RFC 8292 §2)');
  }
  // RFC 8292 §2.1 says SHOULD; real services (Apple's) refuse tokens without a contact.
  if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub)) {
    throw forbidden('sub must be a mailto: or https: URI (RFC 8292 §2.1)');
  }
  if (expected.applicationServerKey && !expected.applicationServerKey.equals(keyBytes)) {
    throw forbidden('k is not the applicationServerKey this subscription is restricted to');
  }
  return { sub, aud, exp, publicKey: k };
}

// `t=..., k=...`: comma-separated auth-params (RFC 9110 §11.2), values possibly quoted.
function authParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of text.split(',')) {
    const match = /^\s*([A-Za-z]+)\s*=\s*"?([^"]*)"?\s*$/.exec(part);
    if (match?.[1] && match[2] !== undefined) params.set(match[1].toLowerCase(), match[2]);
  }
  return params;
}

function publicKeyOf(point: Buffer): KeyObject | null {
  if (point.length !== POINT_BYTES || point[0] !== 0x04) return null;
  try {
    return createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    return null;
  }
}

function jsonObject(encoded: string): Record<string, unknown> | null {
  const bytes = decodeBase64url(encoded);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function unauthorized(message: string): Refusal {
  return new Refusal(401, message, { 'WWW-Authenticate': 'vapid' });
}

function forbidden(message: string): Refusal {
  return new Refusal(403, message);
}
