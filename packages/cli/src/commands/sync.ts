import { type CliEnv, withContext } from '../context.js';
import { refreshDeviceNames } from '../device-names.js';

/** `tagtime sync`: push, then pull. Fails plainly when not paired or the server is unreachable. */
export async function syncCommand(env: CliEnv): Promise<void> {
  await withContext(env, async (ctx) => {
    const { client, settings } = ctx;
    const { push, pull } = await client.sync();
    await refreshDeviceNames(ctx);
    const already = push.duplicates > 0 ? ` (${push.duplicates} it had already)` : '';
    console.log(
      `sent ${push.sent} record${push.sent === 1 ? '' : 's'}${already} to ${settings.server}`,
    );
    console.log(
      `received ${pull.received} record${pull.received === 1 ? '' : 's'} of your other devices`,
    );
  });
}
