// npm run bench: throughput of the merge, the fold and the compact encoding, with the merge
// compared against concatenating and sorting the same arrays in the same run.
import {
  compareRecords,
  decodeCompactLog,
  encodeCompactLog,
  foldLog,
  type LogRecord,
  mergeLogs,
  mergeLogsSync,
  validateBatch,
  viewStats,
} from '../src/index.js';
import { validateRecordBySchema } from '../src/validate.js';

const LOGS = 100;
const PER_LOG = 10_000;
const TAGS = ['work', 'code', 'email', 'meeting', 'eat', 'sleep', 'read', 'bike', 'afk', 'off'];

/** A deterministic pseudo-random generator, so every run measures the same data. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function deviceLog(index: number): LogRecord[] {
  const next = random(index + 1);
  const device = `d${String(index).padStart(2, '0')}`;
  const log: LogRecord[] = [];
  let t = 1_600_000_000_000 + Math.floor(next() * 1000);
  for (let i = 0; i < PER_LOG; i++) {
    t += 1 + Math.floor(next() * 5_400_000);
    const roll = next();
    if (roll < 0.005) {
      const from = TAGS[Math.floor(next() * TAGS.length)] as string;
      log.push({ device, t, kind: 'command', body: { op: 'rename-tag', from, to: `${from}2` } });
    } else if (roll < 0.01) {
      log.push({
        device,
        t,
        kind: 'command',
        body: { op: 'delete-ping', ping: Math.floor(t / 1000) - 60 },
      });
    } else if (roll < 0.02) {
      log.push({ device, t, kind: 'event', body: { name: 'sync' } });
    } else {
      const tags = [
        TAGS[Math.floor(next() * TAGS.length)] as string,
        TAGS[Math.floor(next() * TAGS.length)] as string,
      ];
      const body = {
        ping: Math.floor(t / 1000) - Math.floor(next() * 600),
        tags: [...new Set(tags)],
      };
      log.push({
        device,
        t,
        kind: 'ping',
        body: roll > 0.95 ? { ...body, auto: true as const } : body,
      });
    }
  }
  return log;
}

function time<T>(run: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = run();
  return { ms: performance.now() - start, result };
}

async function timeAsync<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await run();
  return { ms: performance.now() - start, result };
}

/** Best of `runs` (the least disturbed by the other work on a shared machine). */
function best(runs: number, run: () => number): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) min = Math.min(min, run());
  return min;
}

const rate = (count: number, ms: number): string =>
  `${((count / ms) * 1000).toLocaleString('en-US', { maximumFractionDigits: 0 })} records/s`;
const ratio = (baseline: number, ms: number): string =>
  baseline >= ms
    ? `${(baseline / ms).toFixed(2)}× faster`
    : `${(ms / baseline).toFixed(2)}× slower`;
const fmt = (ms: number): string => `${ms.toFixed(0)} ms`;

const logs = Array.from({ length: LOGS }, (_, i) => deviceLog(i));
const total = LOGS * PER_LOG;
console.log(`data: ${LOGS} device logs × ${PER_LOG.toLocaleString('en-US')} records`);

// Merge: streaming k-way merge vs concat + sort of the same arrays.
let merged: LogRecord[] = [];
const mergeMs = best(2, () => {
  const { ms, result } = time(() => Array.from(mergeLogsSync(logs)));
  merged = result;
  return ms;
});
const sortMs = best(2, () => time(() => logs.flat().sort(compareRecords)).ms);
let asyncMs = Number.POSITIVE_INFINITY;
for (let i = 0; i < 2; i++) {
  const { ms } = await timeAsync(async () => {
    let n = 0;
    for await (const _ of mergeLogs(logs)) n++;
    return n;
  });
  asyncMs = Math.min(asyncMs, ms);
}
if (merged.length !== total) throw new Error(`merge returned ${merged.length} of ${total} records`);
console.log(`merge ${LOGS}×${PER_LOG} (sync):  ${fmt(mergeMs)}, ${rate(total, mergeMs)}`);
console.log(`merge ${LOGS}×${PER_LOG} (async): ${fmt(asyncMs)}, ${rate(total, asyncMs)}`);
console.log(`concat+sort baseline:     ${fmt(sortMs)}, ${rate(total, sortMs)}`);
console.log(
  `merge vs concat+sort: sync ${ratio(sortMs, mergeMs)}, async ${ratio(sortMs, asyncMs)}`,
);

// Fold the merged million into the answer and statistics views.
const foldMs = best(
  1,
  () =>
    time(() => {
      const view = foldLog(merged);
      const answers = view.answers();
      const stats = viewStats(view, { timeZone: 'Europe/Paris' });
      if (answers.length === 0 || stats.pings !== answers.length) throw new Error('empty fold');
    }).ms,
);
console.log(
  `fold ${total.toLocaleString('en-US')} records (answers + stats): ${fmt(foldMs)}, ${rate(total, foldMs)}`,
);

// Compact encoding: each device log encoded and decoded on its own, as the watch does.
let encoded: Uint8Array[] = [];
const encodeMs = best(1, () => {
  const { ms, result } = time(() => logs.map((log) => encodeCompactLog(log)));
  encoded = result;
  return ms;
});
const decodeMs = best(
  1,
  () =>
    time(() => {
      let n = 0;
      for (const bytes of encoded) n += decodeCompactLog(bytes).records.length;
      if (n !== total) throw new Error(`decoded ${n} of ${total} records`);
    }).ms,
);
const bytes = encoded.reduce((n, b) => n + b.length, 0);
console.log(
  `encode ${total.toLocaleString('en-US')} records: ${fmt(encodeMs)}, ${rate(total, encodeMs)} (${(bytes / total).toFixed(1)} bytes/record)`,
);
console.log(
  `decode ${total.toLocaleString('en-US')} records: ${fmt(decodeMs)}, ${rate(total, decodeMs)}`,
);

// Validation of a batch as the server receives it (JSON.parse'd), by the fast path and by the zod
// schema alone (the path every record took before), each giving the records' canonical JSON.
const sample = merged.slice(0, 100_000);
const batches: unknown[] = [];
for (let i = 0; i < sample.length; i += 1000) {
  batches.push(JSON.parse(JSON.stringify({ records: sample.slice(i, i + 1000) })));
}
const validateMs = best(
  3,
  () =>
    time(() => {
      for (const batch of batches) if (!validateBatch(batch).ok) throw new Error('refused');
    }).ms,
);
const schemaMs = best(
  3,
  () =>
    time(() => {
      for (const batch of batches) {
        for (const record of (batch as { records: unknown[] }).records) {
          if (!validateRecordBySchema(record).ok) throw new Error('refused');
        }
      }
    }).ms,
);
const perRecord = (ms: number) => `${((ms * 1000) / sample.length).toFixed(2)} µs/record`;
console.log(
  `validate ${sample.length.toLocaleString('en-US')} records with their canonical JSON: fast path ${perRecord(validateMs)}, zod schema ${perRecord(schemaMs)} (${ratio(schemaMs, validateMs)})`,
);
