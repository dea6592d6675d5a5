// `npm test`: the whole suite from a fresh clone — install, lint, typecheck, every workspace's
// tests (unit, integration, browser), and the root scripts' own tests.
import { ensureDependencies, ensureTestPackages, log, run, runTogether } from './bootstrap.mjs';
import { runWithProgress } from './progress.mjs';

ensureDependencies();
ensureTestPackages();
log('making sure the database server is reachable…');
run('node', ['scripts/db-ensure.mjs']);
log('lint (biome)…');
run('npx', ['biome', 'check', '.']);
await runWithProgress('build + typecheck', 'npx', [
  'turbo',
  'run',
  'build',
  'typecheck',
  '--output-logs=errors-only',
]);
// The browser tests spend most of their time waiting on Chromium, the console and the log server,
// the other suites on MariaDB, LMDB and child servers: two lanes at once fill the two cores this
// must fit on. Every suite makes its own databases, folders, ports and Redis prefixes, so the
// lanes never share state. The build is done above, so the browser lane skips turbo's `^build`.
log('tests of every workspace (the browser tests alongside the others)…');
const turboTest = ['turbo', 'run', 'test', '--output-logs=full'];
// Built just now, so the processes the tests start (servers, CLIs) run that build rather than
// compiling their sources again through tsx in each process (see @tagtime/server/testing).
await runTogether(
  [
    ['npx', [...turboTest, '--filter=@tagtime/e2e', '--only']],
    ['npx', [...turboTest, '--filter=!@tagtime/e2e', '--concurrency=1']],
  ],
  { TAGTIME_TESTS_USE_BUILD: '1' },
);
log('tests of the root scripts…');
run('npx', ['vitest', 'run', '--config', 'scripts/vitest.config.ts']);
log('all green.');
