import { hostname } from 'node:os';
import { OfflineError, SyncApi, SyncError } from '@tagtime/client';
import { type CliEnv, withContext } from '../context.js';
import { DEFAULT_SERVER, writeSettings } from '../home.js';

export interface PairOptions {
  server?: string;
  name?: string;
  /** With `token`: a device created elsewhere (e.g. `tagtime-server-admin create-device`). */
  device?: string;
  token?: string;
}

/** Asks the server for the pairing: by code, or by checking a device token given directly. */
async function obtainDevice(
  server: string,
  code: string | undefined,
  name: string,
  options: PairOptions,
): Promise<{ device: string; token: string; name: string }> {
  if (options.token !== undefined || options.device !== undefined) {
    if (!options.token || !options.device || code !== undefined) {
      throw new Error(
        'pair either with a <code>, or with both --device and --token (not both ways)',
      );
    }
    const api = new SyncApi(server, options.token);
    // An authenticated call: a wrong token is refused here, not at the first sync.
    const devices = await api.getDevices().catch((error: unknown) => {
      if (error instanceof SyncError && error.status === 401) {
        throw new Error(
          `${server} refused that device token; check it against what create-device printed (nothing was changed)`,
        );
      }
      throw error;
    });
    const known = devices.find((d) => d.self);
    if (!known || known.id !== options.device) {
      throw new Error(
        `that token is not device ${options.device}'s; check both against what create-device printed (nothing was changed)`,
      );
    }
    // The name given here is the device's name everywhere (console, other devices' listings).
    if (options.name !== undefined && options.name !== known.name) {
      await api.renameSelf(options.name);
      return { device: known.id, token: options.token, name: options.name };
    }
    return { device: known.id, token: options.token, name: known.name };
  }
  if (code === undefined) {
    throw new Error('give the pairing code shown in the console: tagtime pair <code>');
  }
  return { ...(await new SyncApi(server, undefined).pair(code, name, 'cli')), name };
}

/**
 * `tagtime pair <code>`: exchanges a console pairing code for this machine's device token (or
 * takes a device id and token made by the server's admin CLI).
 */
export async function pairCommand(
  env: CliEnv,
  code: string | undefined,
  options: PairOptions,
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
    let answer: { device: string; token: string; name: string };
    try {
      answer = await obtainDevice(server, code, options.name ?? hostname(), options);
    } catch (error) {
      if (error instanceof OfflineError) {
        throw new Error(`${error.message}; pairing needs the server — nothing was changed`);
      }
      throw error;
    }
    // Records answered before pairing were never sent: they become the new device's records.
    const relabelled = await store.relabelOwn(answer.device);
    const { device, token, name } = answer;
    await writeSettings(env.home, { server, device, token, name });
    console.log(`paired as device ${device} ("${name}") with ${server}`);
    if (relabelled > 0) {
      console.log(
        `${relabelled} record${relabelled === 1 ? '' : 's'} made before pairing will go out with \`tagtime sync\``,
      );
    }
  });
}
