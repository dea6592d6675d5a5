// Byte-level helpers for the compact encoding. Plain arithmetic instead of 32-bit bitwise
// operators wherever a value can pass 2^31, since record times are ~2^41.

/** A growable byte buffer. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 64) {
    this.bytes = new Uint8Array(capacity);
  }

  ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  /** An unsigned integer up to 2^53, 7 bits a byte, low bits first. */
  varint(value: number): void {
    this.ensure(8);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }

  /** A signed integer, zigzag-coded so small magnitudes take few bytes. */
  signed(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  raw(data: Uint8Array): void {
    this.ensure(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Thrown by `ByteReader` when a value runs past the end of its frame. */
export class ShortReadError extends Error {}

export class ByteReader {
  constructor(
    readonly bytes: Uint8Array,
    public offset: number,
    public end: number,
  ) {}

  /** Points the reader at `[offset, end)`; one reader serves every frame of a log. */
  reset(offset: number, end: number): this {
    this.offset = offset;
    this.end = end;
    return this;
  }

  byte(): number {
    if (this.offset >= this.end) throw new ShortReadError('frame ends early');
    return this.bytes[this.offset++] as number;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
    throw new ShortReadError('varint longer than 8 bytes');
  }

  signed(): number {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  take(length: number): [start: number, end: number] {
    if (this.offset + length > this.end) throw new ShortReadError('frame ends early');
    const start = this.offset;
    this.offset += length;
    return [start, this.offset];
  }
}

const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    table[n] = c;
  }
  return table;
})();

/** CRC-16/CCITT-FALSE of `bytes[start, end)`: catches a frame whose bytes were not all written. */
export function crc16(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xffff) ^ (CRC_TABLE[((crc >> 8) ^ (bytes[i] as number)) & 0xff] as number);
  }
  return crc;
}
