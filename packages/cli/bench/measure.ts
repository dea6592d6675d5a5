// What the bench's rows share: the records it makes, timing a process, and printing a row.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from '@tagtime/log';
import { pingsBetween } from '@tagtime/ping';

export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TAGS = ['work', 'code', 'email', 'meeting', 'eat', 'sleep', 'read', 'bike', 'family', 'tv'];

/** `n` answers on consecutive pings of the universal schedule, from the devices in turn. */
export function makeLog(n: number, devices: readonly string[]): LogRecord[] {
  const pings = pingsBetween(1_184_097_393, 1_184_097_393 + Math.ceil(n * 2700 * 1.2)).slice(0, n);
  return pings.map((ping, i): LogRecord => {
    const device = devices[i % devices.length] as string;
    const t = ping * 1000 + 5000 + (i % 7);
    if (i % 50 === 49) return { device, t, kind: 'event', body: { name: 'sync-finished' } };
    const tags = [TAGS[i % TAGS.length] as string, TAGS[(i * 7) % TAGS.length] as string];
    return { device, t, kind: 'ping', body: { ping, tags: [...new Set(tags)] } };
  });
}

export const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** The 1-minute load average. */
export const load1 = () => loadavg()[0] as number;
export const loadText = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export interface Measure {
  ms: number[];
  rssMiB: number[];
  /** The 1-minute load average after each run. */
  load: number[];
}

export const emptyMeasure = (): Measure => ({ ms: [], rssMiB: [], load: [] });

/** Adds one run of in-process work that took `ms`. */
export function note(m: Measure, ms: number): void {
  m.ms.push(ms);
  m.rssMiB.push(process.memoryUsage().rss / 2 ** 20);
  m.load.push(load1());
}

/**
 * Runs `node <args>` `runs` times (`args` may depend on the run); wall time, peak RSS and the
 * load average of each. `rssFile` is where the preloaded reporter writes the peak RSS.
 */
export function measure(
  args: string[] | ((run: number) => string[]),
  env: Record<string, string> | ((run: number) => Record<string, string>),
  rssFile: string,
  runs = RUNS,
): Measure {
  const out = emptyMeasure();
  for (let i = 0; i < runs; i++) {
    const argv = typeof args === 'function' ? args(i) : args;
    const extra = typeof env === 'function' ? env(i) : env;
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      ['--import', join(import.meta.dirname, 'report-rss.mjs'), ...argv],
      {
        env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', BENCH_RSS_FILE: rssFile, ...extra },
        encoding: 'utf8',
      },
    );
    const ms = performance.now() - started;
    if (result.status !== 0) {
      throw new Error(`node ${argv.join(' ')} failed (${result.status}): ${result.stderr}`);
    }
    out.ms.push(ms);
    out.rssMiB.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
    out.load.push(load1());
  }
  return out;
}

/** One printed row: median [min–max], RSS, the load average, and the ratio to `baseline`. */
export function row(label: string, m: Measure, baseline?: Measure, of = 'the NeDB time'): string {
  const ratio = baseline ? `  ${(median(m.ms) / median(baseline.ms)).toFixed(2)}× ${of}` : '';
  const ms = median(m.ms).toFixed(0).padStart(6);
  const rss = median(m.rssMiB).toFixed(0).padStart(4);
  const load = m.load.length > 0 ? `  load ${median(m.load).toFixed(1)}` : '';
  return `  ${label.padEnd(34)} ${ms} ms [${spread(m.ms)}]  ${rss} MiB${load}${ratio}`;
}
