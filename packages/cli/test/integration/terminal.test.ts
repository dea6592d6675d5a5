// The CLI as a user uses it: paired with a real server, `tagtime run` in a real terminal (tmux)
// rings for a ping, the user types tags with Tab completion, and the answer reaches the server.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore, SyncClient } from '@tagtime/client';
import { LogView } from '@tagtime/log';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { explain, REPO_ROOT, runCli, runCliOk, TAGTIME } from '../run-cli.js';
import {
  makeDevice,
  makePairingCode,
  makeUser,
  openTestDatabase,
  removeDir,
  type TestDatabase,
} from './harness.js';
import { TmuxSession } from './tmux.js';

let db: TestDatabase;
let serverUrl: string;
let home: string;
const sessions: TmuxSession[] = [];

beforeAll(async () => {
  db = openTestDatabase(inject('databaseUrl'));
  serverUrl = inject('serverUrl');
  home = await mkdtemp(join(tmpdir(), 'tagtime-terminal-'));
}, 90_000);

afterAll(async () => {
  for (const session of sessions) await session.kill();
  if (home) await removeDir(home);
  await db?.drop();
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * `tagtime <args>` in a tmux pane of its own, with the given home and, for `run`, a fixed clock.
 * `hold` keeps a short command's pane (`; sleep`) so its last screen can still be read.
 */
async function inTerminal(
  args: string,
  options: { home: string; now?: number; hold?: boolean },
): Promise<TmuxSession> {
  const now = options.now === undefined ? '' : ` TAGTIME_NOW=${options.now}`;
  const env = `TAGTIME_HOME=${quote(options.home)}${now} TAGTIME_NO_NOTIFY=1 TZ=UTC`;
  const command = `env ${env} ${TAGTIME.map(quote).join(' ')} ${args}${options.hold ? '; sleep 60' : ''}`;
  const session = await TmuxSession.start(
    `tagtime-test-${randomBytes(4).toString('hex')}`,
    command,
    REPO_ROOT,
  );
  sessions.push(session);
  return session;
}

/** Another device of the user, syncing through the real server from memory. */
async function otherDevice(userId: string, name: string): Promise<SyncClient> {
  const { device, token } = await makeDevice(db, userId, name);
  return new SyncClient({ device, store: new MemoryStore(), server: { url: serverUrl, token } });
}

it('pairs, rings for a ping, takes tags with completion, and the answer reaches the server', async () => {
  const userId = await makeUser(db);
  const env = { TAGTIME_HOME: home };
  const paired = await runCliOk(
    ['pair', await makePairingCode(db, userId), '--server', serverUrl, '--name', 'tmux laptop'],
    env,
  );
  expect(paired.stderr, explain(paired)).toBe('');
  expect(paired.stdout).toMatch(/^paired as device \S+ \("tmux laptop"\)/);
  // An earlier answer gives completion something to offer.
  await runCliOk(['answer', '1699998362', 'working'], env);

  const first = await inTerminal('run', { home, now: 1700003368 - 4 });
  await first.waitFor('2023-11-14 23:09:28 what are you doing?');
  await first.type('wor', 'Tab');
  await first.waitFor('what are you doing? working');
  await first.type(' code', 'Enter');
  await first.waitFor('saved 2023-11-14 23:09:28: working code');
  await first.waitFor(/next ping in \d+:\d\d/);
  await first.type('C-c');
  await first.waitFor('stopped');

  // The other device sees the answer: `run` pushed it right after it was given.
  const phone = await otherDevice(userId, 'phone');
  await phone.pull();
  expect((await phone.view()).answer(1700003368)?.tags).toEqual(['working', 'code']);

  // Two more pings pass while tagtime is not running: the next run offers them as one batch,
  // Enter accepts the original's default (saved as automatic answers), then at the next ping
  // `"` repeats the last answer.
  const second = await inTerminal('run', { home, now: 1700013932 - 12 });
  await second.waitFor('2 pings passed while tagtime was not running');
  await second.waitFor('tags for all 2 [afk off RETRO]:');
  await second.type('Enter');
  await second.waitFor('2023-11-15 02:05:32 what are you doing?');
  await second.type('"', 'Enter');
  await second.waitFor('saved 2023-11-15 02:05:32: working code');
  await second.type('C-c');
  await second.waitFor('stopped');
  // Ctrl-C right after an answer, while `run` syncs again: "stopped" comes only once that is
  // done and the store's lock is free, so the next command never finds the log taken.
  expect(existsSync(join(home, 'lock'))).toBe(false);
  const log = await runCliOk(['log', '--since', '2023-11-14'], env);
  expect(log.stdout, explain(log)).toContain('2023-11-14 23:14:20  afk off RETRO');
  expect(log.stdout, explain(log)).toContain('2023-11-15 00:57:02  afk off RETRO');
  await phone.pull();
  const view = await phone.view();
  expect(view.answer(1700009822)).toMatchObject({ auto: true, tags: ['afk', 'off', 'RETRO'] });
  expect(view.answer(1700013932)).toMatchObject({ auto: false, tags: ['working', 'code'] });
});

it('pairs with a device token from the admin CLI, syncs, and shows the other devices’ answers', async () => {
  const userId = await makeUser(db);
  const phone = await otherDevice(userId, 'phone');
  await phone.append([{ kind: 'ping', body: { ping: 1700003368, tags: ['commute'] } }]);
  await phone.push();
  const laptop = await makeDevice(db, userId, 'laptop');
  const env = { TAGTIME_HOME: join(home, 'second') };
  const pairWith = (token: string) =>
    runCli(['pair', '--device', laptop.device, '--token', token, '--server', serverUrl], env);
  const refused = await pairWith('tt_wrong');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(
    'refused that device token; check it against what create-device printed',
  );
  expect((await pairWith(laptop.token)).stdout).toContain(`paired as device ${laptop.device}`);

  const answered = await runCliOk(['answer', '1700003660', 'read'], env);
  expect(answered.stdout, explain(answered)).toContain('saved and sent to the server');
  const synced = await runCliOk(['sync'], env);
  expect(synced.stdout, explain(synced)).toContain('received 1 record of your other devices');
  const status = await runCliOk(['status'], env);
  expect(status.stdout, explain(status)).toContain('server   reachable');
  expect(status.stdout, explain(status)).toContain(
    'unsynced 0 answers, 0 diagnostics (errors and events)',
  );
  const log = await runCliOk(['log', '--since', '2023-11-14'], env);
  expect(log.stdout.split('\n').filter(Boolean), explain(log)).toEqual([
    '2023-11-14 23:09:28  commute  phone',
    '2023-11-14 23:14:20  read  laptop',
  ]);
});

it('shows a progress bar on a terminal while a first sync receives the other devices’ records', async () => {
  const userId = await makeUser(db);
  const sender = await otherDevice(userId, 'watch');
  // About 3,800 pings of another device for a first sync to receive.
  const pings = new LogView().schedule().pingsBetween(1_690_000_000, 1_700_000_000);
  await sender.append(pings.map((ping) => ({ kind: 'ping', body: { ping, tags: ['work'] } })));
  await sender.push();
  const laptopHome = join(home, 'progress');
  const paired = await runCli(
    ['pair', await makePairingCode(db, userId), '--server', serverUrl, '--name', 'bar laptop'],
    { TAGTIME_HOME: laptopHome },
  );
  expect(paired.stderr).toBe('');
  const session = await inTerminal('sync', { home: laptopHome, hold: true });
  const screen = await session.waitFor(`received ${pings.length} records of your other devices`);
  expect(screen).toContain(
    `receiving records [${'#'.repeat(30)}] 100% ${pings.length.toLocaleString('en')} records`,
  );
});
