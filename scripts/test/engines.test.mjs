// `npm ci` on the oldest Node the README promises installs without an EBADENGINE warning: every
// locked package accepts the root's minimum Node version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { root } from '../bootstrap.mjs';

const read = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));

describe('the Node.js requirement', () => {
  it('is one that every locked package accepts', () => {
    const oldest = semver.minVersion(read('package.json').engines.node)?.version;
    expect(oldest).toBeTruthy();
    const refusing = Object.entries(read('package-lock.json').packages)
      .filter(([, entry]) => entry.engines?.node && !semver.satisfies(oldest, entry.engines.node))
      .map(([path, entry]) => `${path}@${entry.version} wants node ${entry.engines.node}`);
    expect(refusing).toEqual([]);
  });

  it('is the one the README states', () => {
    const oldest = semver.minVersion(read('package.json').engines.node)?.version ?? '';
    const stated = /Node\.js ≥ (\d+\.\d+)/.exec(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(`${stated?.[1]}.0`).toBe(oldest);
  });
});
