// "Ring me when closed", the page's half, against the real log server (two processes: Web Push
// on, with the push service stand-in as the only push service it calls, and off): each state
// and failure the control says in words, and what reaches the server. The browser's Push API is
// played by the stand-in (it makes subscriptions as a browser does); IndexedDB is fake-indexeddb.
import 'fake-indexeddb/auto';
import { createECDH } from 'node:crypto';
import { createDevice, createUser, getPushSubscription } from '@tagtime/db';
import { createScratchDatabase, type ScratchDatabase } from '@tagtime/db/testing';
import { type PushService, startPushService } from '@tagtime/push-service';
import { type ServerProcess, startServerProcess } from '@tagtime/server/testing';
import { IdbStore } from '@tagtime/web-store';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeptDevice } from '../src/lib/pinger/pairing';
import { forgetPushOwner, pushOwner, rememberPushOwner } from '../src/lib/pinger/push-owner';
import { renewSubscription } from '../src/lib/pinger/push-worker';
import { readPushSetting, turnOff, turnOn } from '../src/lib/pinger/ring-when-closed';
import { DEVICE } from '../src/lib/pinger/snapshot';

const TOKEN = 'console-test-service-token-0123456789';
let database: ScratchDatabase;
let withPush: ServerProcess;
let withoutPush: ServerProcess;
let service: PushService;

function vapidPair() {
  for (;;) {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    if (ecdh.getPrivateKey().length === 32) {
      return {
        publicKey: ecdh.getPublicKey('base64url'),
        privateKey: ecdh.getPrivateKey('base64url'),
      };
    }
  }
}

beforeAll(async () => {
  database = await createScratchDatabase({ prefix: 'tagtime_console_push', plans: true });
  service = await startPushService();
  const stamp = Date.now().toString(36);
  const vapid = vapidPair();
  const common = { DATABASE_URL: database.url, ADMIN_TOKEN: TOKEN };
  [withPush, withoutPush] = await Promise.all([
    startServerProcess({
      ...common,
      DATA_DIR: `/tmp/tagtime-console-push-${stamp}-on`,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      PUSH_SERVICE_HOSTS: new URL(service.origin).host,
      NODE_EXTRA_CA_CERTS: await service.caFile(),
    }),
    startServerProcess({ ...common, DATA_DIR: `/tmp/tagtime-console-push-${stamp}-off` }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([withPush?.stop(), withoutPush?.stop()]);
  await service?.close();
  await database?.drop();
});

/** A browser's device of a new person (a plan's device limit is small). */
async function newDevice(server: ServerProcess): Promise<KeptDevice> {
  const user = await createUser(database.handle.db, {
    email: `push-${Math.random().toString(36).slice(2)}@example.test`,
    password: 'correct horse battery staple',
    name: 'P',
  });
  const { device, token } = await createDevice(database.handle.db, {
    userId: user.id,
    name: 'Browser',
    kind: 'web',
  });
  return { deviceId: device.id, token, server: server.url };
}

/** This browser: its notification permission and a Push API whose push service is the stand-in. */
function browser(options: { permission?: NotificationPermission; pushService?: 'refuses' } = {}) {
  let permission: NotificationPermission = 'default';
  let kept: ReturnType<typeof standInSubscription> | null = null;
  const standInSubscription = (key: Uint8Array) => {
    const json = service.subscribe({ applicationServerKey: key });
    const subscription = {
      endpoint: json.endpoint,
      options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(key).buffer },
      toJSON: () => json,
      unsubscribe: vi.fn(async () => {
        service.unsubscribe(json.endpoint);
        if (kept === subscription) kept = null;
        return true;
      }),
    };
    return subscription;
  };
  const pushManager = {
    getSubscription: async () => kept,
    subscribe: vi.fn(async ({ applicationServerKey }: { applicationServerKey: Uint8Array }) => {
      if (options.pushService === 'refuses') {
        throw new DOMException('Registration failed - push service error', 'AbortError');
      }
      kept = standInSubscription(applicationServerKey);
      return kept;
    }),
  };
  const registration = { active: {}, pushManager };
  vi.stubGlobal('PushManager', class {});
  vi.stubGlobal('Notification', {
    get permission() {
      return permission;
    },
    requestPermission: async () => {
      permission = options.permission ?? 'granted';
      return permission;
    },
  });
  vi.stubGlobal('navigator', {
    serviceWorker: {
      getRegistration: async () => registration,
      ready: Promise.resolve(registration),
    },
  });
  return { pushManager, kept: () => kept };
}

const atServer = async (device: KeptDevice) =>
  getPushSubscription(database.handle.db, device.deviceId);

beforeEach(() => {
  vi.unstubAllGlobals();
});

describe('ring me when closed', () => {
  it('is off, turns on (registered as the device’s), reads on, turns off (removed)', async () => {
    const device = await newDevice(withPush);
    const here = browser();
    expect(await readPushSetting(device)).toEqual({ state: 'off' });

    expect(await turnOn(device, 'tagtime-pinger:one')).toEqual({ state: 'on' });
    const endpoint = here.kept()?.endpoint;
    expect((await atServer(device))?.endpoint).toBe(endpoint);
    expect(await pushOwner()).toBe('tagtime-pinger:one');
    expect(await readPushSetting(device)).toEqual({ state: 'on' });

    expect(await turnOff(device)).toEqual({ state: 'off' });
    expect(here.kept()).toBeNull();
    expect(await atServer(device)).toBeUndefined();
    expect(await pushOwner()).toBeUndefined();
    expect(await readPushSetting(device)).toEqual({ state: 'off' });
  });

  it('says when notifications are refused, and registers nothing', async () => {
    const device = await newDevice(withPush);
    const here = browser({ permission: 'denied' });
    expect(await turnOn(device, 'tagtime-pinger:one')).toEqual({ state: 'denied' });
    expect(here.pushManager.subscribe).not.toHaveBeenCalled();
    expect(await readPushSetting(device)).toEqual({ state: 'denied' });
    expect(await atServer(device)).toBeUndefined();
  });

  it('says when the browser has no Web Push, or the server has it off', async () => {
    const device = await newDevice(withoutPush);
    browser();
    expect(await readPushSetting(device)).toEqual({ state: 'server-off' });
    expect(await turnOn(device, 'tagtime-pinger:one')).toEqual({ state: 'server-off' });
    vi.unstubAllGlobals();
    vi.stubGlobal('navigator', {});
    expect(await readPushSetting(device)).toEqual({ state: 'unsupported' });
    expect(await turnOn(device, 'tagtime-pinger:one')).toEqual({ state: 'unsupported' });
  });

  it('says offline when the log server cannot be reached', async () => {
    const device = { ...(await newDevice(withPush)), server: 'http://127.0.0.1:9' };
    browser();
    expect(await readPushSetting(device)).toEqual({ state: 'offline' });
    expect(await turnOn(device, 'tagtime-pinger:one')).toEqual({ state: 'offline' });
  });

  it("gives the browser's push service's own reason when it gives no subscription", async () => {
    const device = await newDevice(withPush);
    browser({ pushService: 'refuses' });
    const setting = await turnOn(device, 'tagtime-pinger:one');
    expect(setting).toMatchObject({ state: 'failed' });
    expect(setting).toHaveProperty('words', expect.stringContaining('push service error'));
    expect(await atServer(device)).toBeUndefined();
  });

  it('ends a subscription the server refused, so the two never disagree', async () => {
    // The server calls no push service it was not told of: this endpoint's host is not one.
    const device = await newDevice(withPush);
    const here = browser();
    const original = here.pushManager.subscribe.getMockImplementation();
    here.pushManager.subscribe.mockImplementationOnce(async (options) => {
      const made = await original?.(options);
      if (!made) throw new Error('no subscription made');
      return { ...made, toJSON: () => ({ ...made.toJSON(), endpoint: 'https://push.example/x' }) };
    });
    const setting = await turnOn(device, 'tagtime-pinger:one');
    expect(setting).toMatchObject({ state: 'failed', words: expect.stringContaining('400') });
    expect(here.kept()).toBeNull();
    expect(await atServer(device)).toBeUndefined();
  });

  it("turned on for another person's pinger here, ends the earlier subscription first", async () => {
    const first = await newDevice(withPush);
    const here = browser();
    expect(await turnOn(first, 'tagtime-pinger:one')).toEqual({ state: 'on' });
    const earlier = here.kept();
    await rememberPushOwner('tagtime-pinger:one');
    const second = await newDevice(withPush);
    expect(await turnOn(second, 'tagtime-pinger:two')).toEqual({ state: 'on' });
    expect(earlier?.unsubscribe).toHaveBeenCalled();
    expect(here.kept()?.endpoint).not.toBe(earlier?.endpoint);
    expect((await atServer(second))?.endpoint).toBe(here.kept()?.endpoint);
    expect(await pushOwner()).toBe('tagtime-pinger:two');
  });
});

describe('a subscription the browser renewed (pushsubscriptionchange, in the worker)', () => {
  async function pairedOwner(device: KeptDevice | undefined): Promise<string> {
    const name = `tagtime-pinger:renew-${Math.random().toString(36).slice(2)}`;
    const store = await IdbStore.open(name);
    if (device) await store.putSetting(DEVICE, device);
    store.close();
    await rememberPushOwner(name);
    return name;
  }
  const never = { subscribe: vi.fn() };

  it("is registered as the device's: the one the browser gives, or one made with the old key", async () => {
    const device = await newDevice(withPush);
    await pairedOwner(device);
    const given = service.subscribe();
    expect(await renewSubscription({ toJSON: () => given }, null, never)).toBe('renewed');
    expect((await atServer(device))?.endpoint).toBe(given.endpoint);

    const made = service.subscribe();
    const key = new Uint8Array([4, 1, 2]).buffer;
    const pushManager = { subscribe: vi.fn(async () => ({ toJSON: () => made })) };
    expect(await renewSubscription(null, key, pushManager)).toBe('renewed');
    expect(pushManager.subscribe).toHaveBeenCalledWith({
      userVisibleOnly: true,
      applicationServerKey: key,
    });
    expect((await atServer(device))?.endpoint).toBe(made.endpoint);
  });

  it('is forgotten with no paired pinger to ring for, or nothing to subscribe with', async () => {
    await forgetPushOwner();
    expect(await renewSubscription({ toJSON: () => service.subscribe() }, null, never)).toBe(
      'forgotten',
    );
    await pairedOwner(undefined);
    expect(await renewSubscription({ toJSON: () => service.subscribe() }, null, never)).toBe(
      'forgotten',
    );
    expect(await pushOwner()).toBeUndefined();
    await pairedOwner(await newDevice(withPush));
    expect(await renewSubscription(null, null, never)).toBe('forgotten');
    expect(never.subscribe).not.toHaveBeenCalled();
  });
});
