import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory; look in the next
    }
  }
  return false;
}

/** Rings the terminal bell and, where `notify-send` exists, shows a desktop notification. */
export function ring(message: string, out: NodeJS.WriteStream = process.stdout): void {
  out.write('\u0007');
  if (process.env.TAGTIME_NO_NOTIFY || !onPath('notify-send')) return;
  const child = spawn('notify-send', ['TagTime', message], { stdio: 'ignore', detached: true });
  // A missing notification daemon must not stop the pinger; the bell has rung already.
  child.on('error', () => undefined);
  child.unref();
}
