import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** A detached tmux session: a real terminal the test types into and reads from, as a user would. */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static async start(name: string, command: string, cwd: string): Promise<TmuxSession> {
    await exec('tmux', [
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      '120',
      '-y',
      '40',
      '-c',
      cwd,
      command,
    ]);
    // Keep the pane after the program exits, so its last words can still be read.
    await exec('tmux', ['set-option', '-t', name, 'remain-on-exit', 'on']);
    return new TmuxSession(name);
  }

  async screen(): Promise<string> {
    const { stdout } = await exec('tmux', [
      'capture-pane',
      '-p',
      '-J',
      '-S',
      '-200',
      '-t',
      this.name,
    ]);
    return stdout;
  }

  /** Types keys; tmux key names (`Enter`, `Tab`, `C-c`) are sent as keys, other text literally. */
  async type(...keys: string[]): Promise<void> {
    for (const key of keys) {
      const named = /^(Enter|Tab|C-[a-z]|Escape)$/.test(key);
      await exec('tmux', ['send-keys', '-t', this.name, ...(named ? [] : ['-l']), key]);
    }
  }

  /** Waits until the screen contains `text` (or matches it); fails with the screen after `ms`. */
  async waitFor(text: string | RegExp, ms = 30_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const screen = await this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`the terminal never showed ${String(text)}; it shows:\n${screen}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async kill(): Promise<void> {
    await exec('tmux', ['kill-session', '-t', this.name]).catch(() => undefined);
  }
}
