// The watch's pure logic as one script for QuickJS (the engine Zepp OS runs): schedule, log
// file with a torn tail and compaction, push pages, tag suggestions. Results come back as JSON
// so the test compares them with the same code run in Node.
import { decodeCompactLog } from '@tagtime/log/compact';
import { nextAlarmPing } from '../../src/core/alarm.js';
import { fromBase64 } from '../../src/core/base64.js';
import { DEFAULT_CONFIG } from '../../src/core/config.js';
import { MemoryFiles } from '../../src/core/files.js';
import { makePages } from '../../src/core/pages.js';
import { Quarantine } from '../../src/core/quarantine.js';
import { scheduleFor } from '../../src/core/schedule.js';
import { rankTags } from '../../src/core/suggestions.js';
import { WATCH_DEVICE, WatchLog } from '../../src/core/watch-log.js';

export function coldNextPing(t: number): number {
  return scheduleFor('universal').nextPing(t);
}

export function runPure(now: number): string {
  const config = { ...DEFAULT_CONFIG, quiet: { start: 22 * 60, end: 7 * 60 } };
  const alarms: number[] = [];
  let t = now;
  for (let i = 0; i < 20; i++) {
    t = nextAlarmPing(t, config, 60) as number;
    alarms.push(t);
  }
  const files = new MemoryFiles();
  const { log } = WatchLog.open(files, { path: 'log' });
  const answers = alarms.map((ping, i) => ({
    device: WATCH_DEVICE,
    t: ping * 1000 + 5000,
    kind: 'ping' as const,
    body: {
      ping,
      tags: i % 3 === 0 ? ['work', 'café'] : ['sleep'],
      ...(i % 5 ? {} : { note: 'ñ ✓' }),
    },
  }));
  log.append(answers);
  const full = files.read('log') as Uint8Array;
  files.write('log', full.subarray(0, full.length - 3)); // a torn last frame
  const reopened = WatchLog.open(files, { path: 'log' });
  reopened.log.compact(answers[9]?.t as number);
  const pages = makePages(reopened.log.unacked(), 200);
  const paged = pages.map((p) => decodeCompactLog(fromBase64(p.base64)).records.length);
  const ranked = rankTags(
    {
      asOf: now,
      tags: [
        ['work', 3],
        ['read', 5],
      ],
      renames: [['sleep', 'rest']],
    },
    answers.map((a) => a.body),
    alarms[19] as number,
  );
  // Set aside out of order (a t far ahead first), torn, reopened, and the same records again.
  const { quarantine } = Quarantine.open(files, 'q');
  quarantine.add([answers[19], answers[2], answers[3]] as typeof answers);
  const q = files.read('q') as Uint8Array;
  files.write('q', q.subarray(0, q.length - 2));
  const aside = Quarantine.open(files, 'q').quarantine;
  const added = aside.add([answers[3], answers[2]] as typeof answers);
  return JSON.stringify({
    aside: aside.records().map((r) => r.t),
    added,
    alarms,
    torn: reopened.report.tornTail,
    kept: reopened.log.records().length,
    bytes: reopened.log.size,
    paged,
    ranked,
    next: coldNextPing(now),
  });
}
