import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Lower-case RFC 4648 base32 of `bytes` random bytes, without padding. */
export function randomBase32(bytes: number): string {
  const data = randomBytes(bytes);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export type IdPrefix =
  | 'usr'
  | 'ten'
  | 'dev'
  | 'pc'
  | 'sub'
  | 'inv'
  | 'inl'
  | 'pay'
  | 'ses'
  | 'ivt'
  | 'pk'
  | 'rc';

/** A random id such as `usr_k3j…` (80 random bits, at most 20 characters). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase32(10)}`;
}

/** Device ids are also log device ids: the pattern is @tagtime/log's (DESIGN.md, Records). */
export { DEVICE_ID_PATTERN } from '@tagtime/log';
