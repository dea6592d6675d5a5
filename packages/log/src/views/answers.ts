import { compareRecords, sameId } from '../order.js';
import type { PingRecord, RecordId } from '../records.js';
import type { RenameChain } from './renames.js';

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

interface PingSlot {
  candidates: PingRecord[];
  deletes: RecordId[];
  /** The latest delete-ping command for this ping: answers before it are gone. */
  deletedAt: RecordId | undefined;
  winner: PingRecord | undefined;
  dirty: boolean;
}

/** Whether `a` beats `b` for the same ping: a person beats a device; then the later one wins. */
function beats(a: PingRecord, b: PingRecord): boolean {
  const aAuto = a.body.auto === true;
  const bAuto = b.body.auto === true;
  if (aAuto !== bAuto) return bAuto;
  return compareRecords(a, b) > 0;
}

/**
 * Every answer and delete-ping command received, per ping. The shown answer is derived from
 * them on demand, so records may arrive in any order and the result is the same.
 */
export class AnswerBook {
  readonly #slots = new Map<number, PingSlot>();
  #sortedPings: number[] | undefined;

  constructor(private readonly renames: RenameChain) {}

  #slot(ping: number): PingSlot {
    let slot = this.#slots.get(ping);
    if (!slot) {
      slot = { candidates: [], deletes: [], deletedAt: undefined, winner: undefined, dirty: false };
      this.#slots.set(ping, slot);
      this.#sortedPings = undefined;
    }
    return slot;
  }

  addAnswer(record: PingRecord): void {
    const slot = this.#slot(record.body.ping);
    slot.candidates.push(record);
    if (slot.dirty) return;
    const deleted = slot.deletedAt !== undefined && compareRecords(record, slot.deletedAt) < 0;
    if (!deleted && (slot.winner === undefined || beats(record, slot.winner))) slot.winner = record;
  }

  addDelete(id: RecordId, ping: number): void {
    const slot = this.#slot(ping);
    const copy = { device: id.device, t: id.t };
    slot.deletes.push(copy);
    if (slot.deletedAt === undefined || compareRecords(id, slot.deletedAt) > 0) {
      slot.deletedAt = copy;
      slot.dirty = true;
    }
  }

  /** Takes back an answer folded in before (the losing copy of a conflict). */
  removeAnswer(record: PingRecord): void {
    const slot = this.#slots.get(record.body.ping);
    const index = slot ? slot.candidates.indexOf(record) : -1;
    if (!slot || index < 0) return;
    slot.candidates.splice(index, 1);
    slot.dirty = true;
  }

  /** Takes back a delete-ping command folded in before. */
  removeDelete(id: RecordId, ping: number): void {
    const slot = this.#slots.get(ping);
    if (!slot) return;
    slot.deletes = slot.deletes.filter((d) => !sameId(d, id));
    slot.deletedAt = undefined;
    for (const d of slot.deletes) {
      if (slot.deletedAt === undefined || compareRecords(d, slot.deletedAt) > 0) slot.deletedAt = d;
    }
    slot.dirty = true;
  }

  #winner(slot: PingSlot): PingRecord | undefined {
    if (slot.dirty) {
      let winner: PingRecord | undefined;
      for (const c of slot.candidates) {
        if (slot.deletedAt !== undefined && compareRecords(c, slot.deletedAt) < 0) continue;
        if (winner === undefined || beats(c, winner)) winner = c;
      }
      slot.winner = winner;
      slot.dirty = false;
    }
    return slot.winner;
  }

  #show(record: PingRecord): Answer {
    const answer: Answer = {
      ping: record.body.ping,
      tags: this.renames.renameAll(record, record.body.tags),
      auto: record.body.auto === true,
      device: record.device,
      t: record.t,
    };
    if (record.body.note !== undefined) answer.note = record.body.note;
    Object.freeze(answer.tags);
    return Object.freeze(answer);
  }

  /** The answer shown for `ping`, if any. */
  answer(ping: number): Answer | undefined {
    const slot = this.#slots.get(ping);
    const winner = slot && this.#winner(slot);
    return winner && this.#show(winner);
  }

  /** Every shown answer, by ping time. */
  answers(): Answer[] {
    if (!this.#sortedPings)
      this.#sortedPings = Array.from(Float64Array.from(this.#slots.keys()).sort());
    const out: Answer[] = [];
    for (const ping of this.#sortedPings) {
      const winner = this.#winner(this.#slots.get(ping) as PingSlot);
      if (winner) out.push(this.#show(winner));
    }
    return out;
  }
}
