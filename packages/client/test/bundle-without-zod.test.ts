// The client's runtime path loads no zod: a browser bundle of its entry (as the web pinger
// builds it) keeps zod out of every chunk the entry loads at start, in lazy chunks loaded only
// for an answer or a record the zod-free checks decline. zod was a quarter of the pinger's bundle
// and of the CLI's start-up.
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ENTRY = join(import.meta.dirname, '../src/index.ts');

async function bundle(): Promise<Metafile> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@tagtime/source'],
    outdir: '/tmp/client-bundle-check',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** The outputs loaded when the entry loads: it and what it imports statically, transitively. */
function loadedAtStart(metafile: Metafile): Set<string> {
  const entry = Object.entries(metafile.outputs).find(([, out]) => out.entryPoint);
  if (!entry) throw new Error('no entry output in the metafile');
  const loaded = new Set<string>([entry[0]]);
  const queue = [entry[0]];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const { path, kind } of metafile.outputs[file]?.imports ?? []) {
      if (kind === 'import-statement' && !loaded.has(path)) {
        loaded.add(path);
        queue.push(path);
      }
    }
  }
  return loaded;
}

const isZod = (input: string) => input.includes('node_modules/zod/');

describe('the client bundle', () => {
  it('loads no zod at start; zod is only in chunks imported lazily', async () => {
    const metafile = await bundle();
    const atStart = loadedAtStart(metafile);
    const zodAtStart = [...atStart].flatMap((file) =>
      Object.keys(metafile.outputs[file]?.inputs ?? {}).filter(isZod),
    );
    expect(zodAtStart, 'zod modules in the chunks loaded at start').toEqual([]);
    // The lazy checks are there: some chunk outside the start holds zod and the protocol.
    const lazy = Object.keys(metafile.outputs).filter((file) => !atStart.has(file));
    const lazyInputs = lazy.flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}));
    expect(lazyInputs.some(isZod)).toBe(true);
    expect(lazyInputs.some((input) => input.endsWith('log/src/protocol/index.ts'))).toBe(true);
  });
});
