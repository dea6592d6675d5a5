import { compareRecords } from '../order.js';
import type { TagRecord } from '../records.js';
import { LatestWins } from './latest.js';
import type { TagInfo } from './log-view.js';
import type { RenameChain } from './renames.js';
import type { KeptTag } from './view-state.js';

function copyTag(record: KeptTag): KeptTag {
  const kept: KeptTag = { device: record.device, t: record.t, tag: record.tag };
  if (record.category !== undefined) kept.category = record.category;
  if (record.color !== undefined) kept.color = record.color;
  return kept;
}

/**
 * Every tag record, in merged order. None can be dropped for a later one of the same tag: a
 * rename between the two, even one arriving late, shows them under different names.
 */
export class TagRecords {
  readonly #records: KeptTag[];

  constructor(kept: readonly KeptTag[] = []) {
    this.#records = kept.map(copyTag).sort(compareRecords);
  }

  /** Keeps the record; returns what was kept, copied. */
  add(record: TagRecord): KeptTag {
    const list = this.#records;
    let lo = list.length;
    while (lo > 0 && compareRecords(list[lo - 1] as KeptTag, record) > 0) lo--;
    const kept = copyTag({ device: record.device, t: record.t, ...record.body });
    list.splice(lo, 0, kept);
    return copyTag(kept);
  }

  /** Metadata by tag name as it shows after `renames`; per name, the latest record wins. */
  shown(renames: RenameChain): TagInfo[] {
    const latest = new LatestWins<KeptTag>();
    for (const record of this.#records)
      latest.add(renames.rename(record, record.tag), record, record);
    return latest.entries().map(([tag, record]) => {
      const info: TagInfo = { tag };
      if (record.category !== undefined) info.category = record.category;
      if (record.color !== undefined) info.color = record.color;
      return info;
    });
  }

  kept(): KeptTag[] {
    return this.#records.map(copyTag);
  }
}
