// The busy machine the bench measures beside: processes spinning on the CPU, started here and
// ended by pid (never by name), also when the bench fails or is interrupted.
import { type ChildProcess, spawn } from 'node:child_process';
import { load1, loadText } from './measure.js';

/**
 * Spinning processes: at least `MIN_HOGS`, and two more every 10 s while the load average is
 * under `BUSY_LOAD`, up to `MAX_HOGS` (the machine is shared: others' load counts too, and a
 * load far past the mark only times requests out).
 */
const MIN_HOGS = Number(process.env.BENCH_HOGS ?? 2);
const MAX_HOGS = Math.max(MIN_HOGS, Number(process.env.BENCH_MAX_HOGS ?? 12));
/** The load average the busy rows wait for. */
export const BUSY_LOAD = Number(process.env.BENCH_BUSY_LOAD ?? 8);
/** How long to wait for it before measuring anyway (the rows then show the load they had). */
const WAIT_MS = Number(process.env.BENCH_BUSY_WAIT_MS ?? 180_000);

const running = new Set<ChildProcess>();

function stopAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

process.once('exit', stopAll);
process.once('SIGINT', () => {
  stopAll();
  process.exit(130);
});

/**
 * Starts the hog, waits until the load average reaches `BUSY_LOAD` (or `WAIT_MS` passed), runs
 * `task`, and stops the hog again, whatever `task` did.
 */
export async function whileBusy<T>(task: () => Promise<T>): Promise<T> {
  const started: ChildProcess[] = [];
  const spin = (n: number) => {
    for (let i = 0; i < n && started.length < MAX_HOGS; i++) {
      const child = spawn('/bin/sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
      running.add(child);
      started.push(child);
    }
  };
  try {
    spin(MIN_HOGS);
    const deadline = Date.now() + WAIT_MS;
    while (load1() < BUSY_LOAD && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      if (load1() < BUSY_LOAD) spin(2);
    }
    console.log(`\n— the hog: ${started.length} spinning processes, load average ${loadText()} —`);
    return await task();
  } finally {
    for (const child of started) {
      child.kill('SIGKILL');
      running.delete(child);
    }
  }
}
