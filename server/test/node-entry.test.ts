import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEntry } from '../src/testing/server-process.js';
import { SERVER_DIR } from './helpers/process.js';

// `nodeEntry` reads TAGTIME_TESTS_USE_BUILD once, at import: each case runs in a fresh Node.
function entryIn(useBuild: boolean, entry: string): { ok: boolean; out: string } {
  const script = `import('${join(SERVER_DIR, 'src/testing/server-process.ts')}').then((m) => { try { console.log(JSON.stringify(m.nodeEntry(${JSON.stringify(entry)}))); } catch (e) { console.log('ERROR ' + e.message); } })`;
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: SERVER_DIR,
      env: { ...process.env, TAGTIME_TESTS_USE_BUILD: useBuild ? '1' : '' },
      encoding: 'utf8',
    },
  );
  return { ok: !run.stdout.startsWith('ERROR'), out: run.stdout.trim() };
}

describe('nodeEntry: how tests start our entry points', () => {
  const server = join(SERVER_DIR, 'src/server.ts');

  it('runs the sources through tsx unless npm test says the build is fresh', () => {
    if (process.env.TAGTIME_TESTS_USE_BUILD === '1') return;
    expect(nodeEntry(server)).toEqual(['--conditions=@tagtime/source', '--import', 'tsx', server]);
  });

  it('runs the build of the same entry point under TAGTIME_TESTS_USE_BUILD=1', () => {
    const { ok, out } = entryIn(true, server);
    // A checkout that was never built has no dist/: then the refusal below is what it says.
    if (!ok) expect(out).toMatch(/no build at .*dist\/server\.js: run npm run build/);
    else expect(JSON.parse(out)).toEqual([join(SERVER_DIR, 'dist/server.js')]);
  });

  it('refuses, naming the file, when the build is missing or the entry is not under src/', () => {
    expect(entryIn(true, join(SERVER_DIR, 'src/no-such-entry.ts')).out).toMatch(
      /^ERROR .*no build at .*dist\/no-such-entry\.js/,
    );
    expect(entryIn(true, join(SERVER_DIR, 'test/helpers/blocked-worker.ts')).out).toMatch(
      /^ERROR .*blocked-worker\.ts has no build/,
    );
  });
});
