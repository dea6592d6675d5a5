// `npm run lint` (Biome) refuses the ORM in apps: they reach user data through @tagtime/db
// functions only. The check runs the repository's own biome.json over probe files in a scratch
// folder laid out like the tree, so it proves the rule fires where it should and nowhere else.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const biome = join(root, 'node_modules', '.bin', 'biome');
const scratch = mkdtempSync(join(tmpdir(), 'tagtime-lint-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Lints one probe file at `path` (as if it were there in the tree); the diagnostics' text. */
function lint(path, source) {
  const dir = mkdtempSync(join(scratch, 'case-'));
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
  config.$schema = undefined;
  config.vcs = { enabled: false };
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
  mkdirSync(join(dir, dirname(path)), { recursive: true });
  writeFileSync(join(dir, path), source);
  const result = spawnSync(biome, ['lint', '--max-diagnostics=20', path], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { failed: result.status !== 0, output: `${result.stdout}${result.stderr}` };
}

const ORM = "import { eq } from 'drizzle-orm';\n\nexport const probe = eq;\n";
const ORM_SUBPATH =
  "import { mysqlTable } from 'drizzle-orm/mysql-core';\n\nexport const probe = mysqlTable;\n";
const TABLES = "import * as schema from '@tagtime/db/schema';\n\nexport const probe = schema;\n";
const FUNCTIONS =
  "import { listDevices } from '@tagtime/db';\n\nexport const probe = listDevices;\n";

describe('no app imports drizzle-orm or @tagtime/db/schema', () => {
  it.each([
    ['console/src/lib/probe.ts', ORM],
    ['console/src/app/(app)/probe.tsx', ORM_SUBPATH],
    ['e2e/tests/probe.ts', TABLES],
    ['server/src/probe.ts', ORM],
  ])('fails on %s', (path, source) => {
    const { failed, output } = lint(path, source);
    expect(failed).toBe(true);
    expect(output).toContain('noRestrictedImports');
    expect(output).toContain('through @tagtime/db functions');
  });

  it.each([
    ['console/src/lib/probe.ts', FUNCTIONS],
    ['packages/db/src/probe.ts', ORM],
    ['server/test/probe.ts', TABLES],
  ])('passes %s', (path, source) => {
    const { failed, output } = lint(path, source);
    expect(output).not.toContain('noRestrictedImports');
    expect(failed).toBe(false);
  });
});
