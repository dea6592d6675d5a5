import type { JsonValue, RecordId } from '../records.js';
import type { DiagnosticCount } from './diagnostics.js';

/** An answer record as the kept state holds it: its id and what it said. */
export interface KeptAnswer extends RecordId {
  tags: string[];
  note?: string;
}

/**
 * What one ping keeps: the latest person's answer and the latest automatic answer still alive
 * (after the latest `delete-ping` of it), by merged order. A later record can only raise these
 * maxima, so two candidates and the delete point decide every future winner.
 */
export interface KeptPing {
  ping: number;
  human?: KeptAnswer;
  /** Only while it could still show: later than `human` in merged order, or no `human` kept. */
  auto?: KeptAnswer;
  /** The latest `delete-ping` of this ping: an answer before it never shows. */
  deleted?: RecordId;
}

export interface KeptRename extends RecordId {
  from: string;
  to: string;
}

export interface KeptTag extends RecordId {
  tag: string;
  category?: string;
  color?: string;
}

export interface KeptConfig extends RecordId {
  key: string;
  value: JsonValue;
}

/**
 * The whole of a `LogView`, as JSON. It grows with pings answered, tag records, config keys and
 * commands; errors and events only bump counts, and resends are told apart by `heads`, not by
 * keeping ids. Every list is in a fixed order, so two views of the same records give equal
 * states whatever the order the records arrived in.
 */
export interface LogViewState {
  v: 1;
  /** The zone diagnostics days were counted in. */
  timeZone: string;
  /** Records folded in. */
  size: number;
  /** Per device, the `t` of the last record folded in: anything at or below it is a resend. */
  heads: Record<string, number>;
  /** By ping time. */
  pings: KeptPing[];
  /** In merged order. */
  renames: KeptRename[];
  /** Every tag record, in merged order (a rename arriving late can still split two of them). */
  tags: KeptTag[];
  /** The latest record of each key, by key. */
  config: KeptConfig[];
  /** By device, kind and day. */
  diagnostics: DiagnosticCount[];
}

export const LOG_VIEW_STATE_VERSION = 1;

/**
 * What one stretch of `apply` changed in a view (`LogView.takeChanges`): enough to bring a
 * stored state up to date by writing only these entries, each whole, over the old ones. A store
 * that keeps the state as separate entries (one per ping, rename, tag, config key, count and
 * head) writes this after each batch, so its cost follows the batch, never the history.
 *
 * It has a state's fields, each holding only what changed: `size` is the view's size now,
 * `heads` the heads that moved with their new `t`, `pings` the slots touched as they are now,
 * `renames` and `tags` the records added, `config` the keys whose latest record changed and
 * `diagnostics` the counts that changed, with their totals now. A whole state is therefore also
 * a change (the one that writes all of it).
 */
export type LogViewChanges = LogViewState;

/** Refuses a value that is not a state this version reads (a newer version, or not one). */
export function checkLogViewState(state: unknown): asserts state is LogViewState {
  const v = (state as { v?: unknown } | null)?.v;
  if (v !== LOG_VIEW_STATE_VERSION) {
    throw new TypeError(
      `not a LogView state of version ${LOG_VIEW_STATE_VERSION} (v: ${JSON.stringify(v)})`,
    );
  }
  const s = state as unknown as Record<string, unknown>;
  for (const list of ['pings', 'renames', 'tags', 'config', 'diagnostics']) {
    if (!Array.isArray(s[list])) throw new TypeError(`LogView state: ${list} is not a list`);
  }
  if (typeof s.heads !== 'object' || s.heads === null || typeof s.timeZone !== 'string') {
    throw new TypeError('LogView state: heads or timeZone missing');
  }
}
