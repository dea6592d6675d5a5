import { type PullOptions, type PullProgress, SyncError } from '@tagtime/client';
import { type CliEnv, type Context, withContext } from '../context.js';
import { saveDeviceNames } from '../device-names.js';
import { failureContext, record } from '../diagnostics.js';
import { ProgressBar } from '../ui/progress.js';

/**
 * `syncRecorded`, and the names of the user's devices kept for `log` to show offline. The names
 * do not depend on the sync, so they are asked for at once, beside it, and kept once both are
 * done. A server without the devices list (older than this CLI) just leaves ids showing.
 */
export async function syncWithNames(ctx: Context, now: number, options: PullOptions = {}) {
  const listing = ctx.client.paired ? ctx.client.devices() : undefined;
  // Read below, after the sync; when the sync fails first, its error is the one to report.
  listing?.catch(() => undefined);
  const result = await syncRecorded(ctx, now, options);
  let devices: Awaited<NonNullable<typeof listing>> | undefined;
  try {
    devices = await listing;
  } catch (error) {
    if (error instanceof SyncError && error.status === 404) return result;
    throw error;
  }
  if (devices) await saveDeviceNames(ctx, devices);
  return result;
}

/** `tagtime sync`: push, then pull. Fails plainly when not paired or the server is unreachable. */
export async function syncCommand(env: CliEnv): Promise<void> {
  await withContext(env, async (ctx) => {
    const { settings } = ctx;
    const progress = pullProgress(ctx);
    const { push, pull } = await syncWithNames(ctx, env.now(), {
      onProgress: progress?.onProgress,
    });
    progress?.done();
    const already = push.duplicates > 0 ? ` (${push.duplicates} it had already)` : '';
    console.log(
      `sent ${push.sent} record${push.sent === 1 ? '' : 's'}${already} to ${settings.server}`,
    );
    console.log(
      `received ${pull.received} record${pull.received === 1 ? '' : 's'} of your other devices`,
    );
  });
}

/**
 * Push, then pull, and write down how it went: `sync-finished` with the counts, or `sync failed`
 * with the reason (then the error is thrown on). Not being paired is no failure of the device.
 */
export async function syncRecorded(ctx: Context, now: number, options: PullOptions = {}) {
  try {
    const result = await ctx.client.sync(options);
    const written = await record(ctx, now, {
      kind: 'event',
      name: 'sync-finished',
      data: { sent: result.push.sent, received: result.pull.received },
      repeats: true,
    });
    // The event itself goes out now, so a sync leaves nothing unsynced. Should this second push
    // fail, the event simply waits for the next one, like any record.
    if (written) await ctx.client.push().catch(() => undefined);
    return result;
  } catch (error) {
    if (!(error instanceof SyncError && error.code === 'not_paired')) {
      await record(ctx, now, {
        kind: 'error',
        message: `sync failed: ${error instanceof Error ? error.message : String(error)}`,
        context: failureContext(error),
      });
    }
    throw error;
  }
}

/**
 * A progress bar for the pull: pages come in merged order, so how far the last record received
 * reaches towards the newest head of the other devices is how far the pull has come. The heads
 * are asked for beside the push; the bar shows from the first page after they came. Should they
 * not come, there is just no bar: the sync itself reports a server it cannot reach.
 */
function pullProgress(
  ctx: Context,
): { onProgress: (p: PullProgress) => void; done: () => void } | undefined {
  if (!ctx.client.paired || !process.stderr.isTTY) return undefined;
  let end: number | undefined;
  ctx.client.heads().then(
    (heads) => {
      const others = Object.entries(heads).filter(([device]) => device !== ctx.client.device);
      if (others.length > 0) end = Math.max(...others.map(([, head]) => head));
    },
    () => undefined,
  );
  const bar = new ProgressBar('receiving records', 0);
  let shown = false;
  return {
    onProgress: (p) => {
      if (end === undefined || p.firstT === undefined || p.lastT === undefined) return;
      shown = true;
      const fraction = end > p.firstT ? (p.lastT - p.firstT) / (end - p.firstT) : 1;
      bar.show(fraction, `${p.received.toLocaleString('en')} records`, p.lastT >= end);
    },
    done: () => {
      if (shown) bar.done();
    },
  };
}
