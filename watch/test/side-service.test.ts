import { describe, expect, it } from 'vitest';
import { SettingsStorageFake } from '../runtime/zos/storage.js';
import { toBase64 } from '../src/core/base64.js';
import { makePages } from '../src/core/pages.js';
import { PROTOCOL_VERSION } from '../src/core/protocol.js';
import { WATCH_DEVICE } from '../src/core/watch-log.js';
import { SETTINGS, SideService } from '../src/side/side-service.js';
import { fetchFromZepp, type ZeppFetch } from '../src/side/zepp-fetch.js';

// The phone side of the protocol against a scripted phone fetch; the real server is in
// test/integration.
function side(answer: ZeppFetch, paired = true, now?: () => number) {
  const settings = new SettingsStorageFake();
  if (paired) {
    settings.setItem(SETTINGS.token, 'tok');
    settings.setItem(SETTINGS.device, 'watch-1');
  }
  const calls: { url: string; method: string; body?: string }[] = [];
  const service = new SideService({
    settings,
    ...(now ? { now } : {}),
    fetch: fetchFromZepp(async (options) => {
      calls.push(options);
      return answer(options);
    }),
  });
  return { service, settings, calls };
}

const page = () =>
  makePages([
    {
      device: WATCH_DEVICE,
      t: 1_700_000_000_000,
      kind: 'ping',
      body: { ping: 1_699_999_990, tags: ['work'] },
    },
  ])[0]?.base64 as string;

describe('the side service answers the watch', () => {
  it('with not_paired before pairing', async () => {
    const { service } = side(async () => ({ status: 200, body: {} }), false);
    await expect(service.handle({ method: 'pull', params: { v: 1 } })).rejects.toMatchObject({
      code: 'not_paired',
    });
  });

  it('with version for a newer watch and bad_request for a damaged page', async () => {
    const { service } = side(async () => ({ status: 200, body: {} }));
    await expect(service.handle({ method: 'pull', params: { v: 99 } })).rejects.toMatchObject({
      code: 'version',
    });
    const damaged = toBase64(new Uint8Array([5, 1, 2]));
    await expect(
      service.handle({ method: 'push', params: { v: 1, page: damaged, count: 1, more: false } }),
    ).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('acknowledges only what the server stored, stamped with the paired device id', async () => {
    const { service, calls } = side(async (o) => {
      const records = JSON.parse(o.body ?? '{}').records ?? [];
      return {
        status: 200,
        body: JSON.stringify({ accepted: records.length, duplicates: 0, head: 1_700_000_000_000 }),
      };
    });
    const answer = await service.handle({
      method: 'push',
      params: { v: 1, page: page(), count: 1, more: false },
    });
    // A watch of protocol 1 gets the answer of protocol 1.
    expect(answer).toEqual({
      v: 1,
      acked: 1_700_000_000_000,
      accepted: 1,
      duplicates: 0,
    });
    expect(JSON.parse(calls[0]?.body ?? '').records[0].device).toBe('watch-1');
    // The same page again (its answer was lost on the way): nothing new goes out.
    await service.handle({ method: 'push', params: { v: 1, page: page(), count: 1, more: false } });
    expect(calls).toHaveLength(1);
  });

  it('tells plainly when the token is refused or the server is unreachable, acking nothing', async () => {
    const refused = side(async () => ({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'bad token' } },
    }));
    await expect(
      refused.service.handle({
        method: 'push',
        params: { v: 1, page: page(), count: 1, more: false },
      }),
    ).rejects.toMatchObject({ code: 'revoked', message: expect.stringContaining('Pair again') });
    expect(await refused.service.store.acked()).toBeUndefined();
    expect(refused.service.status().lastError).toContain('no longer accepts this watch');
    const offline = side(async () => {
      throw { code: 'NETWORK', message: 'connect ECONNREFUSED' };
    });
    await expect(
      offline.service.handle({
        method: 'push',
        params: { v: 1, page: page(), count: 1, more: false },
      }),
    ).rejects.toMatchObject({ code: 'offline', message: expect.stringContaining('unreachable') });
  });

  it('pairs with the code from the settings app and unpairs on request', async () => {
    const { service, settings, calls } = side(
      async () => ({
        status: 200,
        body: { device: 'w-9', token: 'secret' },
      }),
      false,
    );
    settings.setItem(SETTINGS.code, ' K7QF2M9P ');
    await service.onSettingsChange(SETTINGS.code);
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      code: 'K7QF2M9P',
      name: 'Zepp watch',
      kind: 'watch',
    });
    expect(settings.getItem(SETTINGS.token)).toBe('secret');
    expect(settings.getItem(SETTINGS.code)).toBeNull();
    settings.setItem(SETTINGS.unpair, '1');
    await service.onSettingsChange(SETTINGS.unpair);
    expect(settings.getItem(SETTINGS.token)).toBeNull();
  });

  it('hands back records the server refuses and keeps none of them in the phone copy', async () => {
    const now = 1_700_000_000_000;
    const day = 86_400_000;
    const records = [
      { t: now - 1000, tags: ['a'] },
      { t: now - 500, tags: ['conflict'] },
      { t: now + 100, tags: ['b'] },
      { t: now + 2 * day, tags: ['future'] },
    ].map(({ t, tags }) => ({
      device: WATCH_DEVICE,
      t,
      kind: 'ping' as const,
      body: { ping: Math.floor(t / 1000) - 5, tags },
    }));
    const { service, calls } = side(
      async (o) => {
        const sent = JSON.parse(o.body ?? '{}').records as {
          t: number;
          body: { tags: string[] };
        }[];
        const bad = sent.findIndex((r) => r.body.tags.includes('conflict'));
        if (bad >= 0) {
          const message = `records[${bad}]: a different record is already stored at t ${sent[bad]?.t}; nothing was stored`;
          return { status: 409, body: { error: { code: 'conflict', message } } };
        }
        const head = sent[sent.length - 1]?.t;
        return { status: 200, body: { accepted: sent.length, duplicates: 0, head } };
      },
      true,
      () => now,
    );
    const answer = (await service.handle({
      method: 'push',
      params: { v: PROTOCOL_VERSION, page: makePages(records)[0]?.base64, count: 4, more: false },
    })) as {
      acked: number;
      accepted: number;
      refused: { t: number; reason: string }[];
      now: number;
    };
    expect(answer.now).toBe(now);
    expect(answer.acked).toBe(now + 100);
    expect(answer.accepted).toBe(2);
    expect(answer.refused.map((r) => r.t)).toEqual([now - 500, now + 2 * day]);
    expect(answer.refused[0]?.reason).toContain('a different record is already stored');
    expect(answer.refused[1]?.reason).toContain("check the device's clock");
    // The far-future record never went to the server; the conflicting one went once.
    const sentTimes = calls.map((c) =>
      JSON.parse(c.body ?? '{}').records.map((r: { t: number }) => r.t),
    );
    expect(sentTimes).toEqual([
      [now - 1000, now - 500, now + 100],
      [now - 1000, now + 100],
    ]);
    const reread = new SideService({
      settings: service.settings,
      fetch: async () => new Response(),
    });
    expect((await reread.store.ownRecords()).map((r) => r.t)).toEqual([now - 1000, now + 100]);
    expect(await reread.store.unackedCount()).toBe(0);
  });

  it('tells a protocol 1 watch of a refusal as before, yet keeps nothing it refused', async () => {
    const now = 1_700_000_000_000;
    const future = [
      {
        device: WATCH_DEVICE,
        t: now + 3 * 86_400_000,
        kind: 'event' as const,
        body: { name: 'x' },
      },
    ];
    const { service, calls } = side(
      async () => ({ status: 200, body: {} }),
      true,
      () => now,
    );
    await expect(
      service.handle({
        method: 'push',
        params: { v: 1, page: makePages(future)[0]?.base64, count: 1, more: false },
      }),
    ).rejects.toMatchObject({ v: 1, code: 'rejected', message: expect.stringContaining('clock') });
    expect(calls).toHaveLength(0);
    expect(await service.store.ownRecords()).toEqual([]);
  });

  it('drops what an older version left unsent in the phone copy once the server refuses it', async () => {
    const now = 1_700_000_000_000;
    const { service, settings, calls } = side(
      async (o) =>
        o.url.includes('/v1/records?')
          ? { status: 200, body: { records: [], cursor: '', more: false } }
          : {
              status: 400,
              body: {
                error: {
                  code: 'invalid_record',
                  message: 'records[0].t: more than 24 hours after now',
                },
              },
            },
      true,
      () => now,
    );
    await service.store.appendOwn([
      { device: 'watch-1', t: now + 2 * 86_400_000, kind: 'event', body: { name: 'stuck' } },
    ]);
    const pulled = await service.handle({ method: 'pull', params: { v: PROTOCOL_VERSION } });
    expect(pulled).toMatchObject({ v: PROTOCOL_VERSION, now });
    expect(calls.map((c) => c.url.replace(/\?.*/, ''))).toEqual([
      'http://127.0.0.1:8787/v1/records',
      'http://127.0.0.1:8787/v1/records',
    ]);
    expect(
      await new SideService({ settings, fetch: async () => new Response() }).store.ownRecords(),
    ).toEqual([]);
  });
});

describe('pairing failures', () => {
  const failing = (status: number, code: string, message: string) =>
    side(async () => ({ status, body: { error: { code, message } } }), false);
  it.each([
    [403, 'device_limit', 'device limit: unpair a device in the console'],
    [400, 'pairing_code_invalid', 'not valid'],
    [410, 'pairing_code_expired', 'has expired: show a new one'],
    [409, 'pairing_code_used', 'already used'],
  ])('%i %s says so in its own words', async (status, code, words) => {
    const { service, settings } = failing(status, code, 'server sentence');
    settings.setItem(SETTINGS.code, 'K7QF2M9P');
    await service.onSettingsChange(SETTINGS.code);
    const shown = service.status().pairing ?? '';
    expect(shown).toContain(words);
    expect(shown).not.toMatch(/token revoked|refused the records/);
  });
});
