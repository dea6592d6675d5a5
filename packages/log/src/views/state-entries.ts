import { compareRecords } from '../order.js';
import type { DiagnosticCount } from './diagnostics.js';
import {
  checkLogViewState,
  type KeptConfig,
  type KeptPing,
  type KeptRename,
  type KeptTag,
  LOG_VIEW_STATE_VERSION,
  type LogViewChanges,
  type LogViewState,
} from './view-state.js';

/**
 * A `LogViewState` as separate key–value entries, for a store that keeps it beside the records
 * in an ordered key–value store (LMDB): one entry per ping slot, rename, tag record, config key,
 * count and head, plus one `meta` entry. A batch of records then rewrites only the entries it
 * changed (`changeEntries`), and reading the state back is one range scan (`stateFromEntries`).
 * Keys are arrays of strings and numbers; a store prefixes them as it needs (a user id).
 */
export type StateEntryKey =
  | ['meta']
  | ['head', string]
  | ['ping', number]
  | ['rename', number, string]
  | ['tag', number, string]
  | ['config', string]
  | ['diag', string, string, string];

export interface StateEntry {
  key: StateEntryKey;
  value: unknown;
}

interface Meta {
  v: number;
  timeZone: string;
  size: number;
}

/** The entries to write for `changes` (each replaces the entry under its key). */
export function changeEntries(changes: LogViewChanges): StateEntry[] {
  const meta: Meta = { v: changes.v, timeZone: changes.timeZone, size: changes.size };
  const entries: StateEntry[] = [{ key: ['meta'], value: meta }];
  for (const [device, t] of Object.entries(changes.heads)) {
    entries.push({ key: ['head', device], value: t });
  }
  for (const slot of changes.pings) entries.push({ key: ['ping', slot.ping], value: slot });
  for (const r of changes.renames) entries.push({ key: ['rename', r.t, r.device], value: r });
  for (const tag of changes.tags) entries.push({ key: ['tag', tag.t, tag.device], value: tag });
  for (const c of changes.config) entries.push({ key: ['config', c.key], value: c });
  for (const d of changes.diagnostics) {
    entries.push({ key: ['diag', d.device, d.kind, d.day], value: d });
  }
  return entries;
}

/** The entries of a whole state (for writing one at once, e.g. after a refold). */
export function stateEntries(state: LogViewState): StateEntry[] {
  return changeEntries(state);
}

/** The meta entry's version and size, or undefined when `value` is not one this version wrote. */
export function entryMeta(value: unknown): Meta | undefined {
  const meta = value as Partial<Meta> | null | undefined;
  if (meta?.v !== LOG_VIEW_STATE_VERSION || typeof meta.size !== 'number') return undefined;
  if (typeof meta.timeZone !== 'string') return undefined;
  return meta as Meta;
}

/**
 * Puts a state back together from its entries, in any order. Undefined when there is no `meta`
 * entry of this version (nothing kept yet, or kept by another version: refold the records).
 */
export function stateFromEntries(entries: Iterable<StateEntry>): LogViewState | undefined {
  let meta: Meta | undefined;
  const heads: Record<string, number> = Object.create(null);
  // Every kind but meta and head is a list of its values, each kept whole.
  const lists = {
    ping: [] as KeptPing[],
    rename: [] as KeptRename[],
    tag: [] as KeptTag[],
    config: [] as KeptConfig[],
    diag: [] as DiagnosticCount[],
  };
  for (const { key, value } of entries) {
    if (key[0] === 'meta') {
      meta = entryMeta(value);
      if (!meta) return undefined;
    } else if (key[0] === 'head') {
      heads[key[1]] = value as number;
    } else {
      // A kind this version does not know (a newer writer's) is passed over, as before its meta.
      (lists as Record<string, unknown[] | undefined>)[key[0]]?.push(value);
    }
  }
  if (!meta) return undefined;
  // The lists in the orders `LogView.state()` gives, so a state read back equals the view's.
  const sortedHeads: Record<string, number> = Object.create(null);
  for (const device of Object.keys(heads).sort()) sortedHeads[device] = heads[device] as number;
  const state: LogViewState = {
    v: LOG_VIEW_STATE_VERSION,
    timeZone: meta.timeZone,
    size: meta.size,
    heads: sortedHeads,
    pings: lists.ping.sort((a, b) => a.ping - b.ping),
    renames: lists.rename.sort(compareRecords),
    tags: lists.tag.sort(compareRecords),
    config: lists.config.sort((a, b) => cmp(a.key, b.key)),
    diagnostics: lists.diag.sort(
      (a, b) => cmp(a.device, b.device) || cmp(a.kind, b.kind) || cmp(a.day, b.day),
    ),
  };
  checkLogViewState(state);
  return state;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
