import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elapsed } from '../progress.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs runWithProgress in a child (it exits the process on failure) and returns its output. */
function withProgress(script, quietMs) {
  const driver = `
    import { runWithProgress } from './scripts/progress.mjs';
    await runWithProgress('building', process.execPath, ['-e', ${JSON.stringify(script)}], { quietMs: ${quietMs} });
    console.log('after');
  `;
  return spawnSync(process.execPath, ['--input-type=module', '-e', driver], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('progress of long steps', () => {
  it('says how long a silent step has run and which task it is in', () => {
    const result = withProgress(
      `console.log('@tagtime/console:build: Creating an optimized production build');
       setTimeout(() => {
         console.log('@tagtime/console:build: ✓ Compiled');
         process.stdout.write('Tasks: 1 successful (no newline)');
       }, 2500);`,
      600,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('[tagtime]\u001b[0m building…');
    expect(result.stdout).toContain(
      '  @tagtime/console:build: Creating an optimized production build',
    );
    expect(result.stdout).toMatch(/… building: \d+s so far \(@tagtime\/console:build\)/);
    // The last line is relayed even without a newline, and before the step says it is done.
    expect(result.stdout).toMatch(/Tasks: 1 successful \(no newline\)\n.*building: done in \d+s\./);
    expect(result.stdout).toContain('after');
  });

  it('a failed step names itself and exits with its code; nothing after it runs', () => {
    const result = withProgress(`console.error('tsc: error TS2322'); process.exit(3);`, 600);
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('tsc: error TS2322');
    expect(result.stderr).toMatch(/building failed after \d+s/);
    expect(result.stdout).not.toContain('after\n');
  });

  it('prints minutes and seconds', () => {
    expect(elapsed(4_400)).toBe('4s');
    expect(elapsed(65_000)).toBe('1m05s');
  });
});
