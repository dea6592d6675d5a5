import { compareRecords, sameId } from '../order.js';
import type { RecordId } from '../records.js';

interface Entry<V> {
  id: RecordId;
  value: V;
}

/**
 * Per key, the value of the latest record in merged order (order of arrival does not matter).
 * Every record is kept, so one can be taken back (the losing copy of a conflict).
 */
export class LatestWins<V> {
  readonly #entries = new Map<string, Entry<V>[]>();

  add(key: string, id: RecordId, value: V): void {
    const list = this.#entries.get(key);
    const entry = { id: { device: id.device, t: id.t }, value };
    if (list) list.push(entry);
    else this.#entries.set(key, [entry]);
  }

  remove(key: string, id: RecordId): void {
    const list = this.#entries.get(key)?.filter((entry) => !sameId(entry.id, id));
    if (list && list.length > 0) this.#entries.set(key, list);
    else this.#entries.delete(key);
  }

  get(key: string): V | undefined {
    const list = this.#entries.get(key);
    if (!list) return undefined;
    let latest = list[0] as Entry<V>;
    for (const entry of list) if (compareRecords(entry.id, latest.id) > 0) latest = entry;
    return latest.value;
  }

  /** All keys and values, keys sorted. */
  entries(): Array<[string, V]> {
    return [...this.#entries.keys()].sort().map((key) => [key, this.get(key) as V]);
  }
}
