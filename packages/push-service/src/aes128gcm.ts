// Decryption of a push message body as a user agent does it: RFC 8291 (Message Encryption for
// Web Push) over the aes128gcm content coding of RFC 8188.
import { createDecipheriv, createECDH, hkdfSync } from 'node:crypto';
import type { SubscriptionKeys } from './subscription-keys.js';

export class PushDecryptError extends Error {
  override name = 'PushDecryptError';
}

const SALT_BYTES = 16;
const HEADER_BYTES = SALT_BYTES + 4 + 1; // salt, rs (uint32), idlen
const POINT_BYTES = 65;
const TAG_BYTES = 16;
const MIN_RECORD_SIZE = 18; // RFC 8188 §2.1
const LAST_RECORD_DELIMITER = 2;
const KEY_INFO = Buffer.from('WebPush: info\0');
const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0');

/** The plaintext of an aes128gcm body sent to the subscription whose keys are given. */
export function decryptAes128gcm(body: Uint8Array, keys: SubscriptionKeys): Buffer {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.length < HEADER_BYTES) {
    throw new PushDecryptError('body is shorter than the aes128gcm header (RFC 8188 §2.1)');
  }
  const salt = bytes.subarray(0, SALT_BYTES);
  const recordSize = bytes.readUInt32BE(SALT_BYTES);
  const idLength = bytes.readUInt8(SALT_BYTES + 4);
  if (recordSize < MIN_RECORD_SIZE) {
    throw new PushDecryptError(`rs ${recordSize} is below 18 (RFC 8188 §2.1)`);
  }
  if (idLength !== POINT_BYTES) {
    throw new PushDecryptError(
      `keyid is ${idLength} bytes; RFC 8291 §4 puts the sender's 65-byte public key there`,
    );
  }
  const senderPublicKey = bytes.subarray(HEADER_BYTES, HEADER_BYTES + POINT_BYTES);
  const record = bytes.subarray(HEADER_BYTES + POINT_BYTES);
  if (record.length < TAG_BYTES + 1) {
    throw new PushDecryptError('record is shorter than its tag and padding delimiter');
  }
  // RFC 8291 §4: "An application server MUST encrypt a push message with a single record."
  if (record.length > recordSize) {
    throw new PushDecryptError(`body holds more than one record of rs ${recordSize} (RFC 8291 §4)`);
  }

  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(keys.privateKey);
  let sharedSecret: Buffer;
  try {
    sharedSecret = ecdh.computeSecret(senderPublicKey);
  } catch {
    throw new PushDecryptError('keyid is not a point on P-256');
  }

  // RFC 8291 §3.4: IKM from the ECDH secret and auth; then RFC 8188 §2.2-2.3: CEK and nonce.
  const keyInfo = Buffer.concat([KEY_INFO, keys.publicKey, senderPublicKey]);
  const ikm = Buffer.from(hkdfSync('sha256', sharedSecret, keys.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, CEK_INFO, 16));
  // The single record has sequence number 0, so the nonce is used as derived (XOR with 0).
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, NONCE_INFO, 12));

  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
  let padded: Buffer;
  try {
    padded = Buffer.concat([
      decipher.update(record.subarray(0, record.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new PushDecryptError('the record does not authenticate: wrong keys or altered body');
  }

  // RFC 8188 §2: plaintext, then a delimiter octet (2 in the last record), then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== LAST_RECORD_DELIMITER) {
    throw new PushDecryptError('the record does not end with the last-record delimiter 0x02');
  }
  return padded.subarray(0, end);
}
