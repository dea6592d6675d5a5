// Long steps of `npm start` (the build) say what they are doing: each turbo task as it starts,
// the tools' own progress lines, and, when a step is silent, how long it has run so far.
import { spawn } from 'node:child_process';
import { childEnv, eachLine, log, root } from './bootstrap.mjs';

/** `1m05s` / `12s`. */
export function elapsed(ms) {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/** turbo prefixes each task's output with `package:task: `. */
const TASK_LINE = /^(@?[\w./-]+:[\w:-]+): (.*)$/;

/**
 * Runs `command` in the repo root, relaying its output, and prints a line after each
 * `quietMs` of silence naming the tasks heard from last and the time so far. Resolves when it
 * succeeds; on failure it says which step failed and exits the process with its code.
 */
export function runWithProgress(label, command, args, options = {}) {
  const quietMs = options.quietMs ?? 15_000;
  const out = options.out ?? process.stdout;
  const started = Date.now();
  /** Tasks that have written something, latest last: what the silence is most likely in. */
  const seen = new Set();
  let lastOutput = Date.now();
  log(`${label}…`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: { ...childEnv, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const relay = (line) => {
      const task = TASK_LINE.exec(line)?.[1];
      if (task) {
        seen.delete(task);
        seen.add(task);
      }
      if (line.trim() === '') return;
      lastOutput = Date.now();
      out.write(`  ${line}\n`);
    };
    eachLine(child.stdout, relay);
    eachLine(child.stderr, relay);
    const timer = setInterval(
      () => {
        if (Date.now() - lastOutput < quietMs) return;
        lastOutput = Date.now();
        const tasks = [...seen].slice(-3).join(', ');
        out.write(
          `  … ${label}: ${elapsed(Date.now() - started)} so far${tasks ? ` (${tasks})` : ''}\n`,
        );
      },
      Math.min(quietMs, 1000),
    );
    child.on('error', (error) => {
      clearInterval(timer);
      console.error(`[tagtime] could not run ${command}: ${error.message}`);
      process.exit(1);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      if (code === 0) {
        log(`${label}: done in ${elapsed(Date.now() - started)}.`);
        resolve();
        return;
      }
      console.error(
        `[tagtime] ${label} failed after ${elapsed(Date.now() - started)} (\`${[command, ...args].join(' ')}\`, ${signal ?? `exit ${code}`}).`,
      );
      process.exit(code ?? 1);
    });
  });
}
