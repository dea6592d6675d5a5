import { compareRecords } from '../order.js';
import type { PingRecord, RecordId } from '../records.js';
import type { RenameChain } from './renames.js';
import type { KeptAnswer, KeptPing } from './view-state.js';

/** The answer a view shows for one ping. */
export interface Answer {
  /** Unix seconds of the ping. */
  ping: number;
  /** Tags after every rename command that came after the answer in merged order. */
  tags: string[];
  note?: string;
  /** True when a device filled it in by itself (no person answered). */
  auto: boolean;
  /** Id of the record that gave this answer. */
  device: string;
  t: number;
}

const before = (a: RecordId, b: RecordId | undefined): boolean =>
  b !== undefined && compareRecords(a, b) < 0;

function keptAnswer(record: PingRecord): KeptAnswer {
  const kept: KeptAnswer = { device: record.device, t: record.t, tags: [...record.body.tags] };
  if (record.body.note !== undefined) kept.note = record.body.note;
  return kept;
}

const copyAnswer = (a: KeptAnswer): KeptAnswer => ({ ...a, tags: [...a.tags] });

function copyPing(slot: KeptPing): KeptPing {
  const copy: KeptPing = { ping: slot.ping };
  if (slot.human) copy.human = copyAnswer(slot.human);
  if (slot.auto) copy.auto = copyAnswer(slot.auto);
  if (slot.deleted) copy.deleted = { device: slot.deleted.device, t: slot.deleted.t };
  return copy;
}

/** The kept answer a slot shows: a person's beats a device's. */
const shownKept = (slot: KeptPing): KeptAnswer | undefined => slot.human ?? slot.auto;

/**
 * Per ping, the answers that can still show and the latest delete. The rules (a person beats a
 * device, then the later in merged order wins; `delete-ping` drops what came before it) only
 * ever take maxima by merged order, so keeping the maxima is exact for records arriving in any
 * order, and a slot never grows past two answers and one delete.
 */
export class AnswerBook {
  readonly #slots = new Map<number, KeptPing>();
  /** The slots by ping time; undefined after a ping arrived out of order (sorted when read). */
  #order: KeptPing[] | undefined = [];
  /**
   * The answer each slot shows (null: none), as far as asked since the slot or the rename chain
   * last changed: a read after one new answer renames that answer, not the whole history.
   */
  #shownMemo = new Map<number, Answer | null>();
  #memoRenames: number;
  /** How many shown answers carry each tag; kept up to date once asked for (`tagsInUse`). */
  #tagCounts: Map<string, number> | undefined;

  constructor(
    private readonly renames: RenameChain,
    kept: readonly KeptPing[] = [],
  ) {
    this.#memoRenames = renames.version;
    const order = this.#order as KeptPing[];
    for (const slot of kept) {
      const copy = copyPing(slot);
      this.#slots.set(slot.ping, copy);
      if (order.length > 0 && (order[order.length - 1] as KeptPing).ping >= slot.ping) {
        this.#order = undefined;
      }
      order.push(copy);
    }
    if (this.#order && this.#slots.size !== order.length) this.#order = undefined;
  }

  #slot(ping: number): KeptPing {
    let slot = this.#slots.get(ping);
    if (!slot) {
      slot = { ping };
      this.#slots.set(ping, slot);
      const order = this.#order;
      // Answers mostly come in ping order: the new slot then goes last, with no sort.
      if (order && (order.length === 0 || (order[order.length - 1] as KeptPing).ping < ping)) {
        order.push(slot);
      } else this.#order = undefined;
    }
    return slot;
  }

  addAnswer(record: PingRecord): void {
    const slot = this.#slot(record.body.ping);
    const was = this.#beforeChange(slot);
    this.#putAnswer(slot, record);
    this.#afterChange(slot, was);
  }

  #putAnswer(slot: KeptPing, record: PingRecord): void {
    if (before(record, slot.deleted)) return;
    if (record.body.auto === true) {
      // An automatic answer before the person's can never show: any delete that would clear the
      // person's answer clears it too.
      if (before(record, slot.human) || before(record, slot.auto)) return;
      slot.auto = keptAnswer(record);
    } else {
      if (before(record, slot.human)) return;
      slot.human = keptAnswer(record);
      if (slot.auto && before(slot.auto, record)) delete slot.auto;
    }
  }

  addDelete(id: RecordId, ping: number): void {
    const slot = this.#slot(ping);
    const was = this.#beforeChange(slot);
    this.#putDelete(slot, id);
    this.#afterChange(slot, was);
  }

  #putDelete(slot: KeptPing, id: RecordId): void {
    if (before(id, slot.deleted)) return;
    slot.deleted = { device: id.device, t: id.t };
    if (slot.human && before(slot.human, id)) delete slot.human;
    if (slot.auto && before(slot.auto, id)) delete slot.auto;
  }

  /** What the slot showed before a change, when the tag counts need it. */
  #beforeChange(slot: KeptPing): Answer | undefined {
    return this.#counts() === undefined ? undefined : this.#shown(slot);
  }

  #afterChange(slot: KeptPing, was: Answer | undefined): void {
    this.#shownMemo.delete(slot.ping);
    const counts = this.#counts();
    if (!counts) return;
    for (const tag of was?.tags ?? []) {
      const n = (counts.get(tag) as number) - 1;
      if (n === 0) counts.delete(tag);
      else counts.set(tag, n);
    }
    for (const tag of this.#shown(slot)?.tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }

  /** The tag counts if still kept; a change of the rename chain drops them and the memo. */
  #counts(): Map<string, number> | undefined {
    if (this.#memoRenames !== this.renames.version) {
      this.#memoRenames = this.renames.version;
      this.#shownMemo = new Map();
      this.#tagCounts = undefined;
    }
    return this.#tagCounts;
  }

  #show(ping: number, kept: KeptAnswer, auto: boolean): Answer {
    const answer: Answer = {
      ping,
      tags: this.renames.renameAll(kept, kept.tags),
      auto,
      device: kept.device,
      t: kept.t,
    };
    if (kept.note !== undefined) answer.note = kept.note;
    Object.freeze(answer.tags);
    return Object.freeze(answer);
  }

  #shown(slot: KeptPing): Answer | undefined {
    this.#counts();
    const known = this.#shownMemo.get(slot.ping);
    if (known !== undefined) return known ?? undefined;
    const kept = shownKept(slot);
    const shown = kept && this.#show(slot.ping, kept, kept === slot.auto);
    this.#shownMemo.set(slot.ping, shown ?? null);
    return shown;
  }

  #ordered(): KeptPing[] {
    this.#order ??= [...this.#slots.values()].sort((a, b) => a.ping - b.ping);
    return this.#order;
  }

  /** The answer shown for `ping`, if any. */
  answer(ping: number): Answer | undefined {
    const slot = this.#slots.get(ping);
    return slot && this.#shown(slot);
  }

  /** Every shown answer, by ping time. */
  answers(): Answer[] {
    return this.between(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  /**
   * The shown answers of pings in `[from, to)`, by ping time, at most `limit` of them: a cost
   * that follows the range.
   */
  between(from: number, to: number, limit = Number.POSITIVE_INFINITY): Answer[] {
    const order = this.#ordered();
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((order[mid] as KeptPing).ping < from) lo = mid + 1;
      else hi = mid;
    }
    const out: Answer[] = [];
    for (let i = lo; i < order.length && out.length < limit; i++) {
      const slot = order[i] as KeptPing;
      if (slot.ping >= to) break;
      const answer = this.#shown(slot);
      if (answer) out.push(answer);
    }
    return out;
  }

  /** Every tag of the shown answers, sorted; after the first call, kept as answers arrive. */
  tagsInUse(): string[] {
    let counts = this.#counts();
    if (!counts) {
      // Renamed tags only, not whole answers: a first read of a long history stays light.
      counts = new Map();
      for (const slot of this.#ordered()) {
        const kept = shownKept(slot);
        if (!kept) continue;
        for (const tag of this.renames.renameAll(kept, kept.tags)) {
          counts.set(tag, (counts.get(tag) ?? 0) + 1);
        }
      }
      this.#tagCounts = counts;
    }
    return [...counts.keys()].sort();
  }

  /** One kept slot, copied (undefined: the ping was never touched). */
  keptSlot(ping: number): KeptPing | undefined {
    const slot = this.#slots.get(ping);
    return slot && copyPing(slot);
  }

  /** The kept slots by ping time, copied. */
  kept(): KeptPing[] {
    return this.#ordered().map(copyPing);
  }
}
