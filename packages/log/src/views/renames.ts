import { compareRecords, sameId } from '../order.js';
import type { RecordId } from '../records.js';
import type { KeptRename as Rename } from './view-state.js';

/**
 * The rename-tag commands of a log in merged order. A tag written at some position is renamed by
 * every command after that position, in order, so renames chain (A→B then B→C turns an early A
 * into C) and never touch what was written after them.
 */
export class RenameChain {
  readonly #renames: Rename[] = [];
  /** Per first-applicable command index, the renamed form of each tag seen (cleared on change). */
  #memo = new Map<number, Map<string, string>>();
  #version = 0;

  /** A chain holding `renames` (in merged order, as `kept()` gives them). */
  constructor(renames: readonly Rename[] = []) {
    for (const r of renames)
      this.#renames.push({ device: r.device, t: r.t, from: r.from, to: r.to });
    this.#renames.sort(compareRecords);
  }

  get size(): number {
    return this.#renames.length;
  }

  /** Bumped by every change of the chain: what was renamed under another version may differ. */
  get version(): number {
    return this.#version;
  }

  /** The renames in merged order, copied. */
  kept(): Rename[] {
    return this.#renames.map((r) => ({ ...r }));
  }

  add(id: RecordId, from: string, to: string): void {
    const list = this.#renames;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRecords(list[mid] as Rename, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, { device: id.device, t: id.t, from, to });
    this.#memo = new Map();
    this.#version++;
  }

  /** Takes back the rename with this id (the losing copy of a conflict). */
  remove(id: RecordId): void {
    const index = this.#renames.findIndex((r) => sameId(r, id));
    if (index < 0) return;
    this.#renames.splice(index, 1);
    this.#memo = new Map();
    this.#version++;
  }

  /**
   * The chain as one flat map for a tag written after the last rename of it: per tag ever
   * renamed, `[tag, its name after its last rename and every rename after that]`, ordered by
   * that last rename. A device that cannot place its own unsent answers in the chain (a watch)
   * renames each tag by this map.
   */
  latestNames(): [string, string][] {
    const last = new Map<string, number>();
    this.#renames.forEach((r, i) => {
      last.delete(r.from);
      last.set(r.from, i);
    });
    return [...last].map(([tag, i]) => [tag, this.#renameFrom(i, tag)]);
  }

  /** Index of the first rename after `id` in merged order. */
  #firstAfter(id: RecordId): number {
    const list = this.#renames;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRecords(list[mid] as Rename, id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `tag` as written at `id`, after every later rename. */
  rename(id: RecordId, tag: string): string {
    if (this.#renames.length === 0) return tag;
    return this.#renameFrom(this.#firstAfter(id), tag);
  }

  /** `tags` as written at `id`, after every later rename (duplicates merged, order kept). */
  renameAll(id: RecordId, tags: readonly string[]): string[] {
    if (this.#renames.length === 0) return [...tags];
    const start = this.#firstAfter(id);
    if (start === this.#renames.length) return [...tags];
    const out: string[] = [];
    for (const tag of tags) {
      const renamed = this.#renameFrom(start, tag);
      if (!out.includes(renamed)) out.push(renamed);
    }
    return out;
  }

  /**
   * `tag` after the renames from index `start` on. Memoised per (index, tag) along the whole walk,
   * so each pair is computed once however many answers ask: a fold stays linear in the number of
   * answers even with thousands of renames.
   */
  #renameFrom(start: number, tag: string): string {
    const renames = this.#renames;
    const path: Array<[number, string]> = [];
    let i = start;
    let current = tag;
    let result: string | undefined;
    while (i < renames.length) {
      const known = this.#memo.get(i)?.get(current);
      if (known !== undefined) {
        result = known;
        break;
      }
      path.push([i, current]);
      const r = renames[i] as Rename;
      if (r.from === current) current = r.to;
      i++;
    }
    result ??= current;
    for (const [index, name] of path) {
      let memo = this.#memo.get(index);
      if (!memo) {
        memo = new Map();
        this.#memo.set(index, memo);
      }
      memo.set(name, result);
    }
    return result;
  }
}
