// Ringing with the pinger closed, the service worker's half: the log server's push message read
// defensively, the notification it shows (every push shows one), and an answer from a
// notification's action written into the pinger's own store (fake-indexeddb) by the page's rules.
import 'fake-indexeddb/auto';
import { IdbStore } from '@tagtime/web-store';
import { beforeEach, describe, expect, it } from 'vitest';
import { answerDrafts } from '@/lib/pinger/answers';
import type { KeptDevice } from '@/lib/pinger/pairing';
import {
  pingNotification,
  pingNotificationWithTags,
  tagOf,
  tagOfAction,
} from '@/lib/pinger/ping-notification';
import { parsePingPush } from '@/lib/pinger/push-message';
import { forgetPushOwner, pushOwner, rememberPushOwner } from '@/lib/pinger/push-owner';
import { answerFromNotification, showPingPush, type WorkerSide } from '@/lib/pinger/push-worker';
import { DEVICE, LAST_ASKED } from '@/lib/pinger/snapshot';
import { ANSWERED_MESSAGE } from '@/lib/pinger/worker-messages';

const PING = 1700003368;
const message = (body: Record<string, unknown>) =>
  JSON.stringify({ v: 1, kind: 'ping', ping: PING, tags: [], answered: [], ...body });

describe('the push message', () => {
  it('is read as the contract says', () => {
    expect(
      parsePingPush(message({ tags: ['work', 'code'], answered: [1700003000, 1700002000] })),
    ).toEqual({ ping: PING, tags: ['work', 'code'], answered: [1700003000, 1700002000] });
  });

  it('is nothing when it is not a version-1 ping (shown as a plain notice instead)', () => {
    for (const text of [
      undefined,
      '',
      'not json',
      'null',
      '[1]',
      JSON.stringify({ v: 2, kind: 'ping', ping: PING }),
      JSON.stringify({ v: 1, kind: 'other', ping: PING }),
      JSON.stringify({ v: 1, kind: 'ping', ping: '1700003368' }),
      JSON.stringify({ v: 1, kind: 'ping', ping: 1.5 }),
    ]) {
      expect(parsePingPush(text)).toBeUndefined();
    }
  });

  it('keeps only tags and pings that can be, and at most four tags', () => {
    const read = parsePingPush(
      message({
        tags: ['a', 'has space', '', 7, 'b', 'a', 'c', 'd', 'e', 'x'.repeat(65)],
        answered: [1, 'two', -3, 2.5, null],
      }),
    );
    expect(read).toEqual({ ping: PING, tags: ['a', 'b', 'c', 'd'], answered: [1] });
    // As the log server sends it: no `kind`.
    expect(parsePingPush(JSON.stringify({ v: 1, ping: PING }))).toEqual({
      ping: PING,
      tags: [],
      answered: [],
    });
  });
});

describe("a ping's notification", () => {
  it('has one tag per ping, the question, and up to maxActions tags as actions', () => {
    const { title, options } = pingNotificationWithTags(PING, ['work', 'code', 'lunch'], 2);
    expect(title).toBe('TagTime ping');
    expect(options.tag).toBe(tagOf(PING));
    expect(options.body).toMatch(/^Ping at \d{1,2}:\d\d.*: what are you doing right now\?$/);
    expect(options.actions).toEqual([
      { action: 'tag:work', title: 'work' },
      { action: 'tag:code', title: 'code' },
    ]);
    expect(options.data).toEqual({ ping: PING, tags: ['work', 'code'] });
    expect(pingNotificationWithTags(PING, ['work'], 0)).toEqual(pingNotification(PING));
  });

  it("answers only with a tag it offered (an action's name is not trusted alone)", () => {
    const data = { ping: PING, tags: ['work'] };
    expect(tagOfAction('tag:work', data)).toBe('work');
    expect(tagOfAction('tag:other', data)).toBeUndefined();
    expect(tagOfAction('', data)).toBeUndefined();
    expect(tagOfAction('tag:work', { ping: PING })).toBeUndefined();
  });
});

/** The worker's registration and clients, as far as the push code uses them. */
function fakeWorker(openPinger = false) {
  const shown: Array<{ title: string; options: NotificationOptions; closed: boolean }> = [];
  const posted: unknown[] = [];
  const opened: string[] = [];
  let focused = 0;
  const navigated: string[] = [];
  const window = {
    url: 'https://console.test/pinger',
    focus: async () => {
      focused++;
    },
    navigate: async (url: string) => navigated.push(url),
    postMessage: (data: unknown) => posted.push(data),
  };
  const side: WorkerSide = {
    maxActions: 2,
    registration: {
      showNotification: async (title, options) => {
        for (const kept of shown) if (kept.options.tag === options.tag) kept.closed = true;
        shown.push({ title, options, closed: false });
      },
      getNotifications: async () =>
        shown
          .filter((n) => !n.closed)
          .map((n) => ({
            tag: n.options.tag ?? '',
            close: () => {
              n.closed = true;
            },
          })),
    },
    clients: {
      matchAll: async () => (openPinger ? [window] : []),
      openWindow: async (url) => opened.push(url),
    },
  };
  return { side, shown, posted, opened, navigated, focused: () => focused };
}

describe('a push in the service worker', () => {
  it("shows the ping with its tags as actions and closes answered pings' notifications", async () => {
    const worker = fakeWorker();
    await showPingPush(message({ ping: PING - 600 }), worker.side);
    await showPingPush(message({ ping: PING - 300 }), worker.side);
    await showPingPush(
      message({ tags: ['work', 'code', 'tea'], answered: [PING - 600] }),
      worker.side,
    );
    const open = worker.shown.filter((n) => !n.closed).map((n) => n.options.tag);
    expect(open).toEqual([tagOf(PING - 300), tagOf(PING)]);
    const last = worker.shown.at(-1);
    expect(last?.options.data).toEqual({ ping: PING, tags: ['work', 'code'] });
  });

  it('shows something for every push, even one it cannot read', async () => {
    const worker = fakeWorker();
    await showPingPush('{"v":9}', worker.side);
    await showPingPush(undefined, worker.side);
    expect(worker.shown).toHaveLength(2);
    expect(worker.shown[0]?.options.body).toMatch(/Open the pinger/);
  });
});

describe('an answer from a notification', () => {
  const device: KeptDevice = {
    deviceId: 'web-1',
    token: 'token',
    // Nothing listens there: a send from the worker fails as offline and the answer waits.
    server: 'http://127.0.0.1:9',
  };
  const data = { ping: PING, tags: ['work', 'code'] };
  let name: string;

  beforeEach(async () => {
    name = `tagtime-pinger:push-${Math.random().toString(36).slice(2)}`;
    await forgetPushOwner();
  });

  async function pairedStore(): Promise<void> {
    const store = await IdbStore.open(name);
    await store.putSetting(DEVICE, device);
    store.close();
    await rememberPushOwner(name);
  }

  async function ownRecords() {
    const store = await IdbStore.open(name);
    try {
      return {
        records: await store.ownRecords(),
        asked: await store.getSetting<number>(LAST_ASKED),
        unsent: await store.unackedCount(),
      };
    } finally {
      store.close();
    }
  }

  it("goes into the owner's store as the page writes it, and open pingers are told", async () => {
    await pairedStore();
    const worker = fakeWorker(true);
    expect(await answerFromNotification('tag:code', data, worker.side)).toBe('answered');
    const { records, asked } = await ownRecords();
    expect(records).toHaveLength(1);
    const [draft] = answerDrafts([PING], ['code']);
    expect(records[0]).toMatchObject({ device: 'web-1', ...draft });
    expect(asked).toBe(PING);
    expect(worker.posted).toEqual([{ type: ANSWERED_MESSAGE, ping: PING }]);
    expect(worker.opened).toEqual([]);
  });

  it('with no pinger open, is sent by the worker, or kept for the next sync when offline', async () => {
    await pairedStore();
    const worker = fakeWorker(false);
    expect(await answerFromNotification('tag:work', data, worker.side)).toBe('answered');
    expect(await ownRecords()).toMatchObject({ unsent: 1 });
    expect(worker.opened).toEqual([]);
    // A second answer to the same ping later stamps a later time: the latest answer wins.
    await answerFromNotification('tag:code', data, worker.side);
    const { records } = await ownRecords();
    expect(records.map((r) => r.t)).toEqual([...records.map((r) => r.t)].sort((a, b) => a - b));
    expect(new Set(records.map((r) => r.t)).size).toBe(2);
  });

  it('says so in a notification when the answer cannot be kept, and fails', async () => {
    await pairedStore();
    const worker = fakeWorker(true);
    // A tag the record rules refuse (whitespace): nothing is stored.
    const bad = { ping: PING, tags: ['has space'] };
    await expect(answerFromNotification('tag:has space', bad, worker.side)).rejects.toThrow();
    expect((await ownRecords()).records).toEqual([]);
    expect(worker.shown.at(-1)?.options).toMatchObject({
      tag: tagOf(PING),
      body: expect.stringMatching(
        /^“has space” was not kept \(.+\)\. Tap to answer in the pinger\.$/,
      ),
      data: { ping: PING },
    });
    expect(worker.posted).toEqual([]);
  });

  it('opens the pinger at the ping when this browser is not paired (no store to write)', async () => {
    const store = await IdbStore.open(name);
    store.close();
    await rememberPushOwner(name);
    const worker = fakeWorker(false);
    expect(await answerFromNotification('tag:work', data, worker.side)).toBe('opened');
    expect(worker.opened).toEqual([`/pinger#ping=${PING}`]);
    expect((await ownRecords()).records).toEqual([]);

    await forgetPushOwner();
    expect(await pushOwner()).toBeUndefined();
    expect(await answerFromNotification('tag:work', data, worker.side)).toBe('opened');
  });

  it('without an action, brings an open pinger to the ping, or opens one there', async () => {
    await pairedStore();
    const open = fakeWorker(true);
    expect(await answerFromNotification('', data, open.side)).toBe('opened');
    expect(open.focused()).toBe(1);
    expect(open.navigated).toEqual([`/pinger#ping=${PING}`]);
    expect(open.opened).toEqual([]);
    const closed = fakeWorker(false);
    await answerFromNotification('', data, closed.side);
    expect(closed.opened).toEqual([`/pinger#ping=${PING}`]);
    expect((await ownRecords()).records).toEqual([]);
  });
});
