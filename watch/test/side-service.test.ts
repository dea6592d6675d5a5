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
function side(answer: ZeppFetch, paired = true) {
  const settings = new SettingsStorageFake();
  if (paired) {
    settings.setItem(SETTINGS.token, 'tok');
    settings.setItem(SETTINGS.device, 'watch-1');
  }
  const calls: { url: string; method: string; body?: string }[] = [];
  const service = new SideService({
    settings,
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
    expect(answer).toEqual({
      v: PROTOCOL_VERSION,
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
    expect(refused.service.status().lastError).toContain('token revoked?');
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
});
