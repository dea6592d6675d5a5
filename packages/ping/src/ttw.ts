/**
 * TagTime Web's stateless schedule: second `t` is a ping when the 64-bit FNV-1a hash of its
 * 8 little-endian bytes, started from a seed instead of the offset basis, is below 2^64 / gap.
 * The hash is computed in four 16-bit limbs of plain numbers: exact, and much faster than BigInt
 * on the watch's QuickJS.
 */

/** FNV-1a 64-bit prime 0x100000001b3 in 16-bit limbs, least significant first. */
const PRIME = [0x01b3, 0x0000, 0x0100, 0x0000] as const;
const TWO_16 = 0x10000;
const TWO_32 = 0x100000000;
const TWO_64 = 2 ** 64;

/** The FNV-1a hash of `t`'s 8 little-endian bytes, started at `seed`, as a fraction of 2^64. */
export function ttwHash(t: number, seed: number): number {
  let h0 = seed % TWO_16;
  let h1 = Math.floor(seed / TWO_16) % TWO_16;
  let h2 = Math.floor(seed / TWO_32) % TWO_16;
  let h3 = Math.floor(seed / (TWO_32 * TWO_16)) % TWO_16;
  const lo = t % TWO_32;
  const hi = Math.floor(t / TWO_32);
  for (let i = 0; i < 8; i++) {
    const word = i < 4 ? lo : hi;
    const byte = Math.floor(word / 2 ** (8 * (i % 4))) & 0xff;
    h0 ^= byte;
    // (h3 h2 h1 h0) × PRIME mod 2^64, schoolbook on limbs; each partial sum stays below 2^53.
    const r0 = h0 * PRIME[0];
    const r1 = h1 * PRIME[0] + h0 * PRIME[1] + Math.floor(r0 / TWO_16);
    const r2 = h2 * PRIME[0] + h1 * PRIME[1] + h0 * PRIME[2] + Math.floor(r1 / TWO_16);
    const r3 =
      h3 * PRIME[0] + h2 * PRIME[1] + h1 * PRIME[2] + h0 * PRIME[3] + Math.floor(r2 / TWO_16);
    h0 = r0 % TWO_16;
    h1 = r1 % TWO_16;
    h2 = r2 % TWO_16;
    h3 = r3 % TWO_16;
  }
  // One rounding to double, as converting the 64-bit integer does.
  return (h3 * 2 ** 48 + h2 * TWO_32 + h1 * TWO_16 + h0) / TWO_64;
}

/** Whether second `t` is a ping of TagTime Web's schedule. */
export function isTtwPing(t: number, seed: number, gap: number): boolean {
  return ttwHash(t, seed) < 1 / gap;
}
