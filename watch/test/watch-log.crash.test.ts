import type { LogRecord } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import { MemoryFiles } from '../src/core/files.js';
import { WATCH_DEVICE, WatchLog } from '../src/core/watch-log.js';
import { Crash, CrashingFiles } from './crashing-files.js';

const answer = (t: number, tags: string[], note?: string): LogRecord => ({
  device: WATCH_DEVICE,
  t,
  kind: 'ping',
  body: { ping: Math.floor(t / 1000) - 30, tags, ...(note ? { note } : {}) },
});

const earlier: LogRecord[] = [
  { device: WATCH_DEVICE, t: 1_700_000_000_000, kind: 'event', body: { name: 'app-start' } },
  answer(1_700_000_100_000, ['work', 'code']),
  answer(1_700_000_200_000, ['work'], 'standup'),
  { device: WATCH_DEVICE, t: 1_700_000_300_000, kind: 'error', body: { message: 'x' } },
];
const next = answer(1_700_000_400_000, ['lunch', 'café'], 'with Ana');

function diskWith(records: LogRecord[]): MemoryFiles {
  const disk = new MemoryFiles();
  WatchLog.open(disk, { path: 'log' }).log.append(records);
  return disk;
}

describe('the on-watch log survives a crash at any byte', () => {
  it('of an answer being appended: earlier records intact, the answer whole or absent', () => {
    const size = diskWith(earlier).read('log')?.length ?? 0;
    const full = (diskWith([...earlier, next]).read('log')?.length ?? 0) - size;
    expect(full).toBeGreaterThan(10);
    for (let cut = 0; cut <= full; cut++) {
      const disk = diskWith(earlier);
      const { log } = WatchLog.open(new CrashingFiles(disk, cut), { path: 'log' });
      if (cut < full) expect(() => log.append([next])).toThrow(Crash);
      else log.append([next]);
      const reopened = WatchLog.open(disk, { path: 'log' });
      const expected = cut === full ? [...earlier, next] : earlier;
      expect(reopened.log.records()).toEqual(expected);
      expect(reopened.report.tornTail).toBe(cut > 0 && cut < full);
      // The log goes on: the answer written again is read back after the next restart.
      if (cut < full) reopened.log.append([next]);
      expect(WatchLog.open(disk, { path: 'log' }).log.records()).toEqual([...earlier, next]);
    }
  });

  it('of a compaction: nothing unacknowledged is lost, nothing is doubled', () => {
    const all = [...earlier, next];
    const acked = earlier[1]?.t as number;
    const keep = all.filter((r) => r.t > acked);
    for (let cut = 0; ; cut++) {
      const disk = diskWith(all);
      const { log } = WatchLog.open(new CrashingFiles(disk, cut), { path: 'log' });
      let finished = true;
      try {
        log.compact(acked);
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
        finished = false;
      }
      const reopened = WatchLog.open(disk, { path: 'log', acked }).log;
      expect(reopened.unacked()).toEqual(keep);
      reopened.compact(acked);
      expect(WatchLog.open(disk, { path: 'log' }).log.records()).toEqual(keep);
      expect(disk.exists('log.new')).toBe(false);
      if (finished) break;
    }
  });

  it('finishes a compaction that crashed between removing the old file and the rename', () => {
    const disk = diskWith(earlier);
    disk.write('log.new', diskWith([next]).read('log') as Uint8Array);
    disk.remove('log');
    const { log, report } = WatchLog.open(disk, { path: 'log' });
    expect(report.recovered).toBe('finished-rename');
    expect(log.records()).toEqual([next]);
  });

  it('shrinks the file back when everything is acknowledged', () => {
    const disk = diskWith([...earlier, next]);
    const { log } = WatchLog.open(disk, { path: 'log' });
    log.compact(next.t);
    expect(disk.read('log')?.length).toBe(0);
    expect(log.unacked()).toEqual([]);
  });
});

describe('a storage error while answering', () => {
  it('is thrown to the page and written to the log as an error record', async () => {
    const { WatchApp } = await import('../src/core/watch-app.js');
    const { fakeWatch, T0 } = await import('./helpers.js');
    const w = fakeWatch(T0);
    const disk = w.files;
    let failNext = false;
    w.ports.files = {
      ...disk,
      read: (p) => disk.read(p),
      write: (p, b) => disk.write(p, b),
      rename: (a, b) => disk.rename(a, b),
      remove: (p) => disk.remove(p),
      exists: (p) => disk.exists(p),
      append: (p, b) => {
        if (failNext) {
          failNext = false;
          throw new Error('ENOSPC');
        }
        disk.append(p, b);
      },
    };
    const app = new WatchApp(w.ports);
    failNext = true;
    expect(() => app.answer(1_700_000_000, ['work'])).toThrow('ENOSPC');
    const errors = app.log.records().filter((r) => r.kind === 'error');
    expect(errors.map((r) => (r.body as { message: string }).message)).toEqual([
      'storage error writing a ping: ENOSPC',
    ]);
    expect(app.log.records().some((r) => r.kind === 'ping')).toBe(false);
  });
});
