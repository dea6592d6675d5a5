import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAlarmPing, normaliseId, pingFromParam, reconcileAlarm } from '../src/core/alarm.js';
import { DEFAULT_CONFIG } from '../src/core/config.js';
import { STATE_KEY } from '../src/core/state.js';
import { WatchApp } from '../src/core/watch-app.js';
import { fakeWatch, T0 } from './helpers.js';

type Step =
  | { op: 'start' }
  | { op: 'advance'; seconds: number; param: 'create' | 'init' | 'lost' }
  | { op: 'clock'; seconds: number }
  | { op: 'zone'; offset: number }
  | { op: 'stringify-id' }
  | { op: 'refuse-next-set' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant({ op: 'start' as const }),
  fc.record({
    op: fc.constant('advance' as const),
    seconds: fc.integer({ min: 0, max: 5 * 3600 }),
    param: fc.constantFrom('create' as const, 'init' as const, 'lost' as const),
  }),
  fc.record({
    op: fc.constant('clock' as const),
    seconds: fc.integer({ min: -86400, max: 86400 }),
  }),
  fc.record({ op: fc.constant('zone' as const), offset: fc.integer({ min: -720, max: 840 }) }),
  fc.constant({ op: 'stringify-id' as const }),
  fc.constant({ op: 'refuse-next-set' as const }),
);

describe('the one alarm (property over start / fire / clock-change sequences)', () => {
  it('is always re-armed and single, for the next ringing ping', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), fc.boolean(), (steps, quiet) => {
        const w = fakeWatch(T0);
        const check = (app: WatchApp) => {
          const pending = [...w.system.pending.values()];
          const after = Math.max(app.nowSeconds(), app.state.lastRung ?? 0);
          const expected = nextAlarmPing(after, app.state.config, w.clock.offsetMinutes);
          expect(pending.length).toBe(1);
          expect(pending[0]?.time).toBe(expected);
          expect(app.state.alarm?.id).toBe(pending[0]?.id);
        };
        let app = new WatchApp(w.ports);
        if (quiet) app.state.config = { ...DEFAULT_CONFIG, quiet: { start: 22 * 60, end: 7 * 60 } };
        app.start();
        check(app);
        for (const s of steps) {
          if (s.op === 'start') {
            app = new WatchApp(w.ports);
            app.start();
          } else if (s.op === 'advance') {
            // Time passes; every due alarm fires and opens the ping page (a fresh app).
            w.clock.now += s.seconds * 1000;
            for (const alarm of w.system.takeDue(Math.floor(w.clock.now / 1000))) {
              app = new WatchApp(w.ports);
              const create = s.param === 'create' ? alarm.param : undefined;
              const init = s.param === 'init' ? alarm.param : '';
              app.start();
              app.ring(create, init);
            }
            if (w.system.pending.size === 0) {
              // Nothing fired but no alarm is left: only possible if the test skipped a start.
              app = new WatchApp(w.ports);
              app.start();
            }
          } else if (s.op === 'clock') {
            w.clock.now = Math.max(0, w.clock.now + s.seconds * 1000);
            app.rearm(); // Time.onPhoneTimeSetting
          } else if (s.op === 'zone') {
            w.clock.offsetMinutes = s.offset;
            app.rearm();
          } else if (s.op === 'stringify-id') {
            // Older firmware: the stored id comes back as a string.
            const raw = JSON.parse(String(w.storage.getItem(STATE_KEY)));
            if (raw.alarm) raw.alarm.id = String(raw.alarm.id);
            w.storage.setItem(STATE_KEY, JSON.stringify(raw));
            app = new WatchApp(w.ports);
            app.start();
          } else {
            w.system.refuseNext = true;
            app.rearm();
          }
          check(app);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never cancels an alarm that already fired (cancel would throw)', () => {
    const w = fakeWatch(T0);
    const app = new WatchApp(w.ports);
    app.start();
    const armed = app.state.alarm;
    w.clock.now = (armed?.ping ?? 0) * 1000 + 5000;
    w.system.takeDue(Math.floor(w.clock.now / 1000));
    const ringing = new WatchApp(w.ports);
    expect(() => ringing.ring(undefined, JSON.stringify({ ping: armed?.ping }))).not.toThrow();
    expect(w.system.log.filter((l) => l.startsWith('cancel'))).toEqual([]);
    expect(w.system.pending.size).toBe(1);
  });

  it('cancels strays and reports cancels that throw instead of crashing', () => {
    const alarms = {
      set: () => 7,
      cancel: (id: number) => {
        if (id === 2) throw new Error('fired');
      },
      list: () => [1, '2', 2, 'x'],
    };
    const result = reconcileAlarm(alarms, { id: 1, ping: 100 }, 200);
    expect(result.alarm).toEqual({ id: 7, ping: 200 });
    expect(result.cancelled).toBe(1);
    expect(result.failures).toEqual(['cancel(2): fired']);
  });

  it('reads the alarm param from onCreate, onInit, a string, an object or nothing', () => {
    expect(pingFromParam(undefined, '{"ping":1700003368}')).toBe(1700003368);
    expect(pingFromParam({ ping: '1700003368' })).toBe(1700003368);
    expect(pingFromParam('', 'not json', undefined)).toBeUndefined();
    expect(normaliseId(' 12 ')).toBe(12);
    expect(normaliseId(0)).toBeUndefined();
  });

  it('skips pings in the quiet hours', () => {
    const config = { ...DEFAULT_CONFIG, quiet: { start: 22 * 60, end: 7 * 60 } };
    let t = 1700000000;
    for (let i = 0; i < 50; i++) {
      const next = nextAlarmPing(t, config, 0) as number;
      const hour = new Date(next * 1000).getUTCHours();
      expect(hour >= 7 && hour < 22).toBe(true);
      t = next;
    }
    expect(nextAlarmPing(t, { ...config, quiet: { start: 0, end: 1439 } }, 0)).toBeUndefined();
  });
});
