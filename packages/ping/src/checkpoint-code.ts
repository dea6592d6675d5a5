import { IA, IM } from './constants.js';
import type { PingState } from './park-miller.js';
import type { CheckpointTable } from './walker.js';

// A checkpoint table, written compactly for the bundles that carry it (the web pinger's first
// screen and the watch). The RNG states need no storage: each ping takes exactly one Park–Miller
// step, so checkpoint k's state is the origin's times IA^(k·interval) mod IM. Each ping time is
// written as its distance from the previous checkpoint minus the mean (interval · gap), in WIDTH
// base-36 digits offset by half their range. 488 numbers become 976 characters.

const WIDTH = 4;
const SPAN = 36 ** WIDTH;
const OFFSET = SPAN / 2;

/** `a · b mod IM` for a, b < 2^31, exact in doubles: no product exceeds 2^47. */
function mulMod(a: number, b: number): number {
  const high = Math.floor(b / 65536);
  const low = b % 65536;
  const highPart = (((a * high) % IM) * 65536) % IM;
  return (highPart + ((a * low) % IM)) % IM;
}

/** IA^n mod IM: the RNG's jump over n steps. */
function jump(n: number): number {
  let result = 1;
  let base = IA;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = mulMod(result, base);
    base = mulMod(base, base);
  }
  return result;
}

/** The table's ping times as the compact string `decodeCheckpoints` reads back. */
export function encodeCheckpoints(table: CheckpointTable, gap: number): string {
  const mean = table.interval * gap;
  let code = '';
  for (let i = 2; i < table.points.length; i += 2) {
    const offsetDistance =
      (table.points[i] as number) - (table.points[i - 2] as number) - mean + OFFSET;
    if (offsetDistance < 0 || offsetDistance >= SPAN) {
      throw new RangeError(`checkpoint ${i / 2} is too far from the mean to encode`);
    }
    code += offsetDistance.toString(36).padStart(WIDTH, '0');
  }
  return code;
}

/** The table `encodeCheckpoints` wrote for a schedule from `origin` with this gap and interval. */
export function decodeCheckpoints(
  code: string,
  origin: PingState,
  gap: number,
  interval: number,
): CheckpointTable {
  const step = jump(interval);
  const points = [origin.ping, origin.seed];
  let { ping, seed } = origin;
  for (let i = 0; i < code.length; i += WIDTH) {
    ping += Number.parseInt(code.slice(i, i + WIDTH), 36) - OFFSET + interval * gap;
    seed = mulMod(seed, step);
    points.push(ping, seed);
  }
  return { interval, points };
}
