import type { LogRecord } from '@tagtime/log/compact';
import { decodeCompactLog } from '@tagtime/log/compact';
import { nextPing } from '@tagtime/ping';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../src/core/base64.js';
import { DEFAULT_CONFIG } from '../src/core/config.js';
import { describeOffset, offsetFromPhone, rewindLedger } from '../src/core/phone-clock.js';
import { EMPTY_SNAPSHOT } from '../src/core/suggestions.js';
import { WatchApp } from '../src/core/watch-app.js';
import { fakeWatch, T0 } from './helpers.js';

const DAY = 86_400_000;

describe('the phone clock', () => {
  it('is taken when it differs by more than Bluetooth latency', () => {
    expect(offsetFromPhone(T0, T0 - 400, T0 + 400)).toBe(0);
    expect(offsetFromPhone(T0, T0 + 2 * DAY - 300, T0 + 2 * DAY + 300)).toBe(-2 * DAY);
    expect(offsetFromPhone(undefined, T0, T0)).toBeUndefined();
    expect(describeOffset(-2 * DAY - 3 * 3_600_000)).toBe('2 d 3 h ahead');
    expect(describeOffset(5 * 60_000)).toBe('5 min behind');
  });

  it('rewinds the pings counted as handled after the corrected now', () => {
    const ledger = { since: 100, handledUpTo: 900, answered: [950, 990] };
    expect(rewindLedger(ledger, 500)).toEqual({ since: 100, handledUpTo: 500, answered: [] });
    expect(rewindLedger(ledger, 1000)).toBe(ledger);
  });
});

describe('a sync with a watch clock two days ahead', () => {
  it('sets refused records aside, names them in an error record, and follows the phone time', async () => {
    const w = fakeWatch(T0 + 2 * DAY);
    const app = new WatchApp(w.ports);
    app.start();
    const answered = app.answer(nextPing((T0 + 2 * DAY) / 1000 - 3600), ['work']);
    const pushed: LogRecord[][] = [];
    w.answerWith(async (method, params) => {
      if (method === 'push') {
        const page = decodeCompactLog(fromBase64((params as { page: string }).page)).records;
        pushed.push(page);
        const refused = page
          .filter((r) => r.t > T0 + DAY)
          .map((r) => ({ t: r.t, reason: 'more than 24 hours after now' }));
        const stored = page.filter((r) => r.t <= T0 + DAY).map((r) => r.t);
        const acked = stored.length > 0 ? Math.max(...stored) : null;
        return { v: 2, acked, accepted: stored.length, duplicates: 0, refused, now: T0 };
      }
      return { v: 2, snapshot: EMPTY_SNAPSHOT, config: DEFAULT_CONFIG, device: 'w', now: T0 };
    });
    const outcome = await app.sync();
    expect(outcome).toMatchObject({ ok: true, setAside: 2 });
    expect(app.quarantine.records()).toEqual(pushed[0]);
    expect(app.quarantine.records()).toContainEqual(answered);
    expect(Math.abs(app.state.clockOffset + 2 * DAY)).toBeLessThan(1000);
    // Written after the set-aside, at the phone's time, and sent in the same sync.
    expect(outcome.sent).toBe(2);
    expect(app.log.unacked()).toEqual([]);
    expect(app.log.records()).toEqual([]);
    const queue = pushed[1] ?? [];
    expect(queue.map((r) => r.kind)).toEqual(['error', 'event']);
    for (const record of queue) expect(Math.abs(record.t - T0)).toBeLessThan(1000);
    expect(queue[0]?.body).toMatchObject({
      message: expect.stringContaining('set aside on the watch: more than 24 hours after now'),
      context: {
        count: 2,
        refused: pushed[0]?.map((r) => `${r.t} ${r.kind}`),
      },
    });
    // The one alarm rings at the next real ping, set on the watch's own (wrong) clock.
    const ping = nextPing(T0 / 1000);
    expect(app.state.alarm?.ping).toBe(ping);
    expect(w.system.nextTime()).toBe(ping + 2 * 86_400);
    // The phone sets the watch's clock right: the correction goes.
    w.clock.now -= 2 * DAY;
    app.clockSet();
    expect(app.state.clockOffset).toBe(0);
    expect(w.system.nextTime()).toBe(ping);
  });
});
