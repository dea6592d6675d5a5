import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { transformSync } from 'esbuild';

/**
 * One JavaScript realm (the watch's or the phone's): its own globals, running the built files.
 * zeus turns each ESM file's `import … from '@zos/x'` into calls of the device's module loader;
 * here esbuild does the same transform (ESM → CommonJS) and `require` is that loader.
 */
export class Realm {
  readonly context: vm.Context;
  #compiled = new Map<string, vm.Script>();

  constructor(
    globals: Record<string, unknown>,
    private readonly modules: (name: string) => unknown,
  ) {
    this.context = vm.createContext({ ...globals });
    this.context.globalThis = this.context;
  }

  /** Runs a built file (fresh each time, as the watch loads a page's file at each visit). */
  run(file: string, extra: Record<string, unknown> = {}): void {
    let script = this.#compiled.get(file);
    if (!script) {
      const { code } = transformSync(readFileSync(file, 'utf8'), {
        format: 'cjs',
        target: 'es2020',
        sourcefile: file,
      });
      script = new vm.Script(`(function (require, module, exports, __extra) {${code}\n})`, {
        filename: file,
      });
      this.#compiled.set(file, script);
    }
    for (const [key, value] of Object.entries(extra)) this.context[key] = value;
    const module = { exports: {} };
    const fn = script.runInContext(this.context) as (
      require: (name: string) => unknown,
      module: object,
      exports: object,
      extra: unknown,
    ) => void;
    fn((name) => this.#require(name), module, module.exports, extra);
  }

  #require(name: string): unknown {
    const found = this.modules(name);
    if (found === undefined && !name.startsWith('@zos/ble/')) {
      throw new Error(`this realm has no module ${name}`);
    }
    return found;
  }
}
