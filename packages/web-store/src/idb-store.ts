import type { ClientStore } from '@tagtime/client';
import {
  type Answer,
  type Cursor,
  canonicalJson,
  type JsonValue,
  type LogRecord,
  type LogViewState,
} from '@tagtime/log';
import type { Schedule } from '@tagtime/ping';
import { type IDBPTransaction, openDB, unwrap } from 'idb';
import { asStoreError, WebStoreError } from './errors.js';
import {
  ensureView,
  foldInto,
  keptHeads,
  readAnswers,
  readConfig,
  readSchedule,
  readState,
  refoldInto,
} from './kept-view.js';
import {
  createTables,
  LAGS,
  SCHEMA_VERSION,
  type WebStoreDb,
  type WebStoreSchema,
} from './schema.js';

const ACKED = 'acked';
const CURSOR = 'cursor';
const setting = (key: string) => `setting:${key}`;

const parse = (json: string) => JSON.parse(json) as LogRecord;

/**
 * The browser's device store: the own log, the replica of the user's other logs and the kept
 * view (`LogView` state as entries), in one IndexedDB database, each write one transaction over
 * the records and the view entries it changes. Writes of the own log are `strict` durability:
 * an answer is on disk before `appendOwn` resolves. Two tabs over one database are safe: every
 * check (the own log grows in `t`, a replica record is stored once) runs inside the transaction
 * that writes, and IndexedDB runs overlapping write transactions one after another.
 *
 * What a first sync and a pairing again use (`view-take.ts`, `new-device.ts`) is imported when
 * first needed, before its transaction opens: the pinger's first screen loads only what it reads.
 */
export class IdbStore implements ClientStore {
  private constructor(readonly db: WebStoreDb) {}

  /** Opens (or creates) the database `name`. */
  static async open(name: string): Promise<IdbStore> {
    let db: WebStoreDb;
    try {
      if (typeof indexedDB === 'undefined') {
        throw new WebStoreError(
          'unavailable',
          'This browser has no IndexedDB: it cannot keep answers.',
        );
      }
      db = await openDB(name, SCHEMA_VERSION, { upgrade: (database) => createTables(database) });
    } catch (error) {
      throw asStoreError(error, 'the pinger');
    }
    const store = new IdbStore(db);
    await store.#write(['view'], 'the view', (tx) => ensureView(tx.objectStore('view')));
    // A first sync cut short (tab closed, offline): its view lags the pages it stored.
    if (await store.viewLags()) await store.#refold();
    return store;
  }

  close(): void {
    this.db.close();
  }

  /**
   * Runs `task` in one readwrite transaction over `tables` and resolves once it committed; on a
   * thrown error the transaction is aborted, so nothing of it is kept.
   */
  async #write<T, N extends 'own' | 'replica' | 'meta' | 'view'>(
    tables: N[],
    doing: string,
    task: (tx: IDBPTransaction<WebStoreSchema, N[], 'readwrite'>) => Promise<T>,
    durability: 'strict' | 'relaxed' = 'strict',
  ): Promise<T> {
    const tx = this.db.transaction(tables, 'readwrite', { durability });
    try {
      const result = await task(tx);
      await tx.done;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished or aborted: the error below says why.
      }
      await tx.done.catch(() => undefined);
      throw asStoreError(error, doing);
    }
  }

  // ClientStore: the own log.

  async ownRecords(): Promise<LogRecord[]> {
    return (await this.db.getAll('own')).map(parse);
  }

  async lastOwnTime(): Promise<number | undefined> {
    const cursor = await this.db.transaction('own').store.openKeyCursor(null, 'prev');
    return cursor?.key;
  }

  async appendOwn(records: readonly LogRecord[], json?: readonly string[]): Promise<void> {
    if (records.length === 0) return;
    await this.#write(['own', 'view'], 'the answer', async (tx) => {
      const own = tx.objectStore('own');
      const view = tx.objectStore('view');
      let last = (await own.openKeyCursor(null, 'prev'))?.key ?? Number.NEGATIVE_INFINITY;
      for (const record of records) {
        if (record.t <= last) {
          throw new RangeError(`own log must grow in t: ${record.t} is not after ${last}`);
        }
        last = record.t;
      }
      const heads = await keptHeads(view);
      await Promise.all([
        ...records.map((record, i) => own.add(json?.[i] ?? canonicalJson(record), record.t)),
        foldInto(view, records, heads),
      ]);
    });
  }

  async #unackedRange(): Promise<IDBKeyRange | undefined> {
    const acked = await this.acked();
    return acked === undefined ? undefined : IDBKeyRange.lowerBound(acked, true);
  }

  async unacked(limit: number): Promise<LogRecord[]> {
    return (await this.unackedJson(limit)).records;
  }

  async unackedJson(limit: number): Promise<{ records: LogRecord[]; json: string[] }> {
    const json = await this.db.getAll('own', await this.#unackedRange(), limit);
    return { records: json.map(parse), json };
  }

  async unackedCount(): Promise<number> {
    return this.db.count('own', await this.#unackedRange());
  }

  async acked(): Promise<number | undefined> {
    return (await this.db.get('meta', ACKED)) as number | undefined;
  }

  async setAcked(t: number): Promise<void> {
    await this.#write(['meta'], 'the sync point', async (tx) => {
      const meta = tx.objectStore('meta');
      const current = (await meta.get(ACKED)) as number | undefined;
      if (current === undefined || t > current) await meta.put(t, ACKED);
    });
  }

  async relabelOwn(device: string): Promise<number> {
    return this.#write(['own', 'replica', 'meta', 'view'], 'the new device id', async (tx) => {
      if ((await tx.objectStore('meta').get(ACKED)) !== undefined) {
        throw new Error('cannot relabel the own log: the server already stored some of it');
      }
      const own = tx.objectStore('own');
      const records = (await own.getAll()).map((json: string) => ({ ...parse(json), device }));
      await Promise.all(records.map((r: LogRecord) => own.put(canonicalJson(r), r.t)));
      const replica = ((await tx.objectStore('replica').getAll()) as string[]).map(parse);
      // The view names records by id, and the ids changed: fold again (once per pairing).
      await refoldInto(tx.objectStore('view'), [...records, ...replica]);
      return records.length;
    });
  }

  /** The own log becomes `device`'s, for a browser paired again (see `moveToNewDevice`). */
  async startNewDevice(device: string): Promise<number> {
    const { moveToNewDevice } = await import('./new-device.js');
    return this.#write(['own', 'replica', 'meta', 'view'], 'the new device', (tx) =>
      moveToNewDevice(tx, device, { acked: ACKED, cursor: CURSOR }),
    );
  }

  // ClientStore: the replica.

  async cursor(): Promise<Cursor> {
    return { ...((await this.db.get('meta', CURSOR)) as Cursor | undefined) };
  }

  async putReplica(
    records: readonly LogRecord[],
    cursor: Cursor,
    json?: readonly string[],
  ): Promise<void> {
    await this.#write(
      ['replica', 'meta', 'view'],
      'the synced records',
      async (tx) => {
        const replica = tx.objectStore('replica');
        const view = tx.objectStore('view');
        const heads = await keptHeads(view);
        // A record above its device's head was never stored (every stored record moved the head);
        // one at or below it is stored unless a page fetched again brought it: keep the first.
        const stored = await Promise.all(
          records.map((r) =>
            r.t > (heads[r.device] ?? Number.NEGATIVE_INFINITY)
              ? undefined
              : replica.getKey([r.t, r.device]),
          ),
        );
        const fresh: LogRecord[] = [];
        const writes: Promise<unknown>[] = [];
        records.forEach((record, i) => {
          if (stored[i] !== undefined) return;
          fresh.push(record);
          writes.push(replica.put(json?.[i] ?? canonicalJson(record), [record.t, record.device]));
        });
        // In the same transaction: the cursor is never stored ahead of its records.
        writes.push(tx.objectStore('meta').put({ ...cursor }, CURSOR));
        writes.push(foldInto(view, fresh, heads));
        await Promise.all(writes);
        // Relaxed: a replica page lost to a crash before the disk has it is pulled again (its
        // cursor went with it, in the same transaction); the own log stays strict.
      },
      'relaxed',
    );
  }

  /**
   * `putReplica` for a first sync: the view lags these records until `takeView` (or, if the
   * sync is cut short, until the store is opened again or its state read). Puts only, no fold:
   * folding each record is most of a first sync's work.
   */
  async putReplicaUnfolded(
    records: readonly LogRecord[],
    cursor: Cursor,
    json?: readonly string[],
  ): Promise<void> {
    await this.#write(
      ['replica', 'meta'],
      'the synced records',
      async (tx) => {
        // A page fetched again brings the same records under the same keys: put keeps one.
        // The requests go out unwrapped (no promise each, thousands a page): a failed one
        // aborts the transaction, which `#write` reports.
        const replica = unwrap(tx.objectStore('replica'));
        records.forEach((r, i) => {
          replica.put(json?.[i] ?? canonicalJson(r), [r.t, r.device]);
        });
        const meta = tx.objectStore('meta');
        await Promise.all([meta.put(true, LAGS), meta.put({ ...cursor }, CURSOR)]);
      },
      'relaxed',
    );
  }

  async viewLags(): Promise<boolean> {
    return (await this.db.get('meta', LAGS)) === true;
  }

  /**
   * Ends the lag: takes `state` (the server's view, days in UTC as this one counts them) if the
   * store holds every record it was folded from, and folds in the records held after its heads;
   * otherwise (no state, or one ahead of the records) folds every record. One transaction, so
   * the view and the records never part.
   */
  async takeView(state: LogViewState | undefined): Promise<boolean> {
    const { takeState } = await import('./view-take.js');
    return this.#write(['own', 'replica', 'meta', 'view'], 'the synced view', (tx) =>
      takeState(tx, state),
    );
  }

  async #refold(): Promise<void> {
    const { refoldAll } = await import('./view-take.js');
    return this.#write(['own', 'replica', 'meta', 'view'], 'the view', refoldAll);
  }

  async replicaRecords(): Promise<LogRecord[]> {
    return (await this.db.getAll('replica')).map(parse);
  }

  async viewState(): Promise<LogViewState> {
    if (await this.viewLags()) await this.#refold();
    return readState(this.db.transaction('view').store);
  }

  // What the pinger reads of the view without folding anything.

  /** Shown answers of pings in `[from, to)` (unix seconds), by ping time. */
  answers(from: number, to: number): Promise<Answer[]> {
    return readAnswers(this.db.transaction('view').store, from, to);
  }

  /** The latest value of a config key across the user's devices. */
  async configValue(key: string): Promise<JsonValue | undefined> {
    return (await readConfig(this.db.transaction('view').store, key))?.value;
  }

  /** The user's schedule: the `schedule` config if it names one, else the universal one. */
  schedule(): Promise<Schedule> {
    return readSchedule(this.db.transaction('view').store);
  }

  // The app's own settings (device id, token, server URL), beside the log they belong to.

  async getSetting<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('meta', setting(key))) as T | undefined;
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    await this.#write(['meta'], 'the setting', (tx) =>
      tx.objectStore('meta').put(value, setting(key)),
    );
  }
}
