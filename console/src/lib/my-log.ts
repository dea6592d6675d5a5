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

/** Views kept in this process, most recently read last (each a few MB for a heavy user). */
const KEPT_VIEWS = 16;
/** Records a kept view catches up by pulling; further behind, the server's view is read whole. */
const CATCH_UP_PAGES = 3;
const CATCH_UP_PAGE = 1000;
const kept = new Map<string, LogView>();

function keep(userId: string, view: LogView): void {
  kept.delete(userId);
  kept.set(userId, view);
  if (kept.size > KEPT_VIEWS) kept.delete(kept.keys().next().value as string);
}

/** Forgets the views kept in this process (the next read of each is whole again). */
export function forgetKeptViews(): void {
  kept.clear();
}

/** Whether `view` holds every record up to `heads`. */
function holds(view: LogView, heads: Record<string, number>): boolean {
  const mine = view.heads();
  return Object.entries(heads).every(([device, t]) => (mine[device] ?? -1) >= t);
}

/**
 * Brings a kept view up to `heads` by pulling only the records after its own heads (what the
 * person answered since); false when that is more than a few pages (read the view whole).
 */
async function catchUp(api: SyncApi, view: LogView, heads: Record<string, number>) {
  for (let page = 0; page < CATCH_UP_PAGES && !holds(view, heads); page++) {
    const { records } = await api.getRecords(view.heads(), CATCH_UP_PAGE);
    if (records.length === 0) break;
    view.apply(records);
    // Nothing stores this view's changes: drop the record of them (it would only grow).
    view.takeChanges();
  }
  return holds(view, heads);
}

/**
 * The person's view — answers after renames and deletes, tags, config, schedule — as the log
 * server keeps it for them (`GET /v1/view`): one read, however long their history, never a
 * download and fold of the whole log. The view is then kept in this process and caught up with
 * what is new (a pull after its heads), so a visit costs what changed since the last one.
 * Undefined when they have no log at all. Reading needs the console device, made on first use.
 * The view is shared: callers read it and must not keep it across requests.
 */
export async function readMyView(user: User): Promise<LogView | undefined> {
  const heads = await fetchHeads(user.id);
  if (heads === undefined) {
    throw new LogServerError('unreachable', 'The log server cannot be reached just now.');
  }
  if (Object.keys(heads).length === 0) return undefined;
  try {
    const { api } = await consoleApi(user);
    let view = kept.get(user.id);
    if (!view || !(await catchUp(api, view, heads))) view = LogView.from(await api.getView());
    keep(user.id, view);
    return view.size === 0 ? undefined : view;
  } catch (error) {
    kept.delete(user.id);
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
