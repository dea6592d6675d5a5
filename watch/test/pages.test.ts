import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from '@tagtime/log';
import { decodeCompactLog } from '@tagtime/log/compact';
import { nextPing } from '@tagtime/ping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, Simulation } from '../runtime/simulation.js';
import { bundle } from '../scripts/build.js';
import { STATE_KEY } from '../src/core/state.js';

// The real built pages in the Node runtime, with no phone in reach: what the wrist sees.
let dir: string;
const T = Date.UTC(2024, 0, 8, 9, 0); // a Monday, 09:00 UTC
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tagtime-watch-pages-'));
  await bundle(join(dir, 'zeus'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function watch(options: Partial<ConstructorParameters<typeof Simulation>[0]> = {}) {
  const sim = new Simulation({ appDir: join(dir, 'zeus'), startMs: T, ...options });
  sim.ble.setUp(false);
  return sim;
}
const records = (sim: Simulation): LogRecord[] =>
  decodeCompactLog(readFileSync(join(sim.dataDir, 'tagtime.log'))).records;
const untilNextAlarm = (sim: Simulation) =>
  (sim.alarms.nextTime() as number) * 1000 - sim.clock.now();

describe('the ping page', () => {
  it('vibrates, shows the ping time, and a repeat answer takes one tap', async () => {
    const sim = watch();
    sim.launch(HOME);
    await sim.idle();
    const first = nextPing(T / 1000);
    expect(sim.alarms.getAllAlarms()).toHaveLength(1);
    await sim.advance(untilNextAlarm(sim), (s) => {
      expect(s.page).toBe('page/ping/index.page');
      expect(s.screenText()).toContain('Ping 09:');
      expect(s.vibrations.at(-1)).toMatch(/^start 27 /); // STRONG_REMINDER
      s.tap('work');
      s.tap('exercise');
      s.tap('Done'); // two tags: three taps
    });
    expect(sim.vibrations.at(-1)).toMatch(/^stop /);
    expect(sim.screenText()).toContain('work exercise');
    await sim.advance(untilNextAlarm(sim), (s) => s.tap('= work exercise')); // one tap
    const answers = records(sim).filter((r) => r.kind === 'ping');
    expect(answers.map((a) => (a.body as { ping: number }).ping)).toEqual([first, nextPing(first)]);
    // The scheduled ping time is stored, even though the answer came later.
    expect(answers.every((a) => a.t > (a.body as { ping: number }).ping * 1000)).toBe(true);
    expect(sim.alarms.getAllAlarms()).toHaveLength(1);
  });

  it('gets the alarm param in onCreate too, and copes when it is lost', async () => {
    const viaApp = watch({ alarmParam: 'app' });
    viaApp.launch(HOME);
    await viaApp.advance(untilNextAlarm(viaApp), (s) => {
      expect(s.vibrations).toHaveLength(1);
    });
    const lost = watch({ alarmParam: 'lost' });
    lost.launch(HOME);
    await lost.advance(untilNextAlarm(lost), (s) => {
      // No param: the page asks the newest missed ping and does not vibrate.
      expect(s.screenText()).toContain('Ping 09:');
      expect(s.vibrations).toHaveLength(0);
    });
    expect(lost.alarms.getAllAlarms()).toHaveLength(1);
  });
});

describe('the home page', () => {
  it('lists missed pings newest first and answers them retro', async () => {
    const sim = watch();
    sim.launch(HOME);
    await sim.advance(3 * 3600_000, (s) => s.exit()); // nobody answers
    sim.launch(HOME);
    await sim.idle();
    const text = sim.screenText();
    const missed = Number(/Missed \((\d+)\)/.exec(text)?.[1]);
    expect(missed).toBeGreaterThan(1);
    expect(text).toContain('unsynced');
    expect(text).toContain('Next ping in');
    sim.tap(2); // [1] is the newest missed ping
    expect(sim.vibrations.filter((v) => v.startsWith('start')).length).toBe(missed); // none more
    sim.tap('afk');
    expect(sim.screenText()).toContain(`Missed (${missed - 1})`);
  });

  it('keeps quiet hours silent: those pings wait in the missed list', async () => {
    const sim = watch();
    sim.storage.setItem(
      STATE_KEY,
      JSON.stringify({ config: { quiet: { start: 8 * 60, end: 14 * 60 }, schedule: 'universal' } }),
    );
    sim.launch(HOME);
    await sim.idle();
    expect((sim.alarms.nextTime() as number) * 1000).toBeGreaterThanOrEqual(
      Date.UTC(2024, 0, 8, 14),
    );
    sim.exit();
    sim.clock.runTimersUntil(Date.UTC(2024, 0, 8, 13, 59));
    sim.launch(HOME);
    await sim.idle();
    expect(sim.vibrations).toEqual([]);
    expect(sim.screenText()).toMatch(/Missed \(\d+\)/);
  });

  it('re-arms the one alarm when the phone sets the clock back a day', async () => {
    const sim = watch();
    sim.launch(HOME);
    await sim.idle();
    sim.setClock(T - 86_400_000);
    expect(sim.alarms.getAllAlarms()).toHaveLength(1);
    expect(sim.alarms.nextTime()).toBe(nextPing((T - 86_400_000) / 1000));
  });
});
