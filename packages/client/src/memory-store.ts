import { type Cursor, compareRecords, type LogRecord } from '@tagtime/log';
import type { ClientStore } from './store.js';

/** A `ClientStore` in memory: for tests, browsers tabs that sync at once, and short processes. */
export class MemoryStore implements ClientStore {
  #own: LogRecord[] = [];
  #acked: number | undefined;
  #cursor: Cursor = {};
  #replica = new Map<string, LogRecord>();

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
    return this.#own.length;
  }

  async cursor(): Promise<Cursor> {
    return { ...this.#cursor };
  }

  async putReplica(records: readonly LogRecord[], cursor: Cursor): Promise<void> {
    for (const record of records) this.#replica.set(`${record.device}:${record.t}`, record);
    this.#cursor = { ...cursor };
  }

  async replicaRecords(): Promise<LogRecord[]> {
    return [...this.#replica.values()].sort(compareRecords);
  }
}
