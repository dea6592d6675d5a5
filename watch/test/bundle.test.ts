// What the build puts in each bundle: within its budget, and nothing the bundle never runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUDGET, type Bundles, bundle, DEVICE_BUDGET } from '../scripts/build.js';

let out: string;
let built: Bundles;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'tagtime-watch-bundle-'));
  built = await bundle(join(out, 'zeus'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('the watch build', () => {
  it('keeps every bundle and the device part within budget', () => {
    for (const [name, budget] of Object.entries(BUDGET)) {
      expect(built.sizes[name], name).toBeLessThanOrEqual(budget);
    }
    const device = ['app', 'page/home/index.page', 'page/ping/index.page'].reduce(
      (sum, name) => sum + (built.sizes[name] ?? Number.NaN),
      0,
    );
    expect(device).toBeLessThanOrEqual(DEVICE_BUDGET);
  });

  it('leaves the EventSource package out of the side service, which never follows the stream', () => {
    const side = built.inputs['app-side/index'] ?? [];
    // The side service does sync through @tagtime/client: the list is the real one.
    expect(side.some((file) => file.includes('packages/client/src/client.ts'))).toBe(true);
    expect(side.filter((file) => /node_modules\/eventsource\//.test(file))).toEqual([]);
    expect(side.filter((file) => file.endsWith('open-with-fetch.ts'))).toEqual([]);
  });
});
