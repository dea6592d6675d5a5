// Draws the web pinger's app icons (PNG, as install prompts want them) into public/pinger/:
// a white ring and dot — a ping — on the console's brand blue. Run again after changing it:
// `node console/scripts/pinger-icons.mjs`. Zero dependencies: a PNG is a zlib stream of rows.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x1d, 0x4e, 0xd8];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** `size`² pixels; `inset` shrinks the drawing (maskable icons keep it in the safe zone). */
function icon(size, inset) {
  const rows = Buffer.alloc(size * (1 + size * 3));
  const c = size / 2;
  const r = (size / 2) * inset;
  for (let y = 0; y < size; y++) {
    rows[y * (1 + size * 3)] = 0;
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - c, y + 0.5 - c) / r;
      const white = (d > 0.62 && d < 0.8) || d < 0.28;
      const [red, green, blue] = white ? WHITE : BLUE;
      const at = y * (1 + size * 3) + 1 + x * 3;
      rows[at] = red;
      rows[at + 1] = green;
      rows[at + 2] = blue;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = new URL('../public/pinger/', import.meta.url);
writeFileSync(new URL('icon-192.png', dir), icon(192, 1));
writeFileSync(new URL('icon-512.png', dir), icon(512, 1));
writeFileSync(new URL('icon-maskable-512.png', dir), icon(512, 0.8));
writeFileSync(new URL('apple-touch-icon.png', dir), icon(180, 1));
