// `npm run build -w @tagtime/watch`: esbuild bundles the TypeScript into a zeus project folder
// holding only the app (zeus bundles every .js it finds), prints each bundle's size against the
// budget, then `zeus build` makes dist/tagtime.zab offline. `--no-zab` stops after the bundles.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { appJson } from './app-json.js';
import { iconPng } from './icon.js';
import { ensureZeus } from './zeus.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const OUT = join(DIST, 'zeus');
const say = (line: string) => process.stdout.write(`[watch] ${line}\n`);

/** Bytes each bundle may take (minified). The watch loads a page's whole bundle at open. */
export const BUDGET = {
  app: 64 * 1024,
  'page/home/index.page': 32 * 1024,
  'page/ping/index.page': 32 * 1024,
  // On the phone; zod (record validation in @tagtime/log and the client) is most of it.
  'app-side/index': 320 * 1024,
  'setting/index': 16 * 1024,
} as const;
/** The device part (app + pages), what the watch stores and loads. */
export const DEVICE_BUDGET = 128 * 1024;

const ENTRIES: Record<keyof typeof BUDGET, string> = {
  app: 'src/zepp/app.ts',
  'page/home/index.page': 'src/zepp/page/home.ts',
  'page/ping/index.page': 'src/zepp/page/ping.ts',
  'app-side/index': 'src/zepp/app-side/index.ts',
  'setting/index': 'src/zepp/setting/index.ts',
};

/**
 * Leaves out zod's translated error messages (260 KiB; English stays), which no part of the app
 * shows. (The `eventsource` package needs no stub: only @tagtime/client's `openWithFetch` refers
 * to it, which the side service never uses, as it never follows the stream.)
 */
const leaveOut: Plugin = {
  name: 'leave-out',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/zod/') ? { path: 'zod-locales', namespace: 'stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

export interface Bundles {
  /** Each bundle's size in bytes. */
  sizes: Record<string, number>;
  /** The source files each bundle holds (esbuild's metafile), relative to the watch folder. */
  inputs: Record<string, string[]>;
}

/** Bundles the app into `out` (a zeus project folder). */
export async function bundle(out = OUT): Promise<Bundles> {
  rmSync(out, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES)),
    outdir: out,
    bundle: true,
    format: 'esm',
    target: 'es2020',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['@tagtime/source', 'import', 'default'],
    external: ['@zos/*'],
    minify: true,
    legalComments: 'none',
    plugins: [leaveOut],
    logLevel: 'warning',
    metafile: true,
  });
  writeFileSync(join(out, 'app.json'), `${JSON.stringify(appJson(), null, 2)}\n`);
  for (const target of ['common.r', 'common.s']) {
    mkdirSync(join(out, 'assets', target), { recursive: true });
    writeFileSync(join(out, 'assets', target, 'icon.png'), iconPng());
  }
  const sizes: Record<string, number> = {};
  const inputs: Record<string, string[]> = {};
  for (const name of Object.keys(ENTRIES)) {
    sizes[name] = statSync(join(out, `${name}.js`)).size;
    const output = result.metafile.outputs[relative(ROOT, join(out, `${name}.js`))];
    inputs[name] = Object.keys(output?.inputs ?? {});
  }
  return { sizes, inputs };
}

function report(sizes: Record<string, number>): boolean {
  let ok = true;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  for (const [name, size] of Object.entries(sizes)) {
    const budget = BUDGET[name as keyof typeof BUDGET];
    const over = size > budget;
    ok &&= !over;
    say(
      `${`${name}.js`.padEnd(28)} ${kb(size).padStart(10)} of ${kb(budget)}${over ? '  OVER BUDGET' : ''}`,
    );
  }
  const device = ['app', 'page/home/index.page', 'page/ping/index.page'].reduce(
    (n, name) => n + (sizes[name] ?? 0),
    0,
  );
  const over = device > DEVICE_BUDGET;
  ok &&= !over;
  say(
    `${'device total'.padEnd(28)} ${kb(device).padStart(10)} of ${kb(DEVICE_BUDGET)}${over ? '  OVER BUDGET' : ''}`,
  );
  return ok;
}

function zab(): void {
  const zeus = ensureZeus(join(ROOT, '.tools'), say);
  const result = spawnSync(zeus.bin, ['build'], {
    cwd: OUT,
    env: { ...process.env, HOME: zeus.home, CI: 'true', FORCE_COLOR: '0' },
    encoding: 'utf8',
  });
  const output = `${result.stdout}${result.stderr}`;
  const built = join(OUT, 'dist');
  const file = statSafe(built) ? readdirSync(built).find((f) => f.endsWith('.zab')) : undefined;
  if (result.status !== 0 || !file) {
    throw new Error(`zeus build failed (exit ${result.status}):\n${output}`);
  }
  copyFileSync(join(built, file), join(DIST, 'tagtime.zab'));
  // zeus's own output folders are not part of the app: keep dist/zeus as the app alone.
  rmSync(built, { recursive: true, force: true });
  rmSync(join(OUT, '.temp'), { recursive: true, force: true });
  say(
    `dist/tagtime.zab ${(statSync(join(DIST, 'tagtime.zab')).size / 1024).toFixed(1)} KiB (zeus build, offline device cache)`,
  );
}

function statSafe(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(join(DIST, 'tagtime.zab'), { force: true });
  const { sizes } = await bundle();
  const ok = report(sizes);
  if (!ok) {
    console.error('[watch] a bundle is over its budget (scripts/build.ts BUDGET)');
    process.exit(1);
  }
  if (!process.argv.includes('--no-zab')) zab();
}
