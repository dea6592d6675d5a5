import { OfflineError, SyncError } from '@tagtime/client';
import pc from 'picocolors';
import { type CliEnv, withContext } from '../context.js';
import { describeError } from '../errors.js';
import { UNPAIRED_DEVICE } from '../home.js';
import type { UnsyncedCounts } from '../store/lmdb-store.js';
import { deviceColor, formatPingTime } from '../ui/format.js';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** `2 answers, 1 diagnostic (errors and events)`: what a sync would send, answers apart. */
function unsyncedLine({ answers, diagnostics, other }: UnsyncedCounts): string {
  const parts = [count(answers, 'answer', 'answers')];
  if (other > 0) parts.push(count(other, 'other record', 'other records'));
  parts.push(`${count(diagnostics, 'diagnostic', 'diagnostics')} (errors and events)`);
  return parts.join(', ');
}

/** `tagtime status`: this device, unsynced records, local and server heads, reachability. */
export async function statusCommand(env: CliEnv): Promise<void> {
  await withContext(env, async ({ client, settings, store }) => {
    const local = await client.localStatus();
    const paired = client.paired;
    console.log(
      paired
        ? `device   ${settings.device} ("${settings.name ?? ''}") on ${settings.server}`
        : `device   not paired (records are kept as "${UNPAIRED_DEVICE}" until \`tagtime pair <code>\`)`,
    );
    console.log(`home     ${env.home}`);
    console.log(`unsynced ${unsyncedLine(store.unackedByKind())}`);
    let remote: Record<string, number> | undefined;
    if (paired) {
      try {
        remote = await client.heads();
        console.log(`server   ${pc.green('reachable')}`);
      } catch (error) {
        if (error instanceof SyncError && error.status === 401) {
          console.log(
            `server   ${pc.red('refuses this device')}: ${describeError(error, env.home)}`,
          );
        } else if (error instanceof OfflineError) {
          console.log(`server   ${pc.red('unreachable')}: ${error.message}`);
        } else throw error;
      }
    }
    const devices = [
      ...new Set([...Object.keys(local.heads), ...Object.keys(remote ?? {})]),
    ].sort();
    if (devices.length === 0) return;
    const when = (t: number | undefined) =>
      t === undefined ? '-' : formatPingTime(Math.floor(t / 1000));
    console.log("heads    (time of each log's last record: here / on the server)");
    for (const device of devices) {
      const here = local.heads[device];
      const there = remote?.[device];
      const behind = there !== undefined && (here === undefined || here < there);
      const mark = remote === undefined ? '' : behind ? pc.yellow(' (newer on the server)') : '';
      const server = remote ? when(there) : '?';
      console.log(`         ${deviceColor(device)(device)}  ${when(here)} / ${server}${mark}`);
    }
  });
}
