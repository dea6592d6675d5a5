import {
  type Answer,
  changeEntries,
  type DiagnosticCount,
  type DiagnosticSpan,
  entriesTouchedBy,
  entryMeta,
  type KeptConfig,
  type KeptPing,
  type KeptRename,
  LOG_VIEW_STATE_VERSION,
  type LogRecord,
  LogView,
  type LogViewState,
  type StateEntry,
  type StateEntryKey,
  stateEntries,
  stateFromEntries,
} from '@tagtime/log';
import type { Schedule } from '@tagtime/ping';
import { unwrap } from 'idb';
import type { ReadableViewTable, ViewTable } from './schema.js';

// @tagtime/log's LogView kept in the `view` object store as its state's entries, updated in the
// same IndexedDB transaction as the records it folds (the CLI's LMDB KeptView, over IndexedDB):
// a write resumes a LogView from the entries its batch can touch plus the heads, applies the
// batch and writes what `takeChanges` says changed, so an answer costs what it touches, never
// the history, and two tabs writing at once are serialized by IndexedDB itself.

const DAY_MS = 86_400_000;

/** IndexedDB orders arrays after strings: `[kind, []]` is past every `[kind, <string>]`. */
const prefix = (kind: string) => IDBKeyRange.bound([kind], [kind, []]);

interface Part {
  heads: Record<string, number>;
  pings?: KeptPing[];
  renames?: KeptRename[];
  config?: KeptConfig[];
  diagnostics?: DiagnosticCount[];
}

async function meta(table: ReadableViewTable): Promise<{ timeZone: string; size: number }> {
  const found = entryMeta(await table.get(['meta']));
  // `IdbStore.open` writes one before anything else can run.
  if (!found) throw new Error('the browser store keeps no view of this version; open it again');
  return found;
}

async function resume(table: ReadableViewTable, part: Part): Promise<LogView> {
  const { timeZone, size } = await meta(table);
  return LogView.from({
    v: LOG_VIEW_STATE_VERSION,
    timeZone,
    size,
    heads: part.heads,
    pings: part.pings ?? [],
    renames: part.renames ?? [],
    tags: [],
    config: part.config ?? [],
    diagnostics: part.diagnostics ?? [],
  });
}

/** Per device, the `t` of the last record folded (anything at or below it is stored already). */
export async function keptHeads(table: ReadableViewTable): Promise<Record<string, number>> {
  const [keys, values] = await Promise.all([
    table.getAllKeys(prefix('head')),
    table.getAll(prefix('head')),
  ]);
  const heads: Record<string, number> = Object.create(null);
  keys.forEach((key, i) => {
    heads[key[1] as string] = values[i] as number;
  });
  return heads;
}

/** Writes an empty view when the table holds none of this version (a new or older store). */
export async function ensureView(table: ViewTable): Promise<boolean> {
  if (entryMeta(await table.get(['meta']))) return false;
  await table.clear();
  await putEntries(table, stateEntries(new LogView().state()));
  return true;
}

/**
 * Folds `records` in: call it inside the write transaction that stores them, with the heads as
 * `keptHeads` read them in that transaction. Each device's records must come after those folded
 * before (a record at or below its device's head is taken for a resend, as LogView takes it).
 */
export async function foldInto(
  table: ViewTable,
  records: readonly LogRecord[],
  heads: Record<string, number>,
): Promise<void> {
  if (records.length === 0) return;
  const touched = entriesTouchedBy(records);
  const [pings, config, counts] = await Promise.all([
    touchedSlots(table, touched.pings),
    Promise.all(touched.config.map((key) => table.get(['config', key]))),
    Promise.all(touched.diagnostics.map((span) => table.getAll(daysAround(span)))),
  ]);
  const view = await resume(table, {
    heads,
    pings,
    config: config.filter((entry) => entry !== undefined) as KeptConfig[],
    diagnostics: counts.flat() as DiagnosticCount[],
  });
  view.apply(records);
  await putEntries(table, changeEntries(view.takeChanges()));
}

/** Past this many pings, a batch's slots are read as one range instead of one by one. */
const RANGE_READ = 64;

/**
 * The kept slots of `pings`. A page of a sync answers pings in time order, so its slots lie in
 * one range: one `getAll` over it costs far less than thousands of `get`s (a first sync's pages
 * hold 5,000 answers each, mostly of pings with no slot yet).
 */
async function touchedSlots(table: ViewTable, pings: number[]): Promise<KeptPing[]> {
  if (pings.length <= RANGE_READ) {
    const slots = await Promise.all(pings.map((ping) => table.get(['ping', ping])));
    return slots.filter((slot) => slot !== undefined) as KeptPing[];
  }
  const wanted = new Set(pings);
  const range = IDBKeyRange.bound(['ping', Math.min(...pings)], ['ping', Math.max(...pings)]);
  return ((await table.getAll(range)) as KeptPing[]).filter((slot) => wanted.has(slot.ping));
}

/** Replaces the view with a fold of `records`, each device's in its order (a relabel). */
export async function refoldInto(table: ViewTable, records: Iterable<LogRecord>): Promise<void> {
  await table.clear();
  const view = new LogView();
  view.apply(records);
  await putEntries(table, stateEntries(view.state()));
}

/** Replaces the view with `state` (the server's, taken by a first sync). */
export async function replaceView(table: ViewTable, state: LogViewState): Promise<void> {
  await table.clear();
  await putEntries(table, stateEntries(state));
}

/** The whole state: a read of every entry (for a full view, not for an answer). */
export async function readState(table: ReadableViewTable): Promise<LogViewState> {
  const [keys, values] = await Promise.all([table.getAllKeys(), table.getAll()]);
  const state = stateFromEntries(
    keys.map((key, i): StateEntry => ({ key: key as StateEntryKey, value: values[i] })),
  );
  if (!state) throw new Error('the browser store keeps no view of this version; open it again');
  return state;
}

/** Shown answers of pings in `[from, to)`, by ping time: a read of those slots and the renames. */
export async function readAnswers(
  table: ReadableViewTable,
  from: number,
  to: number,
): Promise<Answer[]> {
  if (!(from < to)) return [];
  const [slots, renames] = await Promise.all([
    table.getAll(IDBKeyRange.bound(['ping', from], ['ping', to], false, true)),
    table.getAll(prefix('rename')),
  ]);
  const view = await resume(table, {
    heads: {},
    pings: slots as KeptPing[],
    renames: renames as KeptRename[],
  });
  return view.answers();
}

/** The user's schedule by LogView's rule (the `schedule` config if it names one). */
export async function readSchedule(table: ReadableViewTable): Promise<Schedule> {
  const kept = (await table.get(['config', 'schedule'])) as KeptConfig | undefined;
  return (await resume(table, { heads: {}, config: kept ? [kept] : [] })).schedule();
}

/** The kept config entry of `key`, if one was set. */
export async function readConfig(
  table: ReadableViewTable,
  key: string,
): Promise<KeptConfig | undefined> {
  return (await table.get(['config', key])) as KeptConfig | undefined;
}

/**
 * The counts of one device's errors or events on the days around `from`–`to` (ms). A day is the
 * view's zone's, at most 14 hours from UTC, so the UTC days from the one before to the one after
 * hold every day the records fall on; day keys (`YYYY-MM-DD`) sort as the days do.
 */
function daysAround(span: DiagnosticSpan): IDBKeyRange {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const { device, kind } = span;
  return IDBKeyRange.bound(
    ['diag', device, kind, day(span.from - DAY_MS)],
    ['diag', device, kind, day(span.to + 2 * DAY_MS)],
    false,
    true,
  );
}

/**
 * Puts the entries as plain requests (no promise each: a view taken whole is one per ping); a
 * failed one aborts the transaction, whose end the caller awaits.
 */
async function putEntries(table: ViewTable, entries: readonly StateEntry[]): Promise<void> {
  const raw = unwrap(table);
  for (const { key, value } of entries) raw.put(value, key as IDBValidKey);
}
