/** Something the cache holds, with an estimate of the memory it takes. */
export interface Sized {
  bytes: number;
}

/**
 * A least-recently-used map bounded by estimated bytes: past the budget, the entries used
 * longest ago go. The entry just set or used always stays, however large (a user's view is
 * needed whole while it is used).
 */
export class ViewCache<T extends Sized> {
  readonly #entries = new Map<string, T>();
  #bytes = 0;

  constructor(readonly budgetBytes: number) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The entry of `key`, now the most recently used. */
  get(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: T): void {
    this.delete(key);
    this.#entries.set(key, entry);
    this.#bytes += entry.bytes;
    this.#evict(key);
  }

  /** Records that `entry` (held under `key`) now takes `bytes`. */
  resize(key: string, entry: T, bytes: number): void {
    if (this.#entries.get(key) === entry) this.#bytes += bytes - entry.bytes;
    entry.bytes = bytes;
    this.#evict(key);
  }

  /** Forgets `key`; only if it still holds `entry`, when given. */
  delete(key: string, entry?: T): void {
    const held = this.#entries.get(key);
    if (held === undefined || (entry !== undefined && held !== entry)) return;
    this.#entries.delete(key);
    this.#bytes -= held.bytes;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  #evict(keep: string): void {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.budgetBytes) return;
      if (key === keep) continue;
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
  }
}
