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

  constructor(
    private readonly renames: RenameChain,
    kept: readonly KeptPing[] = [],
  ) {
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
    if (before(id, slot.deleted)) return;
    slot.deleted = { device: id.device, t: id.t };
    if (slot.human && before(slot.human, id)) delete slot.human;
    if (slot.auto && before(slot.auto, id)) delete slot.auto;
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
    if (slot.human) return this.#show(slot.ping, slot.human, false);
    if (slot.auto) return this.#show(slot.ping, slot.auto, true);
    return undefined;
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
    const out: Answer[] = [];
    for (const slot of this.#ordered()) {
      const answer = this.#shown(slot);
      if (answer) out.push(answer);
    }
    return out;
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
