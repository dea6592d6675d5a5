import type { LogRecord, PingRecord } from '@tagtime/log';

type PingBody = PingRecord['body'];

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ping times shared by every device, so answers of several devices meet on one ping. */
const VIEW_PINGS = Array.from({ length: 24 }, (_, i) => 1_700_000_000 + i * 2700);
const TAGS = ['work', 'sleep', 'eat', 'read', 'code', 'walk', 'job'];

/**
 * `n` valid records of one device from `t0` on, of every kind a view folds: answers (a
 * person's and automatic ones) to shared pings, renames, deletes, tag metadata, config,
 * errors and events, `t` rising by random steps of up to 5 s and, one time in 20, `jumpMs` more.
 */
export function mixedRecords(
  rand: () => number,
  device: string,
  t0: number,
  n: number,
  jumpMs = 6 * 3_600_000,
) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const records: LogRecord[] = [];
  let t = t0;
  for (let i = 0; i < n; i++) {
    // Now and then hours pass, so errors and events fall on several days.
    t += 1 + Math.floor(rand() * 5000) + (rand() < 0.05 ? jumpMs : 0);
    const roll = rand();
    if (roll < 0.35) {
      const tags = [pick(TAGS), ...(rand() < 0.3 ? [pick(TAGS)] : [])];
      const body: PingBody = { ping: pick(VIEW_PINGS), tags: [...new Set(tags)] };
      if (rand() < 0.2) body.auto = true;
      if (rand() < 0.1) body.note = `note ${i}`;
      records.push({ device, t, kind: 'ping', body });
    } else if (roll < 0.42) {
      const from = pick(TAGS);
      const to = pick(TAGS.filter((tag) => tag !== from));
      records.push({ device, t, kind: 'command', body: { op: 'rename-tag', from, to } });
    } else if (roll < 0.47) {
      records.push({
        device,
        t,
        kind: 'command',
        body: { op: 'delete-ping', ping: pick(VIEW_PINGS) },
      });
    } else if (roll < 0.52) {
      records.push({
        device,
        t,
        kind: 'tag',
        body: { tag: pick(TAGS), color: pick(['#ff0000', '#00ff00']) },
      });
    } else if (roll < 0.56) {
      records.push({ device, t, kind: 'config', body: { key: pick(['theme', 'gap']), value: i } });
    } else if (roll < 0.78) {
      records.push({ device, t, kind: 'error', body: { message: `oops ${i}` } });
    } else {
      records.push({ device, t, kind: 'event', body: { name: 'sync', data: { i } } });
    }
  }
  return records;
}
