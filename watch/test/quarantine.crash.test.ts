import type { LogRecord } from '@tagtime/log';
import { describe, expect, it } from 'vitest';
import { MemoryFiles } from '../src/core/files.js';
import { Quarantine } from '../src/core/quarantine.js';
import { WATCH_DEVICE, WatchLog } from '../src/core/watch-log.js';
import { Crash, CrashingFiles } from './crashing-files.js';

const DAY = 86_400_000;
const T = 1_700_000_000_000;
const answer = (t: number, tags: string[]): LogRecord => ({
  device: WATCH_DEVICE,
  t,
  kind: 'ping',
  body: { ping: Math.floor(t / 1000) - 30, tags },
});

// Set aside earlier (two days ahead), then records from before them: `t` goes back in the file.
const kept: LogRecord[] = [
  answer(T + 2 * DAY, ['work']),
  { device: WATCH_DEVICE, t: T + 2 * DAY + 1, kind: 'event', body: { name: 'app-start' } },
];
const refused: LogRecord[] = [
  answer(T + 100, ['café', 'lunch']),
  { device: WATCH_DEVICE, t: T + 200, kind: 'error', body: { message: 'x', context: { n: 1 } } },
];
const before = answer(T, ['before']);
const after = answer(T + 300, ['after']);

function quarantineWith(records: LogRecord[]): MemoryFiles {
  const disk = new MemoryFiles();
  Quarantine.open(disk, 'q').quarantine.add(records);
  return disk;
}

describe('the quarantine file survives a crash at any byte', () => {
  it('of records being set aside: earlier ones intact, the new ones whole or absent', () => {
    const size = quarantineWith(kept).read('q')?.length ?? 0;
    const full = (quarantineWith([...kept, ...refused]).read('q')?.length ?? 0) - size;
    expect(full).toBeGreaterThan(20);
    for (let cut = 0; cut <= full; cut++) {
      const disk = quarantineWith(kept);
      const { quarantine } = Quarantine.open(new CrashingFiles(disk, cut), 'q');
      if (cut < full) expect(() => quarantine.add(refused)).toThrow(Crash);
      else quarantine.add(refused);
      const reopened = Quarantine.open(disk, 'q');
      const records = reopened.quarantine.records();
      expect(records.slice(0, kept.length)).toEqual(kept);
      // Frame by frame: each refused record is there whole or not at all, in order.
      expect(refused.slice(0, records.length - kept.length)).toEqual(records.slice(kept.length));
      // Setting aside again (the records were still in the log) completes it, once each.
      reopened.quarantine.add(refused);
      expect(Quarantine.open(disk, 'q').quarantine.records()).toEqual([...kept, ...refused]);
    }
  });

  it('of a set-aside (into the file, then out of the log): never in neither, once in the end', () => {
    const log0 = new MemoryFiles();
    WatchLog.open(log0, { path: 'log' }).log.append([before, ...refused, after]);
    const times = refused.map((r) => r.t);
    for (let cut = 0; ; cut++) {
      const disk = new MemoryFiles();
      for (const [path, bytes] of log0.files) disk.write(path, bytes);
      Quarantine.open(disk, 'q').quarantine.add(kept);
      const files = new CrashingFiles(disk, cut);
      let finished = true;
      try {
        Quarantine.open(files, 'q').quarantine.add(refused);
        WatchLog.open(files, { path: 'log' }).log.remove(times);
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
        finished = false;
      }
      const log = WatchLog.open(disk, { path: 'log' }).log;
      const { quarantine } = Quarantine.open(disk, 'q');
      for (const record of refused) {
        const inLog = log.records().some((r) => r.t === record.t);
        const inFile = quarantine.records().some((r) => r.t === record.t);
        expect(inLog || inFile, `cut ${cut}: t=${record.t}`).toBe(true);
      }
      expect(log.records().filter((r) => !times.includes(r.t))).toEqual([before, after]);
      // The next sync refuses them again and sets them aside once more.
      quarantine.add(log.records().filter((r) => times.includes(r.t)));
      log.remove(times);
      expect(Quarantine.open(disk, 'q').quarantine.records()).toEqual([...kept, ...refused]);
      expect(WatchLog.open(disk, { path: 'log' }).log.records()).toEqual([before, after]);
      expect(disk.exists('log.new')).toBe(false);
      if (finished) break;
    }
  });

  it('keeps two different records at the same t (a t reused after the clock was set back)', () => {
    const disk = quarantineWith(kept);
    const { quarantine } = Quarantine.open(disk, 'q');
    const reused = answer((kept[0] as LogRecord).t, ['other']);
    expect(quarantine.add([reused, kept[0] as LogRecord])).toBe(1);
    expect(Quarantine.open(disk, 'q').quarantine.records()).toEqual([...kept, reused]);
  });
});
