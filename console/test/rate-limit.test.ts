// The console's limits, in memory and in the real Redis of this machine (REDIS_URL, default
// redis://127.0.0.1:6379), where separate processes share their counts.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `tagtime-test-${randomBytes(4).toString('hex')}`;

/** A fresh copy of the module, as another console process would have. */
async function freshProcess(env: { REDIS_URL?: string }) {
  vi.resetModules();
  vi.stubEnv('RATE_LIMIT_PREFIX', PREFIX);
  vi.stubEnv('REDIS_URL', env.REDIS_URL ?? '');
  const holder = globalThis as { tagtimeRedis?: Redis };
  await holder.tagtimeRedis?.quit();
  delete holder.tagtimeRedis;
  return import('../src/lib/rate-limit');
}

const key = () => `key-${randomBytes(4).toString('hex')}`;

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  const held = (globalThis as { tagtimeRedis?: Redis }).tagtimeRedis;
  await held?.quit();
  vi.unstubAllEnvs();
});

describe.each([
  ['memory', {}],
  ['Redis', { REDIS_URL }],
])('limits in %s', (_store, env) => {
  beforeEach(() => vi.unstubAllEnvs());

  it('allows the limit, then makes the key wait out the window', async () => {
    const limits = await freshProcess(env);
    const k = key();
    for (let i = 0; i < limits.LIMITS.mailPerRecipient.points; i += 1) {
      expect(await limits.waitSeconds('mailPerRecipient', k)).toBe(0);
      await limits.count('mailPerRecipient', k);
    }
    const wait = await limits.waitSeconds('mailPerRecipient', k);
    expect(wait).toBeGreaterThan(3500);
    expect(wait).toBeLessThanOrEqual(3600);
    expect(await limits.waitSeconds('mailPerRecipient', key())).toBe(0);
  });

  it('backs off: a minute past the limit, doubling with each further failure', async () => {
    const limits = await freshProcess(env);
    const k = key();
    const { points } = limits.LIMITS.signInFailuresPerAccountAndAddress;
    for (let i = 0; i < points - 1; i += 1) {
      await limits.count('signInFailuresPerAccountAndAddress', k);
      expect(await limits.waitSeconds('signInFailuresPerAccountAndAddress', k)).toBe(0);
    }
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await limits.count('signInFailuresPerAccountAndAddress', k);
      waits.push(await limits.waitSeconds('signInFailuresPerAccountAndAddress', k));
    }
    expect(waits.map((w) => Math.round(w / 60))).toEqual([1, 2, 4]);
    await limits.forget('signInFailuresPerAccountAndAddress', k);
    expect(await limits.waitSeconds('signInFailuresPerAccountAndAddress', k)).toBe(0);
  });
});

describe('limits in Redis', () => {
  it('are shared by separate processes', async () => {
    const k = key();
    const first = await freshProcess({ REDIS_URL });
    for (let i = 0; i < first.LIMITS.mailPerRecipient.points; i += 1) {
      await first.count('mailPerRecipient', k);
    }
    const second = await freshProcess({ REDIS_URL });
    expect(await second.waitSeconds('mailPerRecipient', k)).toBeGreaterThan(0);
    const redis = new Redis(REDIS_URL);
    expect(await redis.keys(`${PREFIX}:mailPerRecipient:${k}`)).toHaveLength(1);
    await redis.quit();
    // In memory, another process knows nothing of them.
    const alone = await freshProcess({});
    expect(await alone.waitSeconds('mailPerRecipient', k)).toBe(0);
  });
});
