import { type SyncApi, SyncError } from '@tagtime/client';
import { type LogRecord, MAX_FUTURE_MS, validateRecord } from '@tagtime/log';
import type { Refusal } from '../core/protocol.js';
import type { SideStore } from './side-store.js';

export interface Relayed {
  /** `t` of the last own record the server has stored, or null. */
  acked: number | null;
  accepted: number;
  duplicates: number;
  refused: Refusal[];
}

/**
 * Statuses of `POST /v1/records` that refuse the records themselves (invalid, too large, not
 * this device's, before the log's head): sending them again can never succeed. Anything else
 * (offline, 401, 429, 5xx) is a failure of the moment and leaves the records to a later sync.
 */
const REFUSING = new Set([400, 403, 409, 413]);

/** The record a refusal of `POST /v1/records` names: its message says `records[i]`. */
export function refusedIndex(error: unknown): number | undefined {
  if (!(error instanceof SyncError) || !REFUSING.has(error.status)) return undefined;
  if (error.code === 'forbidden' && !/records\[\d+\]\.device/.test(error.message)) return undefined;
  const match = /records\[(\d+)\]/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

/** The server's sentence without the client's `POST /v1/records failed (409): ` prefix. */
function reasonOf(error: SyncError): string {
  return error.message.replace(/^POST \/v1\/records failed \(\d+\): /, '');
}

/**
 * Carries one page of the watch's records (stamped with the paired device id) to the server and
 * keeps in the phone's copy only what the server stored. A record the server can never take —
 * invalid, far in the future by the phone's clock, behind the log's head — is handed back as
 * refused instead of blocking every later record: the phone refuses what it can tell itself,
 * and a batch the server refuses for one named record is sent again without it (the server
 * stores a batch all or none).
 */
export async function relayPage(
  store: SideStore,
  api: SyncApi,
  page: readonly LogRecord[],
  now: number,
): Promise<Relayed> {
  const refused: Refusal[] = [];
  const fresh: LogRecord[] = [];
  const json: string[] = [];
  let last = (await store.lastOwnTime()) ?? Number.NEGATIVE_INFINITY;
  for (const [i, record] of page.entries()) {
    // A page sent again after a lost answer: what the phone has already is not sent twice.
    if (record.t <= last && store.ownAt(record.t)) continue;
    const checked = validateRecord(record, i, { now });
    if (record.t > now + MAX_FUTURE_MS) {
      // In words for the watch's screen; the validator's sentence names raw times.
      const hours = Math.round((record.t - now) / 3_600_000);
      refused.push({
        t: record.t,
        reason: `written ${hours} h ahead of the phone's clock (the server takes at most ${MAX_FUTURE_MS / 3_600_000} h); check the device's clock`,
      });
    } else if (!checked.ok) {
      refused.push({ t: record.t, reason: checked.error.message });
    } else if (record.t <= last) {
      refused.push({
        t: record.t,
        reason: `t ${record.t} is before the server's last record of this watch (${last})`,
      });
    } else {
      fresh.push(checked.record);
      json.push(checked.json);
      last = record.t;
    }
  }
  let accepted = 0;
  let duplicates = 0;
  while (fresh.length > 0) {
    try {
      const answer = await api.postRecordsJson(json);
      const newest = (fresh[fresh.length - 1] as LogRecord).t;
      if (typeof answer.head !== 'number' || answer.head < newest) {
        throw new SyncError(
          `the server answered head ${answer.head} after storing records up to ${newest}`,
          0,
          'bad_response',
        );
      }
      store.appendAcked(fresh);
      accepted = answer.accepted;
      duplicates = answer.duplicates;
      break;
    } catch (error) {
      const index = refusedIndex(error);
      const record = index === undefined ? undefined : fresh[index];
      if (!record) throw error;
      refused.push({ t: record.t, reason: reasonOf(error as SyncError) });
      fresh.splice(index as number, 1);
      json.splice(index as number, 1);
    }
  }
  refused.sort((a, b) => a.t - b.t);
  return { acked: (await store.acked()) ?? null, accepted, duplicates, refused };
}
