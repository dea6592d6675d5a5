import { compareRecords } from '../order.js';
import type { RecordId } from '../records.js';

/**
 * Per key, the value of the latest record in merged order. Only that record is kept: a record
 * arriving later in time but earlier in merged order (a late device) loses to it anyway.
 */
export class LatestWins<V> {
  readonly #entries = new Map<string, { id: RecordId; value: V }>();

  add(key: string, id: RecordId, value: V): void {
    const kept = this.#entries.get(key);
    if (kept && compareRecords(id, kept.id) < 0) return;
    this.#entries.set(key, { id: { device: id.device, t: id.t }, value });
  }

  /** The latest record of one key and its value. */
  entry(key: string): { id: RecordId; value: V } | undefined {
    const kept = this.#entries.get(key);
    return kept && { id: { ...kept.id }, value: kept.value };
  }

  get(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** All keys with their latest record and value, keys sorted. */
  latest(): Array<{ key: string; id: RecordId; value: V }> {
    return [...this.#entries.keys()].sort().map((key) => {
      const { id, value } = this.#entries.get(key) as { id: RecordId; value: V };
      return { key, id, value };
    });
  }

  /** All keys and values, keys sorted. */
  entries(): Array<[string, V]> {
    return this.latest().map(({ key, value }) => [key, value]);
  }
}
