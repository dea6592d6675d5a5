import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogRecord } from '@tagtime/log';
import { decodeCompactLog } from '@tagtime/log/compact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME } from '../../runtime/simulation.js';
import { newUser, otherDevice, pairedWatch, startWorld, type World } from './setup.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface WatchInside {
  state: {
    clockOffset: number;
    syncError: { message: string } | null;
    snapshot: { tags: [string, number][] };
    config: { quiet: { start: number; end: number } | null };
  };
  unsynced(): number;
}

// Replays a watch whose clock runs two days ahead of the phone and the server. The server never
// takes its records (more than 24 h in the future); before, the phone kept them first in line and
// every later push and pull failed until that time had passed: no tags, no settings, no sync.
describe('a watch clock two days ahead', () => {
  it('sets the refused records aside, takes the phone time, and sync goes on', async () => {
    const userId = await newUser(world);
    const sim = await pairedWatch(world, userId, { startMs: Date.now() - 12 * HOUR });
    const cli = await otherDevice(world, userId);
    const server = async () => (await cli.all()).filter((r) => r.device !== cli.device);
    const before = (await server()).length;

    // The watch's clock jumps two days ahead; it rings and is answered while the phone is away.
    sim.ble.setUp(false);
    sim.watchAheadMs = 2 * DAY;
    sim.launch(HOME);
    await sim.idle();
    const firstAlarm = (sim.alarms.nextTime() as number) * 1000 - sim.watchNow();
    await sim.advance(firstAlarm, (s) => {
      s.tap('afk');
    });
    const ahead = decodeCompactLog(readFileSync(join(sim.dataDir, 'tagtime.log'))).records;
    const answered = ahead.filter((r) => r.kind === 'ping' && !r.body.auto);
    expect(answered).toHaveLength(1);
    expect(ahead.every((r) => r.t > sim.clock.now() + DAY)).toBe(true);

    // Another device adds a tag the watch has not seen, and the phone gets quiet hours.
    await cli.api.postRecords([
      {
        device: cli.device,
        t: sim.clock.now() - HOUR,
        kind: 'ping',
        body: { ping: Math.floor(sim.clock.now() / 1000) - 4000, tags: ['deepwork'] },
      },
    ]);
    sim.phone.enter('Quiet from (HH:MM)', '22:30');
    sim.phone.enter('Quiet until (HH:MM)', '06:30');

    // The phone is back: the sync goes through and pulls.
    sim.ble.setUp(true);
    sim.launch(HOME);
    await sim.idle();
    const watch = sim.watchApp() as unknown as WatchInside;
    expect(watch.state.syncError?.message ?? null).toBeNull();
    expect(watch.state.snapshot.tags.map(([tag]) => tag)).toContain('deepwork');
    expect(watch.state.config.quiet).toEqual({ start: 22 * 60 + 30, end: 6 * 60 + 30 });

    // Every record written ahead (these, and the start and sync events before the pages went) is
    // in the quarantine file, none left in the log's queue.
    const aside = decodeCompactLog(readFileSync(join(sim.dataDir, 'tagtime.quarantine'))).records;
    expect(aside.slice(0, ahead.length)).toEqual(ahead);
    expect(aside.every((r) => r.t > sim.clock.now() + DAY)).toBe(true);
    const log = decodeCompactLog(readFileSync(join(sim.dataDir, 'tagtime.log'))).records;
    expect(log.filter((r) => r.t > sim.clock.now() + DAY)).toEqual([]);

    // The clock is corrected: about two days back, said on the home page.
    expect(Math.abs(watch.state.clockOffset + 2 * DAY)).toBeLessThan(60_000);
    const home = sim.screenText();
    expect(home).toMatch(/Watch clock 2 d 0 h ahead: using the phone's time/);
    expect(home).toContain(`Set aside (${aside.length})`);
    sim.tap(`Set aside (${aside.length})`);
    expect(sim.screenText()).toContain("check the device's clock");
    expect(sim.screenText()).toMatch(/\d\d:\d\d afk/);
    sim.tap('Back');

    // A later answer is written at the phone's time, reaches the server, and so does the error
    // record that names what was set aside.
    const next = (sim.alarms.nextTime() as number) * 1000 - sim.watchNow();
    expect(next).toBeGreaterThan(0);
    expect(next).toBeLessThan(DAY);
    await sim.advance(next, (s) => {
      s.tap('deepwork');
      s.tap('Done');
    });
    sim.launch(HOME);
    await sim.idle();
    const reopened = sim.watchApp() as unknown as WatchInside;
    expect(reopened.state.syncError?.message ?? null).toBeNull();
    const stored = await server();
    expect(stored.length).toBeGreaterThan(before);
    for (const record of stored) expect(record.t).toBeLessThan(Date.now() + 60_000);
    const later = stored.filter(
      (r): r is Extract<LogRecord, { kind: 'ping' }> =>
        r.kind === 'ping' && r.body.tags.includes('deepwork'),
    );
    expect(later).toHaveLength(1);
    expect(Math.abs((later[0] as LogRecord).t - sim.clock.now())).toBeLessThan(5 * 60_000);
    const error = stored.find((r) => r.kind === 'error' && r.body.message.includes('set aside'));
    expect(error?.kind === 'error' && error.body.message).toContain("check the device's clock");
    expect(error?.kind === 'error' && error.body.context).toMatchObject({ count: aside.length });
    const clock = stored.find((r) => r.kind === 'event' && r.body.name === 'clock');
    expect(clock?.kind === 'event' && clock.body.data).toMatchObject({ watch: '2 d 0 h ahead' });
    expect(reopened.unsynced()).toBe(0);
    expect(sim.phone.settingsText()).toContain('Last error: none');
  });
});
