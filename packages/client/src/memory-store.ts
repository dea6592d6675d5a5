import {
  type Cursor,
  compareRecords,
  foldLog,
  type LogRecord,
  LogView,
  type LogViewState,
} from '@tagtime/log/core';
import type { ClientStore } from './store.js';

/** A `ClientStore` in memory: for tests, browsers tabs that sync at once, and short processes. */
export class MemoryStore implements ClientStore {
  #own: LogRecord[] = [];
  #acked: number | undefined;
  #cursor: Cursor = {};
  #replica = new Map<string, LogRecord>();
  /** Every stored record folded, updated in the same synchronous step that stores them. */
  #view = new LogView();

  async ownRecords(): Promise<LogRecord[]> {
    return [...this.#own];
  }

  async lastOwnTime(): Promise<number | undefined> {
    return this.#own.at(-1)?.t;
  }

  async appendOwn(records: readonly LogRecord[]): Promise<void> {
    let last = this.#own.at(-1)?.t ?? Number.NEGATIVE_INFINITY;
    for (const record of records) {
      if (record.t <= last) {
        throw new RangeError(`own log must grow in t: ${record.t} is not after ${last}`);
      }
      last = record.t;
    }
    this.#own.push(...records);
    this.#view.apply(records);
  }

  async unacked(limit: number): Promise<LogRecord[]> {
    return this.#pending().slice(0, limit);
  }

  async unackedCount(): Promise<number> {
    return this.#pending().length;
  }

  #pending(): LogRecord[] {
    const acked = this.#acked;
    return acked === undefined ? [...this.#own] : this.#own.filter((r) => r.t > acked);
  }

  async acked(): Promise<number | undefined> {
    return this.#acked;
  }

  async setAcked(t: number): Promise<void> {
    if (this.#acked === undefined || t > this.#acked) this.#acked = t;
  }

  async relabelOwn(device: string): Promise<number> {
    if (this.#acked !== undefined) {
      throw new Error('cannot relabel the own log: the server already stored some of it');
    }
    this.#own = this.#own.map((record) => ({ ...record, device }) as LogRecord);
    // The old device's head would hide the renamed records: fold again (once per pairing).
    this.#view = foldLog([...this.#own, ...this.#replica.values()]);
    return this.#own.length;
  }

  async cursor(): Promise<Cursor> {
    return { ...this.#cursor };
  }

  async putReplica(records: readonly LogRecord[], cursor: Cursor): Promise<void> {
    // The first copy of an id stays, as in the view (a record at its device's head is a resend).
    for (const record of records) {
      const id = `${record.device}:${record.t}`;
      if (!this.#replica.has(id)) this.#replica.set(id, record);
    }
    this.#view.apply(records);
    this.#cursor = { ...cursor };
  }

  async replicaRecords(): Promise<LogRecord[]> {
    return [...this.#replica.values()].sort(compareRecords);
  }

  async viewState(): Promise<LogViewState> {
    return this.#view.state();
  }
}
