// `npm run build -w @tagtime/cli`: esbuild bundles the CLI into dist/ — main.js plus one chunk
// per command (each is a dynamic import in main.ts) — from the TypeScript sources of the
// workspace packages. Node then reads a handful of files instead of resolving and compiling a
// few hundred modules, which was most of every command's time (see bench/RESULTS.md).
// Type checking is `npm run typecheck`; tests run the sources directly.
import { chmod, readFile, rm } from 'node:fs/promises';
import { build } from 'esbuild';

const outdir = new URL('../dist/', import.meta.url).pathname;
const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm(outdir, { recursive: true, force: true });
/**
 * zod's translated error messages (260 KiB, all compiled on every start): the CLI speaks
 * English, which zod keeps in its core. (The watch build leaves them out the same way.)
 */
const noZodLocales = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/zod/') ? { path: 'zod-locales', namespace: 'stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * commander requires node:child_process at load for stand-alone executable subcommands, which
 * tagtime has none of; loading it (and node:net behind it) was a tenth of a command's start-up.
 * Here commander gets it on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('/commander/')
        ? { path: 'child_process', namespace: 'lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents:
        "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: { main: new URL('../src/main.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['@tagtime/source'],
  define: { TAGTIME_VERSION: JSON.stringify(version) },
  // Native (lmdb) or only for migrating an old store (NeDB): loaded from node_modules as they are.
  external: ['lmdb', '@seald-io/nedb'],
  // Bundled CommonJS (commander) calls require() for Node's own modules.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  minify: true,
  legalComments: 'none',
  plugins: [noZodLocales, lazyChildProcess],
  logLevel: 'warning',
  metafile: true,
});
// The bin (bin/tagtime.js) imports it, and it is run directly too (`node dist/main.js`).
await chmod(`${outdir}main.js`, 0o755);
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, output]) => sum + output.bytes, 0);
console.log(`[cli] dist/: ${(bytes / 1024).toFixed(0)} KiB of JavaScript`);
