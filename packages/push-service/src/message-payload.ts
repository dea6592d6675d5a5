// From a request body to the message's payload, as a user agent would read it.
import { decryptAes128gcm, PushDecryptError } from './aes128gcm.js';
import { Refusal } from './refusal.js';
import type { SubscriptionKeys } from './subscription-keys.js';

const AES128GCM = 'aes128gcm';

/** The plaintext; null for a message sent without a body. */
export function decryptPayload(
  contentEncoding: string | undefined,
  body: Buffer,
  keys: SubscriptionKeys,
): Buffer | null {
  if (body.length === 0 && contentEncoding === undefined) return null;
  if (contentEncoding?.toLowerCase() !== AES128GCM) {
    // RFC 9110 §15.5.16: 415 for an unsupported content coding, naming the one accepted.
    throw new Refusal(415, 'Content-Encoding must be aes128gcm (RFC 8291 §4)', {
      'Accept-Encoding': AES128GCM,
    });
  }
  try {
    return decryptAes128gcm(body, keys);
  } catch (error) {
    if (error instanceof PushDecryptError) throw new Refusal(400, error.message);
    throw error;
  }
}

export function utf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
