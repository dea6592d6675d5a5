import { compareRecords } from '../order.js';
import type { RecordId } from '../records.js';

/** Per key, the value of the latest record in merged order (order of arrival does not matter). */
export class LatestWins<V> {
  readonly #entries = new Map<string, { id: RecordId; value: V }>();

  add(key: string, id: RecordId, value: V): void {
    const current = this.#entries.get(key);
    if (current === undefined || compareRecords(id, current.id) > 0) {
      this.#entries.set(key, { id: { device: id.device, t: id.t }, value });
    }
  }

  get(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** All keys and values, keys sorted. */
  entries(): Array<[string, V]> {
    return [...this.#entries.keys()].sort().map((key) => [key, this.#entries.get(key)?.value as V]);
  }
}
