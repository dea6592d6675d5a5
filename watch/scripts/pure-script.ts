import { build } from 'esbuild';

/** test/quickjs/pure-entry.ts as one IIFE script (global `pure`) for QuickJS or a Node vm. */
export async function pureScript(root: string): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['test/quickjs/pure-entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'pure',
    target: 'es2020',
    platform: 'neutral',
    conditions: ['@tagtime/source', 'import', 'default'],
    mainFields: ['module', 'main'],
  });
  return result.outputFiles[0]?.text as string;
}
