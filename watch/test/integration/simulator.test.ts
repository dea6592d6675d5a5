import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPairingCode } from '@tagtime/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulationStart } from '../../runtime/start-time.js';
import { newUser, otherDevice, startWorld, type World } from './setup.js';

const WATCH = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOUR = 3_600_000;

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

/** Runs `npm run simulate`'s script with `quit` on stdin and returns what it printed. */
function simulate(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@tagtime/source', 'scripts/simulate.ts', ...args],
      { cwd: WATCH, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`exit ${code}\n${out}`)),
    );
    child.stdin.end('quit\n');
  });
}

/** The simulator prints `── 2026-12-07T16:00:00Z ──` above each screen. */
function firstClock(out: string): number {
  const match = /── (\S+Z) ──/.exec(out);
  if (!match?.[1]) throw new Error(`no clock in:\n${out}`);
  return Date.parse(match[1]);
}

describe('the watch simulator', () => {
  it('starts its clock after the account’s latest record, so a new answer is the newest', async () => {
    const userId = await newUser(world);
    const laptop = await otherDevice(world, userId);
    const latest = Date.now() - 2 * HOUR;
    await laptop.api.postRecords([
      {
        device: laptop.device,
        t: latest,
        kind: 'ping',
        body: { ping: Math.floor(latest / 1000) - 60, tags: ['work'] },
      },
    ]);
    const { code } = await createPairingCode(world.db.handle.db, { userId });
    const out = await simulate(['--server', world.server.url, '--code', code]);
    expect(out).toContain('Paired');
    expect(firstClock(out)).toBeGreaterThan(latest);

    // An explicit --start before that record is kept, with a warning.
    const { code: again } = await createPairingCode(world.db.handle.db, { userId });
    const early = new Date(latest - 24 * HOUR).toISOString();
    const warned = await simulate([
      '--server',
      world.server.url,
      '--code',
      again,
      '--start',
      early,
    ]);
    expect(warned).toContain("--start is at or before the account's latest record");
    expect(firstClock(warned)).toBeLessThan(latest);
  }, 120_000);

  it('a new account starts a week back, as before', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(simulationStart({ nowMs: now }).startMs).toBe(now - 7 * 24 * HOUR);
    expect(simulationStart({ nowMs: now, latestRecordMs: now - 30 * 24 * HOUR }).startMs).toBe(
      now - 7 * 24 * HOUR,
    );
    expect(simulationStart({ nowMs: now, latestRecordMs: now - HOUR }).startMs).toBe(
      now - HOUR + 60_000,
    );
  });
});
