import type { ClientStore } from '@tagtime/client';
import {
  type Cursor,
  canonicalJson,
  compareRecords,
  foldLog,
  formatCursor,
  type LogRecord,
  type LogViewState,
  parseCursor,
} from '@tagtime/log/core';
import type { StoreContents } from './lmdb-store.js';
import { Datastore } from './nedb.js';

/**
 * Documents of the one NeDB file. Records are kept as canonical JSON text (`json`) because NeDB
 * refuses field names with dots or a leading `$`, which a config record's value may contain.
 */
interface OwnDoc {
  _id: string;
  kind: 'own';
  t: number;
  json: string;
}
interface ReplicaDoc {
  _id: string;
  kind: 'replica';
  device: string;
  t: number;
  json: string;
}
interface MetaDoc {
  _id: string;
  kind: 'meta';
  value: string;
}

const ACKED = 'meta:acked';
const CURSOR = 'meta:cursor';
const ownId = (t: number) => `own:${t}`;
const replicaId = (r: LogRecord) => `replica:${r.device}:${r.t}`;
const parse = (doc: { json: string }) => JSON.parse(doc.json) as LogRecord;

/**
 * The CLI's first `ClientStore`: an NeDB datafile (one JSON document a line, appended on each
 * write, compacted on load). Superseded by `LmdbStore`, since NeDB loads the whole file into
 * memory on open; kept to migrate existing stores (`contents()`) and as the bench's baseline.
 */
export class NedbStore implements ClientStore {
  readonly #db: Datastore;

  private constructor(db: Datastore) {
    this.#db = db;
  }

  static async open(filename: string): Promise<NedbStore> {
    const db = new Datastore({ filename });
    await db.loadDatabaseAsync();
    await db.ensureIndexAsync({ fieldName: 'kind' });
    return new NedbStore(db);
  }

  /** Rewrites the datafile without superseded lines (NeDB appends updates). */
  async compact(): Promise<void> {
    await this.#db.compactDatafileAsync();
  }

  async ownRecords(): Promise<LogRecord[]> {
    const docs = await this.#db.findAsync<OwnDoc>({ kind: 'own' }).sort({ t: 1 });
    return docs.map(parse);
  }

  async lastOwnTime(): Promise<number | undefined> {
    const docs = await this.#db.findAsync<OwnDoc>({ kind: 'own' }).sort({ t: -1 }).limit(1);
    return docs[0]?.t;
  }

  async appendOwn(records: readonly LogRecord[]): Promise<void> {
    if (records.length === 0) return;
    let last = (await this.lastOwnTime()) ?? Number.NEGATIVE_INFINITY;
    for (const record of records) {
      if (record.t <= last)
        throw new RangeError(`own log must grow in t: ${record.t} is not after ${last}`);
      last = record.t;
    }
    // One insert of many documents is one append to the datafile.
    await this.#db.insertAsync<OwnDoc>(
      records.map(
        (r): OwnDoc => ({ _id: ownId(r.t), kind: 'own', t: r.t, json: canonicalJson(r) }),
      ),
    );
  }

  async #pendingQuery(): Promise<object> {
    const acked = await this.acked();
    return acked === undefined ? { kind: 'own' } : { kind: 'own', t: { $gt: acked } };
  }

  async unacked(limit: number): Promise<LogRecord[]> {
    const docs = await this.#db
      .findAsync<OwnDoc>(await this.#pendingQuery())
      .sort({ t: 1 })
      .limit(limit);
    return docs.map(parse);
  }

  async unackedCount(): Promise<number> {
    return (await this.#db.countAsync(await this.#pendingQuery())) as unknown as number;
  }

  async acked(): Promise<number | undefined> {
    const value = await this.#meta(ACKED);
    return value === undefined ? undefined : Number(value);
  }

  async setAcked(t: number): Promise<void> {
    const current = await this.acked();
    if (current === undefined || t > current) await this.#setMeta(ACKED, String(t));
  }

  async relabelOwn(device: string): Promise<number> {
    if ((await this.acked()) !== undefined) {
      throw new Error('cannot relabel the own log: the server already stored some of it');
    }
    const own = await this.ownRecords();
    for (const record of own) {
      const json = canonicalJson({ ...record, device });
      await this.#db.updateAsync({ _id: ownId(record.t) }, { $set: { json } }, {});
    }
    return own.length;
  }

  async cursor(): Promise<Cursor> {
    return parseCursor((await this.#meta(CURSOR)) ?? '');
  }

  async putReplica(records: readonly LogRecord[], cursor: Cursor): Promise<void> {
    if (records.length > 0) {
      const ids = records.map(replicaId);
      const stored = await this.#db.findAsync<ReplicaDoc>({ _id: { $in: ids } }, { _id: 1 });
      const have = new Set(stored.map((d: ReplicaDoc) => d._id));
      const fresh = new Map<string, ReplicaDoc>();
      for (const r of records) {
        const _id = replicaId(r);
        if (have.has(_id)) continue;
        fresh.set(_id, { _id, kind: 'replica', device: r.device, t: r.t, json: canonicalJson(r) });
      }
      if (fresh.size > 0) await this.#db.insertAsync<ReplicaDoc>([...fresh.values()]);
    }
    // Written after the records: the cursor never points past what is stored.
    await this.#setMeta(CURSOR, formatCursor(cursor));
  }

  async replicaRecords(): Promise<LogRecord[]> {
    const docs = await this.#db.findAsync<ReplicaDoc>({ kind: 'replica' });
    return docs.map(parse).sort(compareRecords);
  }

  /**
   * A fold of every record on each call: this store is only read to migrate it (and as the
   * bench's baseline), so it keeps no view; `LmdbStore` does.
   */
  async viewState(): Promise<LogViewState> {
    return foldLog([...(await this.ownRecords()), ...(await this.replicaRecords())]).state();
  }

  /** Everything the store holds, for a migration. */
  async contents(): Promise<StoreContents> {
    const docs = await this.#db.findAsync<MetaDoc>({ kind: 'meta' });
    const settings: Record<string, string> = {};
    for (const doc of docs) {
      if (doc._id.startsWith('setting:')) settings[doc._id.slice('setting:'.length)] = doc.value;
    }
    return {
      own: await this.ownRecords(),
      acked: await this.acked(),
      replica: await this.replicaRecords(),
      cursor: await this.cursor(),
      settings,
    };
  }

  /** A value the CLI keeps next to the log (last run time and the like). */
  async getSetting(key: string): Promise<string | undefined> {
    return this.#meta(`setting:${key}`);
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.#setMeta(`setting:${key}`, value);
  }

  async #meta(id: string): Promise<string | undefined> {
    const doc = (await this.#db.findOneAsync<MetaDoc>({ _id: id })) as MetaDoc | null;
    return doc?.value;
  }

  async #setMeta(id: string, value: string): Promise<void> {
    await this.#db.updateAsync({ _id: id }, { _id: id, kind: 'meta', value }, { upsert: true });
  }
}
