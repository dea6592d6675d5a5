import { canonicalJson, type LogRecord } from '@tagtime/log';
import { pingsBetween } from '@tagtime/ping';

const TAGS = ['work', 'code', 'mail', 'meet', 'lunch', 'walk', 'read', 'sleep', 'cook', 'call'];

/**
 * `n` answers of two other devices (a watch and a phone) to consecutive pings of the universal
 * schedule, with canonical JSON as a pull hands them over, in pages of `page` in merged order:
 * what a new device's first sync stores. The same in Node and in the browser.
 */
export function firstSyncPages(n: number, page: number) {
  const pings = pingsBetween(1_500_000_000, 1_500_000_000 + n * 3000).slice(0, n);
  const records: LogRecord[] = pings.map((ping, i) => ({
    device: i % 3 === 0 ? 'phone' : 'watch',
    t: ping * 1000 + 1500 + (i % 7),
    kind: 'ping',
    body: { ping, tags: [TAGS[i % TAGS.length] as string, TAGS[(i * 7) % TAGS.length] as string] },
  }));
  const pages: Array<{ records: LogRecord[]; json: string[]; cursor: Record<string, number> }> = [];
  const cursor: Record<string, number> = {};
  for (let i = 0; i < records.length; i += page) {
    const slice = records.slice(i, i + page);
    for (const r of slice) cursor[r.device] = r.t;
    pages.push({ records: slice, json: slice.map(canonicalJson), cursor: { ...cursor } });
  }
  return pages;
}
