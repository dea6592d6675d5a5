// `npm test`: the whole suite from a fresh clone — install, lint, typecheck, every workspace's
// tests (unit, integration, browser), and the root scripts' own tests.
import { ensureDependencies, ensureTestPackages, log, run } from './bootstrap.mjs';

ensureDependencies();
ensureTestPackages();
log('making sure the database server is reachable…');
run('node', ['scripts/db-ensure.mjs']);
log('lint (biome)…');
run('npx', ['biome', 'check', '.']);
log('build + typecheck…');
run('npx', ['turbo', 'run', 'build', 'typecheck', '--output-logs=errors-only']);
log('tests of every workspace…');
run('npx', ['turbo', 'run', 'test', '--concurrency=1', '--output-logs=full']);
log('tests of the root scripts…');
run('npx', ['vitest', 'run', '--config', 'scripts/vitest.config.ts']);
log('all green.');
