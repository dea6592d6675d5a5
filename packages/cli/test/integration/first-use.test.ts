// The README's first-use walkthrough against a real server: pairing with a token made by the
// admin CLI (through `npx tagtime`, as printed), device names in `log`, and a revoked device.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore, SyncApi, SyncClient } from '@tagtime/client';
import { getDevice, revokeDevice } from '@tagtime/db';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CliResult, runCli, runProcess } from '../run-cli.js';
import { makeDevice, makeUser, openTestDatabase, removeDir, type TestDatabase } from './harness.js';

let db: TestDatabase;
let serverUrl: string;
let dir: string;

beforeAll(async () => {
  db = openTestDatabase(inject('databaseUrl'));
  serverUrl = inject('serverUrl');
  dir = await mkdtemp(join(tmpdir(), 'tagtime-first-use-'));
}, 60_000);

afterAll(async () => {
  if (dir) await removeDir(dir);
  await db?.drop();
});

/** `npx tagtime …` from the repository root, as the README prints it. */
function npxTagtime(args: string[], home: string): Promise<CliResult> {
  return runProcess('npx', ['tagtime', ...args], { TAGTIME_HOME: home, TZ: 'UTC', NO_COLOR: '1' });
}

describe('pairing with a token from the admin CLI', () => {
  it('keeps --name as the device’s name everywhere, and log shows names, not ids', async () => {
    const userId = await makeUser(db);
    const phone = await makeDevice(db, userId, 'phone');
    const made = await makeDevice(db, userId, 'made by admin');
    const home = join(dir, 'named');
    const paired = await npxTagtime(
      [
        'pair',
        '--device',
        made.device,
        '--token',
        made.token,
        '--server',
        serverUrl,
        '--name',
        'my box',
      ],
      home,
    );
    expect(paired.stderr).toBe('');
    expect(paired.stdout).toContain(`paired as device ${made.device} ("my box")`);
    expect((await getDevice(db.handle.db, made.device))?.name).toBe('my box');
    expect(JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')).name).toBe('my box');

    const other = new SyncClient({
      device: phone.device,
      store: new MemoryStore(),
      server: { url: serverUrl, token: phone.token },
    });
    await other.append([{ kind: 'ping', body: { ping: 1700003368, tags: ['commute'] } }]);
    await other.push();
    const env = { TAGTIME_HOME: home, TAGTIME_NOW: '1700004000' };
    await runCli(['answer', '1700003660', 'read'], env);
    await runCli(['sync'], env);
    const log = await runCli(['log', '--since', '2023-11-14'], env);
    expect(log.stdout.split('\n').filter(Boolean)).toEqual([
      '2023-11-14 23:09:28  commute  phone',
      '2023-11-14 23:14:20  read  my box',
    ]);
  });

  it('takes the name the device already has when --name is not given', async () => {
    const userId = await makeUser(db);
    const made = await makeDevice(db, userId, 'office desktop');
    const home = join(dir, 'unnamed');
    const paired = await runCli(
      ['pair', '--device', made.device, '--token', made.token, '--server', serverUrl],
      { TAGTIME_HOME: home },
    );
    expect(paired.stdout).toContain(`paired as device ${made.device} ("office desktop")`);
    const wrong = await makeDevice(db, userId, 'another');
    const mixed = await runCli(
      ['pair', '--device', wrong.device, '--token', made.token, '--server', serverUrl],
      { TAGTIME_HOME: join(dir, 'mixed') },
    );
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain(`that token is not device ${wrong.device}'s`);
  });
});

describe('a device revoked in the console', () => {
  it('is told so in one sentence, and keeps what it has', async () => {
    const userId = await makeUser(db);
    const made = await makeDevice(db, userId, 'old laptop');
    const home = join(dir, 'revoked');
    const env = { TAGTIME_HOME: home, TAGTIME_NOW: '1700004000' };
    await runCli(
      ['pair', '--device', made.device, '--token', made.token, '--server', serverUrl],
      env,
    );
    await revokeDevice(db.handle.db, made.device);
    // The server caches a token's answer for at most a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(new SyncApi(serverUrl, made.token).getHeads()).rejects.toThrow('(401)');
    const answered = await runCli(['answer', '1700003660', 'read'], env);
    const sync = await runCli(['sync'], env);
    for (const result of [answered, sync]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'tagtime: the server no longer accepts this device (it was revoked in the console, or its ' +
          `token is wrong); your records stay on this machine, and to sync again move ${home} aside and pair anew\n`,
      );
    }
    const status = await runCli(['status'], env);
    expect(status.code).toBe(0);
    // The answer apart from the event that it came late and the error of the failed sync.
    expect(status.stdout).toContain('unsynced 1 answer, 2 diagnostics (errors and events)');
    const all = await runCli(['log', '--all', '--since', '2023-11-14'], env);
    expect(all.stdout).toContain('error sync failed: POST /v1/records failed (401)');
    expect(status.stdout).toContain('server   refuses this device: the server no longer accepts');
  });
});
