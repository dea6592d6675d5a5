import type { LogRecord } from '@tagtime/log';
import type { LmdbLogStore } from '@tagtime/server/store';

/** The bench user's devices: share of the records, and how error-prone each is. */
export const BENCH_DEVICES = [
  { kind: 'watch', name: 'Wrist', share: 0.4, errors: 0.03 },
  { kind: 'phone', name: 'Pocket phone', share: 0.25, errors: 0.02 },
  { kind: 'cli', name: 'Work laptop', share: 0.15, errors: 0.01 },
  { kind: 'web', name: 'Browser', share: 0.1, errors: 0.01 },
  { kind: 'desktop', name: 'Home desktop', share: 0.1, errors: 0.005 },
] as const;

const ERRORS = [
  'timeout talking to the phone',
  'BLE disconnected',
  'alarm missed by 40 s',
  'storage almost full',
  'sync failed: 503 from the server',
];
const EVENTS = ['app-started', 'alarm-fired', 'sync-finished', 'screen-on', 'battery'];
export const TAGS = [
  'work',
  'code',
  'mail',
  'meet',
  'read',
  'eat',
  'sleep',
  'walk',
  'family',
  'tv',
];

/** A small deterministic generator, so every run seeds the same log. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function recordAt(device: string, t: number, errorShare: number, next: () => number): LogRecord {
  const roll = next();
  if (roll < errorShare) {
    const message = ERRORS[Math.floor(next() * ERRORS.length)] as string;
    return { device, t, kind: 'error', body: { message, context: { attempt: 1 + (t % 3) } } };
  }
  if (roll < errorShare + 0.3) {
    const tags = [TAGS[Math.floor(next() * TAGS.length)] as string];
    if (next() < 0.3) tags.push(TAGS[Math.floor(next() * TAGS.length)] as string);
    return {
      device,
      t,
      kind: 'ping',
      body: { ping: Math.floor(t / 1000), tags: [...new Set(tags)] },
    };
  }
  if (roll < errorShare + 0.305) {
    return {
      device,
      t,
      kind: 'tag',
      body: { tag: TAGS[t % TAGS.length] as string, color: '#3366cc' },
    };
  }
  if (roll < errorShare + 0.306) {
    return { device, t, kind: 'config', body: { key: 'notify', value: t % 2 === 0 } };
  }
  if (roll < errorShare + 0.31) {
    return { device, t, kind: 'command', body: { op: 'rename-tag', from: 'meet', to: 'meeting' } };
  }
  const name = EVENTS[Math.floor(next() * EVENTS.length)] as string;
  return { device, t, kind: 'event', body: { name, data: { battery: Math.floor(next() * 100) } } };
}

/**
 * Writes `total` records over `[start, end]` straight into the store (no HTTP), spread over the
 * devices by their share, strictly increasing per device. Calls `progress` as it goes.
 */
export async function seedBenchLogs(
  store: LmdbLogStore,
  userId: string,
  devices: ReadonlyArray<{ id: string; share: number; errors: number }>,
  options: { total: number; start: number; end: number; progress: (done: number) => void },
): Promise<void> {
  const BATCH = 5000;
  let done = 0;
  await Promise.all(
    devices.map(async (device, index) => {
      const next = random(index + 1);
      const n = Math.round(options.total * device.share);
      const gap = (options.end - options.start) / n;
      let t = options.start;
      for (let i = 0; i < n; i += BATCH) {
        const batch: LogRecord[] = [];
        for (let j = i; j < Math.min(n, i + BATCH); j++) {
          t += Math.max(1, Math.round(-Math.log(1 - next()) * gap));
          batch.push(recordAt(device.id, t, device.errors, next));
        }
        const outcome = await store.append(userId, device.id, batch);
        if (!outcome.ok) throw new Error(`seeding ${device.id}: ${outcome.conflict.reason}`);
        done += batch.length;
        options.progress(done);
      }
    }),
  );
}
