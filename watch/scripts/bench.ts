// `npm run bench -w @tagtime/watch`: the figures the watch is judged by, each with a same-run
// baseline — the cold next-ping (first call in a fresh engine context) in QuickJS and in Node,
// the bytes an answer takes in the on-watch log, and what one answer costs the phone side
// against 1k, 10k and 100k records of history (`side-bench.ts`).
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import vm from 'node:vm';
import { getQuickJS } from 'quickjs-emscripten';
import { MemoryFiles } from '../src/core/files.js';
import { WATCH_DEVICE, WatchLog } from '../src/core/watch-log.js';
import { pureScript } from './pure-script.js';
import { benchSideAnswer, type SideBenchRow } from './side-bench.js';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = 15;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const script = await pureScript(ROOT);
const now = Math.floor(Date.now() / 1000);

const quickjs = await getQuickJS();
const q = { cold: [] as number[], warm: [] as number[] };
for (let i = 0; i < RUNS; i++) {
  const context = quickjs.newContext();
  context.unwrapResult(context.evalCode(script)).dispose();
  for (const [kind, t] of [
    ['cold', now],
    ['warm', now + 60],
  ] as const) {
    const started = performance.now();
    context.unwrapResult(context.evalCode(`pure.coldNextPing(${t})`)).dispose();
    q[kind].push(performance.now() - started);
  }
  context.dispose();
}
const n = { cold: [] as number[], warm: [] as number[] };
for (let i = 0; i < RUNS; i++) {
  const context = vm.createContext({});
  vm.runInContext(script, context);
  for (const [kind, t] of [
    ['cold', now],
    ['warm', now + 60],
  ] as const) {
    const started = performance.now();
    vm.runInContext(`pure.coldNextPing(${t})`, context);
    n[kind].push(performance.now() - started);
  }
}
const ms = (x: number) => `${x.toFixed(2)} ms`;
console.log(
  `cold nextPing(now), median of ${RUNS} fresh contexts (warm = the next call, same context):`,
);
console.log(
  `  QuickJS: cold ${ms(median(q.cold))}, warm ${ms(median(q.warm))} (cold/warm ${(median(q.cold) / median(q.warm)).toFixed(0)}×)`,
);
console.log(
  `  Node:    cold ${ms(median(n.cold))}, warm ${ms(median(n.warm))} (cold/warm ${(median(n.cold) / median(n.warm)).toFixed(0)}×)`,
);
console.log(`  QuickJS/Node cold: ${(median(q.cold) / median(n.cold)).toFixed(1)}×`);

// Bytes per answer: a day of answers after the log has seen its tags once.
const files = new MemoryFiles();
const { log } = WatchLog.open(files, { path: 'log' });
const tags = [['work', 'code'], ['email'], ['lunch', 'social'], ['work', 'meeting'], ['commute']];
const T0 = 1_700_000_000_000;
const answer = (i: number) => {
  const t = T0 + (i + 1) * 2_700_000;
  return {
    device: WATCH_DEVICE,
    t,
    kind: 'ping' as const,
    body: { ping: Math.floor(t / 1000) - 7 - (i % 40), tags: tags[i % tags.length] as string[] },
  };
};
log.append([{ device: WATCH_DEVICE, t: T0, kind: 'event', body: { name: 'app-start' } }]);
log.append(tags.map((_, i) => answer(i)));
const before = log.size;
const day = Array.from({ length: 32 }, (_, i) => answer(tags.length + i));
log.append(day);
const perAnswer = (log.size - before) / day.length;
const beforeEvent = log.size;
const last = (day[day.length - 1] as { t: number }).t;
log.append([
  {
    device: WATCH_DEVICE,
    t: last + 1000,
    kind: 'event',
    body: { name: 'alarm', data: { ping: Math.floor(last / 1000) } },
  },
]);
console.log(
  `on-watch log: ${perAnswer.toFixed(1)} bytes per answer (known tags), ` +
    `${log.size - beforeEvent} bytes per alarm event; the same answer as JSON: ${JSON.stringify(day[0]).length} bytes`,
);

// The phone side's cost of one answer against the user's history: flat, the 100k
// case within 1.5× of the 1k case. Needs MariaDB (the server's user data); BENCH_SIDE=0 skips it,
// BENCH_SIDE_RUNS and BENCH_SIDE_SIZES change it.
if (process.env.BENCH_SIDE !== '0') {
  const sizes = (process.env.BENCH_SIDE_SIZES ?? '1000,10000,100000').split(',').map(Number);
  const runs = Number(process.env.BENCH_SIDE_RUNS ?? 21);
  const load = () =>
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')}`;
  const loadBefore = load();
  const rows = await benchSideAnswer({ sizes, runs });
  const p95 = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] as number;
  const cell = (xs: number[]) => `${ms(median(xs)).padStart(9)} /${ms(p95(xs)).padStart(10)}`;
  console.log(
    `phone side, one answer: a cold side service over the settings storage, then the watch's ` +
      `sync (push, ack, pull, snapshot) against a real server on loopback; median / p95 of ${runs} ` +
      `runs per size (${cpus().length} CPUs; ${loadBefore} before, ${load()} after):`,
  );
  const columns = ['cold start', 'push + ack', 'push + pull', 'cold + sync', 'floor: POST+GET'];
  console.log(`  ${'records'.padStart(8)}${columns.map((c) => c.padStart(23)).join('')}  storage`);
  for (const row of rows) {
    const cells = [row.coldMs, row.pushMs, row.syncMs, row.totalMs, row.floorMs].map(cell);
    console.log(
      `  ${String(row.size).padStart(8)}${cells.map((c) => c.padStart(23)).join('')}  ` +
        `${row.keys} keys, ${(row.storedBytes / 1024).toFixed(0)} KiB`,
    );
  }
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first && last && last !== first) {
    const ratio = (f: (r: SideBenchRow) => number[]) =>
      `${(median(f(last)) / median(f(first))).toFixed(2)}×`;
    console.log(
      `  ${last.size / 1000}k / ${first.size / 1000}k, medians: cold + sync ${ratio((r) => r.totalMs)} ` +
        `(goal ≤ 1.5×); push + pull ${ratio((r) => r.syncMs)}, push + ack ${ratio((r) => r.pushMs)}, ` +
        `cold start ${ratio((r) => r.coldMs)}, floor ${ratio((r) => r.floorMs)}`,
    );
  }
}
