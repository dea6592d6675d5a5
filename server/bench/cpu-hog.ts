import { type ChildProcess, spawn } from 'node:child_process';
import { loadavg } from 'node:os';

/**
 * A spinning process. It checks ten times a second that the bench that started it still runs
 * (its parent id changes when the bench dies, even by SIGKILL, which leaves no chance to kill
 * it) and gives up after an hour whatever happens, so a hog never outlives its bench for long.
 */
const SPIN = `
const parent = process.ppid;
const until = Date.now() + 3600000;
for (;;) {
  const slice = Date.now() + 100;
  while (Date.now() < slice) {}
  if (process.ppid !== parent || Date.now() > until) process.exit(0);
}`;

/** How often the load average is read while waiting for it to rise. */
const POLL_MS = 2000;
/** How often spinners are added while the load stays below the target. */
const TOP_UP_MS = 30_000;

/** The 1-minute load average, as the bench prints it. */
export function load1(): number {
  return loadavg()[0] as number;
}

/**
 * Processes that keep the cores busy, so the bench can measure its rows at a load it chose (a
 * shared 2-core machine is rarely quiet and rarely loaded on demand). Stopped by pid, also when
 * the bench fails or is interrupted.
 */
export class CpuHog {
  private readonly children: ChildProcess[] = [];
  private readonly onExit = () => this.killAll();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.killAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  private constructor() {
    process.on('exit', this.onExit);
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  private add(spinners: number): void {
    for (let i = 0; i < spinners; i++) {
      const child = spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' });
      // A spinner that cannot start is an error of the bench, said where it happens.
      child.on('error', (error) => {
        throw new Error(`cpu hog: a spinner did not start: ${error.message}`);
      });
      this.children.push(child);
    }
  }

  /**
   * Starts `spinners` processes and waits until the 1-minute load average reaches `target`
   * (it follows the runnable processes with a time constant of a minute). While it stays below,
   * adds as many spinners as the load lacks every half minute, up to `maxSpinners` in all (other
   * work on the machine may stop meanwhile). Gives up waiting after `timeoutMs` and says so; the
   * hog stays on either way.
   */
  static async start(
    spinners: number,
    options: { target: number; maxSpinners: number; timeoutMs: number },
    say: (line: string) => void,
  ): Promise<CpuHog> {
    const { target, maxSpinners, timeoutMs } = options;
    if (!Number.isInteger(spinners) || spinners < 1 || spinners > maxSpinners) {
      throw new Error(
        `cpu hog: spinners must be an integer from 1 to ${maxSpinners}, not ${spinners}`,
      );
    }
    const hog = new CpuHog();
    hog.add(spinners);
    say(
      `cpu hog: ${spinners} spinning processes (pids ${hog.pids.join(', ')}), waiting for load ≥ ${target}`,
    );
    const start = performance.now();
    let checkedAt = start;
    while (load1() < target) {
      const now = performance.now();
      if (now - start >= timeoutMs) {
        say(
          `cpu hog: load ${load1().toFixed(1)} after ${Math.round(timeoutMs / 1000)} s, below ${target}; measuring anyway`,
        );
        return hog;
      }
      if (now - checkedAt >= TOP_UP_MS) {
        checkedAt = now;
        const more = Math.min(maxSpinners - hog.children.length, Math.ceil(target - load1()));
        if (more > 0) hog.add(more);
        say(
          `cpu hog: load ${load1().toFixed(1)} after ${Math.round((now - start) / 1000)} s, ${hog.children.length} spinners`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    say(
      `cpu hog: load ${load1().toFixed(1)} after ${Math.round((performance.now() - start) / 1000)} s, ${hog.children.length} spinners`,
    );
    return hog;
  }

  get pids(): number[] {
    return this.children.map((child) => child.pid as number);
  }

  /** Kills every spinner by its pid and waits until each is gone. */
  async stop(): Promise<void> {
    const gone = this.children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve();
          else child.once('exit', () => resolve());
        }),
    );
    this.killAll();
    await Promise.all(gone);
    process.off('exit', this.onExit);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  private killAll(): void {
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
}
