import 'server-only';
import { createHmac } from 'node:crypto';
import { OfflineError, SyncApi, SyncError } from '@tagtime/client';
import { DEVICE_TOKEN_PREFIX, ensureConsoleDevice, type User } from '@tagtime/db';
import { DeviceClock, LIMITS, LogView, type RecordDraft, stampTimes } from '@tagtime/log';
import { db } from './db';
import { budgetedFetch, fetchHeads, LogServerError, logServerConfig } from './log-server';
import { consoleSecret } from './secret';

/**
 * A person's own log, read and written by the console as their `web`-kind console device
 * (@tagtime/db ensureConsoleDevice): through the sync protocol like any device, so what the
 * console writes — tag renames, deleted answers, imported answers — is a command or an answer
 * in the log, never an edit. The device's token is derived from the console's secret, so no
 * token is stored anywhere.
 */
function consoleDeviceToken(deviceId: string): string {
  const mac = createHmac('sha256', consoleSecret()).update(`console-device:${deviceId}`);
  return `${DEVICE_TOKEN_PREFIX}${mac.digest('base64url')}`;
}

async function consoleApi(user: User): Promise<{ api: SyncApi; deviceId: string }> {
  const { device, token } = await ensureConsoleDevice(db(), {
    userId: user.id,
    tokenFor: consoleDeviceToken,
  });
  return { api: new SyncApi(logServerConfig().url, token, budgetedFetch), deviceId: device.id };
}

/** A sync error as the log server problem it is (so pages say which). */
function asLogServerError(error: unknown): unknown {
  if (error instanceof OfflineError) {
    return new LogServerError('unreachable', `The log server cannot be reached: ${error.message}`);
  }
  if (!(error instanceof SyncError)) return error;
  const { status } = error;
  if (status === 401 || status === 403) {
    return new LogServerError(
      'refused',
      `The log server refuses the console: ${error.message}`,
      status,
    );
  }
  if (status >= 400 && status < 500) return new LogServerError('rejected', error.message, status);
  return new LogServerError('failed', error.message, status);
}

/**
 * The person's view — answers after renames and deletes, tags, config, schedule — as the log
 * server keeps it for them (`GET /v1/view`): one read, however long their history, never a
 * download and fold of the whole log. Undefined when they have no log at all. Reading needs
 * the console device, which is made on first use.
 */
export async function readMyView(user: User): Promise<LogView | undefined> {
  const heads = await fetchHeads(user.id);
  if (heads === undefined) {
    throw new LogServerError('unreachable', 'The log server cannot be reached just now.');
  }
  if (Object.keys(heads).length === 0) return undefined;
  try {
    const { api } = await consoleApi(user);
    const view = LogView.from(await api.getView());
    return view.size === 0 ? undefined : view;
  } catch (error) {
    throw asLogServerError(error);
  }
}

/**
 * Appends records to the person's console device log, in batches the protocol allows, stamped
 * after the log's head; `progress` hears how many are stored so far.
 */
export async function appendAsConsole(
  user: User,
  drafts: readonly RecordDraft[],
  progress?: (stored: number) => void,
): Promise<{ accepted: number; deviceId: string }> {
  try {
    const { api, deviceId } = await consoleApi(user);
    const clock = new DeviceClock((await api.getHeads())[deviceId]);
    let accepted = 0;
    const step = Math.min(500, LIMITS.batchRecords);
    for (let i = 0; i < drafts.length; i += step) {
      const records = stampTimes(clock, deviceId, drafts.slice(i, i + step));
      accepted += (await api.postRecords(records)).accepted;
      progress?.(Math.min(drafts.length, i + step));
    }
    return { accepted, deviceId };
  } catch (error) {
    throw asLogServerError(error);
  }
}
