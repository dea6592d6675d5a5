import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { revokeDevice } from '@tagtime/db';
import type { LogRecord } from '@tagtime/log';
import { decodeCompactLog } from '@tagtime/log/compact';
import { pingsBetween } from '@tagtime/ping';
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

const DAY = 86_400_000;
/** The simulated week ends a day before the server's clock (it refuses records from the future). */
const weekAgo = () => Math.floor((Date.now() - 8 * DAY) / 60_000) * 60_000;

describe('a week offline, then the phone is back', () => {
  it('brings every record to the server exactly once and shrinks the file back', async () => {
    const userId = await newUser(world);
    const start = weekAgo();
    const sim = await pairedWatch(world, userId, { startMs: start, quiet: ['23:00', '07:00'] });
    expect(sim.watchApp().unsynced()).toBe(0);
    sim.ble.setUp(false);
    let rung = 0;
    let answered = 0;
    await sim.advance(7 * DAY, async (s) => {
      rung++;
      // Every third ping is left to be missed; the others get a tag, "same as last" or afk.
      if (rung % 3 === 0) return s.exit();
      if (rung % 3 === 1) {
        s.tap(rung % 2 ? 'work' : 'eat');
        s.tap('Done');
      } else s.tap(rung % 4 === 2 ? 'afk' : '= ');
      answered++;
    });
    const pings = pingsBetween(
      Math.floor(start / 1000) + 1,
      Math.floor(sim.clock.now() / 1000) + 1,
    );
    expect(pings.length).toBeGreaterThan(190);
    expect(rung).toBeLessThan(pings.length); // the quiet hours rang nothing
    sim.launch(HOME);
    await sim.idle();
    const onWatch = decodeCompactLog(readFileSync(join(sim.dataDir, 'tagtime.log'))).records;
    expect(sim.screenText()).toContain('The phone is not reachable');
    const fileBefore = sim.logBytes();
    const frames = sim.ble.frames;

    sim.ble.setUp(true);
    sim.tap('Sync now');
    await sim.idle();
    const state = sim.watchApp().state as { pendingSyncEvent: { ok: boolean; messages: number } };
    expect(state.pendingSyncEvent.ok).toBe(true);
    expect(sim.watchApp().unsynced()).toBe(0);
    expect(sim.logBytes()).toBe(0);
    expect(fileBefore).toBeGreaterThan(2000);

    const reader = await otherDevice(world, userId);
    const onServer = (await reader.all()).filter((r) => r.device !== reader.device);
    const ids = onServer.map((r) => r.t);
    expect(new Set(ids).size).toBe(ids.length);
    const byT = new Map(onServer.map((r) => [r.t, r]));
    for (const record of onWatch) {
      expect(byT.get(record.t), `record t=${record.t}`).toEqual({
        ...record,
        device: onServer[0]?.device,
      });
    }
    const answers = onServer.filter(
      (r): r is Extract<LogRecord, { kind: 'ping' }> => r.kind === 'ping',
    );
    expect(answers.filter((a) => !a.body.auto).length).toBe(answered);
    // Every ping older than the auto threshold (6 h) has an answer, human or auto.
    const cutoff = Math.floor(sim.clock.now() / 1000) - 6 * 3600;
    const covered = new Set(answers.map((a) => a.body.ping));
    expect(pings.filter((p) => p <= cutoff && !covered.has(p))).toEqual([]);
    // The scheduled ping time is stored, not the answer time: answers are within seconds.
    for (const a of answers.filter((x) => !x.body.auto))
      expect(a.body.ping).toBeLessThanOrEqual(a.t / 1000);
    process.stdout.write(
      `[watch] week offline: ${pings.length} pings, ${rung} rang, ${answered} answered, ` +
        `${onWatch.length} records in ${fileBefore} bytes; sync took ${state.pendingSyncEvent.messages} ` +
        `requests (${sim.ble.frames - frames} BLE frames)\n`,
    );
  });
});

describe('a revoked token', () => {
  it('stops sync with a plain message and keeps the answers on the watch', async () => {
    const userId = await newUser(world);
    const sim = await pairedWatch(world, userId, { startMs: weekAgo() });
    await sim.advance(0);
    const device = sim.settings.getItem('device') as string;
    await revokeDevice(world.db.handle.db, device);
    await new Promise((r) => setTimeout(r, 1200)); // the server caches token checks for ≤ 1 s
    const next = (sim.alarms.nextTime() as number) * 1000 - sim.clock.now();
    await sim.advance(next, (s) => {
      s.tap('work');
      s.tap('Done');
    });
    await sim.idle();
    expect(sim.page).toBe(HOME);
    expect(sim.screenText()).toContain("The server no longer accepts this watch's token");
    expect(sim.watchApp().unsynced()).toBeGreaterThan(0);
    const kept = decodeCompactLog(readFileSync(join(sim.dataDir, 'tagtime.log'))).records;
    expect(kept.some((r) => r.kind === 'ping' && r.body.tags.includes('work'))).toBe(true);
    expect(sim.phone.settingsText()).toContain('Last error: The server no longer accepts');
  });
});

describe('the tag list', () => {
  it('follows a rename made on another device', async () => {
    const userId = await newUser(world);
    const start = weekAgo();
    const cli = await otherDevice(world, userId);
    const t = start - 3600_000;
    await cli.api.postRecords([
      {
        device: cli.device,
        t,
        kind: 'ping',
        body: { ping: Math.floor(t / 1000) - 60, tags: ['wrk', 'code'] },
      },
      {
        device: cli.device,
        t: t + 1,
        kind: 'ping',
        body: { ping: Math.floor(t / 1000) - 30, tags: ['wrk'] },
      },
    ]);
    const sim = await pairedWatch(world, userId, { startMs: start });
    const firstPing = (sim.alarms.nextTime() as number) * 1000 - sim.clock.now();
    let before = '';
    await sim.advance(firstPing, (s) => {
      before = s.screenText();
      s.tap('wrk');
      s.tap('Done');
    });
    expect(before).toContain('] wrk');
    await cli.api.postRecords([
      {
        device: cli.device,
        t: sim.clock.now() + 1000,
        kind: 'command',
        body: { op: 'rename-tag', from: 'wrk', to: 'work' },
      },
    ]);
    sim.launch(HOME);
    await sim.idle();
    const nextPing = (sim.alarms.nextTime() as number) * 1000 - sim.clock.now();
    let after = '';
    await sim.advance(nextPing, (s) => {
      after = s.screenText();
    });
    expect(after).toContain('] work');
    expect(after).not.toContain('] wrk');
    expect(after).toContain('= work'); // "same as last" follows the rename too
  });
});

describe('npm run simulate', () => {
  it('pairs through the settings app, prints screens as text and takes taps from stdin', async () => {
    const { spawn } = await import('node:child_process');
    const { createPairingCode } = await import('@tagtime/db');
    const userId = await newUser(world);
    const { code } = await createPairingCode(world.db.handle.db, { userId });
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@tagtime/source',
        'scripts/simulate.ts',
        '--server',
        world.server.url,
        '--code',
        code,
      ],
      { cwd: join(import.meta.dirname, '../..'), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.stdin.end('next\ntap work\ntap Done\nstatus\nquit\n');
    const exit = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(exit, output).toBe(0);
    expect(output).toContain('[phone] Paired as Zepp watch');
    expect(output).toContain('─ page/ping/index.page ─');
    expect(output).toMatch(/\[\d+\] ✓ work/);
    expect(output).toMatch(/Last answers\n {2}\d\d:\d\d work/);
    expect(output).toContain('[watch] log 0 bytes; unsynced 0; alarms 1');
  });
});
