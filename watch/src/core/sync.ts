import type { LogRecord } from '@tagtime/log/compact';
import { makePages } from './pages.js';
import {
  asProtocolError,
  isProtocolError,
  PROTOCOL_VERSION,
  type PullAnswer,
  type PushAnswer,
  type Refusal,
} from './protocol.js';
import type { WatchApp } from './watch-app.js';

export interface SyncOutcome {
  ok: boolean;
  /** Records the server now has that it did not before this sync. */
  sent: number;
  /** Requests made (push pages + the pull). */
  messages: number;
  /** Records the server refused, moved to the quarantine file. */
  setAside: number;
  error?: string;
}

/** The refusals an answer names that belong to the page (anything else is ignored). */
function refusalsOf(answer: PushAnswer, page: readonly LogRecord[]): Refusal[] {
  if (!Array.isArray(answer?.refused)) return [];
  const times = new Set(page.map((r) => r.t));
  return answer.refused.filter(
    (r) => typeof r?.t === 'number' && times.has(r.t) && typeof r.reason === 'string',
  );
}

/**
 * Sends the unacknowledged records page by page, dropping each acknowledged prefix from the
 * file and setting aside what the server refused, then pulls the tag ranking and settings. Every
 * answer's time corrects the watch's clock.
 */
export async function runSync(app: WatchApp): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { ok: false, sent: 0, messages: 0, setAside: 0 };
  const pending = app.state.pendingSyncEvent;
  if (pending) {
    app.append([{ kind: 'event', body: { name: 'sync', data: pending } }]);
    app.state.pendingSyncEvent = null;
    app.save();
  }
  const ask = async (method: string, params: object): Promise<unknown> => {
    outcome.messages++;
    const sentAt = app.ports.now();
    const answer = await app.ports.request(method, { v: PROTOCOL_VERSION, ...params });
    app.takePhoneTime((answer as { now?: unknown } | undefined)?.now, sentAt, app.ports.now());
    return answer;
  };
  const setAside: LogRecord[] = [];
  let reason = '';
  let reported = 0;
  const pushPages = async (): Promise<void> => {
    const unacked = app.log.unacked();
    for (const page of makePages(unacked)) {
      const records = unacked.filter((r) => r.t >= page.first && r.t <= page.last);
      const answer = (await ask('push', {
        page: page.base64,
        count: page.count,
        more: page.more,
      })) as PushAnswer;
      const refused = refusalsOf(answer, records);
      const gone = new Set(refused.map((r) => r.t));
      const kept = records.filter((r) => !gone.has(r.t));
      const lastKept = kept[kept.length - 1]?.t;
      if (
        lastKept !== undefined &&
        (typeof answer?.acked !== 'number' || answer.acked < lastKept)
      ) {
        throw {
          code: 'rejected',
          message: `the phone stored only part of a page (${answer?.acked})`,
        };
      }
      // Before acknowledging: a refused record before `acked` would otherwise be compacted away.
      if (refused.length > 0) {
        setAside.push(...app.setAside(refused));
        reason ||= (refused[0] as Refusal).reason;
      }
      outcome.sent += answer.accepted;
      if (typeof answer.acked === 'number') app.acknowledge(answer.acked);
    }
  };
  const report = () => {
    app.reportSyncChanges(setAside.slice(reported), reason);
    reported = setAside.length;
    outcome.setAside = setAside.length;
  };
  try {
    await pushPages();
    report();
    // The error record and clock event just written go in this sync too, at the phone's time.
    if (app.unsynced() > 0) {
      await pushPages();
      report();
    }
    const pulled = (await ask('pull', {
      unsynced: app.unsynced(),
      acked: app.state.acked,
    })) as PullAnswer;
    app.state.snapshot = pulled.snapshot;
    app.state.snapshotAcked = app.state.acked;
    app.state.config = pulled.config;
    app.state.device = pulled.device;
    app.state.lastSync = app.now();
    app.state.syncError = null;
    outcome.ok = true;
    app.state.pendingSyncEvent = { ok: true, sent: outcome.sent, messages: outcome.messages };
    app.save();
    app.rearm(); // the schedule or quiet hours may have changed
  } catch (error) {
    const problem = isProtocolError(error) ? error : asProtocolError(error);
    outcome.error = problem.message;
    const repeated = app.state.syncError?.code === problem.code;
    app.state.syncError = { code: problem.code, message: problem.message, at: app.now() };
    // The same failure again (offline all day) is written once, not at every wake-up.
    if (!repeated) app.state.pendingSyncEvent = { ok: false, code: problem.code };
    app.save();
  }
  report();
  return outcome;
}
