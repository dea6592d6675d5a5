import { type Cursor, compareRecords, type LogRecord, type LogViewState } from '@tagtime/log';
import type { IDBPTransaction } from 'idb';
import { foldInto, keptHeads, refoldInto, replaceView } from './kept-view.js';
import { LAGS, type WebStoreSchema } from './schema.js';

// A first sync takes the server's kept view (GET /v1/view) instead of folding every record it
// pulls, as the CLI's store does: what the store checks before it takes one, and what it folds
// in after it.

const CURSOR = 'cursor';

type Tx = IDBPTransaction<WebStoreSchema, ('own' | 'replica' | 'meta' | 'view')[], 'readwrite'>;

const parse = (json: string) => JSON.parse(json) as LogRecord;

/**
 * Ends the lag: takes `state` (the server's view, days in UTC as this one counts them) if the
 * store holds every record it was folded from, and folds in the records held after its heads;
 * otherwise (no state, or one ahead of the records) folds every record. Run in one transaction
 * over every table, so the view and the records never part.
 */
export async function takeState(tx: Tx, state: LogViewState | undefined): Promise<boolean> {
  const own = await ownDevice(tx);
  if (state?.timeZone !== 'UTC' || !(await holdsHeads(tx, state, own))) {
    await refoldAll(tx);
    return false;
  }
  const view = tx.objectStore('view');
  await replaceView(view, state);
  const cursor = ((await tx.objectStore('meta').get(CURSOR)) as Cursor | undefined) ?? {};
  const after = await recordsAfter(tx, state.heads, cursor, own);
  await foldInto(view, after, await keptHeads(view));
  await tx.objectStore('meta').delete(LAGS);
  return true;
}

/** Replaces the view with a fold of every record held, in merged order, and ends any lag. */
export async function refoldAll(tx: Tx): Promise<void> {
  const [own, replica] = await Promise.all([
    tx.objectStore('own').getAll(),
    tx.objectStore('replica').getAll(),
  ]);
  const records = [...own.map(parse), ...(replica as string[]).map(parse)];
  await refoldInto(tx.objectStore('view'), records.sort(compareRecords));
  await tx.objectStore('meta').delete(LAGS);
}

/** The own log's device: the one its records carry (undefined while it is empty). */
export async function ownDevice(tx: Tx): Promise<string | undefined> {
  const last = await tx.objectStore('own').openCursor(null, 'prev');
  return last ? parse(last.value).device : undefined;
}

/**
 * Whether the store holds every record `state` was folded from: for each device of its heads,
 * the record at the head. Each log comes in order and without gaps (the own log is written
 * here, the replica from pages in merged order), so holding a log's record at its head means
 * holding all of that log before it.
 */
export async function holdsHeads(tx: Tx, state: LogViewState, own: string | undefined) {
  const held = await Promise.all(
    Object.entries(state.heads).map(([device, t]) =>
      device === own
        ? tx.objectStore('own').getKey(t)
        : tx.objectStore('replica').getKey([t, device]),
    ),
  );
  return held.every((key) => key !== undefined);
}

/**
 * The records held after `heads` (the view's) that it has not folded, in merged order: the own
 * log's tail and the replica's records of the devices whose `cursor` is past their head.
 * Usually few: records that reached the server while the pages were read, and own records it
 * had not acknowledged.
 */
export async function recordsAfter(
  tx: Tx,
  heads: Readonly<Record<string, number>>,
  cursor: Cursor,
  own: string | undefined,
): Promise<LogRecord[]> {
  const found: LogRecord[] = [];
  if (own !== undefined) {
    const head = heads[own];
    const range = head === undefined ? undefined : IDBKeyRange.lowerBound(head, true);
    for (const json of await tx.objectStore('own').getAll(range)) found.push(parse(json));
  }
  const after = new Map<string, number>();
  for (const [device, last] of Object.entries(cursor)) {
    const head = heads[device] ?? Number.NEGATIVE_INFINITY;
    if (device !== own && last > head) after.set(device, head);
  }
  if (after.size > 0) {
    const from = Math.min(...after.values());
    const range = from === Number.NEGATIVE_INFINITY ? undefined : IDBKeyRange.lowerBound([from]);
    const replica = tx.objectStore('replica');
    const [keys, values] = await Promise.all([replica.getAllKeys(range), replica.getAll(range)]);
    keys.forEach(([t, device], i) => {
      const head = after.get(device);
      if (head !== undefined && t > head) found.push(parse(values[i] as string));
    });
  }
  return found.sort(compareRecords);
}
