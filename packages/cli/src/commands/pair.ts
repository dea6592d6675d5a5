import { hostname } from 'node:os';
import { OfflineError, SyncApi } from '@tagtime/client';
import { type CliEnv, withContext } from '../context.js';
import { writeSettings } from '../home.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:8787';

/** `tagtime pair <code>`: exchanges a console pairing code for this machine's device token. */
export async function pairCommand(
  env: CliEnv,
  code: string,
  options: { server?: string; name?: string },
): Promise<void> {
  await withContext(env, async ({ settings, store }) => {
    if (settings.device && settings.token && (await store.acked()) !== undefined) {
      throw new Error(
        `this machine is already paired as device ${settings.device} with ${settings.server} and has synced; ` +
          'to pair it again as a new device, move the folder ' +
          `${env.home} away (its records stay on the server)`,
      );
    }
    const server =
      options.server ?? process.env.TAGTIME_SERVER ?? settings.server ?? DEFAULT_SERVER;
    const name = options.name ?? hostname();
    let answer: { device: string; token: string };
    try {
      answer = await new SyncApi(server, undefined).pair(code, name, 'cli');
    } catch (error) {
      if (error instanceof OfflineError) {
        throw new Error(`${error.message}; pairing needs the server — nothing was changed`);
      }
      throw error;
    }
    // Records answered before pairing were never sent: they become the new device's records.
    const relabelled = await store.relabelOwn(answer.device);
    await writeSettings(env.home, { server, device: answer.device, token: answer.token, name });
    console.log(`paired as device ${answer.device} ("${name}") with ${server}`);
    if (relabelled > 0) {
      console.log(
        `${relabelled} record${relabelled === 1 ? '' : 's'} made before pairing will go out with \`tagtime sync\``,
      );
    }
  });
}
