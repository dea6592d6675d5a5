// Zero-dependency bootstrap shared by `npm start` and `npm test`: it must run on a fresh clone
// before anything is installed, so it may import only Node built-ins.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Environment for every child: no telemetry, no update nags. */
export const childEnv = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  npm_config_update_notifier: 'false',
};

export function log(message) {
  process.stdout.write(`\u001b[1m[tagtime]\u001b[0m ${message}\n`);
}

/** Runs a command in the repo root, inheriting stdio; exits the process on failure. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: childEnv,
    ...options,
  });
  if (result.error) {
    console.error(`[tagtime] could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`[tagtime] \`${[command, ...args].join(' ')}\` failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

/**
 * Calls `onLine` with each line a child writes to `stream`, the last one too when it ends
 * without a newline (a child's output arrives in chunks that split lines anywhere).
 */
export function eachLine(stream, onLine) {
  let pending = '';
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (pending !== '') onLine(pending);
    pending = '';
  });
}

/**
 * Runs several commands at once in the repo root, inheriting stdio (turbo prefixes each line with
 * its task), with `env` added to their environment; resolves once all have ended and exits the
 * process if any failed.
 */
export async function runTogether(commands, env = {}) {
  const results = await Promise.all(
    commands.map(
      ([command, args]) =>
        new Promise((resolve) => {
          const child = spawn(command, args, {
            cwd: root,
            stdio: 'inherit',
            env: { ...childEnv, ...env },
          });
          child.on('error', (error) => resolve({ command, args, error }));
          child.on('close', (status) => resolve({ command, args, status }));
        }),
    ),
  );
  const failed = results.filter((r) => r.error || r.status !== 0);
  for (const { command, args, error, status } of failed) {
    console.error(
      error
        ? `[tagtime] could not run ${command}: ${error.message}`
        : `[tagtime] \`${[command, ...args].join(' ')}\` failed (exit ${status}).`,
    );
  }
  if (failed.length > 0) process.exit(failed[0].status || 1);
}

/**
 * Whether each workspace command (`tagtime`) is linked in node_modules/.bin to its file. A
 * command built into dist/ (`tagtime-server-admin`) is skipped: npm links a bin only when its file
 * exists at install time, which for a build output it never does on a fresh clone, so reinstalling
 * could not link it either.
 */
function workspaceBinsLinked(lock) {
  const packages = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '' || path.startsWith('node_modules/') || !entry.bin) continue;
    for (const [name, file] of Object.entries(entry.bin)) {
      if (isBuildOutput(file)) continue;
      try {
        const linked = realpathSync(join(root, 'node_modules/.bin', name));
        if (linked !== realpathSync(join(root, path, file))) {
          return false;
        }
      } catch {
        return false;
      }
    }
  }
  return true;
}

function isBuildOutput(file) {
  return /^(\.\/)?dist\//.test(file);
}

/**
 * npm records what it installed in node_modules/.package-lock.json; when that is missing or
 * older than package-lock.json, the tree is stale and `npm ci` makes it match the lock exactly.
 */
export function dependenciesAreCurrent() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return false;
  if (!existsSync(lock)) return true;
  if (!workspaceBinsLinked(lock)) return false;
  if (statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return true;
  // A fresh checkout can give the lock a newer mtime than an install made from the same content.
  const want = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
  const have = JSON.parse(readFileSync(installed, 'utf8')).packages ?? {};
  return Object.entries(want).every(
    ([path, entry]) =>
      !path.startsWith('node_modules/') ||
      entry.link ||
      entry.optional ||
      have[path]?.version === entry.version,
  );
}

export function ensureDependencies() {
  if (dependenciesAreCurrent()) return;
  log('installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Debian's Chromium for the browser tests (Playwright's own browser download cannot work here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The Debian packages the tests drive: Chromium for the browser tests, tmux for the CLI's
 * terminal test, a C compiler for the server's fault library below LMDB. Installed with apt-get when missing and this is root on Debian; otherwise one
 * clear sentence and exit 1.
 */
export function ensureTestPackages() {
  const missing = [
    existsSync(join(root, 'e2e')) && !existsSync(CHROMIUM) && 'chromium',
    existsSync(join(root, 'packages/cli')) && !onPath('tmux') && 'tmux',
    existsSync(join(root, 'server')) && !onPath('cc') && 'gcc',
  ].filter(Boolean);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    const hint = missing.includes('chromium') ? ' or set CHROMIUM_PATH' : '';
    console.error(
      `[tagtime] The tests need ${missing.join(' and ')}: install with apt-get install ${missing.join(' ')}${hint}.`,
    );
    process.exit(1);
  }
  log(`installing ${missing.join(' and ')} for the tests (apt-get)…`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing], {
    env: { ...childEnv, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function onPath(command) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, command)));
}
