// A store written by the CLI before LMDB (NeDB, `~/.tagtime/log.db`) is moved into the LMDB
// store the first time the new CLI opens it, losing nothing.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from '@tagtime/log';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeSettings } from '../src/home.js';
import { LmdbStore } from '../src/store/lmdb-store.js';
import { NedbStore } from '../src/store/nedb-store.js';
import { runCli } from './run-cli.js';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'tagtime-migrate-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

const answer = (device: string, t: number, ping: number, tags: string[]): LogRecord => ({
  device,
  t,
  kind: 'ping',
  body: { ping, tags },
});

it('moves an NeDB store into LMDB on first open, and the CLI shows the same log', async () => {
  // The old CLI's store: three own answers (two acknowledged), a phone's answer and a rename,
  // the pull cursor, and the settings it kept next to the log.
  const old = await NedbStore.open(join(home, 'log.db'));
  await old.appendOwn([
    answer('laptop', 1_700_003_400_000, 1700003368, ['work', 'code']),
    answer('laptop', 1_700_003_700_000, 1700003660, ['work']),
    answer('laptop', 1_700_009_900_000, 1700009822, ['read']),
  ]);
  await old.setAcked(1_700_003_700_000);
  await old.putReplica(
    [
      answer('phone', 1_700_014_000_000, 1700013932, ['commute']),
      {
        device: 'phone',
        t: 1_700_014_100_000,
        kind: 'command',
        body: { op: 'rename-tag', from: 'work', to: 'job' },
      },
    ],
    { laptop: 1_700_003_700_000, phone: 1_700_014_100_000 },
  );
  await old.setSetting('lastAsked', '1700013932');
  await old.setSetting('deviceNames', JSON.stringify({ phone: 'my phone', laptop: 'laptop' }));
  await old.compact();
  await writeSettings(home, {
    server: 'http://127.0.0.1:9',
    device: 'laptop',
    token: 't',
    name: 'laptop',
  });

  const env = { TAGTIME_HOME: home, TAGTIME_NOW: '1700020000' };
  const first = await runCli(['log', '--since', '2023-11-14'], env);
  expect(first.code).toBe(0);
  expect(first.stderr).toBe(
    `moved your log (5 records) from ${join(home, 'log.db')} to the new store in ${join(home, 'store')}; the old file is kept as ${join(home, 'log.db.migrated')}\n`,
  );
  const shown = [
    '2023-11-14 23:09:28  job code  laptop',
    '2023-11-14 23:14:20  job  laptop',
    '2023-11-15 00:57:02  read  laptop',
    '2023-11-15 02:05:32  commute  my phone',
  ];
  expect(first.stdout.split('\n').filter(Boolean)).toEqual(shown);
  expect(existsSync(join(home, 'log.db'))).toBe(false);
  expect(existsSync(join(home, 'log.db.migrated'))).toBe(true);

  const again = await runCli(['log', '--since', '2023-11-14'], env);
  expect(again.stderr).toBe('');
  expect(again.stdout.split('\n').filter(Boolean)).toEqual(shown);
  expect((await runCli(['status'], env)).stdout).toContain(
    'unsynced 1 answer, 0 diagnostics (errors and events)',
  );
  expect((await runCli(['stats'], env)).stdout).toMatch(/job\s+2\s+1\.5/);

  const store = await LmdbStore.open(join(home, 'store'));
  expect(await store.acked()).toBe(1_700_003_700_000);
  expect(await store.cursor()).toEqual({ laptop: 1_700_003_700_000, phone: 1_700_014_100_000 });
  expect(await store.getSetting('lastAsked')).toBe('1700013932');
  await store.close();
});
