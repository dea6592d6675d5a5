import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getQuickJS, type QuickJSWASMModule } from 'quickjs-emscripten';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../scripts/build.js';
import { pureScript } from '../scripts/pure-script.js';
import { runPure } from './quickjs/pure-entry.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
let quickjs: QuickJSWASMModule;
let out: string;

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : name.endsWith('.js') ? [path] : [];
  });
}

/** A module exporting (as undefined) every name `code` imports from `name`. */
function zosStandIn(code: string, name: string): string {
  const names = new Set<string>();
  const pattern = /import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g;
  for (const match of code.matchAll(pattern)) {
    if (match[2] !== name) continue;
    for (const part of (match[1] as string).split(',')) {
      const imported = part.trim().split(/\s+as\s+/)[0];
      if (imported) names.add(imported);
    }
  }
  const exports = [...names].filter((n) => n !== 'default');
  return `${exports.map((n) => `export const ${n} = undefined;`).join('\n')}\nexport default undefined;`;
}

beforeAll(async () => {
  quickjs = await getQuickJS();
  out = await mkdtemp(join(tmpdir(), 'tagtime-watch-quickjs-'));
  await bundle(join(out, 'zeus'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('QuickJS, the engine Zepp OS runs', () => {
  it('compiles every built .js of the zeus project as a module', () => {
    const files = jsFiles(join(out, 'zeus'));
    expect(files.map((f) => relative(join(out, 'zeus'), f)).sort()).toEqual([
      'app-side/index.js',
      'app.js',
      'page/home/index.page.js',
      'page/ping/index.page.js',
      'setting/index.js',
    ]);
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const runtime = quickjs.newRuntime();
      // The @zos/* modules are the device's: stand-ins that export the names the file imports.
      runtime.setModuleLoader((name) => zosStandIn(code, name));
      const vm = runtime.newContext();
      try {
        const result = vm.evalCode(code, file, {
          type: 'module',
          compileOnly: true,
        });
        if (result.error) {
          const error = vm.dump(result.error);
          result.error.dispose();
          throw new Error(
            `${relative(out, file)} does not parse in QuickJS: ${JSON.stringify(error)}`,
          );
        }
        result.value.dispose();
      } finally {
        vm.dispose();
        runtime.dispose();
      }
    }
  });

  it('runs the pure watch logic (schedule, log, pages, suggestions) as Node does', async () => {
    const code = await pureScript(ROOT);
    const now = 1_700_000_000;
    const vm = quickjs.newContext();
    try {
      const result = vm.evalCode(`${code}\npure.runPure(${now})`);
      if (result.error) {
        const error = vm.dump(result.error);
        result.error.dispose();
        throw new Error(`QuickJS threw: ${JSON.stringify(error)}`);
      }
      const inQuickJs = JSON.parse(vm.getString(result.value));
      result.value.dispose();
      const inNode = JSON.parse(runPure(now));
      expect(inQuickJs).toEqual(inNode);
      expect(inNode.torn).toBe(true);
      expect(inNode.kept).toBe(9); // 20 written, the torn 20th dropped, 10 compacted away
      expect(inNode.next).toBe(1700003368);
    } finally {
      vm.dispose();
    }
  });
});
